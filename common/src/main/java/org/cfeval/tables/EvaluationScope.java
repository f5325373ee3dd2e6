package org.cfeval.tables;

/** What keys a row of an evaluate table: the run's window, the slice, and whose scores were judged. */
public record EvaluationScope(
    @Inline Window window,
    @Doc("slice column, or 'all' for the whole window") String sliceKey,
    @Doc("value of the slice column as text (null where it is null), or 'all'") String sliceValue,
    @Doc(Tables.MODEL_ID_DOC) String modelId) {}

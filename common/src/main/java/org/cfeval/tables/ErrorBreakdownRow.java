package org.cfeval.tables;

/** A row of {@code error_breakdown}. */
public record ErrorBreakdownRow(
    @Inline Window window,
    @Doc(Tables.MODEL_ID_DOC) String modelId,
    @Doc(Tables.POLICY_DOC) String policy,
    @Doc("a --slices column, or chargeback_reason (of decisions_labeled)") String dimension,
    @Doc("the dimension's value as text (null where it is null)") String value,
    @Doc("false_negative: fraud let through (allowed, or challenged and passing); false_positive: legit stopped"
        + " (blocked, or challenged and failing)") String error,
    @Doc("decisions with this error (IPS-estimated)") Double expectedCount,
    @Doc("their total amount (IPS-estimated, reporting currency)") Double amount,
    @Doc("their cost under the cost model (reporting currency)") Double cost,
    @Doc("cost over the error cost of all values and both errors of the dimension") Double costShare,
    @Doc("1 for the costliest (value, error) of the dimension, 2 for the next, ...") Long rank) {}

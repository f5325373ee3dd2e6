package org.cfeval.tables;

import java.time.LocalDate;

/** A row of {@code rejects}. */
public record RejectRow(
    @Doc("as-of date of the label run that rejected the row") LocalDate asOfDate,
    @Doc("decisions or chargebacks; decisions_labeled for a stored decision that one decided earlier replaces")
    String source,
    @Doc("the --decisions or --labels path the row was read from (decisions_labeled's folder)") String sourcePath,
    @Doc("the file within that path, where the format has files; null for decisions_labeled") String sourceFile,
    @Doc("reject reason code (see the README)") String reason,
    @Doc("the column and value that broke the contract") String detail,
    @Doc("the original row as JSON, values as read (decisions_labeled's: its log columns as stored)") String record) {}

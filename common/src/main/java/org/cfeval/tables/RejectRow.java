package org.cfeval.tables;

import java.time.LocalDate;

/** A row of {@code rejects}. */
public record RejectRow(
    @Doc("as-of date of the label run that rejected the row") LocalDate asOfDate,
    @Doc("decisions or chargebacks") String source,
    @Doc("the --decisions or --labels path the row was read from") String sourcePath,
    @Doc("the file within that path, where the format has files; null for a stored decision that one decided"
        + " earlier replaces") String sourceFile,
    @Doc("reject reason code (see the README)") String reason,
    @Doc("the column and value that broke the contract") String detail,
    @Doc("the original row as JSON, values as read (a replaced stored decision: its stored columns)")
    String record) {}

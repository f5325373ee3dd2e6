package org.cfeval.tables;

import java.time.LocalDate;
import org.cfeval.config.Severity;

/** A row of {@code alerts}. */
public record AlertRow(
    @Doc("as-of date A of the run") LocalDate asOfDate,
    @Doc("the rule (see the README's Monitoring)") String rule,
    @Doc("its severity, --alert-<rule>: critical or warning (a rule set to off has no row)") Severity severity,
    @Doc("the table the rule reads, its rows for as_of_date and the logged score (model_id null)") String tableName,
    @Doc("what the rule compares: a column of that table, or a figure of its columns") String metric,
    @Doc("slice column of the row compared, or 'all'") String sliceKey,
    @Doc("value of the slice column as text, or 'all'") String sliceValue,
    @Doc("the metric, with its interval where it has one; null when the table has no row for it (detail says"
        + " why)") Bounded value,
    @Doc("'above': fires when the interval (or the value, without one) lies wholly above the threshold; 'outside':"
        + " when the threshold lies outside the interval") String comparison,
    @Doc("the threshold it is compared with (the setting named in the README's Monitoring)") Double threshold,
    @Doc("whether the rule fired") Boolean fired,
    @Doc("what the rule found, in words") String detail) {}

package org.cfeval.tables;

import java.time.Instant;
import java.time.LocalDate;

/** A row of {@code decisions_labeled}: the decision log's contract columns, then the label columns. */
public record DecisionLabeledRow(
    @Doc("unique id of the decision (the charge id)") String decisionId,
    @Doc("when the decision was made, UTC") Instant decidedAt,
    @Doc("the production model's score") Double score,
    @Doc("what was done after randomisation: allow or block") String action,
    @Doc("probability that the logging policy allowed this decision") Double pAllow,
    @Doc("amount in the reporting currency") Double amount,
    @Doc("unit of independence; the decision_id when the log has none") String clusterId,
    @Doc("version of the model that produced score (null if not logged)") String modelId,
    @Doc("what the policy would have done without exploration (null if not logged)") String policyAction,
    @Doc("fraud, legit, pending (allowed, not matured) or unobserved (blocked) as of the label run that last wrote"
        + " the row; evaluate, train and compare derive their own as of their as-of date from fraud_reported_at")
    String outcome,
    @Doc("inverse propensity weight 1/p_allow of an allowed decision; null when blocked") Double ipw,
    @Doc("date the label arrived: the earliest fraud report (fraud) or decided_at plus maturity-days (legit)")
    LocalDate labelDate,
    @Doc("earliest fraud chargeback reported by labeled_as_of, UTC; a label run for an older date never moves it"
        + " later or drops it") Instant fraudReportedAt,
    @Doc("chargebacks of any reason reported by the as-of date") Long chargebackCount,
    @Doc("reason of the earliest fraud chargeback, else of the earliest chargeback") String chargebackReason,
    @Doc("as-of date of the newest label run that wrote this row, raised on read to that of the newest label run"
        + " (a run leaves the rows it did not relabel alone: table property cfeval.labelsCompleteAsOf): outcomes are"
        + " known for any date up to it") LocalDate labeledAsOf,
    @Doc("first day of decided_at's month: the table is partitioned by it, so a read of a span of decided_at"
        + " opens only that span's months") LocalDate decidedMonth) {}

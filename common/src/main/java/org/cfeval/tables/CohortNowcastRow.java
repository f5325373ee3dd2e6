package org.cfeval.tables;

import java.time.LocalDate;

/**
 * A row of {@code cohort_nowcast}. Intervals (_lo, _hi) are at --confidence: from --bootstrap's cluster
 * replicates, which also draw the delay curve's error and the cohort's own variation and drift; normal
 * when --bootstrap is 0. reports_ratio's is always the exact Poisson one on the count of reports.
 */
public record CohortNowcastRow(
    @Doc("as-of date A of the run") LocalDate asOfDate,
    @Doc("the day the cohort's decisions were made (UTC)") LocalDate cohortDate,
    @Doc("slice column, or 'all'") String sliceKey,
    @Doc("value of the slice column as text, or 'all'") String sliceValue,
    @Doc(Tables.MODEL_ID_DOC) String modelId,
    @Doc("days from cohort_date to A (yesterday's cohort: 1)") Long ageDays,
    @Doc("'estimated' while younger than --maturity-days, 'matured' after") String status,
    @Doc("decisions of the cohort") Long nDecisions,
    @Doc("allowed decisions") Long nAllowed,
    @Doc("decisions the production policy blocks (before exploration)") Long nProductionBlocked,
    @Doc("fraud reported by A, weighted by 1/p_allow: what the labels alone say so far") Double reportedFraud,
    @Doc("fraud reports received by A (unweighted)") Long reports,
    @Doc("expected share of the cohort's eventual fraud reported by A, from the delay curve and the score-based"
        + " rates") Double labelCompleteness,
    @Doc("eventual fraud by the chain ladder: each report counting 1/(p_allow F(age))") Double chainLadderFraud,
    @Doc("eventual fraud by the scores: each decision counting the matured window's eventual fraud rate of its"
        + " score bucket and production action") Double scoreExpectedFraud,
    @Doc("weight of the chain ladder in expected_fraud (its precision's share, averaged over the two sides of the"
        + " production policy); the scores get the rest") Double chainLadderWeight,
    @Doc("the cohort's eventual fraud (IPS: all decisions, blocked ones included), the two estimates blended by"
        + " precision") Bounded expectedFraud,
    @Doc("expected_fraud / n_decisions") Bounded fraudRate,
    @Doc("eventual fraud amount, blended with the same weights (reporting currency)") Double expectedFraudAmount,
    @Doc("fraud reports due by A from the allowed decisions at the score-based rates") Double reportsDue,
    @Doc("reports / reports_due, its interval the exact (Garwood) Poisson one on reports: well above 1, fraud the scores do not see is"
        + " arriving") Bounded reportsRatio,
    @Doc("production policy: fraud among the decisions it blocks") Bounded precision,
    @Doc("production policy: share of the cohort's fraud it blocks") Bounded recall,
    @Doc("production policy: share of legitimate decisions it blocks") Bounded falseBlockRate,
    @Doc("production policy: missed fraud and false blocks under the cost model (reporting currency)")
    Bounded expectedCost,
    @Doc("relative drift of fraud rates between matured cohorts beyond sampling (same on every row of the slice):"
        + " the score-based estimate's extra error") Double scoreDrift) {}

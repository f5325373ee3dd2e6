package org.cfeval.tables;

import java.time.LocalDate;

/** A row of {@code drift}; names follow Databricks Lakehouse Monitoring's drift table where it has one. */
public record DriftRow(
    @Doc("as-of date A of the run") LocalDate asOfDate,
    @Doc("first day of the current period, A - --drift-days; it ends at A") LocalDate currentStart,
    @Doc("first day of the reference period (--drift-reference, or the --drift-days before the current period)")
    LocalDate referenceStart,
    @Doc("day after the reference period (exclusive)") LocalDate referenceEnd,
    @Doc("slice column, or 'all'") String sliceKey,
    @Doc("value of the slice column as text, or 'all'") String sliceValue,
    @Doc("the decision-log column compared: score, or a --drift-columns column") String columnName,
    @Doc("numeric (the reference's quantile bins) or categorical (its values)") String columnType,
    @Doc("decisions of the slice in the reference period") Long referenceCount,
    @Doc("decisions of the slice in the current period") Long currentCount,
    @Doc("PSI: the sum over bins of (c - r) ln(c / r), c and r the periods' shares (nulls excluded), each at least"
        + " 0.0001; bins: the reference's --drift-bins quantile bins, or its categories plus one for new ones, merged"
        + " (neighbours, or the sparse categories into one) until each expects 5 decisions of the smaller period")
    Double populationStabilityIndex,
    @Doc("the PSI sampling alone exceeds with probability (1 - --confidence) / rows of the run, counting clusters"
        + " (decisions per --bootstrap-unit inflate it): the drift rule fires only above it, so a thin slice's noise"
        + " does not") Double psiNoiseLevel,
    @Doc("whether the slice is too thin for any comparison: fewer than two bins of 5 expected decisions even"
        + " merged; the drift rule leaves the row out") Boolean lowSupport,
    @Doc("Jensen-Shannon distance (base 2, 0 to 1) over the reference's fine (percentile) bins or the categories")
    Double jsDistance,
    @Doc("two-sample Kolmogorov-Smirnov test at the reference's percentile edges (numeric columns)") @Struct
    TestResult ksTest,
    @Doc("Pearson chi-square test of one distribution over the categories (categorical columns)") @Struct
    TestResult chiSquaredTest,
    @Doc("share of nulls in the reference period") Double referenceNullShare,
    @Doc("share of nulls in the current period") Double currentNullShare,
    @Doc("share of the current period's values the reference period never had (categorical columns)")
    Double newCategoryShare) {}

package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Nowcast;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.stats.Sum;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.CohortNowcastRow;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nowcast: every day's decisions from the as-of date back through the matured window, summed per
 * score bucket and production action in evaluate's pass (a cohort is a value of a column {@link WindowPass}
 * sums beyond the window), and each cohort's eventual fraud and production figures estimated against the
 * matured window's rates ({@link Nowcast}).
 */
public final class CohortNowcasts {
  private static final Logger LOG = LoggerFactory.getLogger(CohortNowcasts.class);
  private static final String COHORT = "_cohort";
  /** Joins a cohort's date and a slice value in one pass column (a character no date or value uses). */
  private static final String JOIN = "\u0001";

  private CohortNowcasts() {}

  /**
   * The rows of the pass that also sums the cohorts: the decisions of {@link AsOf#windowToAsOf} (scored, with
   * outcomes as of A and the delay model's inflation), with the cohort columns {@link #beyond} names.
   */
  static Dataset<Row> withCohortColumns(Dataset<Row> scored, List<String> sliceColumns) {
    Dataset<Row> rows = scored.withColumn(COHORT, to_date(col(DecisionLog.DECIDED_AT)).cast("string"));
    for (String column : sliceColumns) {
      rows = rows.withColumn(COHORT + JOIN + column, concat_ws(JOIN, col(COHORT),
          col(Contract.quote(column)).cast("string")));
    }
    return rows;
  }

  /** The pass's cohort columns (a cohort, and a cohort and slice value, are values of them). */
  static WindowPass.Beyond beyond(AsOf asOf, List<String> sliceColumns, int maxSliceValues) {
    List<String> columns = new ArrayList<>(List.of(COHORT));
    sliceColumns.forEach(column -> columns.add(COHORT + JOIN + column));
    long days = ChronoUnit.DAYS.between(asOf.windowToAsOf().start(), asOf.windowToAsOf().end());
    return new WindowPass.Beyond(asOf.inWindow(), columns, (int) Math.min(Integer.MAX_VALUE, days * maxSliceValues));
  }

  /**
   * cohort_nowcast's rows for the logged score or --model-id's, from an evaluation whose pass summed the
   * cohorts (its grid and matured sums, delay-adjusted); none, with a warning, when there is no delay model yet.
   */
  public static List<CohortNowcastRow> rows(Evaluator.Result evaluation, Settings settings) {
    AsOf asOf = evaluation.asOf();
    if (!evaluation.estimators().contains(Estimator.IPS_DELAY_ADJUSTED)) {
      LOG.warn("cohort_nowcast: no nowcast as of {}: {}", asOf.date(), evaluation.delays().whyNotAdjusted());
      return List.of();
    }
    // Each cohort's sums under its slice, and the matured sums its rates come from.
    Map<Slice, Map<LocalDate, SliceBuckets>> bySlice = new TreeMap<>();
    evaluation.cohorts().forEach((passSlice, sums) -> {
      if (passSlice.value() == null) {
        return;
      }
      String[] parts = passSlice.value().split(JOIN, 2);
      Slice slice = passSlice.key().equals(COHORT) ? Slice.ALL
          : new Slice(passSlice.key().substring(COHORT.length() + JOIN.length()), parts.length > 1 ? parts[1] : null);
      bySlice.computeIfAbsent(slice, s -> new TreeMap<>()).put(LocalDate.parse(parts[0]), sums);
    });
    CostModel costs = Keys.costModel(settings);
    double z = Interval.z(settings.get(Keys.CONFIDENCE));
    String modelId = settings.get(Keys.MODEL_ID).isEmpty() ? null : settings.get(Keys.MODEL_ID);
    List<CohortNowcastRow> out = new ArrayList<>();
    bySlice.forEach((slice, cohorts) -> {
      SliceBuckets matured = evaluation.slices().getOrDefault(slice, evaluation.overall());
      List<Nowcast.Cohort> maturedCohorts = new ArrayList<>();
      cohorts.forEach((day, sums) -> {
        if (age(asOf, day) >= asOf.maturityDays()) {
          maturedCohorts.add(Nowcast.of(sums, matured, 0, evaluation.delays().logVariance((int) age(asOf, day) - 1)));
        }
      });
      double drift = Nowcast.drift(maturedCohorts);
      cohorts.forEach((day, sums) -> out.add(row(asOf, day, slice, modelId, sums,
          Nowcast.of(sums, matured, drift, evaluation.delays().logVariance((int) age(asOf, day) - 1)), drift, costs, z)));
      if (slice.equals(Slice.ALL)) {
        LOG.info("cohort_nowcast: {} cohorts from {}; between-cohort drift of fraud rates {}", cohorts.size(),
            asOf.windowStart(), String.format("%.3f", drift));
      }
    });
    return out;
  }

  private static long age(AsOf asOf, LocalDate day) {
    return ChronoUnit.DAYS.between(day, asOf.date());
  }

  private static CohortNowcastRow row(AsOf asOf, LocalDate day, Slice slice, String modelId, SliceBuckets sums,
      Nowcast.Cohort cohort, double drift, CostModel costs, double z) {
    long n = cohort.decisions();
    double fraud = cohort.fraud();
    double error = Math.sqrt(cohort.variance());
    long age = age(asOf, day);
    return new CohortNowcastRow(asOf.date(), day, slice.key(), slice.value(), modelId, age,
        age >= asOf.maturityDays() ? "matured" : "estimated", n, sums.total().count(Sum.ALLOWED),
        cohort.blocked().decisions(), cohort.reported(), cohort.reports(), cohort.completeness(),
        cohort.blocked().chainLadder() + cohort.allowed().chainLadder(),
        cohort.blocked().byScores() + cohort.allowed().byScores(), cohort.chainLadderWeight(),
        Bounded.normal(fraud, error, z, Double.POSITIVE_INFINITY),
        n == 0 ? Bounded.NONE : Bounded.normal(fraud / n, error / n, z, 1), cohort.fraudAmount(),
        cohort.reportsDue(), cohort.reportsRatio(z), cohort.precision(z), cohort.recall(z), cohort.falseBlockRate(z),
        cohort.expectedCost(costs, z), drift);
  }
}

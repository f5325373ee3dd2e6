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
import org.cfeval.spark.Steps;
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
 * The nowcast step: every day's decisions from the as-of date back through the matured window, summed
 * per score bucket and production action in one pass (a cohort is a slice value), and each cohort's
 * eventual fraud and production figures estimated against the matured window's rates ({@link Nowcast}).
 */
public final class CohortNowcasts {
  private static final Logger LOG = LoggerFactory.getLogger(CohortNowcasts.class);
  private static final String COHORT = "_cohort";
  /** Joins a cohort's date and a slice value in one pass column (a character no date or value uses). */
  private static final String JOIN = "\u0001";

  private CohortNowcasts() {}

  /** The cohorts of the as-of date: [start of the matured window, A). */
  public static DayRange cohorts(AsOf asOf) {
    return new DayRange(asOf.windowStart(), asOf.date());
  }

  /**
   * cohort_nowcast's rows for the logged score, from {@code labeled} and the evaluation of the same date
   * (its grid and matured sums, delay-adjusted); none, with a warning, when there is no delay model yet.
   */
  public static List<CohortNowcastRow> estimate(Dataset<Row> labeled, Settings settings, Evaluator.Result evaluation,
      Steps steps) {
    AsOf asOf = evaluation.asOf();
    if (!evaluation.estimators().contains(Estimator.IPS_DELAY_ADJUSTED)) {
      LOG.warn("cohort_nowcast: no nowcast as of {}: {}", asOf.date(), evaluation.delays().whyNotAdjusted());
      return List.of();
    }
    double confidence = settings.get(Keys.CONFIDENCE);
    DayRange range = cohorts(asOf);
    List<String> sliceColumns = settings.get(Keys.SLICES);
    Dataset<Row> rows = evaluation.delays().withInflation(labeled.filter(range.contains()), confidence)
        .withColumn(Tables.OUTCOME, asOf.outcome())
        .withColumn(COHORT, to_date(col(DecisionLog.DECIDED_AT)).cast("string"));
    List<String> passColumns = new ArrayList<>(List.of(COHORT));
    for (String column : sliceColumns) {
      String joined = COHORT + JOIN + column;
      rows = rows.withColumn(joined, concat_ws(JOIN, col(COHORT), col(Contract.quote(column)).cast("string")));
      passColumns.add(joined);
    }
    long days = ChronoUnit.DAYS.between(range.start(), range.end());
    int maxValues = (int) Math.min(Integer.MAX_VALUE, days * settings.get(Keys.MAX_SLICE_VALUES));
    Dataset<Row> input = rows;
    WindowPass.Result pass = steps.run(String.format("aggregate cohorts %s, slices %s", range, sliceColumns),
        () -> WindowPass.run(input, evaluation.grid(), passColumns, settings.get(Keys.CLIP_WEIGHT), maxValues, null));
    asOf.requireLabelledBy(pass.labelsAsOf(), range);

    // Each cohort's sums under its slice, and the matured sums its rates come from.
    Map<Slice, Map<LocalDate, SliceBuckets>> bySlice = new TreeMap<>();
    pass.slices().forEach((passSlice, sums) -> {
      if (passSlice.equals(Slice.ALL) || passSlice.value() == null) {
        return;
      }
      String[] parts = passSlice.value().split(JOIN, 2);
      Slice slice = passSlice.key().equals(COHORT) ? Slice.ALL
          : new Slice(passSlice.key().substring(COHORT.length() + JOIN.length()), parts.length > 1 ? parts[1] : null);
      bySlice.computeIfAbsent(slice, s -> new TreeMap<>()).put(LocalDate.parse(parts[0]), sums);
    });
    CostModel costs = Keys.costModel(settings);
    double z = Interval.z(confidence);
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
      cohorts.forEach((day, sums) -> out.add(row(asOf, day, slice, sums,
          Nowcast.of(sums, matured, drift, evaluation.delays().logVariance((int) age(asOf, day) - 1)), drift, costs, z)));
      if (slice.equals(Slice.ALL)) {
        LOG.info("cohort_nowcast: {} cohorts from {}; between-cohort drift of fraud rates {}", cohorts.size(),
            range.start(), String.format("%.3f", drift));
      }
    });
    return out;
  }

  private static long age(AsOf asOf, LocalDate day) {
    return ChronoUnit.DAYS.between(day, asOf.date());
  }

  private static CohortNowcastRow row(AsOf asOf, LocalDate day, Slice slice, SliceBuckets sums, Nowcast.Cohort cohort,
      double drift, CostModel costs, double z) {
    long n = cohort.decisions();
    double fraud = cohort.fraud();
    double error = Math.sqrt(cohort.variance());
    long age = age(asOf, day);
    return new CohortNowcastRow(asOf.date(), day, slice.key(), slice.value(), null, age,
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

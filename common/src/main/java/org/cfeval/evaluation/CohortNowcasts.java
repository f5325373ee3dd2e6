package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Nowcast;
import org.cfeval.curve.NowcastReplicates;
import org.cfeval.curve.ProductionFigures;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.stats.Multiplicities;
import org.cfeval.stats.ReplicateSums;
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
   * The rows of the pass that also sums the cohorts (those of {@link AsOf#windowToAsOf}, among the delay
   * model's span it reads), with the cohort columns {@link #beyond} names.
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
    // Each cohort's pass slice under its slice: its sums and its reports' replicates are kept by it.
    Map<Slice, Map<LocalDate, Slice>> bySlice = new TreeMap<>();
    evaluation.cohorts().keySet().forEach(passSlice -> {
      if (passSlice.value() == null) {
        return;
      }
      String[] parts = passSlice.value().split(JOIN, 2);
      Slice slice = passSlice.key().equals(COHORT) ? Slice.ALL
          : new Slice(passSlice.key().substring(COHORT.length() + JOIN.length()), parts.length > 1 ? parts[1] : null);
      bySlice.computeIfAbsent(slice, s -> new TreeMap<>()).put(LocalDate.parse(parts[0]), passSlice);
    });
    Intervals intervals = new Intervals(evaluation, settings);
    String modelId = settings.get(Keys.MODEL_ID).isEmpty() ? null : settings.get(Keys.MODEL_ID);
    DelayModel delays = evaluation.delays();
    List<CohortNowcastRow> out = new ArrayList<>();
    bySlice.forEach((slice, cohorts) -> {
      SliceBuckets matured = evaluation.slices().getOrDefault(slice, evaluation.overall());
      List<Nowcast.Cohort> maturedCohorts = new ArrayList<>();
      cohorts.forEach((day, passSlice) -> {
        if (age(asOf, day) >= asOf.maturityDays()) {
          maturedCohorts.add(Nowcast.of(evaluation.cohorts().get(passSlice), matured, 0,
              delays.logVariance(reportAge(asOf, day))));
        }
      });
      double drift = Nowcast.drift(maturedCohorts);
      NowcastReplicates.Rates rates = intervals.rates(slice, matured);
      cohorts.forEach((day, passSlice) -> {
        SliceBuckets sums = evaluation.cohorts().get(passSlice);
        double logVariance = delays.logVariance(reportAge(asOf, day));
        Nowcast.Cohort cohort = Nowcast.of(sums, matured, drift, logVariance);
        ReplicateSums reports = evaluation.replicates().get(passSlice);
        List<ProductionFigures> replicates = rates == null || reports == null ? List.of()
            : NowcastReplicates.of(cohort, sums, matured, reports, rates, drift, Math.sqrt(logVariance),
                intervals.delayDraws, intervals.seed(passSlice));
        out.add(row(asOf, day, slice, modelId, sums, cohort, replicates, drift, intervals));
      });
      if (slice.equals(Slice.ALL)) {
        LOG.info("cohort_nowcast: {} cohorts from {}; between-cohort drift of fraud rates {}; intervals {}",
            cohorts.size(), asOf.windowStart(), String.format("%.3f", drift),
            rates == null ? "normal (no bootstrap)" : "from " + intervals.delayDraws.length + " bootstrap replicates");
      }
    });
    return out;
  }

  /** What every cohort's intervals share: the confidence, the costs, and with replicates the run's delay draws. */
  private static final class Intervals {
    final Evaluator.Result evaluation;
    final CostModel costs;
    final double confidence;
    final double z;
    final long seed;
    final double[] delayDraws;
    final double[] windowScale;

    Intervals(Evaluator.Result evaluation, Settings settings) {
      this.evaluation = evaluation;
      costs = Keys.costModel(settings);
      confidence = settings.get(Keys.CONFIDENCE);
      z = Interval.z(confidence);
      seed = settings.get(Keys.BOOTSTRAP_SEED);
      delayDraws = evaluation.delayDraws();
      windowScale = delayDraws == null ? null : evaluation.delays().windowScale(delayDraws);
    }

    /** The matured window's rates in each replicate, or null when the slice has no replicates. */
    NowcastReplicates.Rates rates(Slice slice, SliceBuckets matured) {
      ReplicateSums replicates = evaluation.replicates() == null ? null
          : evaluation.replicates().get(evaluation.slices().containsKey(slice) ? slice : Slice.ALL);
      return delayDraws == null || replicates == null ? null : NowcastReplicates.Rates.of(evaluation.grid(), matured,
          evaluation.intervalGrid(), replicates, windowScale);
    }

    /** A cohort's own draws: from the bootstrap seed and its pass slice, whatever order cohorts come in. */
    long seed(Slice passSlice) {
      return seed ^ Multiplicities.hash((passSlice.key() + JOIN + passSlice.value()).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code figure} with its replicates' interval, or the normal one without replicates. */
    Bounded of(ProductionFigures point, List<ProductionFigures> replicates, Function<ProductionFigures, Double> figure,
        Bounded normal, double max) {
      return replicates.isEmpty() ? normal : NowcastReplicates.interval(point, replicates, figure, confidence, max);
    }
  }

  /** Whole days from a cohort's decisions to A: one less than the cohort's age, since they fall during its day. */
  private static int reportAge(AsOf asOf, LocalDate day) {
    return (int) age(asOf, day) - 1;
  }

  private static long age(AsOf asOf, LocalDate day) {
    return ChronoUnit.DAYS.between(day, asOf.date());
  }

  private static CohortNowcastRow row(AsOf asOf, LocalDate day, Slice slice, String modelId, SliceBuckets sums,
      Nowcast.Cohort cohort, List<ProductionFigures> replicates, double drift, Intervals intervals) {
    long n = cohort.decisions();
    double error = Math.sqrt(cohort.variance());
    double z = intervals.z;
    ProductionFigures point = cohort.production();
    long age = age(asOf, day);
    double inf = Double.POSITIVE_INFINITY;
    return new CohortNowcastRow(asOf.date(), day, slice.key(), slice.value(), modelId, age,
        age >= asOf.maturityDays() ? "matured" : "estimated", n, sums.total().count(Sum.ALLOWED),
        cohort.blocked().decisions(), cohort.reported(), cohort.reports(), cohort.completeness(),
        cohort.blocked().chainLadder() + cohort.allowed().chainLadder(),
        cohort.blocked().byScores() + cohort.allowed().byScores(), cohort.chainLadderWeight(),
        intervals.of(point, replicates, ProductionFigures::fraud, Bounded.normal(point.fraud(), error, z, inf), inf),
        intervals.of(point, replicates, ProductionFigures::fraudRate,
            n == 0 ? Bounded.NONE : Bounded.normal(point.fraud() / n, error / n, z, 1), 1),
        point.fraudAmount(), cohort.reportsDue(), cohort.reportsRatio(intervals.confidence),
        intervals.of(point, replicates, ProductionFigures::precision, cohort.precision(z), 1),
        intervals.of(point, replicates, ProductionFigures::recall, cohort.recall(z), 1),
        intervals.of(point, replicates, ProductionFigures::falseBlockRate, cohort.falseBlockRate(z), 1),
        intervals.of(point, replicates, f -> f.expectedCost(intervals.costs), cohort.expectedCost(intervals.costs, z),
            inf),
        drift);
  }
}

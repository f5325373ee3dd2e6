package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.stats.BandEdges;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.Multiplicities;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.stats.ReportingDelay;
import org.cfeval.stats.Sum;
import org.junit.jupiter.api.Test;

/**
 * The pass's sums and bootstrap replicates of every slice value against the same summed directly, one
 * decision at a time into each of its values: bit for bit, whatever the pass does to go faster (decisions
 * held back and added cell by cell, one addition per combination of slice values, interval buckets read
 * off the curve's).
 */
class WindowPassReplicatesTest {
  private static final int REPLICATES = 40;
  private static final long SEED = 17;
  /** Curves holding the interval thresholds (interval buckets read off the curve's) and not (searched). */
  private static final List<ThresholdGrid> CURVES = List.of(ThresholdGrid.of(ThresholdGrid.evenlySpaced(0, 100, 101)),
      ThresholdGrid.of(ThresholdGrid.evenlySpaced(0, 100, 34)));
  private static final ThresholdGrid INTERVALS = ThresholdGrid.of(List.of(10.0, 50.0, 70.0, 90.0));

  private static final LocalDate AS_OF = LocalDate.of(2026, 3, 1);

  /**
   * 4,000 decisions in three tasks: scores spread over [0, 100), explored above 70; slice "a" has 12
   * values and a null, "b" 11 values, so a task meets about 140 combinations, more than it keeps. Decided
   * over the 25 days before {@link #AS_OF}; every ninth is fraud, reported 0 to 4 days after the decision
   * when its score is above 50, 5 to 22 days after when not (some after A, so not yet).
   */
  private static Dataset<Row> decisions() {
    Column i = col("id");
    Column score = pmod(i.multiply(7919), lit(1000)).divide(10.0);
    Column explored = score.gt(70);
    Column decided = lit(AsOf.at(AS_OF).getTime() / 1000).minus(pmod(i.multiply(25_211), lit(25 * 86_400 - 1)).plus(1));
    Column delay = when(score.gt(50), pmod(i, lit(5))).otherwise(pmod(i, lit(18)).plus(5));
    return SharedSpark.session().range(0, 4000, 1, 3).select(score.as("score"),
        timestamp_seconds(decided).as("decided_at"),
        when(pmod(i, lit(9)).equalTo(0), timestamp_seconds(decided.plus(delay.multiply(86_400)).plus(3_600)))
            .as("fraud_reported_at"),
        when(explored.and(pmod(i, lit(4)).notEqual(0)), lit("block")).otherwise(lit("allow")).as("action"),
        when(explored, lit(0.25)).otherwise(lit(1.0)).as("p_allow"),
        lit(null).cast("string").as("policy_action"),
        when(pmod(i, lit(9)).equalTo(0), lit("fraud")).when(pmod(i, lit(13)).equalTo(0), lit("pending"))
            .otherwise(lit("legit")).as("outcome"),
        pmod(i.multiply(31), lit(500)).plus(1).cast("double").as("amount"),
        lit(java.sql.Date.valueOf(AS_OF)).as("labeled_as_of"),
        when(pmod(i, lit(37)).equalTo(0), lit(null)).otherwise(pmod(i, lit(12)).cast("string")).as("a"),
        pmod(i.multiply(7), lit(11)).cast("string").as("b"),
        concat(lit("cluster-"), pmod(i, lit(700)).cast("string")).as("unit"),
        pmod(i.multiply(3), lit(5)).cast("string").as("c"));
  }

  @Test
  void everySliceValuesReplicatesAreTheDirectSumsOfItsDecisions() {
    assertThat(CURVES.get(0).holds(INTERVALS)).isTrue();
    assertThat(CURVES.get(1).holds(INTERVALS)).isFalse();
    for (ThresholdGrid curve : CURVES) {
      WindowPass.Result pass = WindowPass.run(decisions(), curve, List.of("a", "b"), Double.POSITIVE_INFINITY, 100,
          new WindowPass.Bootstrap(INTERVALS, REPLICATES, SEED, "unit"));
      assertDirectSums(pass, curve, false, 2, null, null);
    }
  }

  /**
   * The nowcast's shape: a third of the rows outside the window, a column "c" summed over every row beyond
   * it (its replicates one cell per production action, of reported fraud only), replicates kept for the
   * first slice column only.
   */
  @Test
  void rowsBeyondTheWindowAndColumnsWithoutReplicatesAreTheDirectSumsToo() {
    WindowPass.Result pass = WindowPass.run(decisions(), CURVES.get(0), List.of("a", "b"), Double.POSITIVE_INFINITY,
        100, new WindowPass.Bootstrap(INTERVALS, REPLICATES, SEED, "unit", 1),
        new WindowPass.Beyond(col("c").notEqual("0"), List.of("c"), 10), null);
    assertDirectSums(pass, CURVES.get(0), true, 1, null, null);
  }

  /**
   * With the delay model, as evaluate runs it: the rows reach back over the model's span (25 days before A),
   * the pass's own the last 15 (window and cohorts), "c" standing for the cohorts. The model comes from the
   * histogram the tasks summed, between the pass's two jobs: its overall curve is the one a direct count of
   * the reports gives, and it has a curve per score band (fraud of high scores is reported sooner). Every
   * sum that depends on it is the direct one by each decision's inflation (its band's, at its age): a
   * reported fraud's eventual weight in its window values and its cohort, with its replicates, and every
   * decision's reports due in its cohort. Each row was read once.
   */
  @Test
  void theDelayModelsTermsAreTheDirectOnesByEachDecisionsInflation() {
    Settings settings = Settings.defaults().with(Keys.AS_OF, AS_OF.toString()).with(Keys.MATURITY_DAYS, "10")
        .with(Keys.WINDOW_DAYS, "5").with(Keys.LABEL_HORIZON_DAYS, "20").with(Keys.DELAY_STRATA, "b");
    AsOf asOf = AsOf.of(settings);
    WindowPass.Delays delays = new WindowPass.Delays(asOf, 20, asOf.windowToAsOf().contains(), col("score"),
        List.of("b"), true, 0.9, histogram -> LabelDelays.estimate(histogram, settings));
    WindowPass.Result pass = WindowPass.run(decisions(), CURVES.get(0), List.of("a", "b"), Double.POSITIVE_INFINITY,
        100, new WindowPass.Bootstrap(INTERVALS, REPLICATES, SEED, "unit", 1),
        new WindowPass.Beyond(asOf.inWindow(), List.of("c"), 10), delays);

    assertThat(pass.rowsRead()).isEqualTo(4000);
    // Evaluate reads the span's older days with these columns alone; a stratum among them is taken once.
    assertThat(LabelDelays.histogramColumns(decisions().withColumn(DelayModel.LOGGED_SCORE, col("score")),
        settings.with(Keys.DELAY_STRATA, "action,b")).columns()).containsExactly("decided_at", "action", "p_allow",
        "fraud_reported_at", "labeled_as_of", DelayModel.LOGGED_SCORE, "b");
    DelayModel model = pass.delays();
    assertThat(model.adjusts(10)).isTrue();
    assertThat(model.byScoreBand()).isTrue();
    ReportingDelay.Reports reports = new ReportingDelay.Reports(20);
    Column reported = col("action").equalTo("allow").and(col("fraud_reported_at").leq(lit(asOf.instant())));
    Column days = DelayModel.wholeDays(col("fraud_reported_at"));
    decisions().filter(reported).groupBy(days.as("delay"), DelayModel.wholeDays(lit(asOf.instant())).as("age"))
        .agg(sum(lit(1.0).divide(col("p_allow"))).as("w"), sum(lit(1.0).divide(col("p_allow").multiply(col("p_allow"))))
            .as("w2"), count(lit(1)).as("n"))
        .collectAsList().forEach(row -> reports.add(row.getAs("delay"), row.getAs("age"), row.getAs("w"),
            row.getAs("w2"), row.getAs("n")));
    ReportingDelay direct = ReportingDelay.estimate(reports);
    for (int k = 0; k <= 20; k++) {
      assertThat(model.overall().share(k)).as("F(%d)", k).isCloseTo(direct.share(k), within(1e-12));
    }
    assertDirectSums(pass, CURVES.get(0), true, 1, model.inflation(0.9), asOf);

    // The same rows split otherwise into tasks give the same bits: the reports due's excess too.
    WindowPass.Result regrouped = WindowPass.run(decisions().repartition(7), CURVES.get(0), List.of("a", "b"),
        Double.POSITIVE_INFINITY, 100, new WindowPass.Bootstrap(INTERVALS, REPLICATES, SEED, "unit", 1),
        new WindowPass.Beyond(asOf.inWindow(), List.of("c"), 10), delays);
    List<String> differences = new ArrayList<>();
    pass.slices().forEach((slice, sums) -> {
      for (int bucket = 0; bucket < sums.buckets(); bucket++) {
        for (boolean blocks : new boolean[] {false, true}) {
          compare(regrouped.slices().get(slice).cell(bucket, blocks), sums.cell(bucket, blocks), slice + ", bucket "
              + bucket, differences, 0);
        }
      }
    });
    assertThat(differences).isEmpty();
  }

  /**
   * The pass's sums against sums built one decision at a time: the window's rows (all, or with {@code beyond},
   * those whose "c" is not "0") into the whole window and their values of "a" and "b" (replicates for the first
   * {@code resampledColumns}); with {@code beyond}, every row into its value of "c". With {@code inflation}, the
   * rows of {@code asOf}'s window and cohorts only, the window's rows those of its window, each reported fraud
   * with its eventual weight and each row of "c" with its reports due.
   */
  private static void assertDirectSums(WindowPass.Result pass, ThresholdGrid curve, boolean beyond,
      int resampledColumns, DelayModel.Inflation inflation, AsOf asOf) {
    Map<Slice, SliceBuckets> points = new TreeMap<>();
    Map<Slice, ReplicateSums> replicates = new TreeMap<>();
    DecisionTerms decision = new DecisionTerms(Double.POSITIVE_INFINITY);
    double[] multiplicities = new double[REPLICATES];
    for (Row row : decisions().collectAsList()) {
      String outcome = row.getAs("outcome");
      double pAllow = row.getAs("p_allow");
      boolean allowed = row.getAs("action").equals("allow");
      BucketStats windowTerms = decision.of(allowed, outcome.equals("fraud"), outcome.equals("legit"),
          outcome.equals("pending"), pAllow, row.getAs("amount")).stats().copy();
      BucketStats beyondTerms = windowTerms.copy();
      double score = row.getAs("score");
      boolean productionBlocks = pAllow < 1;
      boolean inWindow = !beyond || !row.getAs("c").equals("0");
      if (inflation != null) {
        long decided = DelayModel.micros(row.getAs("decided_at"));
        if (!in(asOf.windowToAsOf(), decided)) {
          continue;
        }
        inWindow = in(asOf.window(), decided);
        int c = inflation.curve(BandEdges.bin(score));
        int age = inflation.age(DelayModel.wholeDays(decided, DelayModel.micros(asOf.instant())));
        if (decision.labelled() && outcome.equals("fraud")) {
          BucketStats eventual = DecisionTerms.eventual(new BucketStats(), 1 / pAllow, row.getAs("amount"),
              inflation.central()[c][age], inflation.low()[c][age], inflation.high()[c][age]);
          windowTerms.add(eventual);
          beyondTerms.add(eventual);
        }
        beyondTerms.add(DecisionTerms.due(new BucketStats(), 1, allowed ? 1 : 0, 1, 1 / pAllow,
            inflation.central()[c][age]));
      }
      Multiplicities.fill(SEED, Multiplicities.hash(row.<String>getAs("unit").getBytes(StandardCharsets.UTF_8)),
          multiplicities);
      double[] terms = ReplicateSums.terms(windowTerms, new double[ReplicateSums.TERMS]);
      List<Slice> window = List.of(Slice.ALL, new Slice("a", row.getAs("a")), new Slice("b", row.getAs("b")));
      for (int k = 0; k < window.size() && inWindow; k++) {
        points.computeIfAbsent(window.get(k), s -> new SliceBuckets(curve.buckets()))
            .add(curve.bucketOf(score), productionBlocks, windowTerms);
        if (k <= resampledColumns) { // the whole window's, then the first columns'
          ReplicateSums sums = replicates.computeIfAbsent(window.get(k),
              s -> new ReplicateSums(INTERVALS.buckets(), REPLICATES));
          sums.count(INTERVALS.bucketOf(score), productionBlocks);
          if (decision.labelled()) {
            sums.add(INTERVALS.bucketOf(score), productionBlocks, terms, multiplicities);
          }
        }
      }
      if (beyond) {
        Slice cohort = new Slice("c", row.getAs("c"));
        points.computeIfAbsent(cohort, s -> new SliceBuckets(curve.buckets()))
            .add(curve.bucketOf(score), productionBlocks, beyondTerms);
        ReplicateSums sums = replicates.computeIfAbsent(cohort, s -> new ReplicateSums(1, REPLICATES));
        if (decision.labelled() && outcome.equals("fraud")) {
          sums.add(0, productionBlocks, terms, multiplicities);
        }
      }
    }

    assertThat(pass.slices().keySet()).isEqualTo(points.keySet());
    assertThat(pass.replicates().keySet()).isEqualTo(replicates.keySet())
        .hasSize(beyond ? 1 + 13 + 5 : 1 + 13 + 11);
    List<String> differences = new ArrayList<>();
    for (Slice slice : points.keySet()) {
      for (int bucket = 0; bucket < curve.buckets(); bucket++) {
        for (boolean blocks : new boolean[] {false, true}) {
          compare(pass.slices().get(slice).cell(bucket, blocks), points.get(slice).cell(bucket, blocks),
              slice + ", bucket " + bucket + (blocks ? ", blocked" : ", allowed"), differences);
        }
      }
    }
    for (Slice slice : replicates.keySet()) {
      ReplicateSums expected = replicates.get(slice);
      for (int bucket = 0; bucket < expected.buckets(); bucket++) {
        for (boolean blocks : new boolean[] {false, true}) {
          for (int r = 0; r < REPLICATES; r++) {
            compare(pass.replicates().get(slice).cell(bucket, blocks, r), expected.cell(bucket, blocks, r),
                slice + ", bucket " + bucket + (blocks ? ", blocked" : ", allowed") + ", replicate " + r, differences);
          }
        }
      }
    }
    assertThat(differences).isEmpty();
    // Not vacuous: the replicates differ from each other.
    assertThat(replicates.get(Slice.ALL).cell(1, false, 0).get(Sum.WEIGHT_LEGIT))
        .isNotEqualTo(replicates.get(Slice.ALL).cell(1, false, 1).get(Sum.WEIGHT_LEGIT));
  }

  private static boolean in(DayRange days, long decidedMicros) {
    return decidedMicros >= DelayModel.micros(AsOf.at(days.start())) && decidedMicros < DelayModel.micros(AsOf.at(days.end()));
  }

  /** Bit for bit, but the excess of reports due: held-back cells sum their 1/p before they scale them. */
  private static void compare(BucketStats actual, BucketStats expected, String where, List<String> differences) {
    compare(actual, expected, where, differences, 1e-9);
  }

  /** Bit for bit, but the excess of reports due to within {@code excessTolerance}, relative. */
  private static void compare(BucketStats actual, BucketStats expected, String where, List<String> differences,
      double excessTolerance) {
    for (Sum sum : Sum.values()) {
      double tolerance = sum == Sum.REPORTS_EXCESS ? excessTolerance * Math.abs(expected.get(sum)) : 0;
      if (!(Math.abs(actual.get(sum) - expected.get(sum)) <= tolerance)) {
        differences.add(where + ", " + sum + ": " + actual.get(sum) + " instead of " + expected.get(sum));
      }
    }
  }
}

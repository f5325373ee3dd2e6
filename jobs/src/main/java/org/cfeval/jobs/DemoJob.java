package org.cfeval.jobs;

import static org.apache.spark.sql.functions.col;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.BootstrapIntervals;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.AsOf;
import org.cfeval.report.Report;
import org.cfeval.simulate.GroundTruth;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.TruthComparison;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.stats.CurveMetric;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;

/**
 * {@code cfeval demo}: simulates a world, runs the nightly pipeline on it and prints IPS precision and
 * recall beside the simulator's truth and the naive labelled-only estimates. Fails when an IPS figure
 * is further than {@link #TOLERANCE_SE} of its standard errors from the truth.
 */
final class DemoJob implements Job {
  /** Tolerance in IPS standard errors: a correct estimator lands inside 3 of them 99.7% of the time. */
  static final double TOLERANCE_SE = 3;
  /** The thresholds the truth table shows, beside the curve's own grid. */
  private static final Setting<List<Double>> THRESHOLDS = Keys.THRESHOLDS.withDefault("30,40,50,60,70,80");
  /**
   * Days simulated unless --days says otherwise: past the label horizon plus a window, so that the delay
   * curve, the delay-adjusted estimates and the nowcast exist.
   */
  private static final Setting<Integer> DAYS = Keys.SIM_DAYS.withDefault("180");
  /** The challenger the demo trains, scores and compares with the logged score: --model-id names it. */
  private static final Setting<String> CHALLENGER = Keys.MODEL_ID.withDefault("challenger");
  /** What the challenger reads: every numeric feature the simulator logs. */
  private static final Setting<List<String>> FEATURES = Keys.FEATURES.withDefault(String.join(",",
      Simulation.IP_MISMATCH, Simulation.DECLINES_24H, Simulation.ACCOUNT_AGE_DAYS, Simulation.VELOCITY_1H));
  /** Drift of the simulated slices, a feature and the amount, beside the score. */
  private static final Setting<List<String>> DRIFT_COLUMNS = Keys.DRIFT_COLUMNS.withDefault(String.join(",",
      Simulation.REGION, Simulation.CARD_COUNTRY, Simulation.VELOCITY_1H, DecisionLog.AMOUNT));
  /**
   * The simulator's fraud rate (2%, several times a card portfolio's) has its production policy stop about 1.2%
   * of legitimate decisions: the demo's guardrail sits above that, so its own production is within it.
   */
  private static final Setting<Double> MAX_FALSE_BLOCK_RATE = Keys.MAX_FALSE_BLOCK_RATE.withDefault("0.02");
  /**
   * The simulated score as a probability: score / 100. It is a risk score that overstates fraud about
   * sevenfold in odds, so calibration shows a large error and its rule fires (a warning, which does not
   * fail the run under the default --fail-on-alert critical).
   */
  private static final Setting<Double> SCORE_SCALE = Keys.SCORE_SCALE.withDefault("100");
  /** The demo's own defaults, in place of the keys' everywhere else (its --help shows them). */
  private static final List<Setting<?>> DEMO_DEFAULTS = List.of(DAYS, CHALLENGER, FEATURES, THRESHOLDS, DRIFT_COLUMNS,
      MAX_FALSE_BLOCK_RATE, SCORE_SCALE);
  /** Cohort ages the nowcast table shows, and those its coverage counts. */
  private static final int NOWCAST_EVERY = 7;
  private static final int YOUNGEST_JUDGED = 7;

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "simulate a world, run nightly on it, and compare the IPS estimates with the truth and the naive estimates";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.SIMULATE, Options.EVALUATE, Options.PRICING, Options.COSTS,
        Options.GUARDRAILS, Options.CALIBRATION, Options.FAIRNESS, Options.DRIFT, Options.MONITORING, Options.TRAIN,
        List.of(Keys.REPORT_FILE)).stream()
        // The challenger reads numeric features only: the simulator logs no categorical one to add.
        .filter(key -> !key.equals(Keys.CATEGORICAL_FEATURES))
        .<Setting<?>>map(key -> DEMO_DEFAULTS.stream().filter(key::equals).findFirst().orElse(key)).toList();
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings given, PrintStream out) {
    Settings settings = given;
    for (Setting<?> key : DEMO_DEFAULTS) {
      settings = settings.isDefault(key) ? settings.with(key, key.defaultText()) : settings;
    }
    WorldParams params = WorldParams.of(settings);
    AsOf asOf = AsOf.of(settings.with(Keys.AS_OF, settings.find(Keys.AS_OF).orElse(params.end()).toString()));
    if (!asOf.windowEnd().isAfter(params.start())) {
      throw new ConfigException(String.format("%s: %d days from %s hold no matured window as of %s (its window is"
          + " [%s, %s)): simulate more days", Keys.SIM_DAYS.name(), settings.get(Keys.SIM_DAYS), params.start(),
          asOf.date(), asOf.windowStart(), asOf.windowEnd()));
    }
    Steps steps = new Steps(spark, name());
    Simulation.Output simulated = SimulateJob.simulate(spark, settings, steps, out);
    Settings nightly = settings
        .with(Keys.DECISIONS, simulated.decisions())
        .with(Keys.DECISIONS_FORMAT, simulated.format().name())
        .with(Keys.LABELS, simulated.chargebacks())
        .with(Keys.LABELS_FORMAT, simulated.format().name())
        .with(Keys.AS_OF, asOf.date().toString())
        .with(Keys.MODEL_ID, ""); // the night evaluates the logged score; --model-id names the challenger
    NightlyJob.Night night = NightlyJob.night(spark, store, nightly, steps, out);
    Evaluator.Result result = night.evaluation();
    SliceBuckets truth = steps.run("ground truth", () -> GroundTruth.buckets(
        spark.read().format("delta").load(simulated.truth()), result.asOf(), result.grid(), List.of()))
        .get(Slice.ALL);
    List<TruthComparison.Row> rows = TruthComparison.compare(result.grid(), result.overall(), truth,
        nightly.get(Keys.THRESHOLDS));
    TextTable table = new TextTable("threshold", "truth_precision", "ips_precision", "+-se", "bootstrap_interval",
        "naive_precision", "truth_recall", "ips_recall", "+-se", "bootstrap_interval", "naive_recall",
        "ips_within_3se");
    BootstrapIntervals intervals = result.intervals().get(Slice.ALL);
    boolean allWithin = true;
    for (TruthComparison.Row row : rows) {
      allWithin &= row.ipsWithin(TOLERANCE_SE);
      table.row(row.threshold(), row.truthPrecision(), row.ipsPrecision(), row.ipsPrecisionSe(),
          interval(intervals, row.threshold(), CurveMetric.PRECISION), row.naivePrecision(), row.truthRecall(),
          row.ipsRecall(), row.ipsRecallSe(), interval(intervals, row.threshold(), CurveMetric.RECALL),
          row.naiveRecall(), row.ipsWithin(TOLERANCE_SE) ? "yes" : "NO");
    }
    out.println();
    out.println("Policy 'block if score > threshold' on the window, as the simulator's truth has it, as IPS estimates"
        + " it from the logged data, and as the naive labelled-only count has it:");
    out.print(table);
    int horizon = nightly.get(Keys.LABEL_HORIZON_DAYS);
    printNowcast(steps.run("eventual fraud by day", () -> GroundTruth.eventualFraudByDay(
        spark.read().format("delta").load(simulated.truth()), horizon).collectAsList()), store, result, out);
    compareChallenger(spark, store, settings, nightly, out);
    ReportJob.write(nightly, Report.build(store, asOf.date(), steps), out);
    out.println(allWithin ? "demo: every IPS figure is within 3 standard errors of the truth"
        : "demo: FAILED: an IPS figure is more than 3 standard errors from the truth");
    return allWithin ? night.status() : 1;
  }

  /**
   * Trains the challenger on the night's weighted labels, scores its decisions and compares it with the logged
   * score over its blind test window (compare's window), as the train, score and compare jobs would.
   */
  private static void compareChallenger(SparkSession spark, DeltaStore store, Settings settings, Settings nightly,
      PrintStream out) {
    Settings challenger = nightly.with(Keys.MODEL_ID, settings.get(Keys.MODEL_ID))
        .with(Keys.WINDOW_DAYS, String.valueOf(settings.get(Keys.TEST_DAYS)));
    out.printf("%nA challenger trained on the weighted labels (%s), judged against the logged score over its blind test"
        + " window:%n", String.join(", ", challenger.get(Keys.FEATURES)));
    new TrainJob().run(spark, store, challenger, out);
    new ScoreJob().run(spark, store, challenger, out);
    new CompareJob().run(spark, store, challenger, out);
  }

  /** The last weeks' cohorts: what the labels alone say, the nowcast, and the simulator's eventual fraud. */
  private static void printNowcast(List<Row> eventualByDay, DeltaStore store, Evaluator.Result result,
      PrintStream out) {
    out.println();
    if (!store.exists(Tables.COHORT_NOWCAST)) {
      out.println("No nowcast: " + result.delays().whyNotAdjusted());
      return;
    }
    Map<LocalDate, Long> truth = eventualByDay.stream().collect(Collectors.toMap(
        row -> row.getDate(0).toLocalDate(), row -> row.getLong(1)));
    TextTable table = new TextTable("cohort_date", "age_days", "reports", "labels_alone", "chain_ladder",
        "by_scores", "nowcast", "interval", "truth", "reports_ratio");
    int covered = 0;
    int judged = 0;
    int maturity = result.asOf().maturityDays();
    for (Row row : store.read(Tables.COHORT_NOWCAST).filter(col(Tables.AS_OF_DATE).equalTo(
            java.sql.Date.valueOf(result.asOf().date())).and(col(Tables.SLICE_KEY).equalTo(Tables.ALL)))
        .orderBy(col("age_days")).collectAsList()) {
      long age = row.<Long>getAs("age_days");
      Long eventual = truth.getOrDefault(row.<java.sql.Date>getAs("cohort_date").toLocalDate(), 0L);
      if (age >= YOUNGEST_JUDGED && age < maturity) {
        judged++;
        covered += row.<Double>getAs("expected_fraud_lo") <= eventual && eventual <= row.<Double>getAs("expected_fraud_hi")
            ? 1 : 0;
      }
      if (age < maturity && (age == 1 || age % NOWCAST_EVERY == 0)) {
        table.row(row.getAs("cohort_date"), age, row.getAs("reports"), String.format("%.1f", row.<Double>getAs("reported_fraud")),
            String.format("%.1f", row.<Double>getAs("chain_ladder_fraud")),
            String.format("%.1f", row.<Double>getAs("score_expected_fraud")),
            String.format("%.1f", row.<Double>getAs("expected_fraud")), String.format("[%.1f, %.1f]",
                row.<Double>getAs("expected_fraud_lo"), row.<Double>getAs("expected_fraud_hi")), eventual,
            row.getAs("reports_ratio") == null ? "-" : String.format("%.2f", row.<Double>getAs("reports_ratio")));
      }
    }
    out.printf("Eventual fraud of the last weeks' cohorts (all decisions, blocked ones included): the labels alone"
        + " (IPS, reported by %s), the nowcast, and the simulator's truth:%n", result.asOf().date());
    out.print(table);
    out.printf("nowcast intervals covered the truth of %d of %d cohorts aged %d to %d days%n", covered, judged,
        YOUNGEST_JUDGED, maturity - 1);
  }

  private static String interval(BootstrapIntervals intervals, double threshold, CurveMetric metric) {
    Interval interval = intervals == null ? null : intervals.get(Estimator.IPS, threshold, metric);
    return interval == null ? "-" : String.format("[%.4f, %.4f]", interval.lo(), interval.hi());
  }
}

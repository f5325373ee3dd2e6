package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.curve.BootstrapIntervals;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.Labeler;
import org.cfeval.simulate.GroundTruth;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.TruthComparison;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.stats.CurveMetric;
import org.cfeval.stats.Interval;
import org.cfeval.tables.DeltaStore;

/**
 * {@code cfeval demo}: simulates a world, runs the nightly pipeline on it and prints IPS precision and
 * recall beside the simulator's truth and the naive labelled-only estimates. Fails when an IPS figure
 * is further than {@link #TOLERANCE_SE} of its standard errors from the truth.
 */
final class DemoJob implements Job {
  /** Tolerance in IPS standard errors: a correct estimator lands inside 3 of them 99.7% of the time. */
  static final double TOLERANCE_SE = 3;
  private static final String DEMO_THRESHOLDS = "30,40,50,60,70,80";

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
    return Options.of(Options.WAREHOUSE, Options.SIMULATE, Options.EVALUATE);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    Steps steps = new Steps(spark, name());
    Simulation.Output simulated = SimulateJob.simulate(spark, settings, steps, out);
    WorldParams params = WorldParams.of(settings);
    Settings nightly = settings
        .with(Keys.DECISIONS, simulated.decisions())
        .with(Keys.DECISIONS_FORMAT, simulated.format().name())
        .with(Keys.LABELS, simulated.chargebacks())
        .with(Keys.LABELS_FORMAT, simulated.format().name());
    if (settings.find(Keys.AS_OF).isEmpty()) {
      nightly = nightly.with(Keys.AS_OF, params.end().toString());
    }
    if (settings.get(Keys.THRESHOLDS).isEmpty()) {
      nightly = nightly.with(Keys.THRESHOLDS, DEMO_THRESHOLDS);
    }
    LabelJob.print(new Labeler(spark, store, steps).run(nightly), out);
    Evaluator.Result result = new Evaluator(spark, store, steps).run(nightly);
    EvaluateJob.print(result, nightly, out);

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
    out.println(allWithin ? "demo: every IPS figure is within 3 standard errors of the truth"
        : "demo: FAILED: an IPS figure is more than 3 standard errors from the truth");
    return allWithin ? 0 : 1;
  }

  private static String interval(BootstrapIntervals intervals, double threshold, CurveMetric metric) {
    Interval interval = intervals == null ? null : intervals.get(threshold, metric);
    return interval == null ? "-" : String.format("[%.4f, %.4f]", interval.lo(), interval.hi());
  }
}

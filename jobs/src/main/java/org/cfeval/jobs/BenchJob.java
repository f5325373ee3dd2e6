package org.cfeval.jobs;

import static org.apache.spark.sql.functions.*;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.BenchPart;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.contract.Chargebacks;
import org.cfeval.contract.DecisionLog;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.Labeler;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Provenance;
import org.cfeval.tables.Tables;
import scala.Tuple3;

/**
 * {@code cfeval bench}: times evaluate against a plain scan and against MLlib on the same Delta table,
 * nightly with the nowcast against nightly without it, and a night's nightly on a year of history against
 * a quarter's. The simulated inputs (and the first's and third's warehouses) are written once per size
 * under --out and reused.
 */
final class BenchJob implements Job {
  private static final int THRESHOLDS = 1000;
  private static final List<String> SLICES = List.of("region", "card_country");
  private static final int REPLICATES = 200;
  private static final int INTERVAL_THRESHOLDS = 100;
  private static final int RUNS = 3;
  /** The simulator's scores lie in [0, 100]: a fixed grid needs no pass to find the range. */
  private static final String SCORE_RANGE = "0,100";
  /** Days of the nowcast's world: the 120-day label horizon, the 30-day window and 30 more. */
  private static final int NOWCAST_DAYS = 180;
  /** History lengths of the nightly's cost: a year's against a quarter's, whose ratio should be near 1. */
  private static final int HISTORY_DAYS = 360;
  private static final int SHORT_HISTORY_DAYS = 90;

  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "time evaluate (1,000 thresholds, 2 slices, bootstrap) against a plain scan and MLlib, nightly with"
        + " the nowcast against nightly without it, or a night on 360 days of history against 90 (--part), on --size"
        + " decisions";
  }

  @Override
  public List<Setting<?>> options() {
    return List.of(Keys.CONF, Keys.SIM_SIZE, Keys.SIM_OUT, Keys.BENCH_PART);
  }

  @Override
  public int run(SparkSession spark, DeltaStore ignored, Settings settings, PrintStream out) {
    long size = settings.get(Keys.SIM_SIZE);
    Steps steps = new Steps(spark, name());
    BenchPart part = settings.get(Keys.BENCH_PART);
    if (part == BenchPart.EVALUATE || part == BenchPart.ALL) {
      evaluateAgainstScanAndMllib(spark, settings, size, steps, out);
    }
    if (part == BenchPart.NIGHTLY || part == BenchPart.ALL) {
      nightlyWithAndWithoutNowcast(spark, settings, size, steps, out);
    }
    if (part == BenchPart.HISTORY || part == BenchPart.ALL) {
      double longer = nightlyOnHistory(spark, settings, size, HISTORY_DAYS, steps, out);
      double shorter = nightlyOnHistory(spark, settings, size * SHORT_HISTORY_DAYS / HISTORY_DAYS, SHORT_HISTORY_DAYS,
          steps, out);
      out.printf("bench: nightly on %d/%d days of history=%.2f%n", HISTORY_DAYS, SHORT_HISTORY_DAYS, longer / shorter);
    }
    return 0;
  }

  /**
   * The median time of the nightly of a world's last day (its decisions and chargebacks appended to the
   * sources as a new Delta version), after a nightly of the day before labelled the rest: what a night
   * costs on {@code days} days of history.
   */
  private static double nightlyOnHistory(SparkSession spark, Settings settings, long size, int days, Steps steps,
      PrintStream out) {
    Path dir = Path.of(settings.get(Keys.SIM_OUT), size + "-" + days + "d-history");
    Settings world = settings.with(Keys.SIM_SIZE, Long.toString(size)).with(Keys.SIM_DAYS, Integer.toString(days))
        .with(Keys.SIM_OUT, dir.resolve("world").toString());
    LocalDate end = WorldParams.of(world).end();
    Settings night = world.with(Keys.AS_OF, end.toString())
        .with(Keys.DECISIONS, dir.resolve("decisions").toString())
        .with(Keys.LABELS, dir.resolve("chargebacks").toString());
    DeltaStore store = new DeltaStore(spark, DeltaStore.location(dir.resolve("warehouse").toString()), "",
        Provenance.start("bench"));
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    if (!Files.exists(dir.resolve("warehouse/decisions_labeled/_delta_log"))) {
      Simulation.Output simulated = SimulateJob.simulate(spark, world, steps, out);
      Column lastDay = lit(AsOf.at(end.minusDays(1)));
      Dataset<Row> decisions = spark.read().format("delta").load(simulated.decisions());
      Dataset<Row> chargebacks = spark.read().format("delta").load(simulated.chargebacks())
          .filter(col(Chargebacks.REPORTED_AT).lt(lit(AsOf.at(end))));
      decisions.filter(col(DecisionLog.DECIDED_AT).lt(lastDay)).write().format("delta").save(night.get(Keys.DECISIONS));
      chargebacks.filter(col(Chargebacks.REPORTED_AT).lt(lastDay)).write().format("delta").save(night.get(Keys.LABELS));
      steps.run("the history's nightly (" + days + " days, one full label run)", () -> new NightlyJob().run(spark,
          store, night.with(Keys.AS_OF, end.minusDays(1).toString()), quiet));
      decisions.filter(col(DecisionLog.DECIDED_AT).geq(lastDay)).write().format("delta").mode("append")
          .save(night.get(Keys.DECISIONS));
      chargebacks.filter(col(Chargebacks.REPORTED_AT).geq(lastDay)).write().format("delta").mode("append")
          .save(night.get(Keys.LABELS));
    }
    Runnable nightly = () -> new NightlyJob().run(spark, store, night, quiet);
    steps.run("warm-up nightly", nightly);
    return median("nightly of a new day on " + days + " days of history", nightly, steps, out);
  }

  /** Evaluate, with and without the bootstrap, against a plain scan and MLlib (see the class comment). */
  private static void evaluateAgainstScanAndMllib(SparkSession spark, Settings settings, long size, Steps steps,
      PrintStream out) {
    Path dir = Path.of(settings.get(Keys.SIM_OUT), Long.toString(size));
    Settings world = settings.with(Keys.SIM_DAYS, "60").with(Keys.SIM_OUT, dir.resolve("input").toString());
    WorldParams params = WorldParams.of(world);
    // Every decision matured and inside the window: the whole table is evaluated.
    Settings run = world.with(Keys.AS_OF, params.end().plusDays(60).toString()).with(Keys.WINDOW_DAYS, "60")
        .with(Keys.DECISIONS, dir.resolve("input/decisions").toString())
        .with(Keys.LABELS, dir.resolve("input/chargebacks").toString());
    DeltaStore store = new DeltaStore(spark, DeltaStore.location(dir.resolve("warehouse").toString()), "",
        Provenance.start("bench"));
    if (!Files.exists(dir.resolve("warehouse/decisions_labeled/_delta_log"))) {
      SimulateJob.simulate(spark, world, steps, out);
      new Labeler(spark, store, steps).run(run);
    }
    AsOf asOf = AsOf.of(run);
    Supplier<Dataset<Row>> table = () -> store.read(Tables.DECISIONS_LABELED).filter(asOf.inWindow());
    // (b) and (c) run evaluate itself, without its table writes.
    Settings evaluate = run.with(Keys.THRESHOLD_COUNT, Integer.toString(THRESHOLDS)).with(Keys.SCORE_RANGE, SCORE_RANGE)
        .with(Keys.SLICES, String.join(",", SLICES))
        .with(Keys.INTERVAL_THRESHOLDS, Integer.toString(INTERVAL_THRESHOLDS));
    Evaluator evaluator = new Evaluator(spark, store, steps);

    // The scan decodes the columns the pass reads and aggregates each as cheaply as Spark can: fixed-width
    // aggregates only (a max over strings would force a sort-based aggregation, and an unfair scan).
    // The outcome as of A comes from the earliest fraud report and the decision time, not the stored outcome.
    Runnable scan = () -> table.get().groupBy("region").agg(count(lit(1)), sum("score"), sum("p_allow"),
        sum("amount"), count_if(col("action").equalTo("allow")), max(Tables.FRAUD_REPORTED_AT), min("decided_at"),
        count_if(col("policy_action").equalTo("block")), max(Tables.LABELED_AS_OF), sum(length(col("cluster_id"))),
        sum(length(col("card_country")))).collectAsList();
    Runnable pointEstimates = () -> evaluator.estimate(table.get(), evaluate.with(Keys.BOOTSTRAP, "0"));
    Runnable bootstrap = () -> evaluator.estimate(table.get(),
        evaluate.with(Keys.BOOTSTRAP, Integer.toString(REPLICATES)));
    Runnable mllib = () -> mllib(table.get());
    Runnable observedRange = () -> evaluator.estimate(table.get(), evaluate.with(Keys.BOOTSTRAP, "0")
        .with(Keys.SCORE_RANGE, ""));

    long rows = table.get().count();
    out.printf("bench: %,d decisions in decisions_labeled (%s), %d cores%n", rows, store.path(Tables.DECISIONS_LABELED),
        Runtime.getRuntime().availableProcessors());
    HeapSampler heap = HeapSampler.start();
    steps.run("warm-up", () -> {
      scan.run();
      pointEstimates.run();
      bootstrap.run();
      mllib(table.get().sample(0.01, 1));
    });
    double scanSeconds = median("scan of the pass's columns (group by region, one aggregate each)", scan, steps,
        out);
    double evalSeconds = median("evaluate point estimates (1,000 thresholds, overall + 2 slices)", pointEstimates,
        steps, out);
    double bootSeconds = median("evaluate + bootstrap (200 replicates, 100 thresholds)", bootstrap, steps, out);
    double mllibSeconds = median("MLlib BinaryClassificationMetrics (weighted, numBins 1000)", mllib, steps, out);
    double observedSeconds = median("evaluate point estimates, grid over the window's scores", observedRange,
        steps, out);
    heap.stop();
    out.printf("bench: without --score-range (one more pass for the score range): eval/scan=%.2f%n",
        observedSeconds / scanSeconds);
    out.printf("bench: eval/scan=%.2f boot/scan=%.2f mllib/eval=%.1f peak_heap_mb=%d%n", evalSeconds / scanSeconds,
        bootSeconds / scanSeconds, mllibSeconds / evalSeconds, heap.peakMegabytes());
  }

  /**
   * The whole nightly (label, evaluate with the nowcast, optimize; tables written) on a world of the same
   * size over {@link #NOWCAST_DAYS} days as of its end, against the same nightly with the late-label work
   * off: a label horizon longer than the data leaves no delay model, hence no label_delay, no adjusted
   * estimates and no cohort_nowcast.
   */
  private static void nightlyWithAndWithoutNowcast(SparkSession spark, Settings settings, long size, Steps steps,
      PrintStream out) {
    Path dir = Path.of(settings.get(Keys.SIM_OUT), size + "-" + NOWCAST_DAYS + "d");
    Settings world = settings.with(Keys.SIM_DAYS, Integer.toString(NOWCAST_DAYS))
        .with(Keys.SIM_OUT, dir.resolve("input").toString());
    if (!Files.exists(dir.resolve("input/decisions/_delta_log"))) {
      SimulateJob.simulate(spark, world, steps, out);
    }
    Settings nowcast = world.with(Keys.AS_OF, WorldParams.of(world).end().toString())
        .with(Keys.DECISIONS, dir.resolve("input/decisions").toString())
        .with(Keys.LABELS, dir.resolve("input/chargebacks").toString());
    Settings without = nowcast.with(Keys.LABEL_HORIZON_DAYS, Integer.toString(NOWCAST_DAYS + 30));
    DeltaStore store = new DeltaStore(spark, DeltaStore.location(dir.resolve("warehouse").toString()), "",
        Provenance.start("bench"));
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    Runnable withIt = () -> new NightlyJob().run(spark, store, nowcast, quiet);
    Runnable withoutIt = () -> new NightlyJob().run(spark, store, without, quiet);
    steps.run("warm-up nightly", withIt);
    double withSeconds = median("nightly with the nowcast (" + NOWCAST_DAYS + " days of decisions)", withIt, steps,
        out);
    double withoutSeconds = median("nightly without it (label horizon past the data)", withoutIt, steps, out);
    out.printf("bench: nightly with/without nowcast=%.2f%n", withSeconds / withoutSeconds);
  }

  private static void mllib(Dataset<Row> window) {
    Dataset<Row> labelled = window.filter(col(Tables.OUTCOME).isin(Tables.FRAUD, Tables.LEGIT))
        .select(col("score"), col(Tables.OUTCOME).equalTo(Tables.FRAUD).cast("double"), col(Tables.IPW));
    var scored = labelled.javaRDD().map(r -> new Tuple3<Object, Object, Object>(r.getDouble(0), r.getDouble(1),
        r.getDouble(2)));
    BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(scored.rdd(), 1000);
    metrics.precisionByThreshold().count();
    metrics.recallByThreshold().count();
    metrics.unpersist();
  }

  private static double median(String what, Runnable body, Steps steps, PrintStream out) {
    double[] seconds = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      steps.run(what + " #" + (i + 1), body);
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    out.printf("bench: %-66s median %7.2f s  (runs %s)%n", what, sorted[RUNS / 2], format(seconds));
    return sorted[RUNS / 2];
  }

  private static String format(double[] seconds) {
    List<String> text = new ArrayList<>();
    for (double s : seconds) {
      text.add(String.format("%.2f", s));
    }
    return String.join(", ", text);
  }

  /**
   * The most heap in use at any 10 ms sample, garbage not yet collected included: what the JVM needed,
   * short of -Xmx.
   */
  private static final class HeapSampler implements Runnable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread = new Thread(this, "bench-heap-sampler");
    private volatile boolean running = true;
    private volatile long peak;

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      sampler.thread.setDaemon(true);
      sampler.thread.start();
      return sampler;
    }

    @Override
    public void run() {
      while (running) {
        peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() {
      running = false;
    }

    long peakMegabytes() {
      return peak / (1024 * 1024);
    }
  }
}

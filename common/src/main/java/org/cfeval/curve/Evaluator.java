package org.cfeval.curve;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.labels.AsOf;
import org.cfeval.spark.Steps;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.CurveMetric;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.stats.LoggingHealth;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.stats.Support;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate step: over the matured window of {@code decisions_labeled}, estimates every policy
 * "block if score > t" of the threshold grid and the logged production policy, overall and per slice,
 * and writes {@code policy_curve} and {@code evaluation_windows} for the as-of date.
 *
 * <p>Three passes whatever the grid: a profile of the window (score range and quantiles for the grid,
 * slice cardinalities, label freshness), the {@link BucketPass} for every point estimate, and the
 * {@link BootstrapPass} for every replicate of every interval (skipped with --bootstrap 0).
 */
public final class Evaluator {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

  /** What an evaluate run produced: the grid, the per-slice bucket statistics and the window rows. */
  public record Result(AsOf asOf, ThresholdGrid grid, Map<Slice, SliceBuckets> slices,
      Map<Slice, BootstrapIntervals> intervals, List<Row> curve, List<Row> windows) {
    public long curveRows() {
      return curve.size();
    }

    public SliceBuckets overall() {
      return slices.get(Slice.ALL);
    }
  }

  private final SparkSession spark;
  private final DeltaStore store;
  private final Steps steps;

  public Evaluator(SparkSession spark, DeltaStore store, Steps steps) {
    this.spark = spark;
    this.store = store;
    this.steps = steps;
  }

  /** Estimates the as-of date's window of decisions_labeled and replaces that date's rows of both tables. */
  public Result run(Settings settings) {
    Result result = estimate(store.read(Tables.DECISIONS_LABELED), settings);
    LocalDate asOf = result.asOf().date();
    steps.run("write policy_curve", () -> store.replaceAsOf(Tables.POLICY_CURVE,
        spark.createDataFrame(result.curve(), Tables.POLICY_CURVE.schema()), asOf));
    steps.run("write evaluation_windows", () -> store.replaceAsOf(Tables.EVALUATION_WINDOWS,
        spark.createDataFrame(result.windows(), Tables.EVALUATION_WINDOWS.schema()), asOf));
    return result;
  }

  /** Everything evaluate computes from {@code labeled} (rows of decisions_labeled), without writing it. */
  public Result estimate(Dataset<Row> labeled, Settings settings) {
    AsOf asOf = AsOf.of(settings);
    List<String> sliceColumns = settings.get(Keys.SLICES);
    checkSliceColumns(labeled, sliceColumns);
    Dataset<Row> window = labeled.filter(asOf.inWindow());

    WindowProfile profile = steps.run("profile window", () -> WindowProfile.of(window, sliceColumns,
        settings.get(Keys.THRESHOLD_QUANTILES)));
    if (profile.decisions() == 0) {
      throw new IllegalStateException(String.format("no decisions in decisions_labeled decided in the window [%s, %s)"
          + " for as-of %s; check --as-of, --maturity-days and --window-days", asOf.windowStart(), asOf.windowEnd(),
          asOf.date()));
    }
    profile.checkSliceCardinality(settings.get(Keys.MAX_SLICE_VALUES));
    if (profile.labelsAsOf().isBefore(asOf.date())) {
      LOG.warn("labels in the window date from {} (before the as-of date {}): run label for {} first",
          profile.labelsAsOf(), asOf.date(), asOf.date());
    }
    ThresholdGrid grid = profile.grid(settings.get(Keys.THRESHOLDS), settings.get(Keys.THRESHOLD_COUNT));
    LOG.info("evaluate: {} decisions in [{}, {}), {} thresholds, slices {}", profile.decisions(),
        asOf.windowStart(), asOf.windowEnd(), grid.size(), sliceColumns);

    Map<Slice, SliceBuckets> slices = steps.run("aggregate score buckets",
        () -> BucketPass.run(window, grid, sliceColumns));
    Map<Slice, BootstrapIntervals> intervals = new TreeMap<>();
    int replicates = settings.get(Keys.BOOTSTRAP);
    if (replicates > 0) {
      ThresholdGrid intervalGrid = BootstrapIntervals.intervalGrid(grid, settings.get(Keys.INTERVAL_THRESHOLDS),
          settings.get(Keys.THRESHOLDS));
      Map<Slice, ReplicateSums> sums = steps.run(String.format("bootstrap %d replicates at %d thresholds", replicates,
          intervalGrid.size()), () -> BootstrapPass.run(window, intervalGrid, sliceColumns, replicates,
          settings.get(Keys.BOOTSTRAP_SEED), settings.get(Keys.BOOTSTRAP_UNIT).column()));
      double confidence = settings.get(Keys.CONFIDENCE);
      sums.forEach((slice, s) -> intervals.put(slice, BootstrapIntervals.of(intervalGrid, s, confidence)));
    }
    List<Row> curve = curveRows(asOf, grid, slices, intervals, settings.get(Keys.MIN_ESS));
    List<Row> windows = windowRows(asOf, slices, settings.get(Keys.LOGGING_HEALTH_MAX_Z), profile.labelsAsOf());
    return new Result(asOf, grid, slices, intervals, curve, windows);
  }

  private static void checkSliceColumns(Dataset<Row> labeled, List<String> sliceColumns) {
    List<String> present = Arrays.asList(labeled.columns());
    for (String column : sliceColumns) {
      if (!present.contains(column)) {
        throw new ContractException(String.format("slice column '%s' is not in decisions_labeled (columns: %s)",
            column, String.join(", ", present)));
      }
    }
  }

  /** policy_curve rows: for each slice, each policy and each estimator. */
  static List<Row> curveRows(AsOf asOf, ThresholdGrid grid, Map<Slice, SliceBuckets> slices,
      Map<Slice, BootstrapIntervals> intervals, double minEss) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Slice, SliceBuckets> entry : slices.entrySet()) {
      BucketStats total = entry.getValue().total();
      for (PolicyCurve.Point point : PolicyCurve.points(grid, entry.getValue())) {
        for (Estimator estimator : Estimator.values()) {
          ConfusionMatrix m = ConfusionMatrix.of(point.blocked(), point.passed(), estimator);
          Support support = Support.of(point.blocked(), minEss);
          List<Object> values = new ArrayList<>(Arrays.asList(
              point.threshold() == null ? Tables.POLICY_PRODUCTION : Tables.POLICY_THRESHOLD,
              point.threshold(), estimator.columnValue(),
              m.tp(), m.fp(), m.fn(), m.tn(), m.precision(), m.recall(), m.fpr(), m.blockRate(),
              total.decisions, point.blocked().decisions, total.labeled(), point.blocked().labeled(), total.fraud,
              support.ess(), support.maxWeightShare(), support.low()));
          BootstrapIntervals sliceIntervals = estimator == Estimator.IPS ? intervals.get(entry.getKey()) : null;
          for (CurveMetric metric : CurveMetric.values()) {
            Interval interval = sliceIntervals == null ? null : sliceIntervals.get(point.threshold(), metric);
            values.add(interval == null ? null : interval.lo());
            values.add(interval == null ? null : interval.hi());
          }
          rows.add(RowFactory.create(windowAndSlice(asOf, entry.getKey(), values.toArray())));
        }
      }
    }
    return rows;
  }

  private static List<Row> windowRows(AsOf asOf, Map<Slice, SliceBuckets> slices, double maxZ, LocalDate labelsAsOf) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Slice, SliceBuckets> entry : slices.entrySet()) {
      BucketStats total = entry.getValue().total();
      LoggingHealth health = LoggingHealth.of(total, maxZ);
      if (!health.healthy()) {
        LOG.warn("logging health of slice {}={}: sum of 1/p_allow over allowed decisions / decisions = {}"
                + " (standard error {}), more than {} standard errors from 1: are propensities logged correctly?",
            entry.getKey().key(), entry.getKey().value(), String.format("%.4f", health.ratio()),
            String.format("%.4f", health.standardError()), maxZ);
      }
      rows.add(RowFactory.create(windowAndSlice(asOf, entry.getKey(),
          total.decisions, total.allowed, total.labeled(), total.fraud, total.pending, total.weightAllowed,
          health.ratio(), health.standardError(), health.healthy(), Date.valueOf(labelsAsOf))));
    }
    return rows;
  }

  private static Object[] windowAndSlice(AsOf asOf, Slice slice, Object... rest) {
    Object[] values = new Object[5 + rest.length];
    values[0] = Date.valueOf(asOf.date());
    values[1] = Date.valueOf(asOf.windowStart());
    values[2] = Date.valueOf(asOf.windowEnd());
    values[3] = slice.key();
    values[4] = slice.value();
    System.arraycopy(rest, 0, values, 5, rest.length);
    return values;
  }
}

package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.labels.AsOf;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single pass over a window behind every estimate: each decision is assigned its score bucket and
 * what the production policy did, and added to the {@link SliceBuckets} of its value of every slice
 * column and, when it is labelled and intervals are on, with its resampling unit's Poisson(1)
 * multiplicities to the {@link ReplicateSums} of every replicate. One Spark job whatever the number of
 * thresholds, slices and replicates; with the delay model ({@link Delays}), two over one read of its span.
 *
 * <p>Tasks ({@link TaskSums}) read Spark's internal rows (no conversion to Java objects) and keep one
 * accumulator per slice value they meet, and per combination of slice values (within
 * {@link ValueCombinations#limit}): about 900 bytes per bucket for the point sums, plus up to 128 x
 * replicates bytes per interval bucket for the bootstrap (2.6 MB at 100 interval thresholds and 200
 * replicates); a task that meets more than --max-slice-values values of a column fails naming it. With
 * two or more slice columns a window decision is added once, to its combination (the columns beyond
 * the window per column), and the whole window's sums are those of the first slice column's values
 * added up (exact: fixed point).
 */
public final class WindowPass {
  private static final Logger LOG = LoggerFactory.getLogger(WindowPass.class);

  /**
   * Intervals: replicates on a (coarser) interval grid, resampling units read from {@code unitColumn},
   * kept for the first {@code columns} slice columns (at least the first: the whole window's replicates
   * are its values' added up); later columns get point sums only.
   */
  public record Bootstrap(ThresholdGrid grid, int replicates, long seed, String unitColumn, int columns)
      implements Serializable {
    public Bootstrap {
      columns = Math.max(1, columns);
    }

    /** Replicates for every slice column. */
    public Bootstrap(ThresholdGrid grid, int replicates, long seed, String unitColumn) {
      this(grid, replicates, seed, unitColumn, Integer.MAX_VALUE);
    }
  }

  /**
   * Columns summed over every row of the pass, while the slice columns (and so the whole window's sums)
   * take only the rows where {@code inWindow} holds: one pass serves the window and the days after it
   * (the nowcast's cohorts). {@code maxValues} bounds each of these columns' values as --max-slice-values
   * bounds a slice column's. With intervals, each value keeps the replicates of its reported fraud per
   * production action (R x 16 doubles at most), not of a curve.
   */
  public record Beyond(Column inWindow, List<String> columns, int maxValues) {
    /** Nothing beyond: every row of the pass is in the window. */
    public static Beyond none() {
      return new Beyond(lit(true), List.of(), 0);
    }
  }

  /**
   * The window's decision count, the oldest label run among all rows, and the sums of the whole window,
   * every slice and every value of the {@link Beyond} columns; with {@link Delays}, the delay model; and the
   * rows the tasks read (each read once: a task state lost between the two jobs of a pass with delays is
   * read again, and counted again).
   */
  public record Result(long decisions, LocalDate labelsAsOf, Map<Slice, SliceBuckets> slices,
      Map<Slice, ReplicateSums> replicates, DelayModel delays, long rowsRead) {}

  /**
   * The delay model's share of a pass that reads the model's span ({@link DelayModel#span}), not the pass's
   * days alone: every row goes to the {@link DelayHistogram}, and the rows where {@code inPass} holds to the
   * sums, their delay-dependent terms held back ({@link DelayedTerms}). The pass is two Spark jobs over one
   * read: the first reads the rows into persisted task states and merges their histograms; {@code estimate}
   * makes the model of it on the driver; the second adds each task's held-back reports by the model, where
   * it adjusts estimates of the window (with F's interval at {@code confidence}), and merges the sums, to
   * which the driver then adds each cohort's reports due ({@link DueCells}).
   *
   * @param loggedScore the logged score (the score bands' and so the delay curves'), whatever scores the curve
   * @param strata the --delay-strata columns
   * @param scoreBins whether reports also count by their logged score's fine bin, for score bands
   */
  public record Delays(AsOf asOf, int horizon, Column inPass, Column loggedScore, List<String> strata,
      boolean scoreBins, double confidence, Function<DelayHistogram, DelayModel> estimate) {}

  // Ordinals of the projected row, which TaskSums and TaskDelays read.
  static final int SCORE = 0;
  static final int P_ALLOW = 1;
  static final int AMOUNT = 2;
  static final int ALLOWED = 3;
  static final int FRAUD = 4;
  static final int LEGIT = 5;
  static final int PENDING = 6;
  static final int PRODUCTION_BLOCKS = 7;
  static final int LABELED_AS_OF = 8;
  static final int UNIT = 9;
  static final int IN_WINDOW = 10;
  static final int IN_PASS = 11;
  static final int DECIDED_AT = 12;
  static final int FRAUD_REPORTED_AT = 13;
  static final int LOGGED_SCORE = 14;
  static final int FIRST_SLICE = 15;

  private WindowPass() {}

  /**
   * @param window rows of decisions_labeled: score, action, p_allow, amount, policy_action, outcome,
   *     labeled_as_of, the slice columns, and for intervals the resampling unit
   * @param clipWeight the cap of the clipped IPS weights
   * @param bootstrap the intervals to compute, or null for none
   */
  public static Result run(Dataset<Row> window, ThresholdGrid grid, List<String> sliceColumns, double clipWeight,
      int maxSliceValues, Bootstrap bootstrap) {
    return run(window, grid, sliceColumns, clipWeight, maxSliceValues, bootstrap, Beyond.none(), null);
  }

  /**
   * {@link #run}, over rows that reach beyond the window, also summing {@code beyond}'s columns; with
   * {@code delays} (else null) over the delay model's span, estimating the model in the same read: the rows
   * then also hold decided_at, fraud_reported_at, the logged score and the --delay-strata columns.
   */
  public static Result run(Dataset<Row> rows, ThresholdGrid grid, List<String> sliceColumns, double clipWeight,
      int maxSliceValues, Bootstrap bootstrap, Beyond beyond, Delays delays) {
    // Without slice columns the whole window is the one "slice column", its one value 'all'.
    List<String> windowKeys = sliceColumns.isEmpty() ? List.of(Tables.ALL) : sliceColumns;
    List<String> keys = new ArrayList<>(windowKeys);
    keys.addAll(beyond.columns());
    int[] limits = new int[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      limits[k] = k < windowKeys.size() ? maxSliceValues : beyond.maxValues();
    }
    int windowKeyCount = windowKeys.size();
    Column none = lit(null);
    Column inPass = delays == null ? lit(true) : coalesce(delays.inPass(), lit(false));
    // The span's rows outside the pass's days feed the histogram alone: their other columns are not made.
    UnaryOperator<Column> passOnly = column -> delays == null ? column : when(inPass, column);
    List<Column> columns = new ArrayList<>(List.of(
        col(DecisionLog.SCORE), col(DecisionLog.P_ALLOW), col(DecisionLog.AMOUNT),
        col(DecisionLog.ACTION).equalTo(DecisionLog.ALLOW),
        col(Tables.OUTCOME).equalTo(Tables.FRAUD), col(Tables.OUTCOME).equalTo(Tables.LEGIT),
        col(Tables.OUTCOME).equalTo(Tables.PENDING), productionBlocks(), col(Tables.LABELED_AS_OF),
        bootstrap == null ? none.cast(DataTypes.StringType)
            : passOnly.apply(col(bootstrap.unitColumn()).cast(DataTypes.StringType)),
        coalesce(beyond.inWindow(), lit(false)), inPass,
        delays == null ? none.cast(DataTypes.TimestampType) : col(DecisionLog.DECIDED_AT),
        delays == null ? none.cast(DataTypes.TimestampType) : col(Tables.FRAUD_REPORTED_AT),
        delays == null ? none.cast(DataTypes.DoubleType) : delays.loggedScore().cast(DataTypes.DoubleType)));
    for (String column : sliceColumns) {
      columns.add(passOnly.apply(col(Contract.quote(column)).cast(DataTypes.StringType)));
    }
    if (sliceColumns.isEmpty()) {
      columns.add(lit(Tables.ALL));
    }
    for (String column : beyond.columns()) {
      columns.add(passOnly.apply(col(Contract.quote(column)).cast(DataTypes.StringType)));
    }
    int firstStratum = columns.size();
    List<String> strata = delays == null ? List.of() : delays.strata();
    for (String column : strata) {
      columns.add(col(Contract.quote(column)).cast(DataTypes.StringType));
    }
    JavaRDD<InternalRow> projected = rows.select(columns.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD();

    TreeMap<Slice, TaskSums.Partial> merged;
    DelayModel model = null;
    DelayModel.Inflation inflation = null;
    LongAccumulator rowsRead = rows.sparkSession().sparkContext().longAccumulator("rows read by the window pass");
    try {
      if (delays == null) {
        merged = merge(projected.mapPartitions(partition -> {
          TaskSums task = new TaskSums(grid, keys, windowKeyCount, limits, clipWeight, bootstrap, null);
          rowsRead.add(task.addAll(partition));
          return List.of(task.finish()).iterator();
        }));
      } else {
        long asOfMicros = DelayModel.micros(delays.asOf().instant());
        int horizon = delays.horizon();
        boolean scoreBins = delays.scoreBins();
        int strataCount = strata.size();
        JavaRDD<TaskSums.Held> held = projected.mapPartitions(partition -> {
          TaskSums task = new TaskSums(grid, keys, windowKeyCount, limits, clipWeight, bootstrap,
              new TaskDelays(asOfMicros, horizon, scoreBins, firstStratum, strataCount));
          rowsRead.add(task.addAll(partition));
          return List.of(task.finishHeld()).iterator();
        });
        // In memory only: a task's state that does not fit is made again from its rows rather than spilled.
        held.persist(StorageLevel.MEMORY_ONLY());
        try {
          long started = System.nanoTime();
          DelayHistogram histogram = held.map(task -> task.delays().histogram).treeAggregate(
              new DelayHistogram(asOfMicros, horizon, DelayHistogram.NONE), DelayHistogram::merge,
              DelayHistogram::merge, depth(held));
          long readOnce = rowsRead.value();
          long read = System.nanoTime();
          model = delays.estimate().apply(histogram);
          inflation = model.adjusts(delays.asOf().maturityDays()) ? model.inflation(delays.confidence()) : null;
          int keyCount = keys.size();
          long estimated = System.nanoTime();
          DelayModel.Inflation byModel = inflation;
          merged = merge(held.map(task -> task.delays().delayed.addedTo(task.sums(), byModel, bootstrap,
              windowKeyCount, keyCount)));
          LOG.info("window pass: {} rows read and summed in {} s, the delay model estimated in {} s, its terms"
              + " added and the sums merged in {} s", readOnce, seconds(read - started), seconds(estimated - read),
              seconds(System.nanoTime() - estimated));
          if (rowsRead.value() > readOnce) {
            LOG.warn("the window pass read {} rows again beside its {}: task states were dropped from memory"
                + " between its two jobs (or tasks ran twice); more executor memory keeps the read single",
                rowsRead.value() - readOnce, readOnce);
          }
        } finally {
          held.unpersist(false);
        }
      }
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      throw ContractException.unwrap(e);
    }
    for (TaskSums.Partial partial : merged.values()) {
      if (partial.due != null && inflation != null) {
        partial.due.addTo(partial.sums, inflation);
      }
    }
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      TaskSums.checkCardinality(key, merged.keySet().stream().filter(s -> s.key().equals(key)).count(), limits[k]);
    }
    TaskSums.Partial all = new TaskSums.Partial(0, grid.buckets(), bootstrap == null ? 0 : bootstrap.replicates(),
        bootstrap == null ? 0 : bootstrap.grid().buckets());
    merged.forEach((slice, partial) -> {
      if (slice.key().equals(keys.get(0))) {
        all.merge(partial);
      }
    });
    if (!sliceColumns.isEmpty()) {
      merged.put(Slice.ALL, all);
    }
    Map<Slice, SliceBuckets> slices = new TreeMap<>();
    Map<Slice, ReplicateSums> replicates = new TreeMap<>();
    merged.forEach((slice, partial) -> {
      slices.put(slice, partial.sums);
      if (partial.replicates != null) {
        replicates.put(slice, partial.replicates.checkExact());
      }
    });
    long decisions = slices.get(Slice.ALL) == null ? 0 : slices.get(Slice.ALL).total().decisions();
    LocalDate labelsAsOf = all.labelsAsOf == Integer.MAX_VALUE ? null : LocalDate.ofEpochDay(all.labelsAsOf);
    return new Result(decisions, labelsAsOf, slices, replicates, model, rowsRead.value());
  }

  /**
   * Each task's sums (every slice value's) merged in a tree whose last level hands the driver about four:
   * with a few tasks that is one stage and no shuffle; with many, the merging stays on the executors.
   */
  private static TreeMap<Slice, TaskSums.Partial> merge(JavaRDD<TreeMap<Slice, TaskSums.Partial>> partials) {
    return partials.treeAggregate(new TreeMap<>(), WindowPass::merge, WindowPass::merge, depth(partials));
  }

  private static String seconds(long nanos) {
    return String.format("%.1f", nanos / 1e9);
  }

  private static int depth(JavaRDD<?> partials) {
    return Math.max(2, (int) Math.ceil(Math.log(partials.getNumPartitions()) / Math.log(4)));
  }

  /**
   * Whether the logged production policy, without exploration, blocks the decision: what policy_action
   * says, or where that is not logged, whether it was explored (p_allow < 1), since exploration only
   * ever lets would-be-blocked decisions through.
   */
  private static Column productionBlocks() {
    return coalesce(col(DecisionLog.POLICY_ACTION).equalTo(DecisionLog.BLOCK), col(DecisionLog.P_ALLOW).lt(1));
  }

  /** Adds {@code other}'s sums into {@code into}'s, slice value by slice value. */
  private static TreeMap<Slice, TaskSums.Partial> merge(TreeMap<Slice, TaskSums.Partial> into, TreeMap<Slice, TaskSums.Partial> other) {
    other.forEach((slice, partial) -> into.merge(slice, partial, TaskSums.Partial::merge));
    return into;
  }
}

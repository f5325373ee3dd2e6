package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.tables.Tables;

/**
 * The single pass over a window behind every estimate: each decision is assigned its score bucket and
 * what the production policy did, and added to the {@link SliceBuckets} of its value of every slice
 * column and, when it is labelled and intervals are on, with its resampling unit's Poisson(1)
 * multiplicities to the {@link ReplicateSums} of every replicate. One Spark job whatever the number of
 * thresholds, slices and replicates.
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
   * every slice and every value of the {@link Beyond} columns.
   */
  public record Result(long decisions, LocalDate labelsAsOf, Map<Slice, SliceBuckets> slices,
      Map<Slice, ReplicateSums> replicates) {}

  // Ordinals of the projected row, which TaskSums reads.
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
  static final int INFLATION = 10;
  static final int INFLATION_LOW = 11;
  static final int INFLATION_HIGH = 12;
  static final int IN_WINDOW = 13;
  static final int FIRST_SLICE = 14;

  private WindowPass() {}

  /**
   * @param window rows of decisions_labeled: score, action, p_allow, amount, policy_action, outcome,
   *     labeled_as_of, the slice columns, for intervals the resampling unit, and for delay-adjusted sums
   *     the inflation columns of {@link DelayModel#withInflation}
   * @param clipWeight the cap of the clipped IPS weights
   * @param bootstrap the intervals to compute, or null for none
   */
  public static Result run(Dataset<Row> window, ThresholdGrid grid, List<String> sliceColumns, double clipWeight,
      int maxSliceValues, Bootstrap bootstrap) {
    return run(window, grid, sliceColumns, clipWeight, maxSliceValues, bootstrap, Beyond.none());
  }

  /** {@link #run}, over rows that reach beyond the window, also summing {@code beyond}'s columns. */
  public static Result run(Dataset<Row> rows, ThresholdGrid grid, List<String> sliceColumns, double clipWeight,
      int maxSliceValues, Bootstrap bootstrap, Beyond beyond) {
    // Without slice columns the whole window is the one "slice column", its one value 'all'.
    List<String> windowKeys = sliceColumns.isEmpty() ? List.of(Tables.ALL) : sliceColumns;
    List<String> keys = new ArrayList<>(windowKeys);
    keys.addAll(beyond.columns());
    int[] limits = new int[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      limits[k] = k < windowKeys.size() ? maxSliceValues : beyond.maxValues();
    }
    int windowKeyCount = windowKeys.size();
    List<Column> columns = new ArrayList<>(List.of(
        col(DecisionLog.SCORE), col(DecisionLog.P_ALLOW), col(DecisionLog.AMOUNT),
        col(DecisionLog.ACTION).equalTo(DecisionLog.ALLOW),
        col(Tables.OUTCOME).equalTo(Tables.FRAUD), col(Tables.OUTCOME).equalTo(Tables.LEGIT),
        col(Tables.OUTCOME).equalTo(Tables.PENDING), productionBlocks(), col(Tables.LABELED_AS_OF),
        bootstrap == null ? lit(null).cast(DataTypes.StringType) : col(bootstrap.unitColumn()).cast(DataTypes.StringType),
        inflation(rows, DelayModel.INFLATION), inflation(rows, DelayModel.INFLATION_LOW),
        inflation(rows, DelayModel.INFLATION_HIGH), coalesce(beyond.inWindow(), lit(false))));
    for (String column : sliceColumns) {
      columns.add(col(Contract.quote(column)).cast(DataTypes.StringType));
    }
    if (sliceColumns.isEmpty()) {
      columns.add(lit(Tables.ALL));
    }
    for (String column : beyond.columns()) {
      columns.add(col(Contract.quote(column)).cast(DataTypes.StringType));
    }
    Dataset<Row> projected = rows.select(columns.toArray(Column[]::new));

    TreeMap<Slice, TaskSums.Partial> merged;
    try {
      // Each task's sums (every slice value's) merged in a tree whose last level hands the driver about four:
      // with a few tasks that is one stage and no shuffle; with many, the merging stays on the executors.
      JavaRDD<TreeMap<Slice, TaskSums.Partial>> partials = projected.queryExecution().toRdd().toJavaRDD()
          .mapPartitions(partition -> {
            TaskSums task = new TaskSums(grid, keys, windowKeyCount, limits, clipWeight, bootstrap);
            partition.forEachRemaining(task::add);
            return List.of(task.finish()).iterator();
          });
      int depth = Math.max(2, (int) Math.ceil(Math.log(partials.getNumPartitions()) / Math.log(4)));
      merged = partials.treeAggregate(new TreeMap<>(), WindowPass::merge, WindowPass::merge, depth);
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      throw ContractException.unwrap(e);
    }
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      TaskSums.checkCardinality(key, merged.keySet().stream().filter(s -> s.key().equals(key)).count(), limits[k]);
    }
    TaskSums.Partial all = new TaskSums.Partial(0, grid.buckets(), bootstrap,
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
    return new Result(decisions, labelsAsOf, slices, replicates);
  }

  /** What a reported fraud stands for by the delay model ({@link LabelDelays}), or itself without one. */
  private static Column inflation(Dataset<Row> window, String column) {
    return List.of(window.columns()).contains(column) ? col(column).cast(DataTypes.DoubleType) : lit(1.0);
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

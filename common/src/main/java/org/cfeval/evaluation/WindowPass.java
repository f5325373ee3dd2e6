package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.Multiplicities;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.tables.Tables;

/**
 * The single pass over a window behind every estimate: each decision is assigned its score bucket and
 * what the production policy did, and added to the {@link SliceBuckets} of its value of every slice
 * column and, when it is labelled and intervals are on, with its resampling unit's Poisson(1)
 * multiplicities to the {@link ReplicateSums} of every replicate. One Spark job whatever the number of
 * thresholds, slices and replicates.
 *
 * <p>Tasks read Spark's internal rows (no conversion to Java objects) and keep one accumulator per
 * slice value they meet: about 450 bytes per bucket for the point sums, plus 64 x replicates bytes per
 * interval bucket for the bootstrap (1.3 MB at 100 interval thresholds and 200 replicates), per slice
 * value; a task that meets more than --max-slice-values values of a column fails naming it. The whole
 * window's sums are those of the first slice column's values added up (exact: fixed point), so each
 * decision is added once per slice column, not once more for the whole window.
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

  // Ordinals of the projected row.
  private static final int SCORE = 0;
  private static final int P_ALLOW = 1;
  private static final int AMOUNT = 2;
  private static final int ALLOWED = 3;
  private static final int FRAUD = 4;
  private static final int LEGIT = 5;
  private static final int PENDING = 6;
  private static final int PRODUCTION_BLOCKS = 7;
  private static final int LABELED_AS_OF = 8;
  private static final int UNIT = 9;
  private static final int INFLATION = 10;
  private static final int INFLATION_LOW = 11;
  private static final int INFLATION_HIGH = 12;
  private static final int IN_WINDOW = 13;
  private static final int FIRST_SLICE = 14;

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

    TreeMap<Slice, Partial> merged;
    try {
      // Each task's sums (every slice value's) merged in a tree whose last level hands the driver about four:
      // with a few tasks that is one stage and no shuffle; with many, the merging stays on the executors.
      JavaRDD<TreeMap<Slice, Partial>> partials = projected.queryExecution().toRdd().toJavaRDD()
          .mapPartitions(partition -> List.of(accumulate(partition, grid, keys, windowKeyCount, limits, clipWeight,
              bootstrap)).iterator());
      int depth = Math.max(2, (int) Math.ceil(Math.log(partials.getNumPartitions()) / Math.log(4)));
      merged = partials.treeAggregate(new TreeMap<>(), WindowPass::merge, WindowPass::merge, depth);
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      throw ContractException.unwrap(e);
    }
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      checkCardinality(key, merged.keySet().stream().filter(s -> s.key().equals(key)).count(), limits[k]);
    }
    Partial all = new Partial(grid.buckets(), bootstrap, replicateBuckets(bootstrap, 0, windowKeyCount));
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
  private static TreeMap<Slice, Partial> merge(TreeMap<Slice, Partial> into, TreeMap<Slice, Partial> other) {
    other.forEach((slice, partial) -> into.merge(slice, partial, Partial::merge));
    return into;
  }

  /** One task's sums; the first {@code windowKeys} keys take only the window's rows. */
  private static TreeMap<Slice, Partial> accumulate(Iterator<InternalRow> rows, ThresholdGrid grid,
      List<String> keys, int windowKeys, int[] limits, double clipWeight, Bootstrap bootstrap) {
    List<SliceValueTable<Partial>> byValue = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      byValue.add(new SliceValueTable<>());
    }
    Partial[] targets = new Partial[keys.size()];
    DecisionTerms decision = new DecisionTerms(clipWeight);
    double[] multiplicities = bootstrap == null ? null : new double[bootstrap.replicates()];
    double[] replicateTerms = new double[ReplicateSums.TERMS];
    int labelsAsOf = Integer.MAX_VALUE;
    while (rows.hasNext()) {
      InternalRow row = rows.next();
      double score = row.getDouble(SCORE);
      boolean productionBlocks = row.getBoolean(PRODUCTION_BLOCKS);
      decision.of(row.getBoolean(ALLOWED), row.getBoolean(FRAUD), row.getBoolean(LEGIT), row.getBoolean(PENDING),
          row.getDouble(P_ALLOW), row.getDouble(AMOUNT), row.getDouble(INFLATION), row.getDouble(INFLATION_LOW),
          row.getDouble(INFLATION_HIGH));
      int bucket = grid.bucketOf(score);
      if (!row.isNullAt(LABELED_AS_OF)) {
        labelsAsOf = Math.min(labelsAsOf, row.getInt(LABELED_AS_OF));
      }
      boolean inWindow = row.getBoolean(IN_WINDOW);
      for (int k = 0; k < targets.length; k++) {
        if (k < windowKeys && !inWindow) {
          targets[k] = null;
          continue;
        }
        UTF8String value = row.isNullAt(FIRST_SLICE + k) ? null : row.getUTF8String(FIRST_SLICE + k);
        SliceValueTable<Partial> values = byValue.get(k);
        Partial target = values.get(value);
        if (target == null) {
          checkCardinality(keys.get(k), values.size() + 1, limits[k]);
          target = new Partial(grid.buckets(), bootstrap, replicateBuckets(bootstrap, k, windowKeys));
          values.put(value == null ? null : value.copy(), target);
        }
        target.sums.add(bucket, productionBlocks, decision.stats());
        targets[k] = target;
      }
      if (bootstrap == null) {
        continue;
      }
      int intervalBucket = bootstrap.grid().bucketOf(score);
      for (int k = 0; k < windowKeys; k++) {
        if (targets[k] != null && targets[k].replicates != null) {
          targets[k].replicates.count(intervalBucket, productionBlocks);
        }
      }
      if (decision.labelled()) {
        if (row.isNullAt(UNIT)) {
          throw new ContractException("resampling unit column '" + bootstrap.unitColumn() + "' is null");
        }
        Multiplicities.fill(bootstrap.seed(), Multiplicities.hash(row.getUTF8String(UNIT).getBytes()), multiplicities);
        ReplicateSums.terms(decision, replicateTerms);
        boolean fraud = row.getBoolean(FRAUD);
        for (int k = 0; k < targets.length; k++) {
          Partial target = targets[k];
          if (target != null && target.replicates != null && (k < windowKeys || fraud)) {
            target.replicates.add(k < windowKeys ? intervalBucket : 0, productionBlocks, replicateTerms,
                multiplicities);
          }
        }
      }
    }
    TreeMap<Slice, Partial> partials = new TreeMap<>();
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      int taskLabelsAsOf = labelsAsOf;
      byValue.get(k).forEach((value, partial) -> {
        partial.labelsAsOf = taskLabelsAsOf;
        partials.put(new Slice(key, value == null ? null : value.toString()), partial);
      });
    }
    return partials;
  }

  /**
   * The replicate cells of key {@code k}'s values: the interval grid's for a window column that keeps
   * replicates, one per production action for a {@link Beyond} column (the nowcast resamples a cohort's
   * reported fraud, not its curve), none otherwise.
   */
  private static int replicateBuckets(Bootstrap bootstrap, int k, int windowKeys) {
    if (bootstrap == null) {
      return 0;
    }
    return k >= windowKeys ? 1 : k < bootstrap.columns() ? bootstrap.grid().buckets() : 0;
  }

  private static void checkCardinality(String column, long values, int maxValues) {
    if (values > maxValues) {
      throw new ContractException(String.format("slice column '%s' has more than %d distinct values in the window"
          + " (--max-slice-values); choose a coarser column or raise the limit", column, maxValues));
    }
  }

  /** One slice value's sums within a task, then merged across tasks. */
  private static final class Partial implements Serializable {
    final SliceBuckets sums;
    final ReplicateSums replicates;
    int labelsAsOf = Integer.MAX_VALUE;

    Partial(int buckets, Bootstrap bootstrap, int replicateBuckets) {
      sums = new SliceBuckets(buckets);
      replicates = replicateBuckets == 0 ? null : new ReplicateSums(replicateBuckets, bootstrap.replicates());
    }

    Partial merge(Partial other) {
      sums.merge(other.sums);
      if (replicates != null) {
        replicates.merge(other.replicates);
      }
      labelsAsOf = Math.min(labelsAsOf, other.labelsAsOf);
      return this;
    }
  }
}

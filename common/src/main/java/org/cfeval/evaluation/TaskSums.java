package org.cfeval.evaluation;

import static org.cfeval.evaluation.WindowPass.*;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.cfeval.contract.ContractException;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.Multiplicities;
import org.cfeval.stats.ReplicateBatch;
import org.cfeval.stats.ReplicateSums;

/**
 * One task's share of the {@link WindowPass}: its rows' sums for every value it meets of every key (the
 * slice columns, then the columns beyond the window), read from Spark's internal rows of the pass's
 * projection. With two or more slice columns a decision is added once, to its combination of their
 * values ({@link ValueCombinations}), and each value's sums are its combinations' added up at the end. In
 * a pass with the delay model ({@link WindowPass.Delays}), {@link TaskDelays} takes every row of the span
 * for the histogram, and holds back the delay-dependent terms of the pass's own rows.
 */
final class TaskSums {
  /** One slice value's sums within a task, then merged across tasks. */
  static final class Partial implements Serializable {
    final SliceBuckets sums;
    final ReplicateSums replicates;
    /** The value's number among its column's in the task, by first appearance; not kept past the task. */
    final transient int id;
    int labelsAsOf = Integer.MAX_VALUE;
    /** A cohort value's reports due, until the delay model is known; null elsewhere. */
    DueCells due;

    Partial(int id, int buckets, int replicates, int replicateBuckets) {
      this.id = id;
      sums = new SliceBuckets(buckets);
      this.replicates = replicateBuckets == 0 ? null : new ReplicateSums(replicateBuckets, replicates);
    }

    /** A copy, sharing no array with these sums. */
    Partial copy() {
      Partial copy = new Partial(id, sums.buckets(), replicates == null ? 0 : replicates.replicates(),
          replicates == null ? 0 : replicates.buckets());
      return copy.merge(this);
    }

    Partial merge(Partial other) {
      sums.merge(other.sums);
      if (replicates != null) {
        replicates.merge(other.replicates);
      }
      labelsAsOf = Math.min(labelsAsOf, other.labelsAsOf);
      if (other.due != null) {
        due().merge(other.due);
      }
      return this;
    }

    DueCells due() {
      if (due == null) {
        due = new DueCells();
      }
      return due;
    }
  }

  private final ThresholdGrid grid;
  private final List<String> keys;
  private final int windowKeys;
  private final int[] limits;
  private final WindowPass.Bootstrap bootstrap;
  private final List<SliceValueTable<Partial>> byValue = new ArrayList<>();
  private final Partial[] targets;
  private final DecisionTerms decision;
  private final ValueCombinations<Partial> combinations;
  private final int[] valueIds;
  private final ReplicateBatch batch;
  /** A curve bucket's interval bucket, where every interval threshold is one of the curve's (else null: searched). */
  private final int[] intervalBuckets;
  private final ReplicateSums[] replicateTargets;
  private final int[] replicateBuckets;
  private final double[] replicateTerms = new double[ReplicateSums.TERMS];
  private final TaskDelays delays;
  private byte[] unit = new byte[64];
  private int labelsAsOf = Integer.MAX_VALUE;

  /**
   * Sums over {@code keys}; the first {@code windowKeys} (the slice columns) take only the window's rows.
   * With {@code delays} (else null) every row also goes to the delay histogram, and only the pass's rows to
   * the sums, their delay-dependent terms held back.
   */
  TaskSums(ThresholdGrid grid, List<String> keys, int windowKeys, int[] limits, double clipWeight,
      WindowPass.Bootstrap bootstrap, TaskDelays delays) {
    this.delays = delays;
    this.grid = grid;
    this.keys = keys;
    this.windowKeys = windowKeys;
    this.limits = limits;
    this.bootstrap = bootstrap;
    for (int k = 0; k < keys.size(); k++) {
      byValue.add(new SliceValueTable<>());
    }
    targets = new Partial[keys.size()];
    decision = new DecisionTerms(clipWeight);
    // A combination's sums at most: about 450 bytes per bucket and production action for the point sums, and 8
    // per replicate and resampled sum (8 of them) for the replicates.
    long bytes = 900L * grid.buckets() + (bootstrap == null ? 0 : 128L * bootstrap.replicates() * replicateBuckets(0));
    combinations = windowKeys < 2 || ValueCombinations.limit(bytes) == 0 ? null : new ValueCombinations<>(windowKeys,
        bytes, () -> new Partial(0, grid.buckets(), replicates(), replicateBuckets(0)));
    valueIds = new int[windowKeys];
    batch = bootstrap == null ? null : new ReplicateBatch(bootstrap.seed(), bootstrap.replicates(), keys.size());
    intervalBuckets = bootstrap == null || !grid.holds(bootstrap.grid()) ? null : grid.bucketsIn(bootstrap.grid());
    replicateTargets = new ReplicateSums[keys.size()];
    replicateBuckets = new int[keys.size()];
  }

  /** Adds every row of a task's partition; returns how many. */
  long addAll(Iterator<InternalRow> rows) {
    long count = 0;
    while (rows.hasNext()) {
      add(rows.next());
      count++;
    }
    return count;
  }

  /** Adds one row of the pass's projection. */
  void add(InternalRow row) {
    if (delays != null) {
      delays.read(row);
    }
    if (!row.getBoolean(IN_PASS)) {
      return;
    }
    double score = row.getDouble(SCORE);
    boolean productionBlocks = row.getBoolean(PRODUCTION_BLOCKS);
    boolean fraud = row.getBoolean(FRAUD);
    decision.of(row.getBoolean(ALLOWED), fraud, row.getBoolean(LEGIT), row.getBoolean(PENDING),
        row.getDouble(P_ALLOW), row.getDouble(AMOUNT));
    int bucket = grid.bucketOf(score);
    if (!row.isNullAt(LABELED_AS_OF)) {
      labelsAsOf = Math.min(labelsAsOf, row.getInt(LABELED_AS_OF));
    }
    boolean inWindow = row.getBoolean(IN_WINDOW);
    for (int k = 0; k < targets.length; k++) {
      targets[k] = k < windowKeys && !inWindow ? null : valueOf(row, k);
    }
    // The decision's combination of slice values stands in for each of them; without one (fewer than two slice
    // columns, a task past its combinations, or a row outside the window) each value takes it itself.
    Partial combination = null;
    if (combinations != null && inWindow) {
      for (int k = 0; k < windowKeys; k++) {
        valueIds[k] = targets[k].id;
      }
      combination = combinations.of(valueIds, targets);
    }
    int first = combination == null ? 0 : windowKeys;
    if (combination != null) {
      combination.sums.add(bucket, productionBlocks, decision.stats());
    }
    for (int k = first; k < targets.length; k++) {
      if (targets[k] != null) {
        targets[k].sums.add(bucket, productionBlocks, decision.stats());
      }
    }
    int intervalBucket = bootstrap == null ? 0
        : intervalBuckets == null ? bootstrap.grid().bucketOf(score) : intervalBuckets[bucket];
    long unitHash = bootstrap == null || !decision.labelled() ? 0 : unitHash(row);
    if (bootstrap != null) {
      addReplicates(intervalBucket, unitHash, productionBlocks, inWindow, combination, first, fraud);
    }
    if (delays != null) {
      delays.hold(row, bucket, intervalBucket, productionBlocks, decision.labelled() && fraud, unitHash, targets,
          windowKeys);
    }
  }

  /** The decision's count and, if labelled, its replicate terms, for the window's keys (or its combination) and beyond. */
  private void addReplicates(int intervalBucket, long unitHash, boolean productionBlocks, boolean inWindow,
      Partial combination, int first, boolean fraud) {
    Arrays.fill(replicateTargets, null);
    if (combination != null && combination.replicates != null) {
      replicateTargets[0] = combination.replicates;
    }
    for (int k = first; k < targets.length; k++) {
      Partial target = targets[k];
      if (target != null && target.replicates != null && (k < windowKeys || fraud)) {
        replicateTargets[k] = target.replicates;
      }
    }
    for (int k = 0; k < windowKeys && inWindow; k++) {
      if (replicateTargets[k] != null) {
        replicateTargets[k].count(intervalBucket, productionBlocks);
      }
      replicateBuckets[k] = intervalBucket;
    }
    if (decision.labelled()) {
      batch.add(unitHash, ReplicateSums.terms(decision.stats(), replicateTerms), productionBlocks, replicateTargets,
          replicateBuckets);
    }
  }

  /** The hash of a labelled decision's resampling unit ({@link Multiplicities#hash}). */
  private long unitHash(InternalRow row) {
    if (row.isNullAt(UNIT)) {
      throw new ContractException("resampling unit column '" + bootstrap.unitColumn() + "' is null");
    }
    UTF8String unitValue = row.getUTF8String(UNIT);
    if (unitValue.numBytes() > unit.length) {
      unit = new byte[unitValue.numBytes()];
    }
    unitValue.writeToMemory(unit, Platform.BYTE_ARRAY_OFFSET);
    return Multiplicities.hash(unit, unitValue.numBytes());
  }

  /** The sums of key {@code k}'s value in {@code row}, created when first met. */
  private Partial valueOf(InternalRow row, int k) {
    UTF8String value = row.isNullAt(FIRST_SLICE + k) ? null : row.getUTF8String(FIRST_SLICE + k);
    SliceValueTable<Partial> values = byValue.get(k);
    Partial target = values.get(value);
    if (target == null) {
      checkCardinality(keys.get(k), values.size() + 1, limits[k]);
      target = new Partial(values.size(), grid.buckets(), replicates(), replicateBuckets(k));
      values.put(value == null ? null : value.copy(), target);
    }
    return target;
  }

  /**
   * Every value's sums, the combinations' added in, with the task's delay histogram and held-back terms:
   * what a task of a pass with {@link WindowPass.Delays} keeps between its two Spark jobs.
   */
  record Held(TreeMap<Slice, Partial> sums, TaskDelays delays) implements Serializable {}

  Held finishHeld() {
    return new Held(finish(), delays);
  }

  /** Every value's sums, the combinations' added in. */
  TreeMap<Slice, Partial> finish() {
    if (batch != null) {
      batch.flush();
    }
    if (combinations != null) {
      combinations.addToValues(Partial::merge);
    }
    TreeMap<Slice, Partial> partials = new TreeMap<>();
    for (int k = 0; k < keys.size(); k++) {
      String key = keys.get(k);
      byValue.get(k).forEach((value, partial) -> {
        partial.labelsAsOf = labelsAsOf;
        partials.put(new Slice(key, value == null ? null : value.toString()), partial);
      });
    }
    return partials;
  }

  /**
   * The replicate cells of key {@code k}'s values: the interval grid's for a window column that keeps
   * replicates, one per production action for a {@link WindowPass.Beyond} column (the nowcast resamples a
   * cohort's reported fraud, not its curve), none otherwise.
   */
  private int replicates() {
    return bootstrap == null ? 0 : bootstrap.replicates();
  }

  int replicateBuckets(int k) {
    if (bootstrap == null) {
      return 0;
    }
    return k >= windowKeys ? 1 : k < bootstrap.columns() ? bootstrap.grid().buckets() : 0;
  }

  static void checkCardinality(String column, long values, int maxValues) {
    if (values > maxValues) {
      throw new ContractException(String.format("slice column '%s' has more than %d distinct values in the window"
          + " (--max-slice-values); choose a coarser column or raise the limit", column, maxValues));
    }
  }
}

package org.cfeval.evaluation;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Comparator;
import org.cfeval.stats.WideSum;

/**
 * What the delay model is estimated from, summed in the pass over the span ({@link WindowPass}): the fraud
 * reported by A on allowed decisions, per stratum (the whole span, each value of each --delay-strata
 * column, each fine score bin of the logged score), delay and age in whole days, weighing 1/p_allow (in
 * exact sums, so tasks merge in any order to the same bits); the oldest label run too old to know a
 * decision's reports; and the oldest decision. Plain Java: a task adds its rows, the driver merges the
 * tasks' and hands them to {@link LabelDelays}.
 */
final class DelayHistogram implements Serializable {
  /** The stratum number of the whole span; the --delay-strata columns follow, then the score bins. */
  static final int ALL = 0;
  static final int NONE = Integer.MAX_VALUE;
  private static final Comparator<Cell> ORDER = Comparator.comparingInt(Cell::stratum)
      .thenComparing(Cell::value, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparingInt(Cell::bin)
      .thenComparingInt(Cell::delay).thenComparingInt(Cell::age);

  /** One cell: stratum number, its value (null for the whole span and the bins), score bin (0 but for the bins), delay, age. */
  record Cell(int stratum, String value, int bin, int delay, int age) implements Serializable {}

  private final long asOfMicros;
  private final int horizon;
  private final int bins;
  // [weight (wide), squared weight (wide), reports]
  private final Map<Cell, long[]> cells = new HashMap<>();
  private int oldestStale = NONE;
  private long oldestDecided = Long.MAX_VALUE;

  /**
   * @param asOfMicros A 00:00 UTC, in microseconds since the epoch
   * @param bins the stratum number of the score bins, or {@link #NONE} for none
   */
  DelayHistogram(long asOfMicros, int horizon, int bins) {
    this.asOfMicros = asOfMicros;
    this.horizon = horizon;
    this.bins = bins;
  }

  /** A decision of the span, decided at {@code decidedMicros}, last labelled as of epoch day {@code labeledAsOf} ({@link #NONE}: never). */
  void decision(long decidedMicros, int labeledAsOf) {
    oldestDecided = Math.min(oldestDecided, decidedMicros);
    // A decision's reports within the horizon are known once a label run saw A or the horizon's end.
    if (labeledAsOf < Math.min(DelayModel.epochDay(asOfMicros), DelayModel.epochDay(decidedMicros) + horizon + 2L)) {
      oldestStale = Math.min(oldestStale, labeledAsOf);
    }
  }

  /**
   * The fraud report, by A, of an allowed decision of the span ({@link #decision} adds the decision): its
   * times, p_allow, values of the --delay-strata columns and the bin of its logged score.
   */
  void report(long decidedMicros, long reportedMicros, double pAllow, String[] strata, int bin) {
    int delay = DelayModel.wholeDays(decidedMicros, reportedMicros);
    int age = DelayModel.wholeDays(decidedMicros, asOfMicros);
    double weight = 1 / pAllow;
    add(new Cell(ALL, null, 0, delay, age), weight);
    for (int s = 0; s < strata.length; s++) {
      add(new Cell(ALL + 1 + s, strata[s], 0, delay, age), weight);
    }
    if (bins != NONE) {
      add(new Cell(bins, null, bin, delay, age), weight);
    }
  }

  private void add(Cell cell, double weight) {
    long[] sums = cells.computeIfAbsent(cell, c -> new long[2 * WideSum.LONGS + 1]);
    long[] term = new long[WideSum.LONGS];
    // Fixed point, so that tasks' cells merge in any order to the same bits.
    WideSum.set(term, 0, weight);
    WideSum.add(sums, 0, term, 0);
    WideSum.set(term, 0, weight * weight);
    WideSum.add(sums, WideSum.LONGS, term, 0);
    sums[2 * WideSum.LONGS]++;
  }

  /** Adds {@code other}'s cells into these (copying, never sharing, its arrays). */
  DelayHistogram merge(DelayHistogram other) {
    other.cells.forEach((cell, sums) -> {
      long[] into = cells.computeIfAbsent(cell, c -> new long[sums.length]);
      WideSum.add(into, 0, sums, 0);
      WideSum.add(into, WideSum.LONGS, sums, WideSum.LONGS);
      into[2 * WideSum.LONGS] += sums[2 * WideSum.LONGS];
    });
    oldestStale = Math.min(oldestStale, other.oldestStale);
    oldestDecided = Math.min(oldestDecided, other.oldestDecided);
    return this;
  }

  /** Every cell in a fixed order (sums of doubles depend on it), with its weight, squared weight and reports. */
  void forEach(CellConsumer consumer) {
    List<Cell> ordered = cells.keySet().stream().sorted(ORDER).toList();
    for (Cell cell : ordered) {
      long[] sums = cells.get(cell);
      consumer.accept(cell, WideSum.value(sums, 0), WideSum.value(sums, WideSum.LONGS), sums[2 * WideSum.LONGS]);
    }
  }

  interface CellConsumer {
    void accept(Cell cell, double weight, double squaredWeight, long reports);
  }

  /** The epoch day of the oldest label run too old to know a span decision's reports, or {@link #NONE}. */
  int oldestStale() {
    return oldestStale;
  }

  /** The earliest decided_at of the span, in microseconds (Long.MAX_VALUE when it is empty). */
  long oldestDecided() {
    return oldestDecided;
  }
}

package org.cfeval.evaluation;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.WideSum;

/**
 * A cohort value's reports due ({@link DecisionTerms#due}), held back until the delay model is known: per
 * (bucket, production action, age, score bin), its decisions, allowed decisions, explored decisions
 * (p_allow > 0) and the exact sum of their 1/p_allow. Cells merge exactly across tasks, and the model's
 * inflation is applied to the merged cells, so the sums do not depend on how the rows fell into tasks. A
 * cohort holds one or two ages, so its cells are about its buckets' score bins.
 */
final class DueCells implements Serializable {
  private static final int DECISIONS = 0;
  private static final int ALLOWED = 1;
  private static final int EXPLORED = 2;
  private static final int INVERSE_P = 3;
  private static final int BIN_BITS = 17;
  private static final int AGE_BITS = 15;

  private final Map<Long, long[]> cells = new HashMap<>();
  private final long[] term = new long[WideSum.LONGS];

  /** A decision of the cohort: bucket, production action, age (0 to the horizon) and score bin (below 2^17). */
  void add(int bucket, boolean productionBlocks, int age, int bin, boolean allowed, double pAllow) {
    long key = ((long) bucket << 1 | (productionBlocks ? 1 : 0)) << (AGE_BITS + BIN_BITS) | (long) age << BIN_BITS | bin;
    long[] sums = cells.computeIfAbsent(key, k -> new long[INVERSE_P + WideSum.LONGS]);
    sums[DECISIONS]++;
    if (allowed) {
      sums[ALLOWED]++;
    }
    if (pAllow > 0) {
      sums[EXPLORED]++;
      WideSum.set(term, 0, 1 / pAllow);
      WideSum.add(sums, INVERSE_P, term, 0);
    }
  }

  /** Adds {@code other}'s cells into these (copying, never sharing, its arrays). */
  DueCells merge(DueCells other) {
    other.cells.forEach((key, sums) -> {
      long[] into = cells.computeIfAbsent(key, k -> new long[sums.length]);
      for (int i = DECISIONS; i < INVERSE_P; i++) {
        into[i] += sums[i];
      }
      WideSum.add(into, INVERSE_P, sums, INVERSE_P);
    });
    return this;
  }

  /** Adds the reports due of every cell to {@code sums}, each decision standing for its curve's inflation at its age. */
  void addTo(SliceBuckets sums, DelayModel.Inflation inflation) {
    BucketStats terms = new BucketStats();
    cells.forEach((key, cell) -> {
      int bin = (int) (key & ((1L << BIN_BITS) - 1));
      int age = (int) (key >>> BIN_BITS & ((1L << AGE_BITS) - 1));
      boolean productionBlocks = (key >>> (AGE_BITS + BIN_BITS) & 1) == 1;
      int bucket = (int) (key >>> (AGE_BITS + BIN_BITS + 1));
      DecisionTerms.due(terms, cell[DECISIONS], cell[ALLOWED], cell[EXPLORED], WideSum.value(cell, INVERSE_P),
          inflation.central()[inflation.curve(bin)][inflation.age(age)]);
      sums.add(bucket, productionBlocks, terms);
    });
  }
}

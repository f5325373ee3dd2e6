package org.cfeval.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A task's sums by combination of a decision's values of the slice columns. Adding a decision's terms
 * (and, with intervals, its replicates) is most of the pass's cost. Added to each column's value, it is
 * paid once per column; added to the combination, once. Each value's sums are its combinations' added
 * up when the task ends, exactly (the sums are whole units). Slice columns are mostly nested or few-valued: the simulated
 * region and card country make 10 combinations of 14 values. A task keeps a bounded number of
 * combinations ({@link #limit}); a decision of any further one is added to each column's value, as it
 * would be without combinations.
 *
 * @param <S> the sums of a slice value, and of a combination of them
 */
final class ValueCombinations<S> {
  /** The most combinations a task keeps. */
  static final int MAX = 64;
  /** The memory a task's combinations may take, beside its slice values' own. */
  static final long BUDGET_BYTES = 64L << 20;

  private record Combination<S>(S sums, List<S> values) {}

  private final int columns;
  private final int limit;
  private final int bits;
  private final Supplier<S> create;
  private final Map<Long, Combination<S>> byValues = new HashMap<>();
  private final List<Combination<S>> combinations = new ArrayList<>();

  /**
   * Combinations of {@code columns} slice columns' values, each summed into a new {@code create}, as
   * many as {@link #limit} allows for sums of {@code bytes} each.
   */
  ValueCombinations(int columns, long bytes, Supplier<S> create) {
    this.columns = columns;
    this.limit = limit(bytes);
    this.bits = Long.SIZE / columns;
    this.create = create;
  }

  /**
   * The sums of the combination of the values numbered {@code ids} (in their column, by first appearance
   * in the task), whose own sums are {@code values}; null when the task keeps no more combinations or a
   * number does not fit the combination's key.
   */
  S of(int[] ids, S[] values) {
    long key = 0;
    for (int c = 0; c < columns; c++) {
      if (bits < Integer.SIZE && ids[c] >>> bits != 0) {
        return null;
      }
      key = key << bits | ids[c];
    }
    Combination<S> combination = byValues.get(key);
    if (combination == null) {
      if (combinations.size() == limit) {
        return null;
      }
      combination = new Combination<>(create.get(), List.copyOf(Arrays.asList(values).subList(0, columns)));
      byValues.put(key, combination);
      combinations.add(combination);
    }
    return combination.sums();
  }

  /** How many combinations of sums of {@code bytes} each a task keeps: up to {@link #MAX}, within {@link #BUDGET_BYTES}. */
  static int limit(long bytes) {
    return (int) Math.min(MAX, BUDGET_BYTES / Math.max(1, bytes));
  }

  /** Calls {@code addTo} with each combination's sums and the sums of each of its values. */
  void addToValues(BiConsumer<S, S> addTo) {
    for (Combination<S> combination : combinations) {
      for (S value : combination.values()) {
        addTo.accept(value, combination.sums());
      }
    }
  }
}

package org.cfeval.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Where score bands are cut: at the edges of fixed fine bins, 32 per octave of the score (each under
 * 3.2% of its lower edge wide, whatever the score's scale), chosen to split counts at quantiles. Fixed
 * bins let one aggregation count by bin before any band is known; the bands are then sums of bins, and a
 * score is below an edge exactly when its bin is.
 */
public final class BandEdges {
  /** Mantissa bits below the 5 that number a bin within its octave. */
  private static final int DROPPED_BITS = 52 - 5;
  /** Makes bin numbers non-negative: an ordered long shifted right by {@link #DROPPED_BITS} is at least -2^16. */
  private static final int BIN_OFFSET = 1 << 16;

  private BandEdges() {}

  /**
   * The lower edge of {@code score}'s bin: the largest bin edge not above it. Monotone, and every edge is
   * its own bin's lower edge, so {@code score < e} for an edge {@code e} exactly when {@code binFloor(score) < e}.
   */
  public static double binFloor(double score) {
    return floorOfBin(bin(score));
  }

  /** The number of {@code score}'s bin: ascending with the score, and below 2^17, so it packs into a key. */
  public static int bin(double score) {
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("a NaN score has no bin");
    }
    return (int) (ordered(score) >> DROPPED_BITS) + BIN_OFFSET;
  }

  /** The lower edge of bin number {@code bin} ({@link #bin}). */
  public static double floorOfBin(int bin) {
    return unordered((long) (bin - BIN_OFFSET) << DROPPED_BITS);
  }

  /**
   * Up to {@code bands - 1} edges among {@code binFloors} (ascending, each with its {@code counts}) splitting
   * the counts as near as the bins allow to the b / bands quantiles: for each, the edge below which the
   * share of the counts is closest to b / bands. Edges that would leave a band empty are dropped.
   */
  public static List<Double> atQuantiles(double[] binFloors, long[] counts, int bands) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    List<Double> edges = new ArrayList<>();
    for (int b = 1; b < bands && total > 0; b++) {
      double target = (double) b / bands;
      long below = 0;
      int best = -1;
      double bestDistance = Double.POSITIVE_INFINITY;
      // Edge i has bins 0 .. i - 1 below it; edge 0 and none past the last bin would leave a band empty.
      for (int i = 1; i < binFloors.length; i++) {
        below += counts[i - 1];
        double distance = Math.abs((double) below / total - target);
        if (distance < bestDistance) {
          bestDistance = distance;
          best = i;
        }
      }
      if (best > 0 && (edges.isEmpty() || edges.get(edges.size() - 1) < binFloors[best])) {
        edges.add(binFloors[best]);
      }
    }
    return edges;
  }

  /**
   * The double's bits as a long that orders like the double: the magnitude's bits, negated for negative
   * values (so -0.0 is 0, and a bin edge's low bits are zero on either side of it).
   */
  private static long ordered(double value) {
    long bits = Double.doubleToRawLongBits(value);
    return bits < 0 ? -(bits & Long.MAX_VALUE) : bits;
  }

  private static double unordered(long ordered) {
    return Double.longBitsToDouble(ordered < 0 ? -ordered | Long.MIN_VALUE : ordered);
  }
}

package org.cfeval.stats;

import java.util.Arrays;

/**
 * A percentile bootstrap interval, with how many replicates it rests on: {@code replicates} of the
 * {@code drawn} ones had the figure defined; the others (a zero denominator) are left out, and counted.
 */
public record Interval(double lo, double hi, int replicates, int drawn) {

  /**
   * The (1 - confidence)/2 and (1 + confidence)/2 quantiles (linear interpolation between order
   * statistics) of the replicates' values; replicates where the metric is undefined (null) are left
   * out, and counted. Null when no replicate has a value.
   */
  public static Interval percentile(Double[] replicates, double confidence) {
    double[] values = Arrays.stream(replicates).filter(v -> v != null).mapToDouble(Double::doubleValue).sorted()
        .toArray();
    if (values.length == 0) {
      return null;
    }
    return new Interval(quantile(values, (1 - confidence) / 2), quantile(values, (1 + confidence) / 2),
        values.length, replicates.length);
  }

  static double quantile(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}

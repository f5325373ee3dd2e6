package org.cfeval.curve;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The thresholds t of the policies "block if score > t", sorted and distinct. Scores are bucketed by
 * how many thresholds lie strictly below them, so "score > t_k" is exactly "bucket > k" and every
 * policy's confusion matrix is a prefix/suffix sum over buckets.
 */
public final class ThresholdGrid implements Serializable {
  /** More would make the collected bucket table large without making any curve more useful. */
  public static final int MAX_THRESHOLDS = 20_000;

  private final double[] thresholds;
  /**
   * bucketOf's index: the range [first, last] cut into as many equal cells as there are thresholds, and
   * for each cell the thresholds in cells before it, so a score's search covers the few of its own cell
   * (the pass buckets every decision: a search of all 1,000 thresholds was a fifth of its time). Built
   * where the grid is used, not shipped to tasks.
   */
  private transient int[] cellStarts;

  private ThresholdGrid(double[] thresholds) {
    this.thresholds = thresholds;
  }

  public static ThresholdGrid of(Collection<Double> thresholds) {
    double[] sorted = thresholds.stream().mapToDouble(Double::doubleValue).sorted().distinct().toArray();
    for (double t : sorted) {
      if (!Double.isFinite(t)) {
        throw new IllegalArgumentException("threshold must be finite, got " + t);
      }
    }
    if (sorted.length == 0) {
      throw new IllegalArgumentException(
          "no thresholds: give --thresholds, --threshold-count or --threshold-quantiles");
    }
    if (sorted.length > MAX_THRESHOLDS) {
      throw new IllegalArgumentException(
          "too many thresholds: " + sorted.length + " (at most " + MAX_THRESHOLDS + ")");
    }
    return new ThresholdGrid(sorted);
  }

  /** {@code count} thresholds evenly spaced from {@code low} to {@code high}, both included. */
  public static List<Double> evenlySpaced(double low, double high, int count) {
    if (count == 0) {
      return List.of();
    }
    if (count == 1 || high <= low) {
      return List.of(low);
    }
    Double[] values = new Double[count];
    for (int i = 0; i < count; i++) {
      values[i] = i == count - 1 ? high : low + (high - low) * i / (count - 1);
    }
    return Arrays.asList(values);
  }

  /** The probabilities 1/(n+1) .. n/(n+1) at which score quantiles become thresholds. */
  public static double[] quantileProbabilities(int count) {
    double[] probabilities = new double[count];
    for (int i = 0; i < count; i++) {
      probabilities[i] = (i + 1.0) / (count + 1.0);
    }
    return probabilities;
  }

  public int size() {
    return thresholds.length;
  }

  public double threshold(int k) {
    return thresholds[k];
  }

  /** Number of buckets: one more than the thresholds. */
  public int buckets() {
    return thresholds.length + 1;
  }

  /** The index of threshold {@code t}, or -1 when it is not on the grid. */
  public int indexOf(double t) {
    int found = Arrays.binarySearch(thresholds, t);
    return found >= 0 ? found : -1;
  }

  /** Whether every threshold of {@code other} is one of this grid's. */
  public boolean holds(ThresholdGrid other) {
    return Arrays.stream(other.thresholds).allMatch(t -> indexOf(t) >= 0);
  }

  /**
   * For each bucket of this grid, the bucket of {@code coarser} holding it, every threshold of
   * {@code coarser} being one of this grid's: bucket b holds scores above threshold b - 1, so the coarser
   * thresholds below them are those at or below it.
   */
  public int[] bucketsIn(ThresholdGrid coarser) {
    int[] in = new int[buckets()];
    for (int b = 1; b < buckets(); b++) {
      in[b] = coarser.bucketOf(Math.nextUp(thresholds[b - 1]));
    }
    return in;
  }

  /** The number of thresholds strictly below {@code score}, in [0, size()]. */
  public int bucketOf(double score) {
    int[] starts = cellStarts;
    if (starts == null) {
      starts = cellStarts = cellStarts(); // a race builds the same array twice, harmlessly
    }
    // A threshold in an earlier cell is below the score and one in a later cell above it (cellOf is
    // monotone), so only the score's own cell is searched.
    int cell = cellOf(score);
    int found = Arrays.binarySearch(thresholds, starts[cell], starts[cell + 1], score);
    return found >= 0 ? found : -(found + 1);
  }

  private int cellOf(double x) {
    double first = thresholds[0];
    double span = thresholds[thresholds.length - 1] - first;
    if (!(span > 0)) {
      return 0;
    }
    double cell = Math.floor((x - first) / span * thresholds.length);
    return (int) Math.max(0, Math.min(thresholds.length - 1, cell));
  }

  private int[] cellStarts() {
    int[] starts = new int[thresholds.length + 1];
    for (double t : thresholds) {
      starts[cellOf(t) + 1]++;
    }
    for (int c = 1; c < starts.length; c++) {
      starts[c] += starts[c - 1];
    }
    return starts;
  }
}

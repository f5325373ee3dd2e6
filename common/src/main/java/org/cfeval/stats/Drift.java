package org.cfeval.stats;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * How far one period's distribution of a column has moved from a reference period's, from the counts
 * of both in the same bins: the reference's quantile bins for a numeric column, its categories (and the
 * ones it never had) for a categorical one. Bins are aligned: {@code reference[i]} and {@code current[i]}
 * count the same values.
 */
public final class Drift {
  /**
   * The least share a bin counts with in the population stability index: an empty bin would make it
   * infinite, and one decision in ten thousand is what the smallest useful period holds.
   */
  public static final double PSI_EPSILON = 1e-4;

  /** {@link #minExpected} below which a comparison has too little support to be judged. */
  public static final double MIN_EXPECTED = 5;

  private Drift() {}

  /** sum over bins of (c - r) ln(c / r), the shares floored at {@link #PSI_EPSILON}; null if a side is empty. */
  public static Double psi(long[] reference, long[] current) {
    long n = total(reference);
    long m = total(current);
    if (n == 0 || m == 0) {
      return null;
    }
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double r = Math.max(PSI_EPSILON, (double) reference[i] / n);
      double c = Math.max(PSI_EPSILON, (double) current[i] / m);
      psi += (c - r) * Math.log(c / r);
    }
    return psi;
  }

  /**
   * The PSI that sampling alone exceeds with probability {@code alpha}, for these counts: without drift,
   * PSI times (1/n + 1/m)^-1 is about chi-square with bins - 1 degrees of freedom, so a small slice's PSI is
   * noisy where a large one's is not.
   */
  public static Double psiNoise(long[] reference, long[] current, double alpha) {
    return psiNoise(reference, current, alpha, 1, 1);
  }

  /**
   * The same with decisions that come in clusters: each period's variance inflated by its design effect
   * (decisions per cluster, an upper bound, reached by a column every decision of a cluster shares).
   */
  public static Double psiNoise(long[] reference, long[] current, double alpha, double referenceEffect,
      double currentEffect) {
    long n = total(reference);
    long m = total(current);
    int bins = 0;
    for (int i = 0; i < reference.length; i++) {
      bins += reference[i] + current[i] > 0 ? 1 : 0;
    }
    if (n == 0 || m == 0 || bins < 2) {
      return null;
    }
    return new ChiSquaredDistribution(null, bins - 1).inverseCumulativeProbability(1 - alpha)
        * (referenceEffect / n + currentEffect / m);
  }

  /**
   * Fewest decisions the smaller period is expected to have in a bin that either period has, at the pooled
   * shares, counting {@code smaller} decisions in it: below {@link #MIN_EXPECTED} the chi-square
   * approximation behind {@link #psiNoise} fails (PSI then exceeds its 5% level about 12% of the time: a 2%
   * bin, 100 decisions).
   */
  public static double minExpected(long[] reference, long[] current, double smaller) {
    long n = total(reference);
    long m = total(current);
    double least = Double.POSITIVE_INFINITY;
    for (int i = 0; i < reference.length; i++) {
      long pooled = reference[i] + current[i];
      if (pooled > 0) {
        least = Math.min(least, (double) pooled / (n + m) * smaller);
      }
    }
    return least;
  }

  /**
   * The bins merged until each expects at least {@link #MIN_EXPECTED} of the smaller period's
   * {@code smaller} decisions: adjacent ones where the bins are ordered (a numeric column's), else the
   * sparse ones into one (a categorical column's long tail), so a thin slice or a rare category still gets
   * a PSI and a noise level the chi-square approximation holds for. [period][pooled bin].
   */
  public static long[][] pooled(long[] reference, long[] current, double smaller, boolean ordered) {
    long n = total(reference);
    long m = total(current);
    double perCount = n + m == 0 ? 0 : smaller / (n + m);
    List<long[]> bins = new ArrayList<>();
    long[] open = new long[2];
    long[] sparse = new long[2];
    for (int i = 0; i < reference.length; i++) {
      long[] into = ordered ? open : (reference[i] + current[i]) * perCount >= MIN_EXPECTED ? new long[2] : sparse;
      into[0] += reference[i];
      into[1] += current[i];
      if (ordered && (open[0] + open[1]) * perCount >= MIN_EXPECTED) {
        bins.add(open);
        open = new long[2];
      } else if (!ordered && into != sparse) {
        bins.add(into);
      }
    }
    long[] rest = ordered ? open : sparse;
    if (rest[0] + rest[1] > 0) {
      if ((rest[0] + rest[1]) * perCount >= MIN_EXPECTED || bins.isEmpty()) {
        bins.add(rest);
      } else {
        // Too few for a bin of their own: into the neighbour (ordered) or the smallest bin (categories).
        long[] host = ordered ? bins.get(bins.size() - 1)
            : bins.stream().min(java.util.Comparator.comparingLong(b -> b[0] + b[1])).orElseThrow();
        host[0] += rest[0];
        host[1] += rest[1];
      }
    }
    long[][] out = new long[2][bins.size()];
    for (int b = 0; b < bins.size(); b++) {
      out[0][b] = bins.get(b)[0];
      out[1][b] = bins.get(b)[1];
    }
    return out;
  }

  /** The Jensen-Shannon distance (base 2, in [0, 1]) of the two periods' distributions over the bins. */
  public static Double jsDistance(long[] reference, long[] current) {
    long n = total(reference);
    long m = total(current);
    if (n == 0 || m == 0) {
      return null;
    }
    double divergence = 0;
    for (int i = 0; i < reference.length; i++) {
      double p = (double) reference[i] / n;
      double q = (double) current[i] / m;
      double mid = (p + q) / 2;
      divergence += half(p, mid) + half(q, mid);
    }
    return Math.sqrt(Math.max(0, divergence));
  }

  /**
   * The two-sample Kolmogorov-Smirnov statistic, the largest gap between the periods' cumulative shares at
   * the bins' edges (a numeric column's fine quantile bins: the exact statistic's value at those edges,
   * so at most one bin's share below it), and its asymptotic p-value.
   */
  public static Test ks(long[] reference, long[] current) {
    long n = total(reference);
    long m = total(current);
    if (n == 0 || m == 0) {
      return Test.NONE;
    }
    double gap = 0;
    double below = 0;
    double belowNow = 0;
    for (int i = 0; i < reference.length; i++) {
      below += (double) reference[i] / n;
      belowNow += (double) current[i] / m;
      gap = Math.max(gap, Math.abs(below - belowNow));
    }
    double p = new KolmogorovSmirnovTest().approximateP(gap, (int) Math.min(n, Integer.MAX_VALUE),
        (int) Math.min(m, Integer.MAX_VALUE));
    return new Test(gap, Math.min(1, Math.max(0, p)));
  }

  /**
   * Pearson's chi-square test that both periods draw from one distribution over the bins (those either
   * period has), with its p-value; none with fewer than two such bins.
   */
  public static Test chiSquare(long[] reference, long[] current) {
    int kept = 0;
    for (int i = 0; i < reference.length; i++) {
      kept += reference[i] + current[i] > 0 ? 1 : 0;
    }
    if (kept < 2 || total(reference) == 0 || total(current) == 0) {
      return Test.NONE;
    }
    long[] r = new long[kept];
    long[] c = new long[kept];
    for (int i = 0, k = 0; i < reference.length; i++) {
      if (reference[i] + current[i] > 0) {
        r[k] = reference[i];
        c[k++] = current[i];
      }
    }
    ChiSquareTest test = new ChiSquareTest();
    return new Test(test.chiSquareDataSetsComparison(r, c), test.chiSquareTestDataSetsComparison(r, c));
  }

  /** A test's statistic and p-value (both null where it is undefined). */
  public record Test(Double statistic, Double pvalue) {
    public static final Test NONE = new Test(null, null);
  }

  private static double half(double p, double mid) {
    return p == 0 ? 0 : 0.5 * p * Math.log(p / mid) / Math.log(2);
  }

  private static long total(long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }
}

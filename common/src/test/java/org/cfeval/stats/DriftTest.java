package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Drift figures by hand (and from scipy.stats where a table is needed), and the PSI noise level's false alarms. */
@Tag("fast")
class DriftTest {
  private static final long[] REFERENCE = {50, 50};
  private static final long[] CURRENT = {25, 75};

  /**
   * Shares 0.5, 0.5 against 0.25, 0.75: PSI = (0.25 - 0.5) ln(0.5) + (0.75 - 0.5) ln(1.5) = 0.27465; the
   * cumulative shares part by 0.25 after the first bin.
   */
  @Test
  void figuresOfTwoBins() {
    assertThat(Drift.psi(REFERENCE, CURRENT)).isCloseTo(0.2746531, within(1e-7));
    // sqrt(0.5 KL(p || m) + 0.5 KL(q || m)), base 2, m = (0.375, 0.625).
    assertThat(Drift.jsDistance(REFERENCE, CURRENT)).isCloseTo(0.2208958, within(1e-7));
    Drift.Test ks = Drift.ks(REFERENCE, CURRENT);
    assertThat(ks.statistic()).isCloseTo(0.25, within(1e-12));
    // scipy.stats.kstwobign.sf(0.25 * sqrt(100 * 100 / 200)).
    assertThat(ks.pvalue()).isCloseTo(0.0038609, within(2e-4));
    // scipy.stats.chi2_contingency([[50, 50], [25, 75]], correction=False).
    Drift.Test chiSquare = Drift.chiSquare(REFERENCE, CURRENT);
    assertThat(chiSquare.statistic()).isCloseTo(13.333333, within(1e-6));
    assertThat(chiSquare.pvalue()).isCloseTo(0.00026073, within(1e-7));
    // chi2(1) at 0.95 is 3.8415, times 1/100 + 1/100.
    assertThat(Drift.psiNoise(REFERENCE, CURRENT, 0.05)).isCloseTo(0.0768292, within(1e-6));
  }

  /**
   * Counts 1, 1, 10, 10, 1 in both periods of 23 decisions: a bin expects half its pooled count. Ordered
   * bins merge with their neighbours until 5 are expected (bins 0-2: 12), the short last one joins the one
   * before it (3-4: 11); categories keep the two that expect 10 and pool the sparse three into the smaller
   * of them (13 and 10).
   */
  @Test
  void sparseBinsArePooled() {
    long[] counts = {1, 1, 10, 10, 1};
    long[][] ordered = Drift.pooled(counts, counts, 23, true);
    assertThat(ordered[0]).containsExactly(12, 11);
    assertThat(ordered[1]).containsExactly(12, 11);
    long[][] categories = Drift.pooled(counts, counts, 23, false);
    assertThat(categories[0]).containsExactly(13, 10);
    // Too thin for two bins: one, which the drift rule leaves out.
    assertThat(Drift.pooled(new long[] {2, 1}, new long[] {1, 2}, 3, true)[0]).hasSize(1);
  }

  @Test
  void emptyBinsCountAtTheFloorAndEmptyPeriodsHaveNoFigure() {
    // A bin the current period lost: its share counts as 1e-4, not 0.
    double expected = (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);
    assertThat(Drift.psi(new long[] {50, 50}, new long[] {0, 80})).isCloseTo(expected, within(1e-12));
    assertThat(Drift.psi(new long[] {0, 0}, CURRENT)).isNull();
    assertThat(Drift.ks(REFERENCE, new long[] {0, 0})).isEqualTo(Drift.Test.NONE);
    assertThat(Drift.chiSquare(new long[] {5, 0}, new long[] {7, 0})).isEqualTo(Drift.Test.NONE);
  }

  /**
   * Without drift, PSI exceeds its noise level at alpha = 0.05 about 5% of the time where every bin expects
   * at least 5 decisions: over 4,000 pairs of samples from one ten-bin distribution (smallest share 2%), at
   * 2,000 and 20,000 decisions, the share is within 0.03 to 0.075. At 200 (100 in the current period, 2 in
   * the smallest bin) it is about 0.12: such pairs are flagged low support.
   */
  @Test
  void thePsiNoiseLevelFalseAlarmsAtItsRate() {
    double[] shares = {0.02, 0.05, 0.08, 0.1, 0.15, 0.15, 0.1, 0.15, 0.1, 0.1};
    SplittableRandom random = new SplittableRandom(3);
    double[] rates = new double[3];
    int[] sizes = {200, 2_000, 20_000};
    for (int s = 0; s < sizes.length; s++) {
      int size = sizes[s];
      int alarms = 0;
      int pairs = 4_000;
      for (int k = 0; k < pairs; k++) {
        long[] reference = sample(random, shares, size);
        long[] current = sample(random, shares, size / 2);
        alarms += Drift.psi(reference, current) > Drift.psiNoise(reference, current, 0.05) ? 1 : 0;
      }
      rates[s] = (double) alarms / pairs;
      System.out.printf("PSI above its 5%% noise level without drift, n = %d: %.4f%n", size, rates[s]);
    }
    assertThat(rates[1]).isBetween(0.03, 0.075);
    assertThat(rates[2]).isBetween(0.03, 0.075);
    long[] thin = sample(random, shares, 200);
    assertThat(Drift.minExpected(thin, sample(random, shares, 100), 100)).isLessThan(Drift.MIN_EXPECTED);
    long[] enough = sample(random, shares, 2_000);
    assertThat(Drift.minExpected(enough, sample(random, shares, 1_000), 1_000)).isGreaterThan(Drift.MIN_EXPECTED);
  }

  private static long[] sample(SplittableRandom random, double[] shares, int n) {
    long[] counts = new long[shares.length];
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int bin = 0;
      double cumulative = shares[0];
      while (u >= cumulative && bin < shares.length - 1) {
        cumulative += shares[++bin];
      }
      counts[bin]++;
    }
    return counts;
  }
}

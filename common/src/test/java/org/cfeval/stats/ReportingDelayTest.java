package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ReportingDelayTest {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

  /**
   * Horizon 2. A decision aged 5 reported on days 0 (w 1), 1 (w 2), 2 (w 1) and 4 (w 1, past the horizon);
   * one aged 2 on days 0 and 1 (w 1 each) and one aged 1 on day 1 (w 3, its day 1 not over: it informs
   * nothing); one aged 1 on day 0 (w 2), which informs day 0 only: no estimate needs it.
   */
  /** F(0) is 0 with an unbounded log variance: its upper bound is F(1)'s (F never decreases), not 0 x infinity. */
  @Test
  void aZeroShareWithUnboundedVarianceTakesTheNextDefinedUpperBound() {
    // The one report informing day 1 came on day 1, so nothing was in by day 0; day 2 has one more.
    ReportingDelay delay = ReportingDelay.estimate(new ReportingDelay.Reports(2).add(1, 5, 1, 1, 1)
        .add(2, 5, 1, 1, 1));
    assertThat(delay.share(0)).isZero();
    assertThat(delay.logVariance(0)).isInfinite();
    assertThat(delay.share(1)).isEqualTo(0.5);
    assertThat(delay.lo(0, 0.95)).isZero();
    assertThat(delay.hi(0, 0.95)).isEqualTo(delay.hi(1, 0.95)).isGreaterThan(0.5).isLessThanOrEqualTo(1);
  }

  @Test
  void chainLadderByHand() {
    ReportingDelay.Reports reports = new ReportingDelay.Reports(2)
        .add(0, 5, 1, 1, 1).add(1, 5, 2, 4, 1).add(2, 5, 1, 1, 1).add(4, 5, 1, 1, 1)
        .add(0, 2, 1, 1, 1).add(1, 2, 1, 1, 1).add(1, 1, 3, 9, 1)
        .add(0, 1, 2, 4, 1);
    ReportingDelay delay = ReportingDelay.estimate(reports);
    // Day 2 is informed by the decision aged 5 alone: 1 of its 4 within two days came on day 2.
    assertThat(delay.atRisk(2)).isEqualTo(4);
    assertThat(delay.share(1)).isCloseTo(3.0 / 4, within(1e-12));
    // Day 1 by those aged 2 and 5: 3 of the 5 reported within a day came on day 1.
    assertThat(delay.atRisk(1)).isEqualTo(5);
    assertThat(delay.share(0)).isCloseTo(3.0 / 4 * 2 / 5, within(1e-12));
    assertThat(delay.share(2)).isEqualTo(1);
    assertThat(delay.share(200)).isEqualTo(1);
    // Greenwood with weights: (n^2 V_m / m^2 + V_n) / R^2; day 2: n 1, m 3, V_n 1, V_m 5, R 4.
    double day2 = (1.0 * 5 / 9 + 1) / 16;
    // day 1: n 3 (w 2 and 1: V_n 5), m 2 (V_m 2), R 5.
    double day1 = (9.0 * 2 / 4 + 5) / 25;
    assertThat(delay.logVariance(1)).isCloseTo(day2, within(1e-12));
    assertThat(delay.logVariance(0)).isCloseTo(day2 + day1, within(1e-12));
    assertThat(delay.lo(0, 0.95)).isCloseTo(0.3 * Math.exp(-1.959964 * Math.sqrt(day1 + day2)), within(1e-6));
    assertThat(delay.hi(1, 0.95)).isEqualTo(1); // 0.75 exp(1.96 x 0.31) is over 1
    // The report after the horizon: 1 of the 5 the decision older than the horizon received.
    assertThat(delay.beyondHorizonReports()).isEqualTo(1);
    assertThat(delay.beyondHorizonShare()).isCloseTo(0.2, within(1e-12));
    assertThat(delay.complete()).isTrue();
    assertThat(ReportingDelay.estimate(new ReportingDelay.Reports(5).add(0, 5, 1, 1, 1)).complete()).isFalse();
  }

  /**
   * Log-normal delays (median 30 days, sigma 0.6: 12% past day 60, 1% past day 120), decisions allowed at
   * p = 1, 0.3 or 0.05 and weighted back, cohorts of every age up to horizon + 30 days. Over 40 worlds,
   * F(60) is within 0.015 of the truth in every one, and the intervals at 7, 30 and 60 days cover it in
   * 90 to 99% of the 120 pairs (Greenwood is exact here in the limit: reports are independent).
   */
  @Test
  void recoversALogNormalDelayFromTruncatedWeightedReports() {
    int covered = 0;
    int pairs = 0;
    double worst = 0;
    for (int seed = 1; seed <= 40; seed++) {
      ReportingDelay delay = ReportingDelay.estimate(world(seed, 120, 30, 0.6, 400));
      worst = Math.max(worst, Math.abs(delay.share(60) - trueShare(60, 120, 30, 0.6)));
      for (int k : new int[] {7, 30, 60}) {
        double truth = trueShare(k, 120, 30, 0.6);
        covered += delay.lo(k, 0.95) <= truth && truth <= delay.hi(k, 0.95) ? 1 : 0;
        pairs++;
      }
    }
    System.out.printf("reporting delay: worst |F(60) error| %.4f, coverage %d/%d%n", worst, covered, pairs);
    assertThat(worst).isLessThan(0.015);
    assertThat((double) covered / pairs).isBetween(0.90, 0.99);
  }

  /** Strata whose delays differ are told apart; strata that share one are not, at the test's level. */
  @Test
  void sameShareTestSeesStrataWhoseDelaysDiffer() {
    int falseAlarms = 0;
    for (int seed = 1; seed <= 40; seed++) {
      List<ReportingDelay> same = new ArrayList<>();
      List<ReportingDelay> different = new ArrayList<>();
      for (int band = 0; band < 4; band++) {
        same.add(ReportingDelay.estimate(world(seed * 10L + band, 120, 30, 0.6, 100)));
        different.add(ReportingDelay.estimate(world(seed * 10L + band, 120, 30 * Math.exp(-0.3 * band), 0.6, 100)));
      }
      assertThat(ReportingDelay.sameShareP(different, 60)).as("seed %d", seed).isLessThan(0.01);
      falseAlarms += ReportingDelay.sameShareP(same, 60) < 0.05 ? 1 : 0;
    }
    // Binomial(40, 0.05): 2 expected, more than 7 has probability under 0.1%.
    assertThat(falseAlarms).isLessThanOrEqualTo(7);
  }

  /** F(k) of the discretised delay floor(D) with D log-normal, among reports within the horizon. */
  private static double trueShare(int k, int horizon, double median, double sigma) {
    return NORMAL.cumulativeProbability(Math.log((k + 1) / median) / sigma)
        / NORMAL.cumulativeProbability(Math.log((horizon + 1) / median) / sigma);
  }

  private static ReportingDelay.Reports world(long seed, int horizon, double median, double sigma, int perDay) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] propensities = {1, 0.3, 0.05};
    double[] shares = {0.6, 0.25, 0.15};
    ReportingDelay.Reports reports = new ReportingDelay.Reports(horizon);
    for (int age = 0; age <= horizon + 30; age++) {
      for (int i = 0; i < perDay; i++) {
        double u = rng.nextDouble();
        double p = u < shares[0] ? propensities[0] : u < shares[0] + shares[1] ? propensities[1] : propensities[2];
        double delay = median * Math.exp(sigma * gaussian(rng));
        // Decided at a uniform time of its day: reported by the as-of instant if within age + that time.
        if (rng.nextDouble() < p && delay <= age + rng.nextDouble()) {
          reports.add((int) delay, age, 1 / p, 1 / (p * p), 1);
        }
      }
    }
    return reports;
  }

  private static double gaussian(SplittableRandom rng) {
    return NORMAL.inverseCumulativeProbability(Math.min(1 - 1e-12, Math.max(1e-12, rng.nextDouble())));
  }
}

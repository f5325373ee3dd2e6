package org.cfeval.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.DelayedDecision;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class NowcastTest {
  /**
   * Matured: 10 decisions allowed at p = 1, two of them fraud reported at F = 0.8 (each counts 1.25): the
   * eventual fraud rate is 0.25. The cohort: 4 decisions allowed at p = 0.5 with F = 0.5 so far, one fraud
   * reported. Every figure by hand.
   */
  @Test
  void blendsTheChainLadderAndTheScoresByPrecision() {
    ThresholdGrid grid = ThresholdGrid.of(List.of(50.0));
    DecisionTerms terms = new DecisionTerms(Double.POSITIVE_INFINITY);
    SliceBuckets matured = new SliceBuckets(grid.buckets());
    for (int i = 0; i < 10; i++) {
      matured.add(0, false, DelayedDecision.of(terms, true, i < 2, i >= 2, false, 1, 10, 1.25, 1.25, 1.25));
    }
    SliceBuckets cohort = new SliceBuckets(grid.buckets());
    for (int i = 0; i < 4; i++) {
      cohort.add(0, false, DelayedDecision.of(terms, true, i == 0, false, i > 0, 0.5, 10, 2, 2, 2));
    }
    Nowcast.Cohort nowcast = Nowcast.of(cohort, matured, 0.2, 0.1);
    Nowcast.Side side = nowcast.allowed();
    // Chain ladder: the report weighs 1/(0.5 x 0.5) = 4; variance 0.25 x 4 x (2/0.5 - 1) + 4^2 x 0.1 = 4.6.
    assertThat(side.chainLadder()).isCloseTo(4, within(1e-9));
    assertThat(side.chainLadderVariance()).isCloseTo(4.6, within(1e-6));
    // Scores: 4 x 0.25 = 1; variance 4 x 0.25 x 0.75 (the cohort) + 4^2 x 2 x 1.25^2 / 10^2 (the rate)
    // + 0.2^2 x 1^2 (drift) = 0.75 + 0.5 + 0.04.
    assertThat(side.byScores()).isCloseTo(1, within(1e-9));
    assertThat(side.byScoresVariance()).isCloseTo(1.29, within(1e-6));
    double weight = 1.29 / (4.6 + 1.29);
    assertThat(side.chainLadderWeight()).isCloseTo(weight, within(1e-9));
    assertThat(nowcast.fraud()).isCloseTo(weight * 4 + (1 - weight), within(1e-6));
    assertThat(nowcast.variance()).isCloseTo(4.6 * 1.29 / 5.89, within(1e-6));
    // Reports due: 0.25 x (4 x 0.5); one came. Completeness: 0.25 x 2 of 0.25 x 4.
    assertThat(nowcast.reports()).isEqualTo(1);
    assertThat(nowcast.reportsDue()).isCloseTo(0.5, within(1e-6));
    assertThat(nowcast.reportsRatio(0.95).value()).isCloseTo(2, within(1e-6));
    // One report: Garwood's 95% interval of the count is [0.0253, 5.5716], over the 0.5 due.
    assertThat(nowcast.reportsRatio(0.95).lo()).isCloseTo(0.0253 / 0.5, within(1e-3));
    assertThat(nowcast.reportsRatio(0.95).hi()).isCloseTo(5.5716 / 0.5, within(1e-3));
    assertThat(nowcast.completeness()).isCloseTo(0.5, within(1e-6));
    // Production blocks nothing here: recall 0, every figure of the blocked side undefined.
    assertThat(nowcast.precision(1.96).value()).isNull();
    assertThat(nowcast.recall(1.96).value()).isZero();
    CostModel costs = new CostModel(1, 15, 2, 0.1, 0, 1, 0);
    // Missed fraud: amount 10 per fraud on both estimates, so 1.657 fraud cost 1.657 x (10 + 15).
    assertThat(nowcast.expectedCost(costs, 1.96).value()).isCloseTo(nowcast.fraud() * 25, within(1e-6));
  }

  /**
   * Three matured cohorts expecting 10 fraud each by the scores, chain-ladder variance 10 each, with 8, 10
   * and 15: weights 10, ratios 0.8, 1, 1.5, Q = 10 (0.09 + 0.01 + 0.16) = 2.6 on 2 degrees of freedom, so
   * tau^2 = (2.6 - 2) / (30 - 300 / 30) = 0.03.
   */
  @Test
  void driftIsTheSpreadBeyondSampling() {
    Nowcast.Side none = new Nowcast.Side(0, 0, 0, 0, 0, 0, 0, 0, 0);
    List<Nowcast.Cohort> cohorts = List.of(8.0, 10.0, 15.0).stream().map(fraud -> new Nowcast.Cohort(none,
        new Nowcast.Side(100, 0, fraud, 10, 10, 1, 0, 0, 0), 0, 0, 0, 1)).toList();
    assertThat(Nowcast.drift(cohorts)).isCloseTo(Math.sqrt(0.03), within(1e-9));
    // Spread narrower than sampling (Q = 0.05 < 2): no drift; a single cohort says nothing.
    List<Nowcast.Cohort> close = List.of(9.5, 10.0, 10.5).stream().map(fraud -> new Nowcast.Cohort(none,
        new Nowcast.Side(100, 0, fraud, 10, 10, 1, 0, 0, 0), 0, 0, 0, 1)).toList();
    assertThat(Nowcast.drift(close)).isZero();
    assertThat(Nowcast.drift(cohorts.subList(2, 3))).isZero();
  }
}

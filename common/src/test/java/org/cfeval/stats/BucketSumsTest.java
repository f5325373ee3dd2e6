package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class BucketSumsTest {
  /** Three decisions in one cell, every sum by hand. */
  @Test
  void sumsOfOneCell() {
    BucketSums sums = new BucketSums(2);
    BucketSums.Terms terms = new BucketSums.Terms(100);
    sums.add(1, true, terms.of(true, true, false, false, 0.005, 10)); // fraud, w 200, clipped to 100
    sums.add(1, true, terms.of(true, false, true, false, 0.5, 4)); // legit, w 2
    sums.add(1, true, terms.of(false, false, false, false, 0.001, 50)); // blocked: counted, never weighted
    BucketStats s = sums.stats(1, true);
    assertThat(s.decisions).isEqualTo(3);
    assertThat(s.allowed).isEqualTo(2);
    assertThat(s.weightFraud).isCloseTo(200, within(1e-6));
    assertThat(s.weightLegit).isCloseTo(2, within(1e-6));
    // w^2 - w = (1 - p) / p^2, exactly: 200^2 - 200 and 2^2 - 2.
    assertThat(s.excessFraud).isCloseTo(39_800, within(1e-6));
    assertThat(s.excessLegit).isCloseTo(2, within(1e-12));
    assertThat(s.clippedFraud).isCloseTo(100, within(1e-6));
    assertThat(s.weightAmountFraud).isCloseTo(2_000, within(1e-4));
    assertThat(s.clippedAmountFraud).isCloseTo(1_000, within(1e-4));
    assertThat(s.amountLegit).isCloseTo(4, within(1e-4));
    // (1 - p) / p over all three: 199 + 1 + 999
    assertThat(s.weightAllowedVariance).isCloseTo(1_199, within(1e-5));
    // Only the fraud decision was allowed with p_allow < 0.01: 200 of the 202 labelled weight.
    assertThat(s.lowPropensityShare()).isCloseTo(200.0 / 202, within(1e-9));
    assertThat(s.maxWeight).isEqualTo(200);
    assertThat(sums.stats(0, false).decisions).isZero();
  }

  @Test
  void theVarianceTermIsExactNearOneAndRefusedBelowAMillionth() {
    BucketSums sums = new BucketSums(1);
    BucketSums.Terms terms = new BucketSums.Terms(100);
    // p = 0.99: w^2 - w = 0.01 / 0.9801, which squared weights in units of 1e-3 got wrong by about 5%.
    sums.add(0, false, terms.of(true, false, true, false, 0.99, 1));
    sums.add(0, false, terms.of(true, false, true, false, 1e-6, 1));
    double expected = 0.01 / (0.99 * 0.99) + (1 - 1e-6) / 1e-12;
    assertThat(sums.stats(0, false).excessLegit).isCloseTo(expected, within(expected * 1e-12));
    BucketSums lone = new BucketSums(1);
    lone.add(0, false, terms.of(true, false, true, false, 0.99, 1));
    assertThat(lone.stats(0, false).excessLegit).isCloseTo(0.01 / (0.99 * 0.99), within(1e-6 * 0.0102));
    assertThatThrownBy(() -> terms.of(true, true, false, false, 1e-7, 1))
        .isInstanceOf(org.cfeval.contract.ContractException.class)
        .hasMessageStartingWith("p_allow=1.0E-7 of an allowed decision is below 1.0E-6");
  }
}

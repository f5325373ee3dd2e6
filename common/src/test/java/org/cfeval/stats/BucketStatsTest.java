package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.cfeval.contract.ContractException;
import org.cfeval.curve.SliceBuckets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class BucketStatsTest {
  /** Three decisions in one cell, every sum by hand. */
  @Test
  void sumsOfOneCell() {
    SliceBuckets sums = new SliceBuckets(2);
    DecisionTerms terms = new DecisionTerms(100);
    sums.add(1, true, terms.of(true, true, false, false, 0.005, 10).stats()); // fraud, w 200, clipped to 100
    sums.add(1, true, terms.of(true, false, true, false, 0.5, 4).stats()); // legit, w 2
    sums.add(1, true, terms.of(false, false, false, false, 0.001, 50).stats()); // blocked: counted, never weighted
    BucketStats s = sums.bucket(1);
    assertThat(sums.productionAllowed().decisions()).isZero(); // all three in the production-blocked cell
    assertThat(s.decisions()).isEqualTo(3);
    assertThat(s.count(Sum.ALLOWED)).isEqualTo(2);
    assertThat(s.labeled()).isEqualTo(2);
    assertThat(s.get(Sum.WEIGHT_FRAUD)).isCloseTo(200, within(1e-6));
    assertThat(s.get(Sum.WEIGHT_LEGIT)).isCloseTo(2, within(1e-6));
    // w^2 - w = (1 - p) / p^2, exactly: 200^2 - 200 and 2^2 - 2.
    assertThat(s.get(Sum.EXCESS_FRAUD)).isCloseTo(39_800, within(1e-6));
    assertThat(s.get(Sum.EXCESS_LEGIT)).isCloseTo(2, within(1e-12));
    assertThat(s.get(Sum.CLIPPED_FRAUD)).isCloseTo(100, within(1e-6));
    assertThat(s.get(Sum.WEIGHT_AMOUNT_FRAUD)).isCloseTo(2_000, within(1e-4));
    assertThat(s.get(Sum.CLIPPED_AMOUNT_FRAUD)).isCloseTo(1_000, within(1e-4));
    assertThat(s.get(Sum.AMOUNT_LEGIT)).isCloseTo(4, within(1e-4));
    // (1 - p) / p over all three: 199 + 1 + 999
    assertThat(s.get(Sum.WEIGHT_ALLOWED_VARIANCE)).isCloseTo(1_199, within(1e-9));
    // Only the fraud decision was allowed with p_allow < 0.01: 200 of the 202 labelled weight.
    assertThat(s.lowPropensityShare()).isCloseTo(200.0 / 202, within(1e-9));
    assertThat(s.maxWeight()).isEqualTo(200);
    assertThat(sums.bucket(0).decisions()).isZero();
    assertThatThrownBy(() -> s.count(Sum.WEIGHT_FRAUD)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Merging in any order gives the same bits: integer sums. */
  @Test
  void mergeOrderDoesNotMatter() {
    DecisionTerms terms = new DecisionTerms(10);
    double[] p = {0.3, 0.07, 1.0, 0.123456789, 0.9};
    BucketStats forward = new BucketStats();
    BucketStats backward = new BucketStats();
    for (int i = 0; i < p.length; i++) {
      forward.add(terms.of(true, i % 2 == 0, i % 2 == 1, false, p[i], 1.0 / 3 + i).stats());
    }
    for (int i = p.length - 1; i >= 0; i--) {
      backward.add(terms.of(true, i % 2 == 0, i % 2 == 1, false, p[i], 1.0 / 3 + i).stats());
    }
    for (Sum sum : Sum.values()) {
      assertThat(Double.doubleToLongBits(forward.get(sum))).as(sum.name())
          .isEqualTo(Double.doubleToLongBits(backward.get(sum)));
    }
  }

  @Test
  void theVarianceTermsAreExactNearOneAndAtAMillionth() {
    DecisionTerms terms = new DecisionTerms(100);
    // p = 0.99: w^2 - w = 0.01 / 0.9801, which squared weights in units of 1e-3 got wrong by about 5%.
    BucketStats both = new BucketStats().add(terms.of(true, false, true, false, 0.99, 1).stats())
        .add(terms.of(true, false, true, false, 1e-6, 1).stats());
    double expected = 0.01 / (0.99 * 0.99) + (1 - 1e-6) / 1e-12;
    assertThat(both.get(Sum.EXCESS_LEGIT)).isCloseTo(expected, within(expected * 1e-12));
    BucketStats lone = terms.of(true, false, true, false, 0.99, 1).stats().copy();
    assertThat(lone.get(Sum.EXCESS_LEGIT)).isCloseTo(0.01 / (0.99 * 0.99), within(1e-6 * 0.0102));
    // The logging-health variance (1 - p) / p of a hundred million decisions at p = 1e-6 is 1e14, past a
    // long's 9.2e18 in units of 1e-6: a wide sum holds it exactly.
    BucketStats blocked = terms.of(false, false, false, false, 1e-6, 1).stats().copy();
    BucketStats many = blocked.copy();
    for (int doubling = 0; doubling < 27; doubling++) { // 2^27 = 134 million decisions
      many.add(many.copy());
    }
    double total = 0x1p27 * ((1 - 1e-6) / 1e-6);
    assertThat(many.get(Sum.WEIGHT_ALLOWED_VARIANCE)).isCloseTo(total, within(total * 1e-12));
  }

  @Test
  void propensitiesTooSmallToSumAreRefusedAsInput() {
    DecisionTerms terms = new DecisionTerms(100);
    assertThatThrownBy(() -> terms.of(true, true, false, false, 1e-7, 1))
        .isInstanceOf(ContractException.class)
        .hasMessageStartingWith("p_allow=1.0E-7 of an allowed decision is below 1.0E-6");
    assertThatThrownBy(() -> terms.of(false, false, false, false, 1e-20, 1))
        .isInstanceOf(ContractException.class)
        .hasMessageStartingWith("p_allow=1.0E-20 is too small");
  }
}

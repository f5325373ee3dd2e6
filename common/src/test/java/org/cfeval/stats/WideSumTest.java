package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class WideSumTest {
  /** (1 - p) / p^2, the per-decision variance term of IPS. */
  private static double term(double p) {
    return (1 - p) / (p * p);
  }

  @Test
  void theVarianceTermSumsToWithinAMillionthOverItsWholeRange() {
    long[] sum = new long[2];
    long[] one = new long[2];
    BigDecimal exact = BigDecimal.ZERO;
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      // p from 1e-6 to just below 1, log-uniform, so terms run from about 1e-7 to 1e12.
      double p = Math.pow(10, -6 * random.nextDouble());
      WideSum.set(one, 0, term(p));
      WideSum.add(sum, 0, one, 0);
      exact = exact.add(new BigDecimal(term(p)));
    }
    assertThat(WideSum.value(sum, 0)).isCloseTo(exact.doubleValue(), within(exact.doubleValue() * 1e-12));
  }

  @Test
  void smallTermsNearPEqualToOneKeepTheirRelativePrecision() {
    long[] sum = new long[2];
    long[] one = new long[2];
    double p = 1 - 1e-6; // term about 1e-6
    for (int i = 0; i < 1000; i++) {
      WideSum.set(one, 0, term(p));
      WideSum.add(sum, 0, one, 0);
    }
    assertThat(WideSum.value(sum, 0)).isCloseTo(1000 * term(p), within(1000 * term(p) * 1e-6));
  }

  @Test
  void aHundredMillionOfTheLargestTermsDoNotOverflow() {
    long[] sum = new long[2];
    long[] largest = new long[2];
    WideSum.set(largest, 0, term(1e-6));
    // Doubling 27 times adds 2^27 (134 million) copies.
    WideSum.add(sum, 0, largest, 0);
    for (int i = 0; i < 27; i++) {
      long[] copy = sum.clone();
      WideSum.add(sum, 0, copy, 0);
    }
    BigDecimal expected = new BigDecimal(term(1e-6)).multiply(BigDecimal.valueOf(1L << 27), MathContext.DECIMAL128);
    assertThat(WideSum.value(sum, 0)).isCloseTo(expected.doubleValue(), within(expected.doubleValue() * 1e-12));
  }

  @Test
  void refusesWhatItCannotSum() {
    assertThatThrownBy(() -> WideSum.set(new long[2], 0, -1)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> WideSum.set(new long[2], 0, Double.POSITIVE_INFINITY)).isInstanceOf(ArithmeticException.class);
  }
}

package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class BandEdgesTest {
  /** 32 bins per octave: [32, 64) is cut every 1, [64, 128) every 2, [0.5, 1) every 1/64; negatives mirror them. */
  @Test
  void binsByHand() {
    assertThat(BandEdges.binFloor(63.2)).isEqualTo(63.0);
    assertThat(BandEdges.binFloor(63.0)).isEqualTo(63.0);
    assertThat(BandEdges.binFloor(65.9)).isEqualTo(64.0);
    assertThat(BandEdges.binFloor(66.0)).isEqualTo(66.0);
    assertThat(BandEdges.binFloor(0.74)).isEqualTo(47.0 / 64);
    // (-64, -62] is a bin: its floor is -64, the largest edge not above the score.
    assertThat(BandEdges.binFloor(-63.2)).isEqualTo(-64.0);
    assertThat(BandEdges.binFloor(-64.0)).isEqualTo(-64.0);
    assertThat(BandEdges.binFloor(-0.0)).isEqualTo(0.0);
    assertThat(BandEdges.binFloor(0.0)).isEqualTo(0.0);
    assertThatThrownBy(() -> BandEdges.binFloor(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    // Bin numbers: consecutive bins of [32, 64) one apart, and the extremes of every double within [0, 2^17).
    assertThat(BandEdges.bin(64.0) - BandEdges.bin(63.5)).isEqualTo(1);
    assertThat(BandEdges.floorOfBin(BandEdges.bin(63.2))).isEqualTo(63.0);
    assertThat(BandEdges.bin(Double.NEGATIVE_INFINITY)).isNotNegative();
    assertThat(BandEdges.bin(Double.POSITIVE_INFINITY)).isLessThan(1 << 17);
  }

  /** A score is below an edge exactly when its bin floor is, on random scores of every sign and scale. */
  @Test
  void aScoreIsBelowAnEdgeExactlyWhenItsBinIs() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      double score = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(-4, 4));
      double edge = BandEdges.binFloor((random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(-4, 4)));
      double floor = BandEdges.binFloor(score);
      assertThat(floor).isLessThanOrEqualTo(score);
      assertThat(BandEdges.binFloor(floor)).isEqualTo(floor);
      assertThat(score < edge).isEqualTo(floor < edge);
      if (Math.abs(score) > 1e-300) {
        assertThat(Math.abs(score - floor)).isLessThan(Math.abs(score) / 16);
      }
    }
  }

  /**
   * Counts 10, 20, 30, 40 on bins 1, 2, 3, 4: the shares below edges 2, 3 and 4 are 0.1, 0.3 and 0.6. For
   * quartiles, 0.25 is nearest 0.3 (edge 3), 0.5 and 0.75 nearest 0.6 (edge 4, once; no edge lies past the
   * last bin).
   */
  @Test
  void edgesSplitTheCountsNearestTheirQuantiles() {
    double[] bins = {1, 2, 3, 4};
    long[] counts = {10, 20, 30, 40};
    assertThat(BandEdges.atQuantiles(bins, counts, 4)).containsExactly(3.0, 4.0);
    assertThat(BandEdges.atQuantiles(bins, counts, 2)).containsExactly(4.0);
    assertThat(BandEdges.atQuantiles(bins, counts, 10)).containsExactly(2.0, 3.0, 4.0);
    assertThat(BandEdges.atQuantiles(new double[] {5}, new long[] {7}, 4)).isEmpty();
    assertThat(BandEdges.atQuantiles(new double[0], new long[0], 4)).isEmpty();
  }
}

package org.cfeval.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ThresholdGridTest {
  @Test
  void bucketCountsThresholdsStrictlyBelowTheScore() {
    ThresholdGrid grid = ThresholdGrid.of(List.of(70.0, 30.0, 50.0, 50.0));
    assertThat(grid.size()).isEqualTo(3);
    assertThat(grid.bucketOf(10)).isEqualTo(0);
    assertThat(grid.bucketOf(30)).isEqualTo(0); // 30 > 30 is false: not blocked by t = 30
    assertThat(grid.bucketOf(30.0001)).isEqualTo(1);
    assertThat(grid.bucketOf(50)).isEqualTo(1);
    assertThat(grid.bucketOf(70)).isEqualTo(2);
    assertThat(grid.bucketOf(100)).isEqualTo(3);
  }

  @Test
  void evenlySpacedIncludesBothEnds() {
    assertThat(ThresholdGrid.evenlySpaced(0, 100, 5)).containsExactly(0.0, 25.0, 50.0, 75.0, 100.0);
    assertThat(ThresholdGrid.evenlySpaced(3, 3, 4)).containsExactly(3.0);
    assertThat(ThresholdGrid.evenlySpaced(0, 1, 0)).isEmpty();
    assertThat(ThresholdGrid.quantileProbabilities(3)).containsExactly(0.25, 0.5, 0.75);
  }

  @Test
  void rejectsAnEmptyGridWithAHint() {
    assertThatThrownBy(() -> ThresholdGrid.of(List.of()))
        .hasMessageContaining("--thresholds");
  }

  /** bucketOf, counted directly: every threshold below the score, for scores on, beside and between them. */
  @Test
  void bucketOfCountsTheThresholdsStrictlyBelowTheScore() {
    java.util.Random random = new java.util.Random(11);
    List<List<Double>> grids = new java.util.ArrayList<>(List.of(List.of(5.0), List.of(-3.0, 7.5),
        ThresholdGrid.evenlySpaced(0, 100, 1000), ThresholdGrid.evenlySpaced(0, 1, 101)));
    // Uneven grids: clustered thresholds (quantiles of skewed scores) beside a few far ones.
    for (int g = 0; g < 20; g++) {
      List<Double> thresholds = new java.util.ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(300); i++) {
        thresholds.add(random.nextBoolean() ? Math.pow(random.nextDouble(), 8) : random.nextGaussian() * 1e3);
      }
      grids.add(thresholds);
    }
    for (List<Double> thresholds : grids) {
      ThresholdGrid grid = ThresholdGrid.of(thresholds);
      List<Double> scores = new java.util.ArrayList<>(List.of(-1e300, 1e300, 0.0, -0.0));
      for (double t : thresholds) {
        scores.addAll(List.of(t, Math.nextUp(t), Math.nextDown(t)));
      }
      for (int i = 0; i < 2000; i++) {
        scores.add(random.nextGaussian() * 1e3);
        scores.add(random.nextDouble());
      }
      for (double score : scores) {
        long below = thresholds.stream().distinct().filter(t -> t < score).count();
        assertThat(grid.bucketOf(score)).as("score %s on %s thresholds", score, grid.size()).isEqualTo(below);
      }
    }
  }

  /** A coarser grid of some of a grid's thresholds: a score's coarse bucket follows from its fine one. */
  @Test
  void aHeldCoarserGridsBucketFollowsFromTheFineBucket() {
    java.util.Random random = new java.util.Random(5);
    ThresholdGrid fine = ThresholdGrid.of(ThresholdGrid.evenlySpaced(0, 100, 1000));
    ThresholdGrid coarse = ThresholdGrid.of(List.of(fine.threshold(0), fine.threshold(17), fine.threshold(500),
        fine.threshold(999)));
    assertThat(fine.holds(coarse)).isTrue();
    assertThat(coarse.holds(fine)).isFalse();
    assertThat(fine.holds(ThresholdGrid.of(List.of(fine.threshold(3), 50.00001)))).isFalse();
    int[] in = fine.bucketsIn(coarse);
    List<Double> scores = new java.util.ArrayList<>(List.of(-1.0, 101.0));
    for (int k = 0; k < fine.size(); k++) {
      scores.addAll(List.of(fine.threshold(k), Math.nextUp(fine.threshold(k))));
    }
    for (int i = 0; i < 2000; i++) {
      scores.add(random.nextDouble() * 100);
    }
    for (double score : scores) {
      long below = java.util.stream.IntStream.range(0, coarse.size()).filter(k -> coarse.threshold(k) < score).count();
      assertThat(in[fine.bucketOf(score)]).as("score %s", score).isEqualTo(below);
    }
  }
}

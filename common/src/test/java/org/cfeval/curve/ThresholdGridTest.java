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
}

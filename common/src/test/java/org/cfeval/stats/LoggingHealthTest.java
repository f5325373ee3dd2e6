package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class LoggingHealthTest {
  @Test
  void ratioAndExactStandardErrorFromLoggedPropensities() {
    // 100 decisions with p = 0.5, 50 of them allowed: sum of 1/p over allowed = 100, variance 100 * (0.5/0.5).
    BucketStats s = new BucketStats().set(Sum.DECISIONS, 100).set(Sum.ALLOWED, 50).set(Sum.WEIGHT_ALLOWED, 100)
        .set(Sum.WEIGHT_ALLOWED_VARIANCE, 100);
    LoggingHealth health = LoggingHealth.of(s, 4);
    assertThat(health.ratio()).isEqualTo(1.0);
    assertThat(health.standardError()).isCloseTo(0.1, within(1e-12));
    assertThat(health.healthy()).isTrue();

    s.set(Sum.WEIGHT_ALLOWED, 50); // half the expected weight: 5 standard errors short
    assertThat(LoggingHealth.of(s, 4).healthy()).isFalse();
  }

  @Test
  void unexplorableDecisionsMakeTheRatioFallShort() {
    // 90 decisions always allowed (p = 1), 10 blocked with p_allow = 0: no variance, ratio 0.9.
    BucketStats s = new BucketStats().set(Sum.DECISIONS, 100).set(Sum.ALLOWED, 90).set(Sum.WEIGHT_ALLOWED, 90);
    LoggingHealth health = LoggingHealth.of(s, 4);
    assertThat(health.ratio()).isCloseTo(0.9, within(1e-12));
    assertThat(health.healthy()).isFalse();
  }
}

package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ConfusionMatrixTest {
  private static BucketStats labelled(double fraudWeight, long fraud, double legitWeight, long legit) {
    return new BucketStats().set(Sum.DECISIONS, fraud + legit).set(Sum.ALLOWED, fraud + legit).set(Sum.FRAUD, fraud)
        .set(Sum.LEGIT, legit).set(Sum.WEIGHT_FRAUD, fraudWeight).set(Sum.WEIGHT_LEGIT, legitWeight);
  }

  @Test
  void seed004WorkedExampleAtThreshold50() {
    // Blocked by "score > 50": decision 4 (fraud, w 5), 6 (legit, w 4), and two unlabelled blocked ones.
    BucketStats blocked = labelled(5, 1, 4, 1);
    blocked.add(new BucketStats().set(Sum.DECISIONS, 2));
    BucketStats passed = labelled(1, 1, 1, 1); // decisions 2 (fraud) and 1 (legit), weight 1 each
    ConfusionMatrix ips = ConfusionMatrix.of(blocked, passed, Estimator.IPS);

    assertThat(ips.precision()).isCloseTo(5.0 / 9, within(1e-12));
    assertThat(ips.recall()).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(ips.fpr()).isCloseTo(4.0 / 5, within(1e-12));
    assertThat(ips.blockRate()).isCloseTo(4.0 / 6, within(1e-12));

    ConfusionMatrix naive = ConfusionMatrix.of(blocked, passed, Estimator.NAIVE);
    assertThat(naive.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(naive.recall()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void zeroDenominatorsGiveNullNotNaN() {
    BucketStats empty = new BucketStats();
    ConfusionMatrix nothingBlocked = ConfusionMatrix.of(empty, labelled(0, 0, 3, 3), Estimator.IPS);
    assertThat(nothingBlocked.precision()).isNull();
    assertThat(nothingBlocked.recall()).isNull(); // no labelled fraud at all
    assertThat(nothingBlocked.fpr()).isEqualTo(0.0);
    assertThat(nothingBlocked.blockRate()).isEqualTo(0.0);

    ConfusionMatrix noDecisions = ConfusionMatrix.of(empty, empty, Estimator.IPS);
    assertThat(noDecisions.fpr()).isNull();
    assertThat(noDecisions.blockRate()).isNull();
  }
}

package org.cfeval.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class WorldTest {
  private final WorldParams params = WorldParams.of(Settings.defaults().with(Keys.SIM_SIZE, "100000"));
  private final World world = new World(params);

  @Test
  void aDecisionDependsOnlyOnSeedAndIndex() {
    assertThat(new World(params).decision(12345)).isEqualTo(world.decision(12345));
    assertThat(world.decision(1)).isNotEqualTo(world.decision(2));
  }

  @Test
  void propensityFollowsTheLoggingPolicy() {
    assertThat(params.propensity(50)).isEqualTo(1.0);
    assertThat(params.propensity(60)).isCloseTo(0.35 - 0.0065 * 10, within(1e-12));
    WorldParams steep = WorldParams.of(Settings.defaults().with(Keys.SIM_EXPLORE_SLOPE, "0.01"));
    assertThat(steep.propensity(100)).isEqualTo(steep.exploreFloor());
  }

  /** Unseen fraud turns legit decisions of the last days into fraud, and changes nothing else. */
  @Test
  void unseenFraudTouchesOnlyTheLastDaysAndNotTheScores() {
    World ring = new World(WorldParams.of(Settings.defaults().with(Keys.SIM_SIZE, "100000")
        .with(Keys.SIM_UNSEEN_FRAUD_DAYS, "10").with(Keys.SIM_UNSEEN_FRAUD_RATE, "0.5")));
    int turned = 0;
    int lastDays = 0;
    for (long i = 0; i < 20_000; i++) {
      World.Decision plain = world.decision(i);
      World.Decision withRing = ring.decision(i);
      assertThat(withRing.score()).isEqualTo(plain.score());
      assertThat(withRing.decidedAt()).isEqualTo(plain.decidedAt());
      boolean late = !plain.decidedAt().toLocalDate().isBefore(params.end().minusDays(10));
      lastDays += late ? 1 : 0;
      if (!late || plain.fraud()) {
        assertThat(withRing).isEqualTo(plain);
      } else if (withRing.fraud()) {
        turned++;
      }
    }
    // Half the legit decisions of 10 of 120 days: about 0.5 x 0.98 x 1,667.
    assertThat(turned).isBetween((int) (0.45 * 0.98 * lastDays), (int) (0.55 * 0.98 * lastDays));
  }

  @Test
  void chargebackDelaysCanDependOnTheScore() {
    WorldParams faster = WorldParams.of(Settings.defaults().with(Keys.SIM_DELAY_SCORE_EFFECT, "-1"));
    assertThat(faster.delayMedianDays(50)).isEqualTo(30.0);
    assertThat(faster.delayMedianDays(100)).isCloseTo(30 / Math.E, within(1e-12));
    assertThat(params.delayMedianDays(100)).isEqualTo(30.0); // no effect by default
    // In the simulated fraud: the ratio of median delays, high scores to low, near exp(-(mean score gap) / 50).
    World world = new World(faster);
    List<Double> high = new ArrayList<>();
    List<Double> low = new ArrayList<>();
    double highScores = 0;
    double lowScores = 0;
    for (int i = 0; i < 200_000; i++) {
      World.Decision d = world.decision(i);
      if (d.fraudReportedAtIfAllowed() == null || (d.score() > 20 && d.score() < 80)) {
        continue;
      }
      double days = Duration.between(d.decidedAt(), d.fraudReportedAtIfAllowed()).toSeconds() / 86_400.0;
      (d.score() >= 80 ? high : low).add(days);
      highScores += d.score() >= 80 ? d.score() : 0;
      lowScores += d.score() <= 20 ? d.score() : 0;
    }
    double expected = Math.exp(-(highScores / high.size() - lowScores / low.size()) / 50);
    assertThat(high.size()).isGreaterThan(300);
    assertThat(low.size()).isGreaterThan(300);
    assertThat(median(high) / median(low)).isCloseTo(expected, within(0.15 * expected));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  @Test
  void worldHasTheConfiguredFraudRateLoggingPolicyAndClusteredFraud() {
    int n = 100_000;
    int fraud = 0;
    int allowedFraud = 0;
    int fraudCharged = 0;
    Map<String, int[]> clusters = new HashMap<>();
    for (int i = 0; i < n; i++) {
      World.Decision d = world.decision(i);
      fraud += d.fraud() ? 1 : 0;
      assertThat(d.pAllow()).isEqualTo(params.propensity(d.score()));
      assertThat(d.policyAction()).isEqualTo(d.score() > 50 ? "block" : "allow");
      if (d.action().equals("block")) {
        assertThat(d.chargebacks()).isEmpty(); // a blocked charge can never be charged back
      } else if (d.fraud()) {
        allowedFraud++;
        fraudCharged += d.chargebacks().isEmpty() ? 0 : 1;
      }
      int[] counts = clusters.computeIfAbsent(d.clusterId(), c -> new int[2]);
      counts[0]++;
      counts[1] += d.fraud() ? 1 : 0;
    }
    assertThat(fraud / (double) n).isCloseTo(0.02, within(0.003));
    assertThat(fraudCharged / (double) allowedFraud).isCloseTo(0.9, within(0.03));
    // Clustered fraud: given one fraud in a cluster, another decision of it is fraud far above the base rate.
    long pairs = 0;
    long fraudPairs = 0;
    for (int[] c : clusters.values()) {
      pairs += (long) c[1] * (c[0] - 1);
      fraudPairs += (long) c[1] * (c[1] - 1);
    }
    assertThat(fraudPairs / (double) pairs).isGreaterThan(0.2);
  }
}

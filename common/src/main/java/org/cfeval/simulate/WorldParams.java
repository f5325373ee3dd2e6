package org.cfeval.simulate;

import java.io.Serializable;
import java.time.LocalDate;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;

/** The knobs of a simulated world; see {@link Keys} for each one's meaning and default. */
public record WorldParams(long size, int days, LocalDate start, long seed, double fraudRate, double scoreQuality,
    double blockThreshold, double exploreAtThreshold, double exploreSlope, double exploreFloor,
    double clusterSize, double ringShare, double ringFraudShare, double fraudDisputeRate, double disputeRate,
    double delayMedianDays, double delaySigma, double delayScoreEffect, int unseenFraudDays,
    double unseenFraudRate, int shiftDays, double velocityShift, String biasedRegion, double regionScoreShift)
    implements Serializable {

  public static WorldParams of(Settings s) {
    return new WorldParams(s.get(Keys.SIM_SIZE), s.get(Keys.SIM_DAYS), s.get(Keys.SIM_START), s.get(Keys.SIM_SEED),
        s.get(Keys.SIM_FRAUD_RATE), s.get(Keys.SIM_SCORE_QUALITY), s.get(Keys.SIM_BLOCK_THRESHOLD),
        s.get(Keys.SIM_EXPLORE_AT_THRESHOLD), s.get(Keys.SIM_EXPLORE_SLOPE), s.get(Keys.SIM_EXPLORE_FLOOR),
        s.get(Keys.SIM_CLUSTER_SIZE), s.get(Keys.SIM_RING_SHARE), s.get(Keys.SIM_RING_FRAUD_SHARE),
        s.get(Keys.SIM_FRAUD_DISPUTE_RATE), s.get(Keys.SIM_DISPUTE_RATE), s.get(Keys.SIM_DELAY_MEDIAN_DAYS),
        s.get(Keys.SIM_DELAY_SIGMA), s.get(Keys.SIM_DELAY_SCORE_EFFECT), s.get(Keys.SIM_UNSEEN_FRAUD_DAYS),
        s.get(Keys.SIM_UNSEEN_FRAUD_RATE), s.get(Keys.SIM_SHIFT_DAYS), s.get(Keys.SIM_VELOCITY_SHIFT),
        s.get(Keys.SIM_BIASED_REGION), s.get(Keys.SIM_REGION_SCORE_SHIFT));
  }

  /** The median chargeback delay of a decision scoring {@code score}, in days. */
  public double delayMedianDays(double score) {
    return delayMedianDays * Math.exp(delayScoreEffect * (score - 50) / 50);
  }

  /** Whether a decision made at {@code decidedAt} falls in the last days that get fraud the score does not see. */
  public boolean unseenFraudDay(java.time.LocalDateTime decidedAt) {
    return inLastDays(unseenFraudDays, decidedAt);
  }

  /** Whether a decision made at {@code decidedAt} falls in the last days whose velocity_1h shifts. */
  public boolean shiftDay(java.time.LocalDateTime decidedAt) {
    return velocityShift > 0 && inLastDays(shiftDays, decidedAt);
  }

  private boolean inLastDays(int days, java.time.LocalDateTime decidedAt) {
    return days > 0 && !decidedAt.toLocalDate().isBefore(end().minusDays(days));
  }

  /** How much higher than its evidence production scores a decision of {@code region}, in logit. */
  public double scoreShift(String region) {
    return region.equals(biasedRegion) ? regionScoreShift : 0;
  }

  /** The end of the simulated days (exclusive): an as-of date at which all decisions have been made. */
  public LocalDate end() {
    return start.plusDays(days);
  }

  /**
   * The logging policy's P(allow), like seed 004's propensity function: 1 up to the threshold, then
   * falling linearly from exploreAtThreshold with the score, never below exploreFloor.
   */
  public double propensity(double score) {
    if (score <= blockThreshold) {
      return 1.0;
    }
    return Math.max(exploreFloor, Math.min(1.0, exploreAtThreshold - exploreSlope * (score - blockThreshold)));
  }
}

package org.cfeval.simulate;

import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.cfeval.config.Keys;

/**
 * A synthetic payments world with known truth. Every decision is a pure function of (seed, index), so
 * any partitioning of the indices produces the same world, and the decision log, chargebacks and truth
 * can be generated separately and still agree.
 *
 * <p>Customers form clusters; a small share of clusters are fraud rings whose decisions are fraud far
 * more often, so fraud is correlated within a cluster. Region and card country belong to the cluster.
 * Model features are drawn given the outcome; the production score uses some of them with noise,
 * leaving room for a better model.
 */
public final class World implements Serializable {
  /** What a simulated decision is, including what production never sees. */
  public record Decision(String decisionId, LocalDateTime decidedAt, double score, String action, double pAllow,
      double amount, String clusterId, String policyAction, String region, String cardCountry, int ipMismatch,
      int declines24h, double accountAgeDays, int velocity1h, boolean fraud, List<Chargeback> chargebacks,
      LocalDateTime fraudReportedAtIfAllowed) {}

  /** A chargeback as production would receive it. */
  public record Chargeback(String decisionId, LocalDateTime reportedAt, String reason, double amount) {}

  public static final String MODEL_ID = "prod-v1";
  public static final String FRAUD_REASON = "fraudulent";
  static final String[] OTHER_REASONS = {"product_not_received", "duplicate_processing", "subscription_canceled",
      "credit_not_processed"};
  static final String[] REGIONS = Keys.SIM_REGIONS.toArray(String[]::new);
  private static final double[] REGION_SHARE = {0.4, 0.3, 0.2, 0.1};
  /** Relative fraud risk per region, scaled below so that the overall fraud rate is as configured. */
  private static final double[] REGION_RISK = {0.8, 0.9, 1.2, 1.8};
  private static final String[][] COUNTRIES = {{"US", "CA"}, {"GB", "DE", "FR"}, {"JP", "AU", "IN"}, {"BR", "MX"}};
  /** Share of disputed fraud reported a second time (several chargebacks on one decision). */
  private static final double REPEAT_REPORT_SHARE = 0.05;
  /**
   * Shift and scale of the production score's logit: with the defaults about 2% of decisions score above
   * 50 and fraud spreads over the whole range instead of piling up at 100, where exploration is scarce.
   */
  private static final double SCORE_SHIFT = 2.0;
  private static final double EVIDENCE_SCALE = 0.5;

  private final WorldParams params;
  private final long clusters;
  private final double ringFraudProbability;
  private final double baseFraudProbability;
  private final double meanRegionRisk;

  public World(WorldParams params) {
    this.params = params;
    this.clusters = Math.max(1, Math.round(params.size() / params.clusterSize()));
    double ringShare = params.ringShare();
    this.ringFraudProbability = ringShare == 0 ? 0
        : Math.min(1.0, params.ringFraudShare() * params.fraudRate() / ringShare);
    double ringFraud = ringShare * ringFraudProbability;
    this.baseFraudProbability = ringShare >= 1 ? 0 : Math.max(0, params.fraudRate() - ringFraud) / (1 - ringShare);
    double mean = 0;
    for (int r = 0; r < REGIONS.length; r++) {
      mean += REGION_SHARE[r] * REGION_RISK[r];
    }
    this.meanRegionRisk = mean;
  }

  public WorldParams params() {
    return params;
  }

  public Decision decision(long index) {
    SplittableRandom rng = new SplittableRandom(mix(params.seed(), index));
    long cluster = Math.floorMod(rng.nextLong(), clusters);
    SplittableRandom clusterRng = new SplittableRandom(mix(params.seed() ^ 0x5DEECE66DL, cluster));
    boolean ring = clusterRng.nextDouble() < params.ringShare();
    int region = pick(clusterRng.nextDouble(), REGION_SHARE);
    String[] countries = COUNTRIES[region];
    String cardCountry = countries[clusterRng.nextInt(countries.length)];

    double fraudProbability = ring ? ringFraudProbability
        : Math.min(1.0, baseFraudProbability * REGION_RISK[region] / meanRegionRisk);
    boolean fraud = rng.nextDouble() < fraudProbability;

    // A ring reuses its accounts and devices: its fraud shares account age and IP mismatch, so a ring's
    // frauds score alike and are caught, or missed, together.
    SplittableRandom featureRng = ring && fraud ? clusterRng : rng;
    int ipMismatch = featureRng.nextDouble() < (fraud ? 0.55 : 0.08) ? 1 : 0;
    double accountAge = -Math.log(1 - featureRng.nextDouble()) * (fraud ? 20 : 400);
    int declines = poisson(rng, fraud ? 1.8 : 0.25);
    int velocity = poisson(rng, fraud ? 2.0 : 0.6);
    double amount = Math.round(Math.exp((fraud ? 4.2 : 3.6) + rng.nextGaussian()) * 100) / 100.0;

    // Log-likelihood ratios of three features; the production model misses velocity and amount.
    double evidence = (ipMismatch == 1 ? 1.93 : -0.72) + (1.97 * declines - 1.55) + (3.0 - 0.0475 * accountAge);
    double logit = Math.log(params.fraudRate() / (1 - params.fraudRate())) + SCORE_SHIFT
        + params.scoreQuality() * EVIDENCE_SCALE * Math.max(-20, evidence) + rng.nextGaussian()
        + params.scoreShift(REGIONS[region]);
    double score = 100 / (1 + Math.exp(-logit));

    double pAllow = params.propensity(score);
    boolean allowed = rng.nextDouble() < pAllow;
    LocalDateTime decidedAt = params.start().atStartOfDay()
        .plusSeconds((long) (rng.nextDouble() * params.days() * 86_400L));
    String id = String.format("d%010d", index);
    // Fraud the score misses: features and score were drawn as legit. Its own stream, so that the rest of
    // the world is the same with or without it.
    if (!fraud && params.unseenFraudDay(decidedAt)
        && new SplittableRandom(mix(params.seed() ^ 0x6A09E667F3BCC908L, index)).nextDouble() < params.unseenFraudRate()) {
      fraud = true;
    }

    // A shift in a feature production does not score (its own stream too): drift the score does not show.
    if (params.shiftDay(decidedAt)) {
      velocity += poisson(new SplittableRandom(mix(params.seed() ^ 0xBB67AE8584CAA73BL, index)),
          params.velocityShift());
    }

    double delayDays = params.delayMedianDays(score) * Math.exp(params.delaySigma() * rng.nextGaussian());
    LocalDateTime reportedAt = decidedAt.plusSeconds((long) (delayDays * 86_400));
    boolean disputed = rng.nextDouble() < (fraud ? params.fraudDisputeRate() : params.disputeRate());
    boolean repeated = rng.nextDouble() < REPEAT_REPORT_SHARE;
    String otherReason = OTHER_REASONS[rng.nextInt(OTHER_REASONS.length)];
    List<Chargeback> chargebacks = new ArrayList<>(2);
    if (allowed && disputed) {
      chargebacks.add(new Chargeback(id, reportedAt, fraud ? FRAUD_REASON : otherReason, amount));
      if (fraud && repeated) {
        chargebacks.add(new Chargeback(id, reportedAt.plusDays(3), FRAUD_REASON, amount));
      }
    }
    return new Decision(id, decidedAt, score, allowed ? "allow" : "block", pAllow, amount, "c" + cluster,
        score > params.blockThreshold() ? "block" : "allow", REGIONS[region], cardCountry, ipMismatch, declines,
        Math.round(accountAge * 10) / 10.0, velocity, fraud, chargebacks,
        fraud && disputed ? reportedAt : null);
  }

  private static int pick(double u, double[] shares) {
    double cumulative = 0;
    for (int i = 0; i < shares.length; i++) {
      cumulative += shares[i];
      if (u < cumulative) {
        return i;
      }
    }
    return shares.length - 1;
  }

  private static int poisson(SplittableRandom rng, double mean) {
    double limit = Math.exp(-mean);
    double product = rng.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= rng.nextDouble();
      k++;
    }
    return k;
  }

  /** A well-mixed 64-bit seed from two longs (the murmur3 finaliser), so nearby indices get unrelated streams. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}

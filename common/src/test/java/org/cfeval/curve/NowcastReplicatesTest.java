package org.cfeval.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.DelayedDecision;
import org.cfeval.stats.Multiplicities;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.tables.Bounded;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The nowcast's replicates against its normal variance, which is derived independently (sums of expected
 * rates, {@link NowcastTest} checks them by hand): where nothing is clustered the two spreads agree; where
 * fraud comes in clusters only the replicates widen; the delay curve's error adds its share.
 */
@Tag("fast")
class NowcastReplicatesTest {
  private static final int REPLICATES = 2000;
  private static final long SEED = 11;
  private static final ThresholdGrid GRID = ThresholdGrid.of(List.of(50.0));

  /**
   * A matured window (F = 0.93) and a cohort 20 days old (F = 0.4), summed as the pass sums them: 40,000
   * and 4,000 decisions production allows (fraud rate 0.04, all allowed), 10,000 and 1,000 it blocks
   * (fraud rate 0.3, 1 in 10 allowed). In the cohort, every {@code cluster} frauds share a card.
   */
  private record World(SliceBuckets matured, ReplicateSums maturedReplicates, SliceBuckets cohort,
      ReplicateSums reports) {
    static World of(long seed, int cluster) {
      SplittableRandom random = new SplittableRandom(seed);
      World world = new World(new SliceBuckets(GRID.buckets()), new ReplicateSums(GRID.buckets(), REPLICATES),
          new SliceBuckets(GRID.buckets()), new ReplicateSums(1, REPLICATES));
      world.add(random, 40_000, false, 0.04, 0.93, false, 1, "m");
      world.add(random, 10_000, true, 0.3, 0.93, false, 1, "m");
      world.add(random, 4_000, false, 0.04, 0.4, true, cluster, "c");
      world.add(random, 1_000, true, 0.3, 0.4, true, cluster, "c");
      return world;
    }

    private void add(SplittableRandom random, int decisions, boolean productionBlocks, double fraudRate,
        double share, boolean young, int cluster, String prefix) {
      DecisionTerms terms = new DecisionTerms(Double.POSITIVE_INFINITY);
      double pAllow = productionBlocks ? 0.1 : 1;
      double[] multiplicities = new double[REPLICATES];
      double[] replicateTerms = new double[ReplicateSums.TERMS];
      int bucket = productionBlocks ? 1 : 0;
      int frauds = 0;
      for (int i = 0; i < decisions; i++) {
        boolean allowed = random.nextDouble() < pAllow;
        boolean fraud = random.nextDouble() < fraudRate;
        boolean reported = allowed && fraud && random.nextDouble() < share;
        boolean legit = allowed && !reported && !young;
        boolean pending = allowed && !reported && young;
        BucketStats decision = DelayedDecision.of(terms, allowed, reported, legit, pending, pAllow, 100, 1 / share,
            1 / share, 1 / share);
        (young ? cohort : matured).add(bucket, productionBlocks, decision);
        if (!young) {
          maturedReplicates.count(bucket, productionBlocks);
        }
        if (terms.labelled() && (reported || !young)) {
          String unit = reported && young ? prefix + productionBlocks + "-ring-" + (frauds++ / cluster)
              : prefix + productionBlocks + "-" + i;
          Multiplicities.fill(SEED, Multiplicities.hash(unit.getBytes(StandardCharsets.UTF_8)), multiplicities);
          ReplicateSums.terms(decision, replicateTerms);
          if (young) {
            reports.add(0, productionBlocks, replicateTerms, multiplicities);
          } else {
            maturedReplicates.add(bucket, productionBlocks, replicateTerms, multiplicities);
          }
        }
      }
    }

    Nowcast.Cohort nowcast(double drift) {
      return Nowcast.of(cohort, matured, drift, 0);
    }

    List<ProductionFigures> replicates(double drift, double logError) {
      double[] draws = NowcastReplicates.delayDraws(SEED, REPLICATES);
      double[] sure = new double[REPLICATES];
      java.util.Arrays.fill(sure, 1);
      NowcastReplicates.Rates rates = NowcastReplicates.Rates.of(GRID, matured, GRID, maturedReplicates, sure);
      return NowcastReplicates.of(nowcast(drift), cohort, matured, reports, rates, drift, logError, draws, 7);
    }
  }

  private static double sd(List<ProductionFigures> replicates) {
    double mean = replicates.stream().mapToDouble(ProductionFigures::fraud).average().orElseThrow();
    return Math.sqrt(replicates.stream().mapToDouble(f -> (f.fraud() - mean) * (f.fraud() - mean)).sum()
        / (replicates.size() - 1));
  }

  /** What {@code drift} and the delay curve's {@code logError} add to the replicates' spread, in quadrature. */
  private static double addedSpread(World world, double drift, double logError) {
    double without = sd(world.replicates(0, 0));
    double with = sd(world.replicates(drift, logError));
    return Math.sqrt(with * with - without * without);
  }

  @Test
  void withoutClustersTheReplicatesSpreadAsTheNormalVariance() {
    for (long seed = 1; seed <= 3; seed++) {
      World world = World.of(seed, 1);
      Nowcast.Cohort nowcast = world.nowcast(0);
      List<ProductionFigures> replicates = world.replicates(0, 0);
      double mean = replicates.stream().mapToDouble(ProductionFigures::fraud).average().orElseThrow();
      System.out.printf("seed %d: nowcast %.1f (chain-ladder weight %.2f), normal sd %.2f, replicates' sd %.2f,"
          + " mean %.1f%n", seed, nowcast.fraud(), nowcast.chainLadderWeight(), Math.sqrt(nowcast.variance()),
          sd(replicates), mean);
      assertThat(sd(replicates) / Math.sqrt(nowcast.variance())).isCloseTo(1, within(0.15));
      assertThat(mean).isCloseTo(nowcast.fraud(), within(0.1 * Math.sqrt(nowcast.variance())));
    }
  }

  @Test
  void fraudInClustersWidensOnlyTheReplicates() {
    World single = World.of(4, 1);
    World rings = World.of(4, 8);
    // Same decisions and reports, so the same normal variance; the replicates resample rings whole.
    assertThat(rings.nowcast(0).variance()).isEqualTo(single.nowcast(0).variance());
    double ratio = sd(rings.replicates(0, 0)) / sd(single.replicates(0, 0));
    System.out.printf("replicates' sd with rings of 8 over without: %.2f%n", ratio);
    assertThat(ratio).isGreaterThan(1.3);
  }

  /**
   * The drift moves a cohort's fraud rate on both sides of the production policy together, as it is fitted
   * (on cohorts' totals): it adds tau x the scores' part of the blend, in quadrature.
   */
  @Test
  void driftAddsTheScoresShareOnBothSidesTogether() {
    World world = World.of(7, 1);
    Nowcast.Cohort nowcast = world.nowcast(0.1);
    double scores = (1 - nowcast.allowed().chainLadderWeight()) * nowcast.allowed().byScores()
        + (1 - nowcast.blocked().chainLadderWeight()) * nowcast.blocked().byScores();
    assertThat(addedSpread(world, 0.1, 0)).isCloseTo(0.1 * scores, within(0.02 * scores));
  }

  @Test
  void theDelayCurvesErrorAddsItsShare() {
    World world = World.of(5, 1);
    Nowcast.Cohort nowcast = world.nowcast(0);
    // exp(-0.2 Z) scales the chain ladder's part: about 0.2 x its weighted value more, in quadrature.
    double ladder = nowcast.allowed().chainLadderWeight() * nowcast.allowed().chainLadder()
        + nowcast.blocked().chainLadderWeight() * nowcast.blocked().chainLadder();
    assertThat(addedSpread(world, 0, 0.2)).isCloseTo(0.2 * ladder, within(0.04 * ladder));
  }

  /**
   * A day-old cohort: 1,000 decisions allowed, none reported yet, with a delay curve that cannot say how
   * few are due (F = 0.001, an infinite log error): the chain ladder, 0, still has weight; no replicate is NaN.
   */
  @Test
  void aCohortWithoutReportsHasFiniteReplicates() {
    World world = World.of(9, 1);
    SliceBuckets young = new SliceBuckets(GRID.buckets());
    DecisionTerms terms = new DecisionTerms(Double.POSITIVE_INFINITY);
    for (int i = 0; i < 1_000; i++) {
      young.add(0, false, DelayedDecision.of(terms, true, false, false, true, 1, 100, 1_000, 1_000, 1_000));
    }
    double[] sure = new double[REPLICATES];
    java.util.Arrays.fill(sure, 1);
    NowcastReplicates.Rates rates = NowcastReplicates.Rates.of(GRID, world.matured(), GRID,
        world.maturedReplicates(), sure);
    Nowcast.Cohort nowcast = Nowcast.of(young, world.matured(), 0, Double.POSITIVE_INFINITY);
    assertThat(nowcast.allowed().chainLadderWeight()).isPositive();
    List<ProductionFigures> replicates = NowcastReplicates.of(nowcast, young, world.matured(),
        new ReplicateSums(1, REPLICATES), rates, 0, Double.POSITIVE_INFINITY,
        NowcastReplicates.delayDraws(SEED, REPLICATES), 3);
    assertThat(replicates).allSatisfy(f -> assertThat(f.fraud()).isFinite());
    Bounded fraud = NowcastReplicates.interval(nowcast.production(), replicates, ProductionFigures::fraud, 0.95,
        Double.POSITIVE_INFINITY);
    assertThat(fraud.lo()).isLessThan(fraud.value());
    assertThat(fraud.hi()).isFinite().isGreaterThan(fraud.value());
  }

  @Test
  void intervalsAreTheReplicatesPercentilesAroundTheEstimate() {
    World world = World.of(6, 1);
    ProductionFigures point = world.nowcast(0).production();
    List<ProductionFigures> replicates = world.replicates(0, 0);
    Bounded precision = NowcastReplicates.interval(point, replicates, ProductionFigures::precision, 0.95, 1);
    assertThat(precision.value()).isEqualTo(point.precision());
    assertThat(precision.lo()).isLessThan(point.precision());
    assertThat(precision.hi()).isGreaterThan(point.precision());
    // Production blocks 1,000 decisions: precision moves with the blocked side's fraud alone.
    double[] blocked = replicates.stream().mapToDouble(ProductionFigures::blockedFraud).sorted().toArray();
    assertThat(precision.hi() - precision.lo()).isCloseTo((blocked[1949] - blocked[49]) / 1000, within(0.01));
    CostModel costs = new CostModel(1, 15, 2, 0.1, 0, 1, 0);
    Bounded cost = NowcastReplicates.interval(point, replicates, f -> f.expectedCost(costs), 0.95,
        Double.POSITIVE_INFINITY);
    assertThat(cost.lo()).isLessThan(point.expectedCost(costs)).isGreaterThan(0);
  }
}

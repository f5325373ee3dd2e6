package org.cfeval.simulate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.InputFormat;
import org.cfeval.curve.Policy;
import org.cfeval.curve.PolicyCurve;
import org.cfeval.curve.PolicyEstimate;
import org.cfeval.curve.PolicySearch;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.evaluation.Optimizer;
import org.cfeval.labels.Labeler;
import org.cfeval.spark.Steps;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.Sum;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pipeline on a simulated world (Parquet sources) against the simulator's truth. */
class SimulatedWorldTest {
  private static final List<Double> THRESHOLDS = List.of(30.0, 40.0, 50.0, 60.0, 70.0, 80.0);
  private static SparkSession spark;
  private static Simulation.Output world;
  private static Settings settings;
  private static DeltaStore store;
  private static Evaluator.Result result;

  @BeforeAll
  static void simulateAndRunNightly() {
    spark = SharedSpark.session();
    Settings simulation = Settings.defaults().with(Keys.SIM_SIZE, "200000").with(Keys.SIM_DAYS, "90");
    WorldParams params = WorldParams.of(simulation);
    world = Simulation.write(spark, params, SharedSpark.newDirectory("world").toString(), InputFormat.PARQUET, 2);
    settings = Fixtures.settings(params.end().toString(), world.decisions(), "parquet", world.chargebacks(), "parquet")
        .with(Keys.THRESHOLDS, "30,40,50,60,70,80")
        .with(Keys.THRESHOLD_COUNT, "11")
        .with(Keys.SLICES, "region,card_country")
        .with(Keys.CLIP_WEIGHT, "3"); // binds wherever p_allow < 1/3: above score 52
    store = SharedSpark.newStore();
    result = runNightly();
  }

  private static Evaluator.Result runNightly() {
    Steps steps = new Steps(spark, "test");
    new Labeler(spark, store, steps).run(settings);
    // As nightly does: one pass for both.
    Evaluator.Result evaluation = new Evaluator(spark, store, steps).run(settings, Optimizer.BREAKDOWN_COLUMNS, List.of());
    new Optimizer(spark, store, steps).run(settings, evaluation);
    return evaluation;
  }

  @Test
  void ipsLandsWithinThreeStandardErrorsOfTheTruthWhileNaiveEstimatesDoNot() {
    SliceBuckets truth = GroundTruth.buckets(spark.read().format("delta").load(world.truth()), result.asOf(),
        result.grid(), List.of()).get(Slice.ALL);
    List<TruthComparison.Row> rows = TruthComparison.compare(result.grid(), result.overall(), truth, THRESHOLDS);
    assertThat(result.overall().total().decisions()).isGreaterThan(60_000);
    assertThat(rows).hasSize(THRESHOLDS.size()).allSatisfy(row -> {
      assertThat(row.ipsWithin(3)).as("IPS at %s: %s", row.threshold(), row).isTrue();
      assertThat(row.naiveOutside(3)).as("naive at %s: %s", row.threshold(), row).isTrue();
      // The bias the weights remove: blocked fraud is under-represented among the labels.
      assertThat(row.naiveRecall()).isLessThan(row.truthRecall() - 0.1);
    });
  }

  @Test
  void absoluteQuantitiesMatchTheTruthAndClippingBiasesThemDown() {
    SliceBuckets truth = GroundTruth.buckets(spark.read().format("delta").load(world.truth()), result.asOf(),
        result.grid(), List.of()).get(Slice.ALL);
    PolicyCurve.Point truthAt50 = PolicyCurve.points(result.grid(), truth).get(result.grid().bucketOf(50.0));
    double trueFraud = truth.total().count(Sum.FRAUD);
    double trueBlockedFraudAmount = truthAt50.blocked().get(Sum.WEIGHT_AMOUNT_FRAUD);
    Map<String, Row> at50 = new HashMap<>();
    spark.sql("SELECT * FROM delta.`" + store.path(Tables.POLICY_CURVE) + "` WHERE slice_key = 'all' AND threshold = 50")
        .collectAsList().forEach(row -> at50.put(row.getAs("estimator"), row));
    Row ips = at50.get("ips");
    // The truth lies inside IPS's intervals, and SNIPS lands inside them too.
    assertThat(trueFraud).isBetween(ips.<Double>getAs("expected_fraud_lo"), ips.<Double>getAs("expected_fraud_hi"));
    assertThat(trueBlockedFraudAmount).isBetween(ips.<Double>getAs("tp_amount_lo"), ips.<Double>getAs("tp_amount_hi"));
    // ... and they are as wide as the data says, no wider or narrower by much: a weighted sum over
    // independent draws has a relative standard error near 1 / sqrt(ess), ess = (sum w)^2 / sum w^2 of
    // the labelled fraud it adds up, so its 95% interval spans about 3.92 / sqrt(ess) of the value.
    // Clusters and amounts widen it (the bound allows 3 times that), nothing should halve it.
    BucketStats all = result.overall().total();
    BucketStats blocked = PolicyCurve.points(result.grid(), result.overall()).get(result.grid().bucketOf(50.0))
        .blocked();
    Map<String, BucketStats> supportOf = Map.of("expected_fraud", all, "tp_amount", blocked);
    for (String figure : supportOf.keySet()) {
      BucketStats fraud = supportOf.get(figure);
      double weight = fraud.get(Sum.WEIGHT_FRAUD);
      double ess = weight * weight / (fraud.get(Sum.EXCESS_FRAUD) + weight);
      double expected = 3.92 / Math.sqrt(ess);
      double width = (ips.<Double>getAs(figure + "_hi") - ips.<Double>getAs(figure + "_lo")) / ips.<Double>getAs(figure);
      System.out.printf("%s: relative interval width %.4f, 3.92 / sqrt(ess %.0f) = %.4f%n", figure, width, ess, expected);
      assertThat(width).as(figure + " interval's relative width").isBetween(0.5 * expected, 3 * expected);
      assertThat(ips.<Long>getAs(figure + "_replicates")).isEqualTo(settings.get(Keys.BOOTSTRAP).longValue());
    }
    assertThat(at50.get("snips").<Double>getAs("expected_fraud"))
        .isBetween(ips.<Double>getAs("expected_fraud_lo"), ips.<Double>getAs("expected_fraud_hi"));
    // Clipped at 3, the explored blocked fraud counts for less: below the whole interval.
    assertThat(at50.get("clipped_ips").<Double>getAs("expected_fraud")).isLessThan(ips.<Double>getAs("expected_fraud_lo"));
    assertThat(at50.get("clipped_ips").<Double>getAs("tp_amount")).isLessThan(ips.<Double>getAs("tp_amount_lo"));
  }

  @Test
  void optimizePicksWhatABruteForceSearchOverTheTruthPicksWithinTheGuardrails() {
    List<Row> rows = GroundTruth.fullyObserved(spark.read().format("delta").load(world.truth()), result.asOf())
        .select(col(DecisionLog.SCORE), col(Tables.OUTCOME).equalTo(Tables.FRAUD), col(DecisionLog.AMOUNT))
        .collectAsList();
    List<TrueDecision> truth = rows.stream()
        .map(r -> new TrueDecision(r.getDouble(0), r.getBoolean(1), r.getDouble(2))).toList();
    // No guardrail, then ones that bind: at most 0.4% of legit decisions stopped, 1% challenged.
    for (List<String> guardrails : List.of(List.of("1", "1"), List.of("0.004", "0.01"))) {
      // A grid of 21 thresholds 5 points apart (the listed 30, 40, ..., 80 among them).
      Settings run = settings.with(Keys.MAX_FALSE_BLOCK_RATE, guardrails.get(0))
          .with(Keys.MAX_CHALLENGE_RATE, guardrails.get(1))
          .with(Keys.SCORE_RANGE, "0,100").with(Keys.THRESHOLD_COUNT, "21");
      Optimizer.Result found = new Optimizer(spark, store, new Steps(spark, "test")).optimize(run);
      ThresholdGrid grid = found.evaluation().grid();
      SliceBuckets truthBuckets = GroundTruth.buckets(spark.read().format("delta").load(world.truth()),
          result.asOf(), grid, List.of()).get(Slice.ALL);
      PolicyEstimate production = found.policies().get(0);
      for (PolicyEstimate estimate : found.policies().subList(1, 3)) {
        Policy policy = estimate.policy();
        boolean challenge = policy.name().equals(Tables.CHEAPEST_CHALLENGE_BLOCK);
        int[] best = bruteForce(truth, grid, Double.parseDouble(guardrails.get(0)),
            Double.parseDouble(guardrails.get(1)), challenge);
        String what = policy + " under guardrails " + guardrails + ", truth's cheapest at grid indices "
            + Arrays.toString(best) + " of " + grid.size();
        int block = grid.indexOf(policy.blockAbove());
        int challengeFrom = policy.challengeAbove() == null ? block : grid.indexOf(policy.challengeAbove());
        // The IPS search lands within one grid step of the truth's optimum ...
        assertThat(Math.abs(challengeFrom - best[0])).as(what).isLessThanOrEqualTo(1);
        assertThat(Math.abs(block - best[1])).as(what).isLessThanOrEqualTo(1);
        // ... and on the truth's own sums the same search finds exactly the brute force's policy.
        Policy onTruth = PolicySearch.cheapest("truth", grid, truthBuckets, Keys.costModel(run),
            found.guardrails(), challenge);
        assertThat(new int[] {onTruth.challengeAbove() == null ? grid.indexOf(onTruth.blockAbove())
            : grid.indexOf(onTruth.challengeAbove()), grid.indexOf(onTruth.blockAbove())}).as(what).isEqualTo(best);
        // Its estimated rates keep within the guardrails, and the true saving lies inside its interval.
        assertThat(Optimizer.meets(estimate.point(), found.guardrails())).as(what).isTrue();
        double trueSaving = Policy.production().matrix(grid, truthBuckets, Keys.costModel(run)).expectedCost()
            - policy.matrix(grid, truthBuckets, Keys.costModel(run)).expectedCost();
        Interval saving = estimate.savingAgainst(production, 0.95).interval();
        assertThat(trueSaving).as(what).isBetween(saving.lo(), saving.hi());
      }
    }
  }

  private record TrueDecision(double score, boolean fraud, double amount) {}

  /**
   * The grid indices {challenge from, block from} of the cheapest policy over every decision's true
   * outcome, by brute force with the default cost model written out: missed fraud amount + 15, false
   * block 2 + 0.1 x amount, challenge 0.06 with 93% of legit and 10% of fraud passing.
   */
  private static int[] bruteForce(List<TrueDecision> decisions, ThresholdGrid grid, double maxFalseBlockRate,
      double maxChallengeRate, boolean challenge) {
    int[] best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int block = 0; block < grid.size(); block++) {
      for (int from = challenge ? 0 : block; from <= block; from++) {
        double t1 = grid.threshold(from);
        double t2 = grid.threshold(block);
        double cost = 0;
        double falseBlocks = 0;
        long legit = 0;
        long challenged = 0;
        for (TrueDecision d : decisions) {
          legit += d.fraud() ? 0 : 1;
          if (d.score() > t2) {
            cost += d.fraud() ? 0 : 2 + 0.1 * d.amount();
            falseBlocks += d.fraud() ? 0 : 1;
          } else if (d.score() > t1) {
            challenged++;
            cost += 0.06 + (d.fraud() ? 0.1 * (d.amount() + 15) : 0.07 * (2 + 0.1 * d.amount()));
            falseBlocks += d.fraud() ? 0 : 0.07;
          } else {
            cost += d.fraud() ? d.amount() + 15 : 0;
          }
        }
        if (cost < bestCost && falseBlocks <= maxFalseBlockRate * legit
            && challenged <= maxChallengeRate * decisions.size()) {
          bestCost = cost;
          best = new int[] {from, block};
        }
      }
    }
    return best;
  }

  @Test
  void aSliceColumnWithTooManyValuesFailsNamingIt() {
    Settings narrow = settings.with(Keys.MAX_SLICE_VALUES, "5"); // 4 regions pass, 10 card countries do not
    Evaluator evaluator = new Evaluator(spark, store, new Steps(spark, "test"));
    assertThatThrownBy(() -> evaluator.estimate(spark.read().format("delta").load(store.path(Tables.DECISIONS_LABELED)),
        narrow))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("slice column 'card_country' has more than 5 distinct values");
  }

  @Test
  void slicesPartitionTheWindow() {
    Map<Slice, SliceBuckets> slices = result.slices();
    for (String column : List.of("region", "card_country")) {
      long decisions = slices.entrySet().stream().filter(e -> e.getKey().key().equals(column))
          .mapToLong(e -> e.getValue().total().decisions()).sum();
      assertThat(decisions).isEqualTo(result.overall().total().decisions());
    }
    assertThat(slices.keySet()).contains(new Slice("region", "LATAM"), new Slice("card_country", "DE"));
    long curveRows = spark.read().format("delta").load(store.path(Tables.POLICY_CURVE)).count();
    // (thresholds + production) x estimators x (overall + 4 regions + 10 countries)
    assertThat(curveRows).isEqualTo((result.grid().size() + 1) * result.estimators().size() * 15L);
  }

  @Test
  void rerunningTheSameDateLeavesIdenticalTables() {
    Map<TableSpec<?>, List<String>> before = snapshot();
    runNightly();
    Map<TableSpec<?>, List<String>> after = snapshot();
    for (TableSpec<?> table : before.keySet()) {
      Set<String> earlier = new HashSet<>(before.get(table));
      List<String> changed = after.get(table).stream().filter(r -> !earlier.contains(r)).limit(3).toList();
      assertThat(changed).as("rows of %s that changed on rerun", table.name()).isEmpty();
      assertThat(after.get(table)).as(table.name()).hasSameSizeAs(before.get(table));
    }
    Dataset<Row> labeled = spark.read().format("delta").load(store.path(Tables.DECISIONS_LABELED));
    assertThat(labeled.count()).isEqualTo(labeled.select("decision_id").distinct().count()).isEqualTo(200_000);
  }

  private static Map<TableSpec<?>, List<String>> snapshot() {
    return Map.of(
        Tables.DECISIONS_LABELED, rows(Tables.DECISIONS_LABELED),
        Tables.REJECTS, rows(Tables.REJECTS),
        Tables.POLICY_CURVE, rows(Tables.POLICY_CURVE),
        Tables.EVALUATION_WINDOWS, rows(Tables.EVALUATION_WINDOWS),
        Tables.OPTIMAL_POLICIES, rows(Tables.OPTIMAL_POLICIES),
        Tables.ACTION_OUTCOMES, rows(Tables.ACTION_OUTCOMES),
        Tables.ERROR_BREAKDOWN, rows(Tables.ERROR_BREAKDOWN));
  }

  private static List<String> rows(TableSpec<?> table) {
    Dataset<Row> frame = Fixtures.data(spark.read().format("delta").load(store.path(table)));
    return frame.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}

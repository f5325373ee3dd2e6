package org.cfeval.simulate;

import static org.apache.spark.sql.functions.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.InputFormat;
import org.cfeval.curve.BootstrapIntervals;
import org.cfeval.curve.PolicyCurve;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.Labeler;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.CurveMetric;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.tables.DeltaStore;
import org.junit.jupiter.api.Test;

/**
 * Do 95% bootstrap intervals cover the truth 95% of the time? 40 independent replications as slices of
 * one simulated dataset (a shard is a hash of the cluster, so no cluster straddles two), three
 * thresholds, precision and recall: 240 intervals per world. The intervals estimate the world's policy
 * performance, so each shard's interval is judged against the world's value: the truth pooled over
 * all shards (40 times the data, so its own error is small beside a shard's).
 *
 * <p>The suite runs one world per case (240 pairs; a binomial standard error of about 1.5 points, so
 * the bounds are loose); {@code scripts/validate} runs {@value #SEEDS_PROPERTY} worlds of other seeds
 * and holds the pooled coverage to the 93% to 97% target.
 */
class CoverageTest {
  static final String SEEDS_PROPERTY = "cfeval.sweep.seeds";
  private static final int SHARDS = 40;
  private static final List<Double> THRESHOLDS = List.of(40.0, 50.0, 60.0);
  private static final int SEEDS = Integer.getInteger(SEEDS_PROPERTY, 1);
  private final SparkSession spark = SharedSpark.session();

  /** Covered and judged intervals, pooled over worlds. */
  private record Tally(int covered, int intervals) {
    Tally plus(Tally other) {
      return new Tally(covered + other.covered, intervals + other.intervals);
    }

    double coverage() {
      return (double) covered / intervals;
    }
  }

  private static void assertTarget(String what, Tally tally) {
    System.out.printf("coverage, %s: %.3f over %d intervals in %d world(s)%n", what, tally.coverage(),
        tally.intervals(), SEEDS);
    if (SEEDS == 1) {
      assertThat(tally.coverage()).as(what).isBetween(0.90, 0.99);
    } else {
      assertThat(tally.intervals()).isGreaterThanOrEqualTo(500);
      assertThat(tally.coverage()).as(what).isBetween(0.93, 0.97);
    }
  }

  @Test
  void clusterBootstrapCoversWhenFraudIsMildlyClustered() {
    Tally tally = new Tally(0, 0);
    for (int seed = 0; seed < SEEDS; seed++) {
      tally = tally.plus(new World(Settings.defaults(), seed).coverage("cluster"));
    }
    assertTarget("default world, cluster bootstrap", tally);
  }

  @Test
  void withStronglyClusteredFraudOnlyTheClusterBootstrapKeepsItsCoverage() {
    Tally clusters = new Tally(0, 0);
    Tally rows = new Tally(0, 0);
    for (int seed = 0; seed < SEEDS; seed++) {
      World world = new World(Settings.defaults().with(Keys.SIM_CLUSTER_SIZE, "30").with(Keys.SIM_RING_SHARE, "0.02")
          .with(Keys.SIM_RING_FRAUD_SHARE, "0.9"), seed);
      clusters = clusters.plus(world.coverage("cluster"));
      rows = rows.plus(world.coverage("decision"));
    }
    assertTarget("clustered world, cluster bootstrap", clusters);
    System.out.printf("coverage, clustered world, row bootstrap: %.3f%n", rows.coverage());
    // Resampling rows treats a ring's decisions as independent, so its intervals are narrower and cover
    // less: 0.904 against 0.921 on the suite's world (4 of 240 intervals); over 5 worlds, by a point at least.
    assertThat(rows.coverage()).isLessThan(clusters.coverage() - (SEEDS == 1 ? 0 : 0.01));
  }

  /** One simulated dataset with a shard column, labelled once. */
  private final class World {
    private final Settings settings;
    private final Dataset<Row> truth;
    private final DeltaStore store = SharedSpark.newStore();

    World(Settings simulation, int seed) {
      Settings sized = simulation.with(Keys.SIM_SIZE, "600000").with(Keys.SIM_DAYS, "90")
          .with(Keys.SIM_SEED, Long.toString(Settings.defaults().get(Keys.SIM_SEED) + seed));
      WorldParams params = WorldParams.of(sized);
      Simulation.Output output = Simulation.write(spark, params, SharedSpark.newDirectory("coverage").toString(),
          InputFormat.PARQUET, 2);
      String decisions = SharedSpark.newDirectory("sharded").toString();
      withShard(spark.read().parquet(output.decisions())).write().mode("overwrite").parquet(decisions);
      truth = withShard(spark.read().format("delta").load(output.truth()));
      settings = Fixtures.settings(params.end().toString(), decisions, "parquet", output.chargebacks(), "parquet")
          .with(Keys.THRESHOLDS, "40,50,60").with(Keys.THRESHOLD_COUNT, "0").with(Keys.SLICES, "shard");
      new Labeler(spark, store, new Steps(spark, "coverage")).run(settings);
    }

    Tally coverage(String unit) {
      Evaluator.Result result = new Evaluator(spark, store, new Steps(spark, "coverage"))
          .run(settings.with(Keys.BOOTSTRAP_UNIT, unit));
      SliceBuckets world = GroundTruth.buckets(truth, result.asOf(), result.grid(), List.of()).get(Slice.ALL);
      List<PolicyCurve.Point> truthCurve = PolicyCurve.points(result.grid(), world);
      int covered = 0;
      int intervals = 0;
      for (int shard = 0; shard < SHARDS; shard++) {
        Slice slice = new Slice("shard", Integer.toString(shard));
        BootstrapIntervals estimated = result.intervals().get(slice);
        for (int k = 0; k < THRESHOLDS.size(); k++) {
          ConfusionMatrix real = ConfusionMatrix.of(truthCurve.get(k).blocked(), truthCurve.get(k).passed(),
              Estimator.IPS);
          for (CurveMetric metric : List.of(CurveMetric.PRECISION, CurveMetric.RECALL)) {
            Interval interval = estimated.get(THRESHOLDS.get(k), metric);
            intervals++;
            if (interval != null && interval.lo() <= metric.of(real) && metric.of(real) <= interval.hi()) {
              covered++;
            }
          }
        }
      }
      assertThat(intervals).isEqualTo(SHARDS * THRESHOLDS.size() * 2);
      return new Tally(covered, intervals);
    }

    private Dataset<Row> withShard(Dataset<Row> frame) {
      return frame.withColumn("shard", pmod(xxhash64(col("cluster_id")), lit(SHARDS)));
    }
  }
}

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
import org.cfeval.curve.Evaluator;
import org.cfeval.curve.PolicyCurve;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
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
 * thresholds, precision and recall: 240 intervals per run. The intervals estimate the world's policy
 * performance, so each shard's interval is judged against the world's value: the truth pooled over
 * all shards (40 times the data, so its own error is small beside a shard's).
 */
class CoverageTest {
  private static final int SHARDS = 40;
  private static final List<Double> THRESHOLDS = List.of(40.0, 50.0, 60.0);
  private final SparkSession spark = SharedSpark.session();

  @Test
  void clusterBootstrapCoversWhenFraudIsMildlyClustered() {
    World world = new World(Settings.defaults());
    double coverage = world.coverage("cluster");
    System.out.printf("coverage, default world, cluster bootstrap: %.3f%n", coverage);
    assertThat(coverage).isBetween(0.90, 0.99);
  }

  @Test
  void withStronglyClusteredFraudOnlyTheClusterBootstrapKeepsItsCoverage() {
    World world = new World(Settings.defaults().with(Keys.SIM_CLUSTER_SIZE, "30").with(Keys.SIM_RING_SHARE, "0.02")
        .with(Keys.SIM_RING_FRAUD_SHARE, "0.9"));
    double clusters = world.coverage("cluster");
    double rows = world.coverage("decision");
    System.out.printf("coverage, clustered world: cluster bootstrap %.3f, row bootstrap %.3f%n", clusters, rows);
    assertThat(clusters).isBetween(0.90, 0.99);
    assertThat(rows).isLessThan(0.90);
  }

  /** One simulated dataset with a shard column, labelled once. */
  private final class World {
    private final Settings settings;
    private final Dataset<Row> truth;
    private final DeltaStore store = SharedSpark.newStore();

    World(Settings simulation) {
      Settings sized = simulation.with(Keys.SIM_SIZE, "600000").with(Keys.SIM_DAYS, "90");
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

    double coverage(String unit) {
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
      return (double) covered / intervals;
    }

    private Dataset<Row> withShard(Dataset<Row> frame) {
      return frame.withColumn("shard", pmod(xxhash64(col("cluster_id")), lit(SHARDS)));
    }
  }
}

package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.InputFormat;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.Labeler;
import org.cfeval.simulate.GroundTruth;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

/**
 * One simulated world, labelled once, that the calibration and fairness tests share (simulating and
 * labelling it is most of their time): 400,000 decisions over 100 days, the first 40 the matured window,
 * production scoring LATAM's decisions 0.5 logit higher than their evidence (its legit customers blocked
 * about twice as often as the rest's) and exploring more than the default (0.6 at the threshold, so the
 * rates of blocked decisions rest on more labels), and a column with nothing to do with the score, a hash
 * of the cluster into four shards.
 */
record MonitoringWorld(WorldParams params, Settings settings, DeltaStore store, String truthPath) {
  static final String SHARD = "shard";
  static final String BIASED_REGION = "LATAM";
  private static MonitoringWorld world;

  static synchronized MonitoringWorld get() {
    if (world == null) {
      SparkSession spark = SharedSpark.session();
      WorldParams params = WorldParams.of(Settings.defaults().with(Keys.SIM_SIZE, "400000")
          .with(Keys.SIM_DAYS, "100").with(Keys.SIM_BIASED_REGION, BIASED_REGION)
          .with(Keys.SIM_REGION_SCORE_SHIFT, "0.5").with(Keys.SIM_EXPLORE_AT_THRESHOLD, "0.6")
          .with(Keys.SIM_EXPLORE_SLOPE, "0.005"));
      String dir = SharedSpark.newDirectory("monitoring-world").toString();
      Simulation.Output output = Simulation.write(spark, params, dir, InputFormat.PARQUET, 2);
      String decisions = dir + "/sharded";
      withShard(spark.read().parquet(output.decisions())).write().parquet(decisions);
      Settings settings = Fixtures.settings(params.end().toString(), decisions, "parquet", output.chargebacks(),
          "parquet").with(Keys.WINDOW_DAYS, "40");
      DeltaStore store = SharedSpark.newStore();
      new Labeler(spark, store, new Steps(spark, "test")).run(settings);
      world = new MonitoringWorld(params, settings, store, output.truth());
    }
    return world;
  }

  /** The window's decisions as the simulator knows them: outcome as of A, blocked ones included. */
  Dataset<Row> truth() {
    return withShard(GroundTruth.fullyObserved(SharedSpark.session().read().format("delta").load(truthPath),
        AsOf.of(settings)));
  }

  private static Dataset<Row> withShard(Dataset<Row> frame) {
    return frame.withColumn(SHARD, pmod(xxhash64(col(DecisionLog.CLUSTER_ID)), lit(4)));
  }
}

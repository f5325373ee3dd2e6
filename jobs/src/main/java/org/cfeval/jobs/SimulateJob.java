package org.cfeval.jobs;

import static org.apache.spark.sql.functions.*;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.simulate.Simulation;
import org.cfeval.simulate.WorldParams;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval simulate}: a synthetic world's decision log, chargebacks and truth. */
final class SimulateJob implements Job {
  @Override
  public String name() {
    return "simulate";
  }

  @Override
  public String summary() {
    return "write a simulated decision log, chargebacks and the ground truth of every decision";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(List.of(Keys.CONF), Options.SIMULATE);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    simulate(spark, settings, new Steps(spark, name()), out);
    return 0;
  }

  static Simulation.Output simulate(SparkSession spark, Settings settings, Steps steps, PrintStream out) {
    WorldParams params = WorldParams.of(settings);
    Simulation.Output output = steps.run("simulate " + params.size() + " decisions", () -> Simulation.write(spark,
        params, settings.get(Keys.SIM_OUT), settings.get(Keys.SIM_FORMAT), settings.get(Keys.SIM_PARTITIONS)));
    Row truth = spark.read().format("delta").load(output.truth()).agg(count(lit(1)),
        avg(col(Simulation.IS_FRAUD).cast("double")),
        avg(col(DecisionLog.ACTION).equalTo(DecisionLog.BLOCK).cast("double")),
        avg(col(DecisionLog.POLICY_ACTION).equalTo(DecisionLog.BLOCK).cast("double"))).first();
    out.printf("simulated %,d decisions from %s to %s: fraud %.2f%%, blocked %.2f%% (policy without exploration"
            + " %.2f%%)%n", truth.getLong(0), params.start(), params.end().minusDays(1), 100 * truth.getDouble(1),
        100 * truth.getDouble(2), 100 * truth.getDouble(3));
    out.printf("decisions: %s (%s)%nchargebacks: %s (%s)%ntruth: %s (delta)%n", output.decisions(),
        output.format().sparkName(), output.chargebacks(), output.format().sparkName(), output.truth());
    return output;
  }
}

package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.curve.Policy;
import org.cfeval.curve.PolicyEstimate;
import org.cfeval.evaluation.WhatIf;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ActionMatrix.Action;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.stats.PolicyMetric;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval whatif}: a proposed policy beside the production one, printed; writes nothing. */
final class WhatIfJob implements Job {
  @Override
  public String name() {
    return "whatif";
  }

  @Override
  public String summary() {
    return "print a proposed policy (--threshold, or --challenge-above/--block-above) beside production";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.WHATIF, Options.COSTS);
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    WhatIf.Result result = WhatIf.run(spark, store, new Steps(spark, name()), settings);
    double confidence = settings.get(Keys.CONFIDENCE);
    PolicyEstimate current = result.current();
    PolicyEstimate proposed = result.proposed();
    out.printf("window [%s, %s): %,d decisions; current: the production policy; proposed: %s; %s intervals%n",
        result.evaluation().asOf().windowStart(), result.evaluation().asOf().windowEnd(),
        result.evaluation().overall().total().decisions(), describe(proposed.policy()), confidence);
    TextTable table = new TextTable("metric", "current", "interval", "proposed", "interval", "difference",
        "interval");
    for (Action action : List.of(Action.BLOCK, Action.CHALLENGE)) {
      Function<ActionMatrix, Double> rate = m -> m.rate(action);
      // Shares of all decisions, unweighted: exact, so no interval.
      table.row(action.columnValue() + "_rate", rate.apply(current.point()), "", rate.apply(proposed.point()), "",
          rate.apply(proposed.point()) - rate.apply(current.point()), "");
    }
    for (PolicyMetric metric : PolicyMetric.values()) {
      Function<ActionMatrix, Double> figure = metric.function();
      Double now = figure.apply(current.point());
      Double then = figure.apply(proposed.point());
      table.row(metric.column(), now, TextTable.interval(current.interval(figure, confidence)), then,
          TextTable.interval(proposed.interval(figure, confidence)), now == null || then == null ? null : then - now,
          TextTable.interval(proposed.difference(figure, current, confidence)));
    }
    out.print(table);
    return 0;
  }

  private static String describe(Policy policy) {
    return (policy.challengeAbove() == null ? "" : "challenge if score > " + policy.challengeAbove() + ", ")
        + "block if score > " + policy.blockAbove();
  }
}

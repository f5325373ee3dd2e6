package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.curve.PolicyEstimate;
import org.cfeval.evaluation.Optimizer;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ActionMatrix.Action;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval optimize}: the cheapest policies under the cost model, into optimal_policies and its two tables. */
final class OptimizeJob implements Job {
  @Override
  public String name() {
    return "optimize";
  }

  @Override
  public String summary() {
    return "find the cheapest block threshold and challenge/block pair within guardrails, and where errors cost";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.EVALUATE, Options.PRICING, Options.COSTS, Options.GUARDRAILS);
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    print(new Optimizer(spark, store, new Steps(spark, name())).run(settings), out);
    return 0;
  }

  /** Each policy with its thresholds, rates and expected cost, and its saving against production. */
  static void print(Optimizer.Result result, PrintStream out) {
    TextTable table = new TextTable("policy", "challenge_above", "block_above", "block_rate", "challenge_rate",
        "false_block_rate", "recall", "expected_cost", "saving", "saving_interval", "meets_guardrails");
    PolicyEstimate production = result.policies().get(0);
    for (PolicyEstimate estimate : result.policies()) {
      ActionMatrix m = estimate.point();
      PolicyEstimate.Saving saving = estimate.savingAgainst(production, result.confidence());
      table.row(estimate.policy().name(), estimate.policy().challengeAbove(), estimate.policy().blockAbove(),
          m.rate(Action.BLOCK), m.rate(Action.CHALLENGE), m.falseBlockRate(), m.flagged().recall(), m.expectedCost(),
          saving.value(), TextTable.interval(saving.interval()), Optimizer.meets(m, result.guardrails()));
    }
    out.printf("optimal_policies: %d rows, action_outcomes: %d, error_breakdown: %d (guardrails: false blocks <= %s"
            + " of legit, challenges <= %s of decisions)%n", result.policyRows().size(), result.outcomeRows().size(),
        result.breakdownRows().size(), result.guardrails().maxFalseBlockRate(), result.guardrails().maxChallengeRate());
    out.print(table);
  }
}

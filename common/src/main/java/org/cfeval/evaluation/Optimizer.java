package org.cfeval.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.curve.Policy;
import org.cfeval.curve.PolicyEstimate;
import org.cfeval.curve.PolicySearch;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ActionMatrix.Action;
import org.cfeval.stats.ActionMatrix.Outcome;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.PolicyMetric;
import org.cfeval.tables.ActionOutcomeRow;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.ErrorBreakdownRow;
import org.cfeval.tables.Figure;
import org.cfeval.tables.OptimalPolicyRow;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;
import org.cfeval.tables.Window;

/**
 * The optimize step: from one pass over the matured window (evaluate's, with chargeback_reason as one
 * more dimension), the cheapest single block threshold and the cheapest challenge/block pair on the
 * grid within the guardrails, each beside the production policy with its saving; their action-by-outcome
 * matrices; and where each one's errors cost most, by dimension. Writes optimal_policies,
 * action_outcomes and error_breakdown for the as-of date (and --model-id's scores).
 */
public final class Optimizer {
  /** Dimensions the error breakdown adds to the --slices columns. */
  public static final List<String> BREAKDOWN_COLUMNS = List.of(Tables.CHARGEBACK_REASON);
  static final String FALSE_NEGATIVE = "false_negative";
  static final String FALSE_POSITIVE = "false_positive";

  /** What an optimize run found: the evaluation it searched and its policies (production first). */
  public record Result(Evaluator.Result evaluation, List<PolicyEstimate> policies, PolicySearch.Guardrails guardrails,
      double confidence, List<OptimalPolicyRow> policyRows, List<ActionOutcomeRow> outcomeRows,
      List<ErrorBreakdownRow> breakdownRows) {}

  private final SparkSession spark;
  private final DeltaStore store;
  private final Steps steps;

  public Optimizer(SparkSession spark, DeltaStore store, Steps steps) {
    this.spark = spark;
    this.store = store;
    this.steps = steps;
  }

  /** Evaluates, searches, then replaces the as-of date's rows of the three tables for the same scores. */
  public Result run(Settings settings) {
    return run(settings, evaluate(settings));
  }

  /**
   * Searches an evaluation already made with {@link #BREAKDOWN_COLUMNS} (nightly's, so the window is
   * read once), then writes as {@link #run(Settings)} does.
   */
  public Result run(Settings settings, Evaluator.Result evaluation) {
    Result result = optimize(settings, evaluation);
    String sameScores = Evaluator.sameScores(settings);
    write(Tables.OPTIMAL_POLICIES, result.policyRows(), result, sameScores);
    write(Tables.ACTION_OUTCOMES, result.outcomeRows(), result, sameScores);
    write(Tables.ERROR_BREAKDOWN, result.breakdownRows(), result, sameScores);
    return result;
  }

  /** Everything optimize computes, without writing it. */
  public Result optimize(Settings settings) {
    return optimize(settings, evaluate(settings));
  }

  private Evaluator.Result evaluate(Settings settings) {
    return new Evaluator(spark, store, steps).estimate(store.read(Tables.DECISIONS_LABELED), settings,
        BREAKDOWN_COLUMNS);
  }

  private static Result optimize(Settings settings, Evaluator.Result evaluation) {
    CostModel costs = Keys.costModel(settings);
    Estimator estimator = settings.get(Keys.ESTIMATOR);
    evaluation.requireEstimator(estimator);
    PolicySearch.Guardrails guardrails = PolicySearch.Guardrails.of(settings);
    List<Policy> policies = new ArrayList<>(List.of(Policy.production()));
    for (boolean challenge : new boolean[] {false, true}) {
      String name = challenge ? Tables.CHEAPEST_CHALLENGE_BLOCK : Tables.CHEAPEST_BLOCK;
      Policy cheapest = PolicySearch.cheapest(name, evaluation.grid(), evaluation.overall(), estimator, costs,
          guardrails, challenge);
      if (cheapest == null) {
        throw new ConfigException(String.format("max-false-block-rate: no policy on the grid of %d thresholds keeps within"
                + " --max-false-block-rate %s and --max-challenge-rate %s; widen --score-range or the guardrails",
            evaluation.grid().size(), guardrails.maxFalseBlockRate(), guardrails.maxChallengeRate()));
      }
      policies.add(cheapest);
    }
    List<PolicyEstimate> estimates = policies.stream()
        .map(p -> evaluation.estimate(p, Slice.ALL, estimator, costs)).toList();
    double confidence = settings.get(Keys.CONFIDENCE);
    Window window = Window.of(evaluation.asOf());
    String modelId = settings.get(Keys.MODEL_ID).isEmpty() ? null : settings.get(Keys.MODEL_ID);
    List<OptimalPolicyRow> policyRows = new ArrayList<>();
    List<ActionOutcomeRow> outcomeRows = new ArrayList<>();
    List<ErrorBreakdownRow> breakdownRows = new ArrayList<>();
    for (PolicyEstimate estimate : estimates) {
      policyRows.add(policyRow(window, modelId, evaluation, estimator, estimate, estimates.get(0), guardrails,
          confidence));
      outcomeRows.addAll(outcomeRows(window, modelId, estimate, confidence));
      breakdownRows.addAll(breakdownRows(window, modelId, evaluation, estimate.policy(), estimator, costs,
          breakdownDimensions(settings)));
    }
    return new Result(evaluation, estimates, guardrails, confidence, policyRows, outcomeRows, breakdownRows);
  }

  private static OptimalPolicyRow policyRow(Window window, String modelId, Evaluator.Result evaluation,
      Estimator estimator, PolicyEstimate estimate, PolicyEstimate production, PolicySearch.Guardrails guardrails, double confidence) {
    ActionMatrix m = estimate.point();
    Function<PolicyMetric, Figure> figure = metric -> Figure.of(metric.function().apply(m),
        estimate.interval(metric.function(), confidence));
    PolicyEstimate.Saving saving = estimate.savingAgainst(production, confidence);
    Policy policy = estimate.policy();
    return new OptimalPolicyRow(window, modelId, policy.name(), estimator, policy.challengeAbove(), policy.blockAbove(),
        m.rate(Action.BLOCK), m.rate(Action.CHALLENGE), figure.apply(PolicyMetric.PRECISION),
        figure.apply(PolicyMetric.RECALL), figure.apply(PolicyMetric.FPR), figure.apply(PolicyMetric.FALSE_BLOCK_RATE),
        figure.apply(PolicyMetric.EXPECTED_COST), figure.apply(PolicyMetric.COST_PER_DECISION),
        Figure.of(saving.value(), saving.interval()), meets(m, guardrails), guardrails.maxFalseBlockRate(),
        guardrails.maxChallengeRate(), evaluation.overall().total().decisions());
  }

  /** Whether the policy's estimated false-block and challenge rates keep within the guardrails. */
  public static boolean meets(ActionMatrix m, PolicySearch.Guardrails guardrails) {
    Double falseBlockRate = m.falseBlockRate();
    Double challengeRate = m.rate(Action.CHALLENGE);
    return (falseBlockRate == null || falseBlockRate <= guardrails.maxFalseBlockRate())
        && (challengeRate == null || challengeRate <= guardrails.maxChallengeRate());
  }

  private static List<ActionOutcomeRow> outcomeRows(Window window, String modelId, PolicyEstimate estimate,
      double confidence) {
    List<ActionOutcomeRow> rows = new ArrayList<>();
    Function<Function<ActionMatrix, Double>, Figure> figure = f -> Figure.of(f.apply(estimate.point()),
        estimate.interval(f, confidence));
    for (Action action : Action.values()) {
      for (Outcome outcome : Outcome.values()) {
        rows.add(new ActionOutcomeRow(window, modelId, estimate.policy().name(), action, outcome,
            figure.apply(m -> m.cell(action, outcome).count()), figure.apply(m -> m.cell(action, outcome).amount()),
            figure.apply(m -> m.cost(action, outcome))));
      }
    }
    return rows;
  }

  /** The --slices columns and {@link #BREAKDOWN_COLUMNS}: the pass may sum more (fairness's), not broken down. */
  private static List<String> breakdownDimensions(Settings settings) {
    List<String> dimensions = new ArrayList<>(settings.get(Keys.SLICES));
    dimensions.addAll(BREAKDOWN_COLUMNS);
    return dimensions;
  }

  /** The policy's two errors on every value of every dimension, ranked by cost within the dimension. */
  private static List<ErrorBreakdownRow> breakdownRows(Window window, String modelId, Evaluator.Result evaluation,
      Policy policy, Estimator estimator, CostModel costs, List<String> dimensions) {
    record Cell(String dimension, String value, String error, ActionMatrix.Cell errors, double cost) {}
    List<Cell> cells = new ArrayList<>();
    for (Map.Entry<Slice, SliceBuckets> entry : evaluation.slices().entrySet()) {
      Slice slice = entry.getKey();
      if (!dimensions.contains(slice.key())) {
        continue;
      }
      ActionMatrix m = policy.matrix(evaluation.grid(), entry.getValue(), estimator, costs);
      ActionMatrix.Cell missed = m.missedFraud();
      ActionMatrix.Cell falseBlocks = m.falseBlocks();
      cells.add(new Cell(slice.key(), slice.value(), FALSE_NEGATIVE, missed,
          costs.missedFraud(missed.count(), missed.amount())));
      cells.add(new Cell(slice.key(), slice.value(), FALSE_POSITIVE, falseBlocks,
          costs.falseBlocks(falseBlocks.count(), falseBlocks.amount())));
    }
    List<ErrorBreakdownRow> rows = new ArrayList<>();
    for (String dimension : cells.stream().map(Cell::dimension).distinct().toList()) {
      List<Cell> ranked = cells.stream().filter(c -> c.dimension().equals(dimension))
          .sorted(Comparator.comparingDouble(Cell::cost).reversed()).toList();
      double total = ranked.stream().mapToDouble(Cell::cost).sum();
      for (int i = 0; i < ranked.size(); i++) {
        Cell c = ranked.get(i);
        rows.add(new ErrorBreakdownRow(window, modelId, policy.name(), dimension, c.value(), c.error(),
            c.errors().count(), c.errors().amount(), c.cost(), total == 0 ? null : c.cost() / total, (long) i + 1));
      }
    }
    return rows;
  }

  private <R extends Record> void write(TableSpec<R> table, List<R> rows, Result result, String sameScores) {
    steps.run("write " + table.name(), () -> store.replaceAsOf(table, table.frame(spark, rows),
        result.evaluation().asOf().date(), sameScores));
  }
}

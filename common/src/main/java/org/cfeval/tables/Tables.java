package org.cfeval.tables;


import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.contract.DecisionLog;
import org.cfeval.stats.CurveMetric;
import org.cfeval.stats.ModelMetrics;
import org.cfeval.stats.PolicyMetric;

/** Every output table, its columns and their meanings: the one place they are defined. */
public final class Tables {
  private static final DataType STRING = DataTypes.StringType;
  private static final DataType DOUBLE = DataTypes.DoubleType;
  private static final DataType LONG = DataTypes.LongType;
  private static final DataType DATE = DataTypes.DateType;
  private static final DataType TIMESTAMP = DataTypes.TimestampType;
  private static final DataType BOOLEAN = DataTypes.BooleanType;

  public static final String AS_OF_DATE = "as_of_date";
  public static final String MODEL_ID = "model_id";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String SLICE_KEY = "slice_key";
  public static final String SLICE_VALUE = "slice_value";

  // decisions_labeled: label columns added to the decision log's own
  public static final String OUTCOME = "outcome";
  public static final String IPW = "ipw";
  public static final String LABEL_DATE = "label_date";
  public static final String FRAUD_REPORTED_AT = "fraud_reported_at";
  public static final String CHARGEBACK_COUNT = "chargeback_count";
  public static final String CHARGEBACK_REASON = "chargeback_reason";
  public static final String LABELED_AS_OF = "labeled_as_of";

  public static final String FRAUD = "fraud";
  public static final String LEGIT = "legit";
  public static final String PENDING = "pending";
  public static final String UNOBSERVED = "unobserved";

  /** Value of slice_key and slice_value on the rows that cover the whole window. */
  public static final String ALL = "all";
  /** Values of policy_curve.policy. */
  public static final String POLICY_THRESHOLD = "threshold";
  public static final String POLICY_PRODUCTION = "production";

  private static final TableColumn MODEL_ID_COLUMN = c(MODEL_ID, STRING, "whose scores the thresholds apply to:"
      + " null for the logged production score, else the model_id of model_scores (--model-id)");

  public static final TableSpec DECISIONS_LABELED = new TableSpec("decisions_labeled",
      "one accepted decision with its outcome as of the latest label run; the log's extra columns follow",
      List.of(
          c(DecisionLog.DECISION_ID, STRING, "unique id of the decision (the charge id)"),
          c(DecisionLog.DECIDED_AT, TIMESTAMP, "when the decision was made, UTC"),
          c(DecisionLog.SCORE, DOUBLE, "the production model's score"),
          c(DecisionLog.ACTION, STRING, "what was done after randomisation: allow or block"),
          c(DecisionLog.P_ALLOW, DOUBLE, "probability that the logging policy allowed this decision"),
          c(DecisionLog.AMOUNT, DOUBLE, "amount in the reporting currency"),
          c(DecisionLog.CLUSTER_ID, STRING, "unit of independence; the decision_id when the log has none"),
          c(DecisionLog.MODEL_ID, STRING, "version of the model that produced score (null if not logged)"),
          c(DecisionLog.POLICY_ACTION, STRING, "what the policy would have done without exploration (null if not logged)"),
          c(OUTCOME, STRING, "fraud, legit, pending (allowed, not matured) or unobserved (blocked)"),
          c(IPW, DOUBLE, "inverse propensity weight 1/p_allow of an allowed decision; null when blocked"),
          c(LABEL_DATE, DATE, "date the label arrived: the earliest fraud report (fraud) or decided_at plus maturity-days (legit)"),
          c(FRAUD_REPORTED_AT, TIMESTAMP, "earliest fraud chargeback reported by the as-of date, UTC"),
          c(CHARGEBACK_COUNT, LONG, "chargebacks of any reason reported by the as-of date"),
          c(CHARGEBACK_REASON, STRING, "reason of the earliest fraud chargeback, else of the earliest chargeback"),
          c(LABELED_AS_OF, DATE, "as-of date of the label run that last wrote this row")),
      List.of(DecisionLog.DECISION_ID), true);

  public static final TableSpec REJECTS = new TableSpec("rejects",
      "one input row that broke the data contract, found by the label run of as_of_date",
      List.of(
          c(AS_OF_DATE, DATE, "as-of date of the label run that rejected the row"),
          c("source", STRING, "decisions or chargebacks"),
          c("source_path", STRING, "the --decisions or --labels path the row was read from"),
          c("source_file", STRING, "the file within that path, where the format has files"),
          c("reason", STRING, "reject reason code (see the README)"),
          c("detail", STRING, "the column and value that broke the contract"),
          c("record", STRING, "the original row as JSON, values as read")),
      List.of(), false);

  public static final TableSpec POLICY_CURVE = new TableSpec("policy_curve",
      "one policy evaluated on one slice of the matured window by one estimator",
      withWindowAndSlice(List.of(
          c("policy", STRING, "threshold: block if score > threshold; production: the logged policy_action"),
          c("threshold", DOUBLE, "t of 'block if score > t'; null for the production policy"),
          c("estimator", STRING, "ips: labelled decisions weighted 1/p_allow; snips: ips scaled to each side's known"
              + " number of decisions; clipped_ips: weights capped at --clip-weight; naive: labelled decisions counted"
              + " once (biased)"),
          c("tp", DOUBLE, "fraud the policy blocks (estimated decisions)"),
          c("fp", DOUBLE, "legit decisions the policy blocks (estimated decisions)"),
          c("fn", DOUBLE, "fraud the policy allows (estimated decisions)"),
          c("tn", DOUBLE, "legit decisions the policy allows (estimated decisions)"),
          c("precision", DOUBLE, "tp / (tp + fp); null when the policy blocks no labelled decision"),
          c("recall", DOUBLE, "tp / (tp + fn); null when there is no labelled fraud"),
          c("fpr", DOUBLE, "fp / (fp + tn); null when there is no labelled legit decision"),
          c("block_rate", DOUBLE, "share of all decisions in the slice the policy blocks (unweighted); null when none"),
          c("expected_fraud", DOUBLE, "fraud decisions in the slice, blocked or not: tp + fn (estimated decisions)"),
          c("fraud_rate", DOUBLE, "expected_fraud / n_decisions (naive: / n_labeled)"),
          c("tp_amount", DOUBLE, "amount of the fraud the policy blocks (estimated, reporting currency)"),
          c("fp_amount", DOUBLE, "amount of the legit decisions the policy blocks (estimated, reporting currency)"),
          c("fn_amount", DOUBLE, "amount of the fraud the policy allows (estimated, reporting currency)"),
          c("tn_amount", DOUBLE, "amount of the legit decisions the policy allows (estimated, reporting currency)"),
          c("expected_cost", DOUBLE, "cost of the policy's errors under the cost model: each missed fraud its"
              + " amount share plus the chargeback fee, each false block its fixed cost plus its amount share"
              + " (estimated, reporting currency)"),
          c("cost_per_decision", DOUBLE, "expected_cost / n_decisions (naive: / n_labeled), reporting currency"),
          c("n_decisions", LONG, "decisions in the slice, labelled or not"),
          c("n_blocked", LONG, "decisions in the slice the policy blocks"),
          c("n_labeled", LONG, "labelled (allowed, matured) decisions in the slice"),
          c("n_labeled_blocked", LONG, "labelled decisions the policy blocks: the support of precision"),
          c("n_labeled_fraud", LONG, "labelled fraud in the slice: the support of recall"),
          c("ess", DOUBLE, "Kish effective sample size (sum w)^2 / sum w^2 of the labelled decisions the policy blocks;"
              + " null when there are none"),
          c("max_weight_share", DOUBLE, "largest single weight among the labelled decisions the policy blocks, as a"
              + " share of their weights"),
          c("low_support", BOOLEAN, "ess is null or below --min-ess: treat precision and its interval with care")),
          intervalColumns()),
      List.of(), false);

  public static final TableSpec EVALUATION_WINDOWS = new TableSpec("evaluation_windows",
      "one slice of the matured window an evaluate run covered, with its counts and logging health",
      withWindowAndSlice(List.of(
          c("n_decisions", LONG, "decisions in the slice"),
          c("n_allowed", LONG, "allowed decisions"),
          c("n_labeled", LONG, "allowed decisions with a matured label (fraud or legit)"),
          c("n_labeled_fraud", LONG, "labelled fraud"),
          c("n_pending", LONG, "allowed decisions still pending: labels older than the window's maturity"),
          c("weight_allowed", DOUBLE, "sum of 1/p_allow over allowed decisions"),
          c("logging_health_ratio", DOUBLE, "weight_allowed / n_decisions; near 1 when p_allow is logged correctly"),
          c("logging_health_se", DOUBLE, "standard error of the ratio under the logged propensities: sqrt(sum of (1-p)/p over decisions with p > 0) / n_decisions"),
          c("logging_health_ok", BOOLEAN, "whether the ratio is within logging-health-max-z standard errors of 1"),
          c("labels_as_of", DATE, "oldest labeled_as_of among the window's decisions"))),
      List.of(), false);

  public static final TableSpec MODELS = new TableSpec("models",
      "one trained model: how it was fitted and how it did on its validation and blind test windows",
      modelColumns(), List.of(MODEL_ID), false);

  public static final TableSpec MODEL_SCORES = new TableSpec("model_scores",
      "one decision scored by one registered model",
      List.of(
          c(DecisionLog.DECISION_ID, STRING, "the decision"),
          c(MODEL_ID, STRING, "the model (see models)"),
          c(DecisionLog.DECIDED_AT, TIMESTAMP, "when the decision was made, UTC"),
          c(DecisionLog.SCORE, DOUBLE, "the model's probability that the decision is fraud, 0 to 1"),
          c("scored_as_of", DATE, "as-of date of the score run that wrote the row")),
      List.of(DecisionLog.DECISION_ID, MODEL_ID), false);

  public static final TableSpec MODEL_COMPARISON = new TableSpec("model_comparison",
      "one metric of a challenger against a champion at one operating point, on the as-of date's window",
      withWindow(List.of(
          c("champion", STRING, "the champion: a model_id, or 'production' for the logged score"),
          c("challenger", STRING, "the challenger's model_id"),
          c("operating_point", STRING, "block_rate: both models at the threshold blocking target_block_rate of decisions;"
              + " best_f1: each at its own threshold of highest IPS F1; whole_curve: across thresholds (pr_auc)"),
          c("target_block_rate", DOUBLE, "the share of decisions blocked (block_rate rows only)"),
          c("metric", STRING, "precision, recall (IPS) or pr_auc (IPS average precision over the interval grid)"),
          c("champion_threshold", DOUBLE, "the champion's threshold (null for whole_curve)"),
          c("challenger_threshold", DOUBLE, "the challenger's threshold (null for whole_curve)"),
          c("champion_block_rate", DOUBLE, "share of decisions the champion's policy blocks"),
          c("challenger_block_rate", DOUBLE, "share of decisions the challenger's policy blocks"),
          c("champion_value", DOUBLE, "the metric for the champion"),
          c("challenger_value", DOUBLE, "the metric for the challenger"),
          c("difference", DOUBLE, "challenger_value - champion_value"),
          c("difference_lo", DOUBLE, "lower end of the paired bootstrap interval of the difference (the same cluster"
              + " multiplicities for both models)"),
          c("difference_hi", DOUBLE, "upper end of that interval"),
          c("verdict", STRING, "challenger higher or champion higher when the interval excludes 0, else no"
              + " distinguishable difference"),
          c("champion_low_propensity_share", DOUBLE, "share of the champion's estimate (IPS weight of the labelled"
              + " decisions its policy blocks; all labelled for whole_curve) resting on decisions with p_allow < 0.01"),
          c("challenger_low_propensity_share", DOUBLE, "the same for the challenger"))),
      List.of(), false);

  /** Values of optimal_policies.policy (besides production) and of the other optimize tables. */
  public static final String CHEAPEST_BLOCK = "cheapest_block";
  public static final String CHEAPEST_CHALLENGE_BLOCK = "cheapest_challenge_block";

  public static final TableSpec OPTIMAL_POLICIES = new TableSpec("optimal_policies",
      "one policy of an optimize run: the production policy, or the cheapest of its kind on the threshold grid",
      withWindowAndModel(List.of(
          c("policy", STRING, "production (the logged policy_action); cheapest_block: the cheapest 'block if score > t'"
              + " within the guardrails; cheapest_challenge_block: the cheapest 'challenge if score > t1, block if"
              + " score > t2' (t1 <= t2) within them"),
          c("challenge_above", DOUBLE, "t1: challenge decisions with t1 < score <= block_above; null: no challenge"),
          c("block_above", DOUBLE, "t2: block decisions with score > t2; null for production"),
          c("block_rate", DOUBLE, "share of all decisions the policy blocks (unweighted)"),
          c("challenge_rate", DOUBLE, "share of all decisions the policy challenges (unweighted)")),
          policyMetricColumns(), List.of(
          c("saving", DOUBLE, "expected_cost of production minus this policy's: what it would have saved over"
              + " the window (reporting currency)"),
          c("saving_lo", DOUBLE, "lower end of the paired bootstrap interval of saving (the same cluster"
              + " multiplicities for both policies)"),
          c("saving_hi", DOUBLE, "upper end of that interval"),
          c("meets_guardrails", BOOLEAN, "false_block_rate <= max_false_block_rate and challenge_rate <="
              + " max_challenge_rate"),
          c("max_false_block_rate", DOUBLE, "the --max-false-block-rate guardrail of the run"),
          c("max_challenge_rate", DOUBLE, "the --max-challenge-rate guardrail of the run"),
          c("n_decisions", LONG, "decisions in the window"))),
      List.of(), false);

  public static final TableSpec ACTION_OUTCOMES = new TableSpec("action_outcomes",
      "one action by one outcome of one optimal_policies policy: the IPS-weighted confusion matrix of three actions",
      withWindowAndModel(List.of(
          c("policy", STRING, "the policy, as in optimal_policies"),
          c("action", STRING, "allow, challenge or block"),
          c("outcome", STRING, "fraud or legit")),
          withInterval("expected_count", "decisions with this action and outcome (IPS-estimated)"),
          withInterval("amount", "their total amount (IPS-estimated, reporting currency)"),
          withInterval("cost", "what the cell costs under the cost model: missed fraud for allowed fraud, false"
              + " blocks for blocked legit, challenge cost plus the share that fails (legit) or passes (fraud) for"
              + " challenged; 0 for allowed legit and blocked fraud (reporting currency)")),
      List.of(), false);

  public static final TableSpec ERROR_BREAKDOWN = new TableSpec("error_breakdown",
      "one kind of error of one optimal_policies policy on one value of one dimension, in decisions and dollars",
      withWindowAndModel(List.of(
          c("policy", STRING, "the policy, as in optimal_policies"),
          c("dimension", STRING, "a --slices column, or chargeback_reason (of decisions_labeled)"),
          c("value", STRING, "the dimension's value as text (null where it is null)"),
          c("error", STRING, "false_negative: fraud let through (allowed, or challenged and passing);"
              + " false_positive: legit stopped (blocked, or challenged and failing)"),
          c("expected_count", DOUBLE, "decisions with this error (IPS-estimated)"),
          c("amount", DOUBLE, "their total amount (IPS-estimated, reporting currency)"),
          c("cost", DOUBLE, "their cost under the cost model (reporting currency)"),
          c("cost_share", DOUBLE, "cost over the error cost of all values and both errors of the dimension"),
          c("rank", LONG, "1 for the costliest (value, error) of the dimension, 2 for the next, ..."))),
      List.of(), false);

  /** Every table, in the order the pipeline writes them. */
  public static final List<TableSpec> EVERY_TABLE = List.of(REJECTS, DECISIONS_LABELED, POLICY_CURVE, EVALUATION_WINDOWS,
      OPTIMAL_POLICIES, ACTION_OUTCOMES, ERROR_BREAKDOWN, MODELS, MODEL_SCORES, MODEL_COMPARISON);

  private Tables() {}

  private static List<TableColumn> modelColumns() {
    List<TableColumn> columns = new ArrayList<>(List.of(
        c(MODEL_ID, STRING, "id of the model"),
        c(AS_OF_DATE, DATE, "as-of date A of the train run"),
        c("family", STRING, "logistic, gbt or random_forest"),
        c("params", STRING, "the chosen hyperparameters, as JSON"),
        c("candidates", LONG, "hyperparameter settings tried on the validation window"),
        c("selection_metric", STRING, "the weighted validation metric that chose them"),
        c("features", STRING, "numeric feature columns, comma-separated"),
        c("categorical_features", STRING, "categorical feature columns, comma-separated"),
        c("weighting", STRING, "ipw (weights 1/p_allow) or none"),
        c("calibration", STRING, "none, or isotonic (fitted on the validation window, so the validation metrics"
            + " of a calibrated model are optimistic; the test window's are not)"),
        c("train_start", DATE, "first day of the training window"),
        c("validation_start", DATE, "first day of the validation window, the day after training ends"),
        c("test_start", DATE, "first day of the blind test window, the day after validation ends"),
        c("test_end", DATE, "day after the test window (exclusive): A - maturity-days"),
        c("n_train", LONG, "labelled decisions the model was fitted on"),
        c("n_train_fraud", LONG, "labelled fraud among them"),
        c("n_validation", LONG, "labelled decisions in the validation window"),
        c("n_test", LONG, "labelled decisions in the test window")));
    for (String window : List.of("validation", "test")) {
      for (ModelMetrics.Metric metric : ModelMetrics.Metric.values()) {
        String name = window + "_" + metric.column();
        columns.add(c(name, DOUBLE, "weighted " + metric.column() + " on the " + window + " window (weights as"
            + " 'weighting'); null where undefined"));
        columns.add(c(name + "_lo", DOUBLE, "lower end of its bootstrap interval (null with --bootstrap 0)"));
        columns.add(c(name + "_hi", DOUBLE, "upper end of its bootstrap interval"));
      }
    }
    columns.add(c("path", STRING, "where the fitted Spark ML PipelineModel is saved"));
    columns.add(c("created_at", TIMESTAMP, "when the train run finished, UTC"));
    return columns;
  }

  /** {@code <metric>_lo} and {@code <metric>_hi} for every bootstrapped metric. */
  private static List<TableColumn> intervalColumns() {
    List<TableColumn> columns = new ArrayList<>();
    for (CurveMetric metric : CurveMetric.values()) {
      columns.add(c(metric.column() + "_lo", DOUBLE, "lower end of the bootstrap interval of " + metric.column()
          + "; only on ips rows of the interval grid, null elsewhere and with --bootstrap 0"));
      columns.add(c(metric.column() + "_hi", DOUBLE, "upper end of the bootstrap interval of " + metric.column()));
    }
    return columns;
  }

  /** {@code <metric>}, {@code <metric>_lo} and {@code <metric>_hi} for every metric of a three-action policy. */
  private static List<TableColumn> policyMetricColumns() {
    List<TableColumn> columns = new ArrayList<>();
    for (PolicyMetric metric : PolicyMetric.values()) {
      columns.addAll(withInterval(metric.column(), metric.description()));
    }
    return columns;
  }

  /** A figure and the two ends of its bootstrap interval. */
  private static List<TableColumn> withInterval(String name, String comment) {
    return List.of(c(name, DOUBLE, comment),
        c(name + "_lo", DOUBLE, "lower end of the bootstrap interval of " + name
            + " (null with --bootstrap 0, or when a threshold is not on the interval grid)"),
        c(name + "_hi", DOUBLE, "upper end of the bootstrap interval of " + name));
  }

  @SafeVarargs
  private static List<TableColumn> withWindowAndModel(List<TableColumn>... parts) {
    List<TableColumn> columns = new ArrayList<>(List.of(MODEL_ID_COLUMN));
    for (List<TableColumn> part : parts) {
      columns.addAll(part);
    }
    return withWindow(columns);
  }

  private static List<TableColumn> withWindowAndSlice(List<TableColumn> rest, List<TableColumn> more) {
    List<TableColumn> columns = new ArrayList<>(withWindowAndSlice(rest));
    columns.addAll(more);
    return columns;
  }

  private static List<TableColumn> withWindow(List<TableColumn> rest) {
    List<TableColumn> columns = new ArrayList<>(List.of(
        c(AS_OF_DATE, DATE, "as-of date A of the run"),
        c(WINDOW_START, DATE, "first day of the window: A - maturity-days - window-days"),
        c(WINDOW_END, DATE, "day after the window (exclusive): A - maturity-days")));
    columns.addAll(rest);
    return columns;
  }

  private static List<TableColumn> withWindowAndSlice(List<TableColumn> rest) {
    List<TableColumn> columns = new ArrayList<>(List.of(
        c(SLICE_KEY, STRING, "slice column, or 'all' for the whole window"),
        c(SLICE_VALUE, STRING, "value of the slice column as text (null where it is null), or 'all'"),
        MODEL_ID_COLUMN));
    columns.addAll(rest);
    return withWindow(columns);
  }

  private static TableColumn c(String name, DataType type, String comment) {
    return new TableColumn(name, type, comment);
  }
}

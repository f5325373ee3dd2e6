package org.cfeval.tables;

import java.util.List;
import org.cfeval.contract.DecisionLog;

/**
 * Every output table: its name, what a row is and how a run writes it, with the record type whose
 * components are its columns ({@link TableSpec}); and the column names and values the code refers to.
 */
public final class Tables {

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
  public static final String DECIDED_MONTH = "decided_month";

  public static final String FRAUD = "fraud";
  public static final String LEGIT = "legit";
  public static final String PENDING = "pending";
  public static final String UNOBSERVED = "unobserved";

  /** Value of slice_key and slice_value on the rows that cover the whole window. */
  public static final String ALL = "all";
  /** Values of policy_curve.policy. */
  public static final String POLICY_THRESHOLD = "threshold";
  public static final String POLICY_PRODUCTION = "production";

  /** Meanings shared by several tables' columns. */
  static final String MODEL_ID_DOC = "whose scores the thresholds apply to: null for the logged production score,"
      + " else the model_id of model_scores (--model-id)";
  static final String POLICY_DOC = "the policy, as in optimal_policies";

  /** Values of optimal_policies.policy (besides production) and of the other optimize tables. */
  public static final String CHEAPEST_BLOCK = "cheapest_block";
  public static final String CHEAPEST_CHALLENGE_BLOCK = "cheapest_challenge_block";

  public static final TableSpec<DecisionLabeledRow> DECISIONS_LABELED = TableSpec.mergedOn("decisions_labeled",
      DecisionLabeledRow.class, "one accepted decision with what its outcome as of any date derives from (action,"
          + " decided_at, earliest fraud report) and its outcome as of the newest label run that labelled it; the log's"
          + " extra columns follow", true, "decision_id")
      .partitionedBy(new TableSpec.Partition(DECIDED_MONTH, "trunc(" + DecisionLog.DECIDED_AT + ", 'MM')"))
      // A label run that reads only new files leaves other rows alone: it raises their labeled_as_of at once.
      .floored(new TableSpec.Floor(LABELED_AS_OF, "cfeval.labelsCompleteAsOf"));

  public static final TableSpec<RejectRow> REJECTS = TableSpec.perAsOf("rejects", RejectRow.class,
      "one input row that broke the data contract, found by the label run of as_of_date");

  public static final TableSpec<SourceFileRow> SOURCE_FILES = TableSpec.mergedOn("source_files", SourceFileRow.class,
      "one file of a source that a label run read whole: runs for later dates read only files not in here",
      false, "source", "file");

  public static final TableSpec<PolicyCurveRow> POLICY_CURVE = TableSpec.perAsOf("policy_curve",
      PolicyCurveRow.class, "one policy evaluated on one slice of the matured window by one estimator");

  public static final TableSpec<EvaluationWindowRow> EVALUATION_WINDOWS = TableSpec.perAsOf("evaluation_windows",
      EvaluationWindowRow.class, "one slice of the matured window an evaluate run covered, with its counts and"
          + " logging health");

  public static final TableSpec<LabelDelayRow> LABEL_DELAY = TableSpec.perAsOf("label_delay", LabelDelayRow.class,
      "one delay of one stratum's fraud-report delay curve as of as_of_date: the share of eventual fraud reports in"
          + " by that many days after the decision");

  public static final TableSpec<CohortNowcastRow> COHORT_NOWCAST = TableSpec.perAsOf("cohort_nowcast",
      CohortNowcastRow.class, "one day's decisions (a cohort) from the as-of date back through the matured window:"
          + " its eventual fraud and the production policy's figures as estimated on as_of_date");

  public static final TableSpec<ModelRow> MODELS = TableSpec.mergedOn("models", ModelRow.class,
      "one trained model: how it was fitted and how it did on its validation and blind test windows", false,
      MODEL_ID);

  public static final TableSpec<ModelScoreRow> MODEL_SCORES = TableSpec.mergedOn("model_scores",
      ModelScoreRow.class, "one decision scored by one registered model", false, "decision_id", MODEL_ID);

  public static final TableSpec<ModelComparisonRow> MODEL_COMPARISON = TableSpec.perAsOf("model_comparison",
      ModelComparisonRow.class, "one metric of a challenger against a champion at one operating point, on the"
          + " as-of date's window");

  public static final TableSpec<GateRow> PROMOTION_GATE = TableSpec.perAsOf("promotion_gate", GateRow.class,
      "one criterion of compare's promotion gate for a challenger against a champion on the matured window, or the"
          + " verdict (criterion 'all')");

  public static final TableSpec<OptimalPolicyRow> OPTIMAL_POLICIES = TableSpec.perAsOf("optimal_policies",
      OptimalPolicyRow.class, "one policy of an optimize run: the production policy, or the cheapest of its kind on"
          + " the threshold grid");

  public static final TableSpec<ActionOutcomeRow> ACTION_OUTCOMES = TableSpec.perAsOf("action_outcomes",
      ActionOutcomeRow.class, "one action by one outcome of one optimal_policies policy: the IPS-weighted confusion"
          + " matrix of three actions");

  public static final TableSpec<ErrorBreakdownRow> ERROR_BREAKDOWN = TableSpec.perAsOf("error_breakdown",
      ErrorBreakdownRow.class, "one kind of error of one optimal_policies policy on one value of one dimension, in"
          + " decisions and dollars");

  public static final TableSpec<DriftRow> DRIFT = TableSpec.perAsOf("drift", DriftRow.class,
      "one column's distribution in the current period against the reference period, overall or in one slice");

  public static final TableSpec<CalibrationRow> CALIBRATION = TableSpec.perAsOf("calibration", CalibrationRow.class,
      "one score's calibration on the matured window, overall or in one slice: a bin of its probability with the"
          + " fraud rate observed there, or a summary figure (ECE, Brier, log loss, slope, intercept)");

  public static final TableSpec<FairnessRow> FAIRNESS = TableSpec.perAsOf("fairness", FairnessRow.class,
      "one policy's rate on one value of a --fairness-columns column of the matured window, against the rest of the"
          + " window, with their ratio");

  public static final TableSpec<AlertRow> ALERTS = TableSpec.perAsOf("alerts", AlertRow.class,
      "one monitoring rule evaluated for as_of_date: the metric it read, the threshold, and whether it fired");

  /** Cohort ages the track record lines the nowcast up at. */
  public static final List<Integer> TRACK_RECORD_AGES = List.of(7, 14, 30);

  public static final ViewSpec COHORT_NOWCAST_TRACK_RECORD = new ViewSpec("cohort_nowcast_track_record",
      "one cohort (and slice) with its nowcast at " + TRACK_RECORD_AGES + " days old, from the as-of dates it had"
          + " those ages on, beside its matured value (the newest matured row: at_<age>_days, _lo, _hi; matured,"
          + " matured_chain_ladder, matured_age_days)", COHORT_NOWCAST, Tables::trackRecord);

  /** Every view, each registered once its table exists. */
  public static final List<ViewSpec> EVERY_VIEW = List.of(COHORT_NOWCAST_TRACK_RECORD);

  private static String trackRecord(String nowcast) {
    StringBuilder atAges = new StringBuilder();
    for (int age : TRACK_RECORD_AGES) {
      for (String end : List.of("", "_lo", "_hi")) {
        atAges.append(String.format("  MAX(CASE WHEN e.age_days = %d THEN e.expected_fraud%s END) AS at_%d_days%s,%n",
            age, end, age, end));
      }
    }
    return "WITH matured AS (\n"
        + "  SELECT *, ROW_NUMBER() OVER (PARTITION BY cohort_date, slice_key, slice_value, model_id\n"
        + "    ORDER BY age_days DESC) AS newest\n"
        + "  FROM " + nowcast + " WHERE status = 'matured')\n"
        + "SELECT m.cohort_date, m.slice_key, m.slice_value, m.model_id,\n"
        + atAges
        + "  m.expected_fraud AS matured, m.chain_ladder_fraud AS matured_chain_ladder, m.age_days AS matured_age_days\n"
        + "FROM matured m JOIN " + nowcast + " e ON e.cohort_date = m.cohort_date AND e.slice_key = m.slice_key\n"
        + "  AND e.slice_value <=> m.slice_value AND e.model_id <=> m.model_id\n"
        + "WHERE m.newest = 1\n"
        + "GROUP BY m.cohort_date, m.slice_key, m.slice_value, m.model_id, m.expected_fraud, m.chain_ladder_fraud,"
        + " m.age_days";
  }

  /** Every table, in the order the pipeline writes them. */
  public static final TableSpec<RunRow> RUNS = TableSpec.mergedOn("runs", RunRow.class,
      "one job run that wrote tables: when, how it ended, what it was given, read and wrote", false, Provenance.RUN_ID);

  public static final List<TableSpec<?>> EVERY_TABLE = List.of(RUNS, REJECTS, SOURCE_FILES, DECISIONS_LABELED, LABEL_DELAY, POLICY_CURVE,
      EVALUATION_WINDOWS, COHORT_NOWCAST, OPTIMAL_POLICIES, ACTION_OUTCOMES, ERROR_BREAKDOWN, CALIBRATION, FAIRNESS, DRIFT, ALERTS, MODELS, MODEL_SCORES, MODEL_COMPARISON, PROMOTION_GATE);

  private Tables() {}
}

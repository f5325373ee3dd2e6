package org.cfeval.config;

import static org.cfeval.config.Parsers.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cfeval.contract.InputFormat;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;

/**
 * Every configuration key of every job, with its default and meaning, declared once here. The same
 * word is the command-line option ({@code --maturity-days 60}) and the key in a {@code --conf}
 * properties file ({@code maturity-days=60}). Precedence: command line, then the file, then the default.
 */
public final class Keys {
  private static final List<Setting<?>> ALL = new ArrayList<>();

  // --- shared by the pipeline jobs ---
  public static final Setting<String> CONF = key("conf", "FILE[,FILE]", null,
      "properties files of settings (keys as these option names), later files over earlier ones, e.g."
          + " site.properties,conf/costs.properties; options on the command line override them", text());
  public static final Setting<LocalDate> AS_OF = key("as-of", "YYYY-MM-DD", null,
      "as-of date A: labels reported up to A 00:00 UTC count; the run's key in every output table", date());
  public static final Setting<String> WAREHOUSE = key("warehouse", "DIR", "warehouse",
      "directory (or URI) holding the Delta tables, one folder per table", text());
  public static final Setting<String> DATABASE = key("database", "NAME", "cfeval",
      "catalog database the tables are registered in by name (created if missing); empty means the session's"
          + " current database", identifierOrEmpty());
  public static final Setting<String> DECISIONS = key("decisions", "PATH", null,
      "decision log source (see the data contract)", text());
  public static final Setting<InputFormat> DECISIONS_FORMAT = key("decisions-format", "FORMAT", "delta",
      "format of --decisions: delta, parquet, json (lines) or csv (with header)", oneOf(InputFormat.class));
  public static final Setting<String> LABELS = key("labels", "PATH", null,
      "chargeback source (see the data contract)", text());
  public static final Setting<InputFormat> LABELS_FORMAT = key("labels-format", "FORMAT", "delta",
      "format of --labels: delta, parquet, json (lines) or csv (with header)", oneOf(InputFormat.class));
  public static final Setting<Integer> MATURITY_DAYS = key("maturity-days", "N", "60",
      "days after a decision with no fraud chargeback before it counts as legit", integer(0, 3650));
  public static final Setting<Integer> WINDOW_DAYS = key("window-days", "N", "30",
      "length of the evaluated window, which ends maturity-days before the as-of date", integer(1, 3650));
  public static final Setting<Integer> LABEL_HORIZON_DAYS = key("label-horizon-days", "N", "120",
      "days after a decision by which its chargebacks are all in: label keeps relabelling decisions this young"
          + " even when gone from the source; maturity-days plus window-days must not exceed it", integer(1, 3650));

  // --- label ---
  public static final Setting<List<String>> FRAUD_REASONS = key("fraud-reasons", "R1,R2", "fraudulent",
      "chargeback reason codes that mean fraud; other reasons are disputes that leave a decision legit", words());
  public static final Setting<Boolean> FULL = key("full", "BOOL", "false",
      "read every file of both sources and relabel every decision they hold, as the first run does; otherwise label"
          + " reads only the files no run for an earlier date read whole (source_files) and relabels the decisions"
          + " in them and those their chargebacks dispute", bool());
  public static final Setting<Double> MAX_REJECT_SHARE = key("max-reject-share", "SHARE", "0.01",
      "share of rejected rows in either source above which label fails before writing anything (a broken"
          + " export), once at least --min-rejected-rows are rejected", number(0, 1));
  public static final Setting<Integer> MIN_REJECTED_ROWS = key("min-rejected-rows", "N", "10",
      "fewest rejected rows of a source that can fail the run through --max-reject-share: fewer stray rows"
          + " only go to rejects", integer(0, Integer.MAX_VALUE));
  public static final Setting<List<String>> KEEP_COLUMNS = key("keep-columns", "C1,C2", "",
      "extra columns of the decision log that decisions_labeled copies (slices, features); empty copies all, as"
          + " the data contract says", columns());
  public static final Setting<List<String>> DROP_COLUMNS = key("drop-columns", "C1,C2", "",
      "extra columns of the decision log that decisions_labeled leaves out (card numbers, emails); rejects.record"
          + " masks them too", columns());
  public static final Setting<List<String>> MASK_COLUMNS = key("mask-columns", "C1,C2", "",
      "columns of either source whose values rejects.record shows as " + "'***'" + " (besides --drop-columns)",
      columns());
  public static final Setting<java.util.Map<String, ColumnType>> COLUMN_TYPES = key("column-types", "C1:TYPE,...",
      "", "types of extra decision-log columns (double, long, boolean, string, date, timestamp); a value that"
          + " does not parse is rejected. Undeclared extra columns of CSV and JSON sources whose every value is a"
          + " number are read as double, the others as text; once in decisions_labeled a column keeps its type",
      columnTypes());

  // --- evaluate ---
  public static final Setting<List<Double>> THRESHOLDS = key("thresholds", "T1,T2", "",
      "explicit thresholds t of the policies 'block if score > t'", numbers());
  public static final Setting<Integer> THRESHOLD_COUNT = key("threshold-count", "N", "101",
      "N thresholds evenly spaced over --score-range (0 for none)", integer(0, 10_000));
  public static final Setting<List<Double>> SCORE_RANGE = key("score-range", "LO,HI", "",
      "the scores --threshold-count spreads its thresholds over, e.g. 0,100: the same thresholds every night"
          + " and no pass to find them; empty: the window's lowest and highest score", range());
  public static final Setting<Integer> THRESHOLD_QUANTILES = key("threshold-quantiles", "N", "0",
      "N thresholds at the window's score quantiles 1/(N+1) .. N/(N+1) (0 for none)", integer(0, 10_000));
  public static final Setting<List<String>> SLICES = key("slices", "C1,C2", "",
      "columns of the decision log to break every metric down by, each on its own", columns());
  public static final Setting<List<String>> DELAY_STRATA = key("delay-strata", "C1,C2", "",
      "decision-log columns whose values each get a fraud-report delay curve of their own in label_delay, besides"
          + " 'all' and the score bands", columns());
  public static final Setting<Integer> DELAY_SCORE_BANDS = key("delay-score-bands", "N", "4",
      "bands of the logged score (at quantiles of the reported fraud's scores, cut between bins 1/32 of an octave"
          + " wide) whose delay curves label_delay compares; where they differ, delay-adjusted estimates use each band's own curve. 0: none", integer(0, 20));
  public static final Setting<Integer> MAX_SLICE_VALUES = key("max-slice-values", "N", "1000",
      "most distinct values one slice column may have before evaluate fails naming it", integer(1, 1_000_000));
  public static final Setting<Double> LOGGING_HEALTH_MAX_Z = key("logging-health-max-z", "Z", "4",
      "warn when the logging-health ratio is more than Z standard errors from 1", number(0, 1e9));

  public static final Setting<Double> CLIP_WEIGHT = key("clip-weight", "W", "100",
      "cap on 1/p_allow in the clipped_ips rows: less variance, biased where p_allow < 1/W", number(1, 1e12));
  public static final Setting<Double> MIN_ESS = key("min-ess", "N", "30",
      "effective sample size below which a side (blocked, allowed) of a policy_curve row is flagged low_support",
      number(0, 1e12));
  public static final Setting<Integer> BOOTSTRAP = key("bootstrap", "N", "200",
      "bootstrap replicates behind the intervals of policy_curve (0 turns intervals off)", integer(0, 10_000));
  public static final Setting<Double> CONFIDENCE = key("confidence", "LEVEL", "0.95",
      "confidence level of the bootstrap intervals", number(0.5, 0.9999));
  public static final Setting<Integer> INTERVAL_THRESHOLDS = key("interval-thresholds", "N", "101",
      "how many of the curve's thresholds (spread over it, plus every listed one) get intervals", integer(1, 10_000));
  public static final Setting<Long> BOOTSTRAP_SEED = key("bootstrap-seed", "N", "1",
      "seed of the bootstrap multiplicities; the same seed and data give the same intervals", longInteger(Long.MIN_VALUE));
  public static final Setting<BootstrapUnit> BOOTSTRAP_UNIT = key("bootstrap-unit", "UNIT", "cluster",
      "what is resampled: cluster (cluster_id, the unit of independence) or decision (rows; too narrow when outcomes cluster)",
      oneOf(BootstrapUnit.class));

  public static final Setting<Estimator> ESTIMATOR = key("estimator", "NAME", "ips",
      "how optimize and whatif price policies: ips (what the matured labels say) or ips_delay_adjusted (each"
          + " reported fraud counting 1/F(its age) from label_delay, for the fraud still to be reported; its intervals"
          + " also draw the delay curve's error)", oneOf(Estimator.IPS,
          Estimator.IPS_DELAY_ADJUSTED));

  // --- costs (conf/costs.properties documents them) ---
  public static final Setting<Double> MISSED_FRAUD_AMOUNT_SHARE = key("missed-fraud-amount-share", "SHARE", "1",
      "share of a missed (allowed) fraud's amount that is lost: 1 when the chargeback refunds it all", number(0, 100));
  public static final Setting<Double> CHARGEBACK_FEE = key("chargeback-fee", "AMOUNT", "15",
      "fee per missed fraud (the chargeback fee), in the reporting currency", number(0, 1e12));
  public static final Setting<Double> FALSE_BLOCK_COST = key("false-block-cost", "AMOUNT", "2",
      "fixed cost of blocking a legitimate charge (support contact, lost goodwill), in the reporting currency",
      number(0, 1e12));
  public static final Setting<Double> FALSE_BLOCK_AMOUNT_SHARE = key("false-block-amount-share", "SHARE", "0.1",
      "share of a falsely blocked charge's amount that is lost (the margin on the sale)", number(0, 100));
  public static final Setting<Double> CHALLENGE_COST = key("challenge-cost", "AMOUNT", "0.06",
      "cost of challenging a charge (SMS, 3-D Secure, friction), in the reporting currency", number(0, 1e12));
  public static final Setting<Double> CHALLENGE_PASS_LEGIT = key("challenge-pass-legit", "SHARE", "0.93",
      "share of legitimate customers who complete a challenge; the others count as false blocks", number(0, 1));
  public static final Setting<Double> CHALLENGE_PASS_FRAUD = key("challenge-pass-fraud", "SHARE", "0.1",
      "share of fraudsters who pass a challenge; they count as missed fraud", number(0, 1));

  // --- optimize ---
  public static final Setting<Double> MAX_FALSE_BLOCK_RATE = key("max-false-block-rate", "SHARE", "0.003",
      "guardrail: most legitimate decisions a policy may stop (blocked, or challenged and failed), as a share of"
          + " legitimate decisions: optimize's policies keep within it, and the false-block-rate alert fires when"
          + " production is beyond it", number(0, 1));
  public static final Setting<Double> MAX_CHALLENGE_RATE = key("max-challenge-rate", "SHARE", "0.05",
      "guardrail: most decisions a chosen policy may challenge, as a share of all decisions", number(0, 1));

  // --- monitoring: nightly and alerts (see the README's Monitoring) ---
  public static final Setting<FailOn> FAIL_ON_ALERT = key("fail-on-alert", "LEVEL", "critical",
      "which fired rules make nightly and alerts exit with status 4, after writing every table: none, critical, or"
          + " warning (warning and critical ones)", oneOf(FailOn.class));
  public static final Setting<Severity> ALERT_FALSE_BLOCK_RATE = key("alert-false-block-rate", "SEVERITY",
      "critical", "severity of the rule that the production policy's false block rate exceeds --max-false-block-rate"
          + " (critical, warning or off)", oneOf(Severity.class));
  public static final Setting<Severity> ALERT_LOGGING_HEALTH = key("alert-logging-health", "SEVERITY", "critical",
      "severity of the rule that logged propensities do not add up: a slice's logging-health ratio more than"
          + " --logging-health-max-z standard errors from 1 (critical, warning or off)", oneOf(Severity.class));
  public static final Setting<Severity> ALERT_REPORTS_RATIO = key("alert-reports-ratio", "SEVERITY", "warning",
      "severity of the rule that more fraud reports arrive than the scores expect: over the last --reports-ratio-days"
          + " cohorts, reports over reports due above --max-reports-ratio (critical, warning or off)",
      oneOf(Severity.class));
  public static final Setting<Severity> ALERT_DRIFT = key("alert-drift", "SEVERITY", "warning",
      "severity of the rule that a column's distribution moved: the largest PSI of the drift table above --max-psi"
          + " and above what sampling alone makes (critical, warning or off)", oneOf(Severity.class));
  public static final Setting<Double> MAX_PSI = key("max-psi", "PSI", "0.2",
      "the drift rule's threshold on the population stability index", number(0, 1e9));
  public static final Setting<Severity> ALERT_CHARGEBACK_FEED = key("alert-chargeback-feed", "SEVERITY", "critical",
      "severity of the rule that fewer fraud reports arrive than the delay curve expects: over the last --feed-days"
          + " days, reports received over reports due below --min-feed-ratio (critical, warning or off)",
      oneOf(Severity.class));
  public static final Setting<Integer> FEED_DAYS = key("feed-days", "N", "7",
      "days of chargeback arrivals (reported_at) the chargeback-feed rule counts", integer(1, 3650));
  public static final Setting<Double> MIN_FEED_RATIO = key("min-feed-ratio", "RATIO", "0.5",
      "the chargeback-feed rule's threshold: fraud reports received over those expected in the last --feed-days days",
      number(0, 1e9));
  public static final Setting<Double> MAX_REPORTS_RATIO = key("max-reports-ratio", "RATIO", "1",
      "the reports-ratio rule's threshold: fraud reports received over those due at the scores' matured rates",
      number(0, 1e9));
  public static final Setting<Integer> REPORTS_RATIO_DAYS = key("reports-ratio-days", "N", "14",
      "cohorts (days of decisions before the as-of date) the reports-ratio rule sums", integer(1, 3650));

  public static final Setting<List<String>> DRIFT_COLUMNS = key("drift-columns", "C1,C2", "",
      "decision-log columns whose distributions drift compares between periods, besides the score; numeric ones"
          + " by quantile bins, others by value", columns());
  public static final Setting<Integer> DRIFT_DAYS = key("drift-days", "N", "7",
      "the current period drift watches: the N days of decisions before the as-of date (no labels needed)",
      integer(1, 3650));
  public static final Setting<List<LocalDate>> DRIFT_REFERENCE = key("drift-reference", "FROM,TO", "",
      "the reference period drift compares with, days FROM to TO (exclusive); empty: the --drift-days days before"
          + " the current period", dateRange());
  public static final Setting<String> DRIFT_REFERENCE_MODEL = key("drift-reference-model", "ID", "",
      "compare with the training window of this model of the models table (its latest train run) instead of"
          + " --drift-reference or the previous period: how far today's traffic has moved from what the model learnt"
          + " on (the score compared is still the logged one)", s -> s);
  public static final Setting<Integer> DRIFT_BINS = key("drift-bins", "N", "10",
      "quantile bins of the reference period a numeric column's PSI counts in", integer(2, 100));

  // --- calibration and fairness ---
  public static final Setting<Double> SCORE_SCALE = key("score-scale", "S", null,
      "the logged score is a probability times S (100 for scores from 0 to 100): calibration then judges it too;"
          + " without it only registered models' probabilities (model_scores) are judged", number(1e-300, 1e300));
  public static final Setting<Integer> CALIBRATION_BINS = key("calibration-bins", "N", "10",
      "bins of equal numbers of decisions (the window's quantiles of each score's probability) calibration reports",
      integer(2, 100));
  public static final Setting<Severity> ALERT_CALIBRATION = key("alert-calibration", "SEVERITY", "warning",
      "severity of the rule that the logged score's probabilities are off: its expected calibration error above"
          + " --max-ece (critical, warning or off)", oneOf(Severity.class));
  public static final Setting<Severity> ALERT_PRECISION_DROP = key("alert-precision-drop", "SEVERITY", "warning",
      "severity of the rule that the production policy's precision fell from the window before by more than"
          + " --max-precision-drop (critical, warning or off)", oneOf(Severity.class));
  public static final Setting<Double> MAX_PRECISION_DROP = key("max-precision-drop", "DROP", "0.05",
      "the precision-drop rule's threshold: how much lower than the window before's precision may be", number(0, 1));
  public static final Setting<Severity> ALERT_RECALL_DROP = key("alert-recall-drop", "SEVERITY", "warning",
      "severity of the rule that the production policy's recall fell from the window before by more than"
          + " --max-recall-drop (critical, warning or off)", oneOf(Severity.class));
  public static final Setting<Double> MAX_RECALL_DROP = key("max-recall-drop", "DROP", "0.05",
      "the recall-drop rule's threshold: how much lower than the window before's recall may be", number(0, 1));
  public static final Setting<List<String>> FAIRNESS_COLUMNS = key("fairness-columns", "C1,C2", "region",
      "decision-log columns whose values fairness compares with the rest of the population (false-positive, false"
          + " block, block and challenge rates); the default is left out when the decisions have no region column",
      columns());
  public static final Setting<Severity> ALERT_FAIRNESS = key("alert-fairness", "SEVERITY", "warning",
      "severity of the rule that the production policy's false-positive rate on a --fairness-columns value exceeds"
          + " the rest's by more than --max-fpr-ratio (critical, warning or off)", oneOf(Severity.class));
  public static final Setting<Double> MAX_FPR_RATIO = key("max-fpr-ratio", "RATIO", "1.5",
      "the fairness rule's threshold on a value's false-positive rate over the rest's (the seed's 1.5x)",
      number(1, 1e9));
  public static final Setting<Double> MAX_ECE = key("max-ece", "ECE", "0.02",
      "the calibration rule's threshold on the expected calibration error, in probability (0.02: predictions off"
          + " by two points on average, as large as a typical fraud rate)", number(0, 1));

  // --- whatif ---
  public static final Setting<Double> THRESHOLD = key("threshold", "T", null,
      "the proposed policy 'block if score > T' (the same as --block-above T)", number(-1e300, 1e300));
  public static final Setting<Double> BLOCK_ABOVE = key("block-above", "T", null,
      "the proposed policy blocks decisions with score > T", number(-1e300, 1e300));
  public static final Setting<Double> CHALLENGE_ABOVE = key("challenge-above", "T", null,
      "the proposed policy challenges decisions with score > T up to --block-above (T <= the block threshold)",
      number(-1e300, 1e300));

  // --- train / score ---
  public static final Setting<ModelFamily> MODEL_FAMILY = key("model-family", "FAMILY", "logistic",
      "logistic (logistic regression), gbt (gradient-boosted trees) or random_forest", oneOf(ModelFamily.class));
  public static final Setting<List<String>> FEATURES = key("features", "C1,C2", "",
      "numeric columns of decisions_labeled the model reads as they are", columns());
  public static final Setting<List<String>> CATEGORICAL_FEATURES = key("categorical-features", "C1,C2", "",
      "string columns of decisions_labeled the model reads through an index and a one-hot encoding", columns());
  public static final Setting<Integer> TRAIN_DAYS = key("train-days", "N", "60",
      "days of matured decisions the model is fitted on, just before the validation window", integer(1, 3650));
  public static final Setting<Integer> VALIDATION_DAYS = key("validation-days", "N", "14",
      "days, just before the test window, on which hyperparameters are chosen", integer(1, 3650));
  public static final Setting<Integer> TEST_DAYS = key("test-days", "N", "14",
      "the blind test window: the last matured days, ending maturity-days before the as-of date", integer(1, 3650));
  public static final Setting<Weighting> WEIGHTING = key("weighting", "W", "ipw",
      "ipw: fit and measure with weights 1/p_allow; none: every labelled decision once (biased, for comparison)",
      oneOf(Weighting.class));
  public static final Setting<Calibration> CALIBRATION = key("calibration", "C", "none",
      "none, or isotonic: map the chosen model's probabilities through an isotonic regression fitted on the"
          + " validation window with the same weights (ranking kept, probabilities calibrated)",
      oneOf(Calibration.class));
  public static final Setting<SelectionMetric> SELECTION_METRIC = key("selection-metric", "METRIC", "pr_auc",
      "weighted validation metric that chooses the hyperparameters: pr_auc, roc_auc, brier, log_loss, or"
          + " expected_cost (of the cheapest challenge/block policy the model allows, under the cost model and"
          + " guardrails)", oneOf(SelectionMetric.class));
  public static final Setting<String> MODEL_ID = key("model-id", "ID", "",
      "id of the model: train's default is <family>-<weighting>-<as-of>; score needs one from the models table;"
          + " evaluate judges its thresholds (and nowcasts its recent days) on that model's model_scores instead of the"
          + " logged score", s -> s);

  // --- compare ---
  public static final Setting<String> CHAMPION_ID = key("champion-id", "ID", "",
      "the model compare measures --model-id against: a model_id of model_scores; empty: the logged score", s -> s);
  public static final Setting<List<Double>> BLOCK_RATES = key("block-rates", "R1,R2", "0.005,0.01,0.02",
      "shares of decisions blocked at which compare matches the two models' thresholds", openShares());
  public static final Setting<Boolean> FAIL_ON_GATE = key("fail-on-gate", "BOOL", "false",
      "whether compare exits with status 4 (after writing its tables) when the challenger does not pass the"
          + " promotion gate", bool());
  public static final Setting<Double> GATE_FALSE_BLOCK_MARGIN = key("gate-false-block-margin", "RATE", "0.001",
      "the promotion gate's non-inferiority margin on the false block rate: the challenger may stop at most this"
          + " much more of the legitimate decisions than the champion", number(0, 1));
  public static final Setting<Double> GATE_RECALL_MARGIN = key("gate-recall-margin", "SHARE", "0.02",
      "the promotion gate's non-inferiority margin on recall: the challenger may catch at most this much less of"
          + " the fraud than the champion", number(0, 1));

  // --- bench ---
  public static final Setting<BenchPart> BENCH_PART = key("part", "PART", "evaluate",
      "what bench times: evaluate (against a plain scan and MLlib, on 60 simulated days), nightly (the whole"
          + " nightly with the nowcast against nightly without it, on 180 days: minutes a run at 10M decisions),"
          + " history (the nightly of a new day on 360 days of history, --size decisions, against 90 days at the same"
          + " daily volume) or all", oneOf(BenchPart.class));

  // --- simulate ---
  public static final Setting<String> SIM_OUT = key("out", "DIR", "simulated",
      "directory the simulator writes decisions/, chargebacks/ and truth/ into", text());
  public static final Setting<InputFormat> SIM_FORMAT = key("format", "FORMAT", "delta",
      "format of the simulated decisions and chargebacks (truth is always delta)", oneOf(InputFormat.class));
  public static final Setting<Long> SIM_SIZE = key("size", "N", "1000000",
      "number of simulated decisions", longInteger(1));
  public static final Setting<Integer> SIM_DAYS = key("days", "N", "120",
      "days the simulated decisions spread over", integer(1, 36500));
  public static final Setting<LocalDate> SIM_START = key("start", "YYYY-MM-DD", "2026-01-01",
      "first day of simulated decisions", date());
  public static final Setting<Long> SIM_SEED = key("seed", "N", "20261123",
      "random seed; the same seed and settings give the same world", longInteger(Long.MIN_VALUE));
  public static final Setting<Double> SIM_FRAUD_RATE = key("fraud-rate", "SHARE", "0.02",
      "share of decisions that are fraud", number(0, 1));
  public static final Setting<Double> SIM_SCORE_QUALITY = key("score-quality", "Q", "1.0",
      "how strongly the production score follows the fraud signals (0 = random score)", number(0, 100));
  public static final Setting<Double> SIM_BLOCK_THRESHOLD = key("block-threshold", "T", "50",
      "the logging policy blocks when score > T, apart from exploration", number(-1e12, 1e12));
  public static final Setting<Double> SIM_EXPLORE_AT_THRESHOLD = key("explore-at-threshold", "P", "0.35",
      "P(allow) just above the block threshold", number(0, 1));
  public static final Setting<Double> SIM_EXPLORE_SLOPE = key("explore-slope", "D", "0.0065",
      "decrease of P(allow) per score point above the threshold", number(0, 1));
  public static final Setting<Double> SIM_EXPLORE_FLOOR = key("explore-floor", "P", "0.0005",
      "smallest P(allow) of a would-be-blocked decision", number(1e-9, 1));
  public static final Setting<Double> SIM_CLUSTER_SIZE = key("cluster-size", "N", "3",
      "mean number of decisions per customer cluster", number(1, 1e9));
  public static final Setting<Double> SIM_RING_SHARE = key("ring-share", "SHARE", "0.005",
      "share of clusters that are fraud rings", number(0, 1));
  public static final Setting<Double> SIM_RING_FRAUD_SHARE = key("ring-fraud-share", "SHARE", "0.25",
      "share of all fraud committed inside rings (how clustered fraud is); a ring's fraud rate is capped at 1", number(0, 1));
  public static final Setting<Double> SIM_FRAUD_DISPUTE_RATE = key("fraud-dispute-rate", "SHARE", "0.9",
      "share of allowed fraud that is ever charged back", number(0, 1));
  public static final Setting<Double> SIM_DISPUTE_RATE = key("dispute-rate", "SHARE", "0.004",
      "share of allowed legit decisions disputed for a non-fraud reason", number(0, 1));
  public static final Setting<Double> SIM_DELAY_MEDIAN_DAYS = key("delay-median-days", "DAYS", "30",
      "median chargeback delay (log-normal)", number(0.01, 3650));
  public static final Setting<Double> SIM_DELAY_SIGMA = key("delay-sigma", "S", "0.5",
      "log-normal sigma of the chargeback delay; 0.5 puts about 8% of chargebacks past 60 days", number(0, 10));
  public static final Setting<Double> SIM_DELAY_SCORE_EFFECT = key("delay-score-effect", "E", "0",
      "how the chargeback delay depends on the score: the median delay at score s is delay-median-days x"
          + " exp(E x (s - 50) / 50), so E < 0 has high-score fraud reported sooner", number(-10, 10));
  public static final Setting<Integer> SIM_UNSEEN_FRAUD_DAYS = key("unseen-fraud-days", "N", "0",
      "the last N simulated days get extra fraud that the score does not see (a new ring): decisions that look"
          + " and score legitimate but are fraud, charged back as usual", integer(0, 36500));
  public static final Setting<Double> SIM_UNSEEN_FRAUD_RATE = key("unseen-fraud-rate", "SHARE", "0",
      "share of the decisions of those days that are such fraud", number(0, 1));
  public static final Setting<Integer> SIM_SHIFT_DAYS = key("shift-days", "N", "0",
      "the last N days, in which velocity_1h shifts by --velocity-shift (drift production's score does not see)",
      integer(0, 3650));
  public static final Setting<Double> SIM_VELOCITY_SHIFT = key("velocity-shift", "MEAN", "0",
      "mean of a Poisson count added to velocity_1h of every decision of the last --shift-days days", number(0, 100));
  /** The simulator's regions (its region column's values). */
  public static final List<String> SIM_REGIONS = List.of("NA", "EU", "APAC", "LATAM");
  public static final Setting<String> SIM_BIASED_REGION = key("biased-region", "REGION", "",
      "a region whose decisions production scores --region-score-shift higher in logit, fraud or not: its legit"
          + " customers are blocked more often (a fairness problem); one of " + String.join(", ", SIM_REGIONS),
      choice(SIM_REGIONS));
  public static final Setting<Double> SIM_REGION_SCORE_SHIFT = key("region-score-shift", "LOGIT", "0",
      "how much higher --biased-region's scores are, in logit", number(-20, 20));
  public static final Setting<Integer> SIM_PARTITIONS = key("partitions", "N", "0",
      "files per simulated table (0: one per 500,000 decisions)", integer(0, 100_000));

  // --- maintain ---
  public static final Setting<Integer> REJECTS_RETENTION_DAYS = key("rejects-retention-days", "DAYS", "90",
      "maintain deletes the rejects of label runs more than this many days before the newest one", integer(1, 36_500));
  public static final Setting<Integer> VACUUM_RETENTION_DAYS = key("vacuum-retention-days", "DAYS", "30",
      "maintain removes files no table version of the last this many days reads: cfeval sql --run and Delta's"
          + " time travel reach back this far (Delta keeps its log 30 days by default); below 7, Delta's own safety"
          + " check is lifted for the run", integer(0, 36_500));

  // --- sql ---
  public static final Setting<String> QUERY = key("query", "SQL", null,
      "the SQL statement to run (the positional argument of 'cfeval sql')", text());
  public static final Setting<String> SQL_FILE = key("file", "PATH", "",
      "a file of SQL statements separated by ';' (-- and /* */ comments allowed), run in order instead of the"
          + " statement argument", s -> s);
  public static final Setting<String> REPORT_FILE = key("report", "PATH", "report.html",
      "the HTML file the report is written to: one self-contained page, charts inline, nothing fetched when opened",
      Parsers.text());
  public static final Setting<OutputFormat> OUTPUT_FORMAT = key("output-format", "FORMAT", "table",
      "how results print: table (aligned, with a row count), csv (a header, then a line per row) or json (one"
          + " object per row); at most 1,000 rows a statement", oneOf(OutputFormat.class));
  public static final Setting<String> RUN = key("run", "RUN_ID", "",
      "read every table as it stood when this run (a run_id of runs) ended: the version it wrote, else the last one"
          + " before its end; empty reads the newest", s -> s);

  private Keys() {}

  /** Every key of the cost model, in the order conf/costs.properties lists them. */
  public static final List<Setting<?>> COST_MODEL = List.of(MISSED_FRAUD_AMOUNT_SHARE, CHARGEBACK_FEE,
      FALSE_BLOCK_COST, FALSE_BLOCK_AMOUNT_SHARE, CHALLENGE_COST, CHALLENGE_PASS_LEGIT, CHALLENGE_PASS_FRAUD);

  /** The cost model of a run. */
  public static CostModel costModel(Settings settings) {
    return new CostModel(settings.get(MISSED_FRAUD_AMOUNT_SHARE), settings.get(CHARGEBACK_FEE),
        settings.get(FALSE_BLOCK_COST), settings.get(FALSE_BLOCK_AMOUNT_SHARE), settings.get(CHALLENGE_COST),
        settings.get(CHALLENGE_PASS_LEGIT), settings.get(CHALLENGE_PASS_FRAUD));
  }

  /** The key of that name, if one is declared. */
  public static java.util.Optional<Setting<?>> find(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  static Setting<?> named(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("no key " + name));
  }

  /** Every declared key, in declaration order. */
  public static List<Setting<?>> all() {
    return Collections.unmodifiableList(ALL);
  }

  private static <T> Setting<T> key(String name, String valueName, String defaultText, String description,
      java.util.function.Function<String, T> parser) {
    Setting<T> setting = new Setting<>(name, valueName, defaultText, description, parser);
    ALL.add(setting);
    return setting;
  }
}

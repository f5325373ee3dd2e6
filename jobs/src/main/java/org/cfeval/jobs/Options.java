package org.cfeval.jobs;

import java.util.ArrayList;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.curve.Policy;
import org.cfeval.models.Trainer;

/** The option groups the jobs share, so that every job speaks the same vocabulary. */
final class Options {
  static final List<Setting<?>> WAREHOUSE = List.of(Keys.CONF, Keys.WAREHOUSE, Keys.DATABASE);

  /** What a job that reads the sources must be given: the date and both sources. */
  static final List<Setting<?>> SOURCES_REQUIRED = List.of(Keys.AS_OF, Keys.DECISIONS, Keys.LABELS);

  static final List<Setting<?>> LABEL = List.of(Keys.AS_OF, Keys.DECISIONS, Keys.DECISIONS_FORMAT, Keys.LABELS,
      Keys.LABELS_FORMAT, Keys.MATURITY_DAYS, Keys.LABEL_HORIZON_DAYS, Keys.FULL, Keys.FRAUD_REASONS, Keys.MAX_REJECT_SHARE, Keys.MIN_REJECTED_ROWS,
      Keys.COLUMN_TYPES, Keys.KEEP_COLUMNS, Keys.DROP_COLUMNS, Keys.MASK_COLUMNS);

  static final List<Setting<?>> EVALUATE = List.of(Keys.AS_OF, Keys.MATURITY_DAYS, Keys.WINDOW_DAYS,
      Keys.LABEL_HORIZON_DAYS, Keys.THRESHOLDS, Keys.THRESHOLD_COUNT, Keys.SCORE_RANGE, Keys.THRESHOLD_QUANTILES, Keys.SLICES,
      Keys.DELAY_STRATA, Keys.DELAY_SCORE_BANDS, Keys.MAX_SLICE_VALUES, Keys.LOGGING_HEALTH_MAX_Z, Keys.CLIP_WEIGHT, Keys.MIN_ESS, Keys.BOOTSTRAP,
      Keys.CONFIDENCE, Keys.INTERVAL_THRESHOLDS, Keys.BOOTSTRAP_SEED, Keys.BOOTSTRAP_UNIT, Keys.MODEL_ID);

  static final List<Setting<?>> COSTS = Keys.COST_MODEL;

  static final List<Setting<?>> GUARDRAILS = List.of(Keys.MAX_FALSE_BLOCK_RATE, Keys.MAX_CHALLENGE_RATE);

  /** The monitoring rules and what their thresholds and intervals come from. */
  static final List<Setting<?>> MONITORING = List.of(Keys.FAIL_ON_ALERT, Keys.ALERT_FALSE_BLOCK_RATE,
      Keys.ALERT_LOGGING_HEALTH, Keys.ALERT_REPORTS_RATIO, Keys.ALERT_CHARGEBACK_FEED, Keys.ALERT_DRIFT,
      Keys.MAX_FALSE_BLOCK_RATE, Keys.LOGGING_HEALTH_MAX_Z, Keys.MAX_REPORTS_RATIO, Keys.REPORTS_RATIO_DAYS,
      Keys.MIN_FEED_RATIO, Keys.FEED_DAYS, Keys.MAX_PSI, Keys.ALERT_PRECISION_DROP, Keys.MAX_PRECISION_DROP, Keys.ALERT_RECALL_DROP,
      Keys.MAX_RECALL_DROP, Keys.ALERT_CALIBRATION, Keys.MAX_ECE, Keys.ALERT_FAIRNESS, Keys.MAX_FPR_RATIO,
      Keys.CONFIDENCE);

  /** Which columns fairness compares values of. */
  static final List<Setting<?>> FAIRNESS = List.of(Keys.FAIRNESS_COLUMNS);

  /** Which scores calibration judges, and its bins. */
  static final List<Setting<?>> CALIBRATION = List.of(Keys.SCORE_SCALE, Keys.CALIBRATION_BINS);

  /** What drift compares: the columns, the periods and the bins. */
  static final List<Setting<?>> DRIFT = List.of(Keys.DRIFT_COLUMNS, Keys.DRIFT_DAYS, Keys.DRIFT_REFERENCE,
      Keys.DRIFT_REFERENCE_MODEL,
      Keys.DRIFT_BINS);

  /** How optimize prices its policies. */
  static final List<Setting<?>> PRICING = List.of(Keys.ESTIMATOR);

  static final List<Setting<?>> WHATIF = List.of(Keys.AS_OF, Keys.MATURITY_DAYS, Keys.WINDOW_DAYS,
      Keys.LABEL_HORIZON_DAYS, Keys.THRESHOLD,
      Keys.BLOCK_ABOVE, Keys.CHALLENGE_ABOVE, Keys.MODEL_ID, Keys.ESTIMATOR, Keys.BOOTSTRAP, Keys.CONFIDENCE,
      Keys.BOOTSTRAP_SEED, Keys.BOOTSTRAP_UNIT);

  static final List<Setting<?>> TRAIN = List.of(Keys.AS_OF, Keys.MATURITY_DAYS, Keys.LABEL_HORIZON_DAYS,
      Keys.MODEL_FAMILY, Keys.FEATURES,
      Keys.CATEGORICAL_FEATURES, Keys.TRAIN_DAYS, Keys.VALIDATION_DAYS, Keys.TEST_DAYS, Keys.WEIGHTING, Keys.CALIBRATION,
      Keys.SELECTION_METRIC, Keys.MODEL_ID, Keys.BOOTSTRAP, Keys.CONFIDENCE, Keys.BOOTSTRAP_SEED, Keys.BOOTSTRAP_UNIT);

  static final List<Setting<?>> SCORE = List.of(Keys.AS_OF, Keys.MATURITY_DAYS, Keys.WINDOW_DAYS, Keys.MODEL_ID);

  static final List<Setting<?>> COMPARE = List.of(Keys.AS_OF, Keys.MATURITY_DAYS, Keys.WINDOW_DAYS,
      Keys.LABEL_HORIZON_DAYS, Keys.MODEL_ID,
      Keys.CHAMPION_ID, Keys.BLOCK_RATES, Keys.BOOTSTRAP, Keys.CONFIDENCE, Keys.BOOTSTRAP_SEED, Keys.BOOTSTRAP_UNIT,
      Keys.FAIL_ON_GATE, Keys.GATE_FALSE_BLOCK_MARGIN, Keys.GATE_RECALL_MARGIN);

  static final List<Setting<?>> SIMULATE = List.of(Keys.SIM_OUT, Keys.SIM_FORMAT, Keys.SIM_SIZE, Keys.SIM_DAYS,
      Keys.SIM_START, Keys.SIM_SEED, Keys.SIM_FRAUD_RATE, Keys.SIM_SCORE_QUALITY, Keys.SIM_BLOCK_THRESHOLD,
      Keys.SIM_EXPLORE_AT_THRESHOLD, Keys.SIM_EXPLORE_SLOPE, Keys.SIM_EXPLORE_FLOOR, Keys.SIM_CLUSTER_SIZE,
      Keys.SIM_RING_SHARE, Keys.SIM_RING_FRAUD_SHARE, Keys.SIM_FRAUD_DISPUTE_RATE, Keys.SIM_DISPUTE_RATE,
      Keys.SIM_DELAY_MEDIAN_DAYS, Keys.SIM_DELAY_SIGMA, Keys.SIM_DELAY_SCORE_EFFECT, Keys.SIM_UNSEEN_FRAUD_DAYS,
      Keys.SIM_UNSEEN_FRAUD_RATE, Keys.SIM_SHIFT_DAYS, Keys.SIM_VELOCITY_SHIFT, Keys.SIM_BIASED_REGION,
      Keys.SIM_REGION_SCORE_SHIFT, Keys.SIM_PARTITIONS);

  /** A rule between options, checked for every job that takes all of its keys. */
  private record Rule(List<Setting<?>> keys, Consumer<Settings> check) {}

  private static final List<Rule> RULES = List.of(
      new Rule(List.of(Keys.MATURITY_DAYS, Keys.WINDOW_DAYS, Keys.LABEL_HORIZON_DAYS), s -> {
        if (s.get(Keys.MATURITY_DAYS) + s.get(Keys.WINDOW_DAYS) > s.get(Keys.LABEL_HORIZON_DAYS)) {
          throw new ConfigException(String.format("label-horizon-days: must be at least --maturity-days plus"
              + " --window-days (%d), so the evaluated window's labels are kept current, got %d",
              s.get(Keys.MATURITY_DAYS) + s.get(Keys.WINDOW_DAYS), s.get(Keys.LABEL_HORIZON_DAYS)));
        }
      }),
      new Rule(List.of(Keys.THRESHOLDS, Keys.SCORE_RANGE), Options::thresholdsInRange),
      new Rule(List.of(Keys.SQL_FILE), SqlJob::statements),
      new Rule(List.of(Keys.REPORT_FILE), ReportJob::requireWritable),
      new Rule(List.of(Keys.AS_OF, Keys.DRIFT_DAYS, Keys.DRIFT_REFERENCE), s -> {
        List<LocalDate> reference = s.get(Keys.DRIFT_REFERENCE);
        LocalDate asOf = s.find(Keys.AS_OF).isEmpty() ? null : s.get(Keys.AS_OF);
        if (asOf != null && !reference.isEmpty() && reference.get(1).isAfter(asOf.minusDays(s.get(Keys.DRIFT_DAYS)))) {
          throw new ConfigException(String.format("drift-reference: must end by the current period's start, --as-of"
              + " minus --drift-days (%s), got %s,%s", asOf.minusDays(s.get(Keys.DRIFT_DAYS)), reference.get(0),
              reference.get(1)));
        }
      }),
      new Rule(List.of(Keys.DRIFT_REFERENCE, Keys.DRIFT_REFERENCE_MODEL), s -> {
        if (!s.get(Keys.DRIFT_REFERENCE).isEmpty() && !s.get(Keys.DRIFT_REFERENCE_MODEL).isEmpty()) {
          throw new ConfigException("drift-reference-model: give the reference period as --drift-reference or as"
              + " --drift-reference-model, not both");
        }
      }),
      new Rule(List.of(Keys.FAIL_ON_GATE, Keys.BOOTSTRAP), s -> {
        if (s.get(Keys.FAIL_ON_GATE) && s.get(Keys.BOOTSTRAP) == 0) {
          throw new ConfigException("fail-on-gate: the promotion gate judges by bootstrap intervals, so it needs"
              + " --bootstrap above 0");
        }
      }),
      new Rule(List.of(Keys.THRESHOLD, Keys.BLOCK_ABOVE, Keys.CHALLENGE_ABOVE), Policy::proposed),
      new Rule(List.of(Keys.FEATURES, Keys.CATEGORICAL_FEATURES), Trainer::requireFeatures),
      new Rule(List.of(Keys.MODEL_ID, Keys.CHAMPION_ID), s -> {
        if (s.get(Keys.MODEL_ID).equals(s.get(Keys.CHAMPION_ID))) {
          throw new ConfigException("champion-id: must differ from --model-id, got '" + s.get(Keys.CHAMPION_ID) + "'");
        }
      }),
      new Rule(List.of(Keys.SIM_EXPLORE_FLOOR, Keys.SIM_EXPLORE_AT_THRESHOLD), s -> {
        if (s.get(Keys.SIM_EXPLORE_FLOOR) > s.get(Keys.SIM_EXPLORE_AT_THRESHOLD)) {
          throw new ConfigException(String.format("explore-floor: must not exceed --explore-at-threshold %s, got %s",
              s.get(Keys.SIM_EXPLORE_AT_THRESHOLD), s.get(Keys.SIM_EXPLORE_FLOOR)));
        }
      }));

  private Options() {}

  /** Checks the rules between {@code job}'s options; each value was checked when the command line was parsed. */
  static void check(Job job, Settings settings) {
    if (!job.checksRulesBetweenOptions()) {
      return;
    }
    for (Rule rule : RULES) {
      if (job.options().containsAll(rule.keys())) {
        rule.check().accept(settings);
      }
    }
  }

  private static void thresholdsInRange(Settings settings) {
    List<Double> range = settings.get(Keys.SCORE_RANGE);
    for (double t : settings.get(Keys.THRESHOLDS)) {
      if (!range.isEmpty() && (t < range.get(0) || t > range.get(1))) {
        throw new ConfigException(String.format("thresholds: %s is outside --score-range %s,%s", t, range.get(0),
            range.get(1)));
      }
    }
  }

  /** The groups in order, each option once. */
  @SafeVarargs
  static List<Setting<?>> of(List<Setting<?>>... groups) {
    LinkedHashSet<Setting<?>> options = new LinkedHashSet<>();
    for (List<Setting<?>> group : groups) {
      options.addAll(group);
    }
    return new ArrayList<>(options);
  }
}

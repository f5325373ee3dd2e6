package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.labels.AsOf;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.stats.LoggingHealth;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;

/**
 * A monitoring rule: the table it reads (the as-of date's rows for the logged score), the metric it
 * compares with a threshold, and the settings of its severity and threshold. A rule fires only when the
 * metric's interval, where it has one, lies wholly beyond the threshold: no alert on noise.
 */
public enum AlertRule {
  FALSE_BLOCK_RATE(Keys.ALERT_FALSE_BLOCK_RATE, Tables.POLICY_CURVE, "fpr", Comparison.ABOVE,
      "--max-false-block-rate (optimize's guardrail too)", "the production policy's false block rate on the matured"
          + " window: legitimate decisions blocked over all legitimate ones (ips, the whole window)") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      double threshold = settings.get(Keys.MAX_FALSE_BLOCK_RATE);
      List<Row> production = rows.filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL)
              .and(col("policy").equalTo(Tables.POLICY_PRODUCTION))
              .and(col("estimator").equalTo(Estimator.IPS.columnValue())))
          .select(metric(), metric() + "_lo", metric() + "_hi").collectAsList();
      if (production.isEmpty() || production.get(0).isNullAt(0)) {
        return Reading.none(Slice.ALL, threshold, "no production policy row with a false block rate");
      }
      Bounded value = bounded(production.get(0));
      return new Reading(Slice.ALL, value, threshold, String.format("false block rate %s against"
          + " --max-false-block-rate %s", describe(value), threshold));
    }
  },
  LOGGING_HEALTH(Keys.ALERT_LOGGING_HEALTH, Tables.EVALUATION_WINDOWS, "logging_health_ratio", Comparison.OUTSIDE,
      "1, the interval +- --logging-health-max-z standard errors", "sum of 1/p_allow over allowed decisions per"
          + " decision, for the slice furthest from 1 in standard errors: away from 1, the logged propensities are"
          + " not the ones production drew with, and every weighted figure is off") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      double maxZ = settings.get(Keys.LOGGING_HEALTH_MAX_Z);
      Row worst = null;
      LoggingHealth worstHealth = null;
      for (Row row : rows.select(col(Tables.SLICE_KEY), col(Tables.SLICE_VALUE), col(metric()),
          col("logging_health_se")).collectAsList()) {
        LoggingHealth health = LoggingHealth.of(row.getDouble(2), row.isNullAt(3) ? 0 : row.getDouble(3), maxZ);
        if (worstHealth == null || health.z() > worstHealth.z()) {
          worst = row;
          worstHealth = health;
        }
      }
      if (worst == null) {
        return Reading.none(Slice.ALL, 1, "no evaluated window");
      }
      double ratio = worstHealth.ratio();
      double error = worstHealth.standardError();
      // The interval +- maxZ errors, which holds 1 exactly when the check passes (the same check as the table's).
      double reach = maxZ * error + 1e-9;
      Bounded value = new Bounded(ratio, ratio - reach, ratio + reach);
      return new Reading(new Slice(worst.getString(0), worst.getString(1)), value, 1, String.format("logging health"
          + " %.4f +- %.4f (%s standard errors allowed) on %s=%s", ratio, error, maxZ, worst.getString(0),
          worst.getString(1)));
    }
  },
  REPORTS_RATIO(Keys.ALERT_REPORTS_RATIO, Tables.COHORT_NOWCAST, "reports_ratio", Comparison.ABOVE,
      "--max-reports-ratio", "fraud reports received over reports due at the scores' matured rates, summed over the"
          + " last --reports-ratio-days cohorts; its interval Garwood's on the reports, widened by the delay curve's"
          + " error at their ages (label_delay): above 1, fraud the scores do not see is arriving, days before any"
          + " estimate of fraud moves") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      double threshold = settings.get(Keys.MAX_REPORTS_RATIO);
      int days = settings.get(Keys.REPORTS_RATIO_DAYS);
      double confidence = settings.get(Keys.CONFIDENCE);
      List<Row> cohorts = rows.filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL).and(col("age_days").between(1, days)))
          .select("age_days", "reports", "reports_due").collectAsList();
      DelayCurve curve = DelayCurve.of(tables, settings);
      long reports = cohorts.stream().mapToLong(row -> row.getLong(1)).sum();
      double due = cohorts.stream().mapToDouble(row -> row.getDouble(2)).sum();
      if (curve == null || !(due > 0)) {
        return Reading.none(Slice.ALL, threshold, "no cohort of the last " + days + " days with reports due");
      }
      double logError = cohorts.stream().mapToDouble(row -> row.getDouble(2) * curve.logError(row.getLong(0) - 1))
          .sum() / due;
      Bounded value = curve.widen(Bounded.poissonRatio(reports, due, confidence), logError);
      return new Reading(Slice.ALL, value, threshold, String.format("%d fraud reports where %.1f were due over the"
          + " last %d cohorts: ratio %s against --max-reports-ratio %s", reports, due, cohorts.size(),
          describe(value), threshold));
    }
  },
  CHARGEBACK_FEED(Keys.ALERT_CHARGEBACK_FEED, Tables.COHORT_NOWCAST, "reports_due", Comparison.BELOW,
      "--min-feed-ratio", "fraud reports received in the last --feed-days days (decisions_labeled.fraud_reported_at)"
          + " over those due in those days by the delay curve (label_delay) and the cohorts' score-based rates, for the"
          + " nowcast's cohorts, its interval as the reports ratio's: far below 1, the chargeback feed has stopped or"
          + " is losing rows, which shows here within days rather than when a window matures") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      double threshold = settings.get(Keys.MIN_FEED_RATIO);
      int days = settings.get(Keys.FEED_DAYS);
      double confidence = settings.get(Keys.CONFIDENCE);
      DelayCurve curve = DelayCurve.of(tables, settings);
      Dataset<Row> labeled = tables.read(Tables.DECISIONS_LABELED, settings.get(Keys.AS_OF));
      List<Row> cohorts = rows.filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL))
          .select(col("cohort_date"), col("age_days"), col(metric())).collectAsList();
      if (cohorts.isEmpty() || curve == null || labeled == null) {
        return Reading.none(Slice.ALL, threshold, "no nowcast and delay curve to expect reports from");
      }
      double expected = 0;
      double weightedError = 0;
      LocalDate first = null;
      for (Row cohort : cohorts) {
        // Due by A at the cohort's age, less what was due k days earlier: F's rise over the last k days.
        long age = cohort.getLong(1) - 1;
        double dueNow = curve.share(age);
        double arriving = dueNow > 0 ? cohort.getDouble(2) * (1 - curve.share(age - days) / dueNow) : 0;
        expected += arriving;
        weightedError += arriving * curve.logError(age - days);
        LocalDate day = cohort.getDate(0).toLocalDate();
        first = first == null || day.isBefore(first) ? day : first;
      }
      if (!(expected > 0)) {
        return Reading.none(Slice.ALL, threshold, "no fraud report due in the last " + days + " days");
      }
      LocalDate asOf = settings.get(Keys.AS_OF);
      long received = labeled.filter(col(DecisionLog.ACTION).equalTo(DecisionLog.ALLOW)
          .and(col(DecisionLog.DECIDED_AT).geq(lit(AsOf.at(first)))).and(col(DecisionLog.DECIDED_AT).lt(lit(AsOf.at(asOf))))
          .and(col(Tables.FRAUD_REPORTED_AT).geq(lit(AsOf.at(asOf.minusDays(days)))))
          .and(col(Tables.FRAUD_REPORTED_AT).lt(lit(AsOf.at(asOf))))).count();
      Bounded value = curve.widen(Bounded.poissonRatio(received, expected, confidence), weightedError / expected);
      return new Reading(Slice.ALL, value, threshold, String.format("%d fraud reports arrived in the last %d days where"
          + " %.1f were due (decisions since %s): ratio %s against --min-feed-ratio %s", received, days, expected,
          first, describe(value), threshold));
    }
  },
  DRIFT(Keys.ALERT_DRIFT, Tables.DRIFT, "population_stability_index", Comparison.ABOVE,
      "--max-psi, or the row's psi_noise_level where that is higher", "the population stability index of the score"
          + " and each --drift-columns column, the current period against the reference, overall and per slice: the"
          + " row furthest above its bar (the seed's 0.2, or what sampling alone makes, for a small slice), rows"
          + " with too little support left out") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      double threshold = settings.get(Keys.MAX_PSI);
      Row worst = rows.filter(col(metric()).isNotNull().and(not(col("low_support"))))
          .select(col(Tables.SLICE_KEY), col(Tables.SLICE_VALUE), col("column_name"), col(metric()),
              greatest(lit(threshold), coalesce(col("psi_noise_level"), lit(threshold))).as("bar"))
          .orderBy(col(metric()).minus(col("bar")).desc()).limit(1).collectAsList().stream().findFirst().orElse(null);
      if (worst == null) {
        return Reading.none(Slice.ALL, threshold, "no column with enough values in both periods");
      }
      double psi = worst.getDouble(3);
      double bar = worst.getDouble(4);
      return new Reading(new Slice(worst.getString(0), worst.getString(1)), new Bounded(psi, null, null), bar,
          String.format("PSI %.4f of %s on %s=%s against %s%s", psi, worst.getString(2), worst.getString(0),
              worst.getString(1), threshold, bar > threshold ? String.format(" (noise level %.4f)", bar) : ""));
    }
  },
  PRECISION_DROP(Keys.ALERT_PRECISION_DROP, Tables.POLICY_CURVE, "precision", Comparison.ABOVE,
      "--max-precision-drop", "how far the production policy's precision (ips, the whole window) fell from the window"
          + " before, the one ending where this one starts (as of A minus --window-days): their difference with both"
          + " windows' errors combined") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      return WindowDrop.read(metric(), rows, settings, tables, settings.get(Keys.MAX_PRECISION_DROP));
    }
  },
  RECALL_DROP(Keys.ALERT_RECALL_DROP, Tables.POLICY_CURVE, "recall", Comparison.ABOVE, "--max-recall-drop",
      "the same for recall") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      return WindowDrop.read(metric(), rows, settings, tables, settings.get(Keys.MAX_RECALL_DROP));
    }
  },
  CALIBRATION(Keys.ALERT_CALIBRATION, Tables.CALIBRATION, "value", "ece", Comparison.ABOVE, "--max-ece",
      "the logged score's expected calibration error on the matured window as a probability (needs --score-scale):"
          + " the binned ECE with each bin's sampling noise taken out, and its bootstrap interval") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      double threshold = settings.get(Keys.MAX_ECE);
      List<Row> ece = rows.filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL).and(col("metric").equalTo(metric())))
          .select("value", "value_lo", "value_hi").collectAsList();
      if (ece.isEmpty() || ece.get(0).isNullAt(0)) {
        return Reading.none(Slice.ALL, threshold, "no calibration of the logged score (give --score-scale)");
      }
      Bounded value = bounded(ece.get(0));
      return new Reading(Slice.ALL, value, threshold, String.format("expected calibration error %s against --max-ece"
          + " %s", describe(value), threshold));
    }
  },
  FAIRNESS(Keys.ALERT_FAIRNESS, Tables.FAIRNESS, "ratio", "false_positive_rate", Comparison.ABOVE, "--max-fpr-ratio",
      "the production policy's false-positive rate on each --fairness-columns value over the rest's, its paired"
          + " interval Bonferroni-corrected over the column's values: the value furthest above, values with too"
          + " little support left out (the seed's regional FPR guardrail)") {
    @Override
    Reading read(Dataset<Row> rows, Settings settings, TableReader tables) {
      double threshold = settings.get(Keys.MAX_FPR_RATIO);
      Row worst = rows.filter(col("policy").equalTo(Tables.POLICY_PRODUCTION).and(col("metric").equalTo(metric()))
              .and(not(col("low_support"))).and(col("ratio").isNotNull()))
          .select(col(Tables.SLICE_KEY), col(Tables.SLICE_VALUE), col("ratio"), col("ratio_lo"), col("ratio_hi"))
          .orderBy(coalesce(col("ratio_lo"), col("ratio")).desc()).limit(1).collectAsList().stream().findFirst()
          .orElse(null);
      if (worst == null) {
        return Reading.none(Slice.ALL, threshold, "no --fairness-columns value with support and a false-positive rate");
      }
      Bounded value = new Bounded(worst.getDouble(2), worst.isNullAt(3) ? null : worst.getDouble(3),
          worst.isNullAt(4) ? null : worst.getDouble(4));
      return new Reading(new Slice(worst.getString(0), worst.getString(1)), value, threshold, String.format("false"
          + " positive rate on %s=%s over the rest's %s against --max-fpr-ratio %s", worst.getString(0),
          worst.getString(1), describe(value), threshold));
    }
  };

  /** What a rule read: the slice compared, the metric with its interval, the threshold and a sentence. */
  record Reading(Slice slice, Bounded value, double threshold, String detail) {
    static Reading none(Slice slice, double threshold, String why) {
      return new Reading(slice, Bounded.NONE, threshold, why);
    }
  }

  private final Setting<org.cfeval.config.Severity> severity;
  private final TableSpec<?> table;
  private final String column;
  private final String metric;
  private final Comparison comparison;
  private final String threshold;
  private final String meaning;

  AlertRule(Setting<org.cfeval.config.Severity> severity, TableSpec<?> table, String metric, Comparison comparison,
      String threshold, String meaning) {
    this(severity, table, null, metric, comparison, threshold, meaning);
  }

  /** A rule on a table of one figure per row: {@code column} on the rows whose metric column is {@code metric}. */
  AlertRule(Setting<org.cfeval.config.Severity> severity, TableSpec<?> table, String column, String metric,
      Comparison comparison, String threshold, String meaning) {
    this.severity = severity;
    this.table = table;
    this.column = column;
    this.metric = metric;
    this.comparison = comparison;
    this.threshold = threshold;
    this.meaning = meaning;
  }

  /**
   * The rule's metric from the rows of its table for the as-of date and the logged score; {@code tables}
   * reads the same of any other table a rule needs.
   */
  abstract Reading read(Dataset<Row> rows, Settings settings, TableReader tables);

  /** A table's rows for an as-of date and the logged score (a merged table's all), or null before it exists. */
  @FunctionalInterface
  interface TableReader {
    Dataset<Row> read(TableSpec<?> table, LocalDate asOf);
  }

  /** The value stored in alerts.rule. */
  public String columnValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The setting of its severity. */
  public Setting<org.cfeval.config.Severity> severity() {
    return severity;
  }

  public TableSpec<?> table() {
    return table;
  }

  /**
   * The column it compares (for REPORTS_RATIO the figure of its columns), or in a table of one figure per
   * row, the value of the metric column on the rows it reads.
   */
  public String metric() {
    return metric;
  }

  /** In a table of one figure per row, the column it compares on the rows of its {@link #metric}; else null. */
  public String column() {
    return column;
  }

  public Comparison comparison() {
    return comparison;
  }

  /** Where its threshold comes from, in words. */
  public String threshold() {
    return threshold;
  }

  /** What it watches, in words. */
  public String meaning() {
    return meaning;
  }

  private static Bounded bounded(Row row) {
    return new Bounded(row.getDouble(0), row.isNullAt(1) ? null : row.getDouble(1),
        row.isNullAt(2) ? null : row.getDouble(2));
  }

  private static String describe(Bounded value) {
    return value.lo() == null ? String.format("%.4f", value.value())
        : String.format("%.4f [%.4f, %.4f]", value.value(), value.lo(), value.hi());
  }
}

package org.cfeval.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.SharedSpark;
import org.cfeval.config.FailOn;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.config.Severity;
import org.cfeval.spark.Steps;
import org.cfeval.tables.AlertRow;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.EvaluationScope;
import org.cfeval.tables.EvaluationWindowRow;
import org.cfeval.tables.Tables;
import org.cfeval.tables.Window;
import org.junit.jupiter.api.Test;

/**
 * The alerts step on tables written by hand, so every value the rules read is known: which rows they read
 * (the as-of date's, the logged score's), what they compare, and what they write.
 */
class AlertsTest {
  private static final LocalDate AS_OF = LocalDate.parse("2026-05-01");

  private static EvaluationWindowRow window(LocalDate asOf, String key, String value, String modelId, double ratio,
      double se) {
    return new EvaluationWindowRow(new EvaluationScope(new Window(asOf, asOf.minusDays(90), asOf.minusDays(60)), key,
        value, modelId), 1000L, 900L, 890L, 20L, 0L, 1000 * ratio, ratio, se, Math.abs(ratio - 1) <= 4 * se,
        asOf, Bounded.NONE);
  }

  /**
   * Logging health: 'all' is healthy (z = 0.5), EU is not (ratio 1.05, se 0.01: z = 5). The rule reads the
   * slice furthest from 1, EU: its interval at 4 standard errors, [1.01, 1.09], leaves 1 out. A model's
   * row and another date's, worse still, are not the logged score's as of A and are not read.
   */
  @Test
  void loggingHealthFiresOnTheWorstSliceOfTheLoggedScore() {
    SparkSession spark = SharedSpark.session();
    DeltaStore store = SharedSpark.newStore();
    List<EvaluationWindowRow> rows = List.of(window(AS_OF, Tables.ALL, Tables.ALL, null, 1.001, 0.002),
        window(AS_OF, "region", "EU", null, 1.05, 0.01), window(AS_OF, "region", "NA", "challenger", 1.5, 0.01),
        window(AS_OF.minusDays(1), "region", "NA", null, 1.5, 0.01));
    store.replaceAsOf(Tables.EVALUATION_WINDOWS, Tables.EVALUATION_WINDOWS.frame(spark, rows), AS_OF);
    store.replaceAsOf(Tables.EVALUATION_WINDOWS, Tables.EVALUATION_WINDOWS.frame(spark, rows.subList(3, 4)),
        AS_OF.minusDays(1));
    Settings settings = Settings.defaults().with(Keys.AS_OF, AS_OF.toString());
    Steps steps = new Steps(spark, "test");

    List<AlertRow> alerts = Alerts.run(spark, store, settings, steps);
    AlertRow health = alerts.stream().filter(a -> a.rule().equals("logging_health")).findFirst().orElseThrow();
    assertThat(health.sliceValue()).isEqualTo("EU");
    assertThat(health.value().value()).isCloseTo(1.05, within(1e-12));
    assertThat(health.value().lo()).isCloseTo(1.01, within(1e-8));
    assertThat(health.value().hi()).isCloseTo(1.09, within(1e-8));
    assertThat(health.threshold()).isEqualTo(1.0);
    assertThat(health.fired()).isTrue();
    assertThat(health.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(Alerts.failing(alerts, FailOn.CRITICAL)).extracting(AlertRow::rule).containsExactly("logging_health");
    assertThat(Alerts.failing(alerts, FailOn.NONE)).isEmpty();
    // The tables the other rules read do not exist yet: their rows say so, and do not fire.
    assertThat(alerts).filteredOn(a -> !a.rule().equals("logging_health"))
        .allSatisfy(a -> assertThat(a.fired()).isFalse())
        .extracting(AlertRow::detail).containsExactly("there is no policy_curve table yet",
            "there is no cohort_nowcast table yet", "there is no cohort_nowcast table yet",
            "there is no drift table yet", "there is no policy_curve table yet", "there is no policy_curve table yet",
            "there is no calibration table yet", "there is no fairness table yet");
    assertThat(store.read(Tables.ALERTS).count()).isEqualTo(9);

    // Six standard errors allowed: EU's interval, [0.99, 1.11], holds 1. A rule set to off has no row.
    List<AlertRow> lenient = Alerts.evaluate(store, settings.with(Keys.LOGGING_HEALTH_MAX_Z, "6")
        .with(Keys.ALERT_REPORTS_RATIO, "off"), steps);
    assertThat(lenient).extracting(AlertRow::rule).containsExactly("false_block_rate", "logging_health",
        "chargeback_feed", "drift", "precision_drop", "recall_drop", "calibration", "fairness");
    assertThat(lenient.get(1).fired()).isFalse();
  }
}

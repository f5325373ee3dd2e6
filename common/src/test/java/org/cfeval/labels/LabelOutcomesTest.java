package org.cfeval.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/** Outcomes as of a date: pending decisions, which reasons mean fraud, and rows gone from the source. */
class LabelOutcomesTest {
  private static final String HEADER = "decision_id,decided_at,score,action,p_allow,amount";
  private static final String CHARGEBACK_HEADER = "decision_id,reported_at,reason";
  private final SparkSession spark = SharedSpark.session();

  private void label(DeltaStore store, Settings settings) {
    new Labeler(spark, store, new Steps(spark, "test")).run(settings);
  }

  private static Map<String, String> outcomes(DeltaStore store) {
    return store.read(Tables.DECISIONS_LABELED).collectAsList().stream().collect(Collectors.toMap(
        r -> r.<String>getAs("decision_id"), r -> r.<String>getAs(Tables.OUTCOME) + "@" + r.getAs(Tables.LABELED_AS_OF)));
  }

  @Test
  void pendingUntilMaturedAndFraudOnlyForTheListedReasons() {
    String decisions = Fixtures.source("decisions.csv", List.of(HEADER,
        "young,2026-03-20 10:00:00,20,allow,1.0,10",
        "old,2026-01-10 10:00:00,20,allow,1.0,10",
        "friendly,2026-01-10 10:00:00,20,allow,1.0,10",
        "stolen,2026-01-10 10:00:00,20,allow,1.0,10"));
    String chargebacks = Fixtures.source("chargebacks.csv", List.of(CHARGEBACK_HEADER,
        "friendly,2026-02-01 00:00:00,friendly_fraud",
        "stolen,2026-02-01 00:00:00,card_stolen"));
    DeltaStore store = SharedSpark.newStore();
    // As of 2026-04-01 with 60 days' maturity, decisions after 2026-01-31 have not matured yet.
    label(store, Fixtures.settings("2026-04-01", decisions, "csv", chargebacks, "csv"));
    assertThat(outcomes(store)).containsEntry("young", "pending@2026-04-01").containsEntry("old", "legit@2026-04-01")
        // 'fraudulent' is the only default fraud reason: other disputes leave a decision legit.
        .containsEntry("friendly", "legit@2026-04-01").containsEntry("stolen", "legit@2026-04-01");

    label(store, Fixtures.settings("2026-04-01", decisions, "csv", chargebacks, "csv")
        .with(Keys.FRAUD_REASONS, "card_stolen,friendly_fraud"));
    assertThat(outcomes(store)).containsEntry("friendly", "fraud@2026-04-01").containsEntry("stolen", "fraud@2026-04-01")
        .containsEntry("young", "pending@2026-04-01");
  }

  @Test
  void decisionsGoneFromTheSourceKeepTheirRowsAndTheirChargebacksStillCount() {
    DeltaStore store = SharedSpark.newStore();
    label(store, Fixtures.settings("2026-03-15", Fixtures.source("decisions.csv", List.of(HEADER,
        "early,2026-01-05 10:00:00,20,allow,1.0,10", "late,2026-01-20 10:00:00,20,allow,1.0,10")), "csv",
        Fixtures.source("chargebacks.csv", List.of(CHARGEBACK_HEADER)), "csv"));
    // The next export no longer holds 'early' (it keeps a rolling window), and a fraud chargeback for it
    // arrives: matched against decisions_labeled, not rejected as unknown, and the row relabelled.
    label(store, Fixtures.settings("2026-04-01", Fixtures.source("decisions.csv", List.of(HEADER,
        "late,2026-01-20 10:00:00,20,allow,1.0,10")), "csv", Fixtures.source("chargebacks.csv",
        List.of(CHARGEBACK_HEADER, "early,2026-03-20 00:00:00,fraudulent")), "csv"));
    assertThat(outcomes(store)).containsEntry("early", "fraud@2026-04-01").containsEntry("late", "legit@2026-04-01");
    assertThat(store.read(Tables.REJECTS).count()).isZero();

    Settings evaluate = Fixtures.settings("2026-04-01", "unused", "csv", "unused", "csv").with(Keys.WINDOW_DAYS, "60")
        .with(Keys.THRESHOLDS, "50").with(Keys.THRESHOLD_COUNT, "0").with(Keys.BOOTSTRAP, "0");
    new Evaluator(spark, store, new Steps(spark, "test")).run(evaluate);
    Row window = store.read(Tables.EVALUATION_WINDOWS).first();
    assertThat(window.<Object>getAs("labels_as_of")).hasToString("2026-04-01");
    assertThat(window.<Long>getAs("n_decisions")).isEqualTo(2);
    assertThat(window.<Long>getAs("n_labeled_fraud")).isEqualTo(1);
  }
}

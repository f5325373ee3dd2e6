package org.cfeval.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/**
 * Outcomes as of the evaluated date, whatever label runs came before: a backfill of an old date after a
 * newer label run gives the old date's tables, an older label run never undoes a newer one, and a
 * window whose labels are older than the date fails rather than counting unseen fraud as legit.
 */
class BackfillTest {
  private static final String D = "2026-04-01";
  private static final String D_PLUS_20 = "2026-04-21";
  private static final String HEADER = "decision_id,decided_at,score,action,p_allow,amount";
  private final SparkSession spark = SharedSpark.session();

  /**
   * Window of D (60 days' maturity, 30 days): [2026-01-01, 2026-01-31). 'late' is fraud reported on
   * 2026-04-10, after D: as of D it is legit, as of D + 20 fraud. 'early' is fraud reported before D, and
   * reported again (another chargeback) after it: its earliest report stays.
   */
  private final String decisions = Fixtures.source("decisions.csv", List.of(HEADER,
      "early,2026-01-05 10:00:00,80,allow,0.25,100",
      "late,2026-01-06 10:00:00,70,allow,0.5,200",
      "legit1,2026-01-07 10:00:00,75,allow,0.5,50",
      "legit2,2026-01-08 10:00:00,20,allow,1.0,60",
      "blocked,2026-01-09 10:00:00,90,block,0.2,70",
      "fraud_low,2026-01-10 10:00:00,30,allow,1.0,80",
      "young,2026-04-05 10:00:00,40,allow,1.0,90"));
  private final String chargebacks = Fixtures.source("chargebacks.csv", List.of("decision_id,reported_at,reason",
      "early,2026-02-01 00:00:00,fraudulent",
      "early,2026-04-15 00:00:00,fraudulent",
      "fraud_low,2026-02-10 00:00:00,fraudulent",
      "late,2026-04-10 00:00:00,fraudulent"));

  private Settings at(String asOf) {
    return Fixtures.settings(asOf, decisions, "csv", chargebacks, "csv").with(Keys.THRESHOLDS, "50,60")
        .with(Keys.THRESHOLD_COUNT, "0").with(Keys.BOOTSTRAP, "20");
  }

  private void label(DeltaStore store, String asOf) {
    new Labeler(spark, store, new Steps(spark, "test")).run(at(asOf));
  }

  private List<String> evaluate(DeltaStore store, String asOf) {
    new Evaluator(spark, store, new Steps(spark, "test")).run(at(asOf));
    List<String> rows = new ArrayList<>();
    rows.addAll(rowsOf(store.read(Tables.POLICY_CURVE)));
    rows.addAll(rowsOf(store.read(Tables.EVALUATION_WINDOWS).drop("labels_as_of"))); // provenance: which run
    return rows;
  }

  private static List<String> rowsOf(Dataset<Row> table) {
    return Fixtures.data(table).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void anOldDateEvaluatesTheSameAfterANewerLabelRunOrOneWithAnotherMaturity() {
    DeltaStore inOrder = SharedSpark.newStore();
    label(inOrder, D);
    List<String> expected = evaluate(inOrder, D);

    DeltaStore backfilled = SharedSpark.newStore();
    label(backfilled, D_PLUS_20);
    assertThat(evaluate(backfilled, D)).isEqualTo(expected);
    // Not vacuous: as of D + 20, 'late' is fraud, and the stored row says so.
    assertThat(outcomes(backfilled)).containsEntry("late", "fraud@" + D_PLUS_20);
    // A label run with a longer maturity leaves the window pending in its own view; evaluate uses its own.
    DeltaStore longerMaturity = SharedSpark.newStore();
    new Labeler(spark, longerMaturity, new Steps(spark, "test")).run(at(D).with(Keys.MATURITY_DAYS, "90"));
    assertThat(outcomes(longerMaturity)).containsEntry("legit1", "pending@" + D);
    assertThat(evaluate(longerMaturity, D)).isEqualTo(expected);
    Row window = inOrder.read(Tables.EVALUATION_WINDOWS).filter("slice_key = 'all'").first();
    assertThat(window.<Long>getAs("n_labeled_fraud")).isEqualTo(2); // early and fraud_low; late is legit as of D
  }

  @Test
  void anOlderLabelRunNeverUndoesANewerOne() {
    DeltaStore store = SharedSpark.newStore();
    label(store, D_PLUS_20);
    List<String> newer = rowsOf(store.read(Tables.DECISIONS_LABELED));
    label(store, D);
    assertThat(rowsOf(store.read(Tables.DECISIONS_LABELED))).isEqualTo(newer);
    Map<String, String> reports = store.read(Tables.DECISIONS_LABELED).collectAsList().stream()
        .filter(r -> r.getAs(Tables.FRAUD_REPORTED_AT) != null)
        .collect(Collectors.toMap(r -> r.<String>getAs("decision_id"), r -> r.getAs(Tables.FRAUD_REPORTED_AT).toString()));
    assertThat(reports).containsOnlyKeys("early", "late", "fraud_low").containsEntry("early", "2026-02-01 00:00:00.0");
  }

  @Test
  void aWindowLabelledBeforeTheDateFailsAsInvalidInput() {
    DeltaStore store = SharedSpark.newStore();
    label(store, "2026-03-25");
    assertThatThrownBy(() -> evaluate(store, D)).isInstanceOf(ContractException.class)
        .hasMessageContaining("last labelled as of 2026-03-25, before the as-of date " + D)
        .hasMessageContaining("run label for " + D);
  }

  private static Map<String, String> outcomes(DeltaStore store) {
    return store.read(Tables.DECISIONS_LABELED).collectAsList().stream().collect(Collectors.toMap(
        r -> r.<String>getAs("decision_id"), r -> r.<String>getAs(Tables.OUTCOME) + "@" + r.getAs(Tables.LABELED_AS_OF)));
  }
}

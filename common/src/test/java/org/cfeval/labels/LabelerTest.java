package org.cfeval.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

class LabelerTest {
  private static final String HEADER = "decision_id,decided_at,score,action,p_allow,amount,cluster_id,policy_action,region";
  private static final String CHARGEBACK_HEADER = "decision_id,reported_at,reason,amount";
  private final SparkSession spark = SharedSpark.session();

  private Labeler.Result label(DeltaStore store, Settings settings) {
    return new Labeler(spark, store, new Steps(spark, "test")).run(settings);
  }

  @Test
  void everyContractViolationLandsInRejectsWithItsReasonAndTheCountsReconcile() {
    String decisions = Fixtures.source("decisions.csv", List.of(HEADER,
        "ok1,2026-01-10 10:00:00,20,allow,1.0,10,c1,allow,EU",
        "ok2,2026-01-10 11:00:00,70,allow,0.2,10,,block,EU",
        "ok3,2026-01-10 12:00:00,80,block,0.1,10,c3,block,NA",
        ",2026-01-10 10:00:00,20,allow,1.0,10,c1,allow,EU",
        "bad_score,2026-01-10 10:00:00,abc,allow,1.0,10,c1,allow,EU",
        "nan_score,2026-01-10 10:00:00,NaN,allow,1.0,10,c1,allow,EU",
        "bad_time,10/01/2026,20,allow,1.0,10,c1,allow,EU",
        "neg_amount,2026-01-10 10:00:00,20,allow,1.0,-5,c1,allow,EU",
        "bad_action,2026-01-10 10:00:00,20,hold,1.0,10,c1,allow,EU",
        "bad_policy,2026-01-10 10:00:00,20,allow,1.0,10,c1,maybe,EU",
        "p_range,2026-01-10 10:00:00,20,allow,1.5,10,c1,allow,EU",
        "p_zero,2026-01-10 10:00:00,70,allow,0,10,c1,block,EU",
        "p_one,2026-01-10 10:00:00,70,block,1,10,c1,block,EU",
        "dup,2026-01-11 10:00:00,20,allow,1.0,10,c1,allow,EU",
        "dup,2026-01-10 09:00:00,20,allow,1.0,10,c1,allow,EU",
        "future,2026-05-01 10:00:00,20,allow,1.0,10,c1,allow,EU"));
    String chargebacks = Fixtures.source("chargebacks.csv", List.of(CHARGEBACK_HEADER,
        "ok2,2026-02-01 00:00:00,fraudulent,10",
        "ok2,2026-02-05 00:00:00,product_not_received,10",
        "ok2,2026-01-30 00:00:00,fraudulent,10",
        "ok1,2026-02-01 00:00:00,duplicate_processing,10",
        "nobody,2026-02-01 00:00:00,fraudulent,10",
        "ok3,2026-02-01 00:00:00,fraudulent,10",
        "ok1,2026-01-09 00:00:00,fraudulent,10",
        "ok1,2026-02-01 00:00:00,,10",
        "ok1,yesterday,fraudulent,10",
        "ok1,2026-04-15 00:00:00,fraudulent,10"));
    DeltaStore store = SharedSpark.newStore();
    Labeler.Result result = label(store, Fixtures.settings("2026-04-01", decisions, "csv", chargebacks, "csv")
        .with(Keys.MAX_REJECT_SHARE, "1"));

    assertThat(result.decisions().read()).isEqualTo(16);
    assertThat(result.decisions().accepted()).isEqualTo(4); // ok1, ok2, ok3 and the earlier dup
    assertThat(result.decisions().afterAsOf()).isEqualTo(1);
    assertThat(result.decisions().rejected()).isEqualTo(11);
    assertThat(result.chargebacks().read()).isEqualTo(10);
    assertThat(result.chargebacks().accepted()).isEqualTo(4);
    assertThat(result.chargebacks().afterAsOf()).isEqualTo(1);
    assertThat(result.chargebacks().rejected()).isEqualTo(5);

    Map<String, List<String>> rejects = new HashMap<>();
    for (Row row : spark.read().format("delta").load(store.path(Tables.REJECTS))
        .orderBy("source", "reason").collectAsList()) {
      rejects.computeIfAbsent(row.<String>getAs("source") + "/" + row.getAs("reason"), k -> new ArrayList<>())
          .add(row.<String>getAs("detail") + " | " + row.getAs("record") + " | " + row.getAs("source_file"));
    }
    assertThat(rejects).containsOnlyKeys(
        "decisions/missing_value", "decisions/unparseable", "decisions/non_finite_score",
        "decisions/negative_amount", "decisions/unknown_action", "decisions/unknown_policy_action",
        "decisions/p_allow_out_of_range", "decisions/p_allow_zero_on_allow", "decisions/p_allow_one_on_block",
        "decisions/duplicate_decision", "chargebacks/unknown_decision", "chargebacks/chargeback_on_blocked",
        "chargebacks/reported_before_decision", "chargebacks/missing_value", "chargebacks/unparseable");
    assertThat(rejects.get("decisions/unparseable")).hasSize(2).anySatisfy(r -> assertThat(r)
        .startsWith("score='abc' is not a double | ").contains("\"decision_id\":\"bad_score\"", "decisions.csv"))
        .anySatisfy(r -> assertThat(r).startsWith("decided_at='10/01/2026' is not a timestamp"));
    assertThat(rejects.get("decisions/missing_value")).singleElement().asString().startsWith("decision_id is null");
    assertThat(rejects.get("decisions/p_allow_out_of_range")).singleElement().asString()
        .startsWith("p_allow=1.5 is outside [0, 1]");
    assertThat(rejects.get("decisions/duplicate_decision")).singleElement().asString()
        .startsWith("decision_id='dup' also decided at 2026-01-10 09:00:00").contains("2026-01-11 10:00:00");
    assertThat(rejects.get("chargebacks/unknown_decision")).singleElement().asString()
        .startsWith("decision_id='nobody' is not an accepted decision");
    assertThat(rejects.get("chargebacks/missing_value")).singleElement().asString().startsWith("reason is null");

    Map<String, Row> labeled = new HashMap<>();
    for (Row row : spark.read().format("delta").load(store.path(Tables.DECISIONS_LABELED)).collectAsList()) {
      labeled.put(row.getAs("decision_id"), row);
    }
    assertThat(labeled).containsOnlyKeys("ok1", "ok2", "ok3", "dup");
    // Several chargebacks on one decision: one outcome, dated by the earliest fraud report.
    Row ok2 = labeled.get("ok2");
    assertThat(ok2.<String>getAs(Tables.OUTCOME)).isEqualTo("fraud");
    assertThat(ok2.<Object>getAs(Tables.LABEL_DATE)).hasToString("2026-01-30");
    assertThat(ok2.<Long>getAs(Tables.CHARGEBACK_COUNT)).isEqualTo(3);
    assertThat(ok2.<String>getAs(Tables.CHARGEBACK_REASON)).isEqualTo("fraudulent");
    assertThat(ok2.<Double>getAs(Tables.IPW)).isEqualTo(5.0);
    assertThat(ok2.<String>getAs("cluster_id")).isEqualTo("ok2"); // no cluster: its own
    assertThat(ok2.<String>getAs("region")).isEqualTo("EU"); // extra columns kept
    // A non-fraud dispute leaves a matured decision legit.
    Row ok1 = labeled.get("ok1");
    assertThat(ok1.<String>getAs(Tables.OUTCOME)).isEqualTo("legit");
    assertThat(ok1.<String>getAs(Tables.CHARGEBACK_REASON)).isEqualTo("duplicate_processing");
    assertThat(ok1.<Object>getAs(Tables.LABEL_DATE)).hasToString("2026-03-11");
    assertThat(labeled.get("ok3").<String>getAs(Tables.OUTCOME)).isEqualTo("unobserved");
    assertThat(labeled.get("ok3").<Object>getAs(Tables.IPW)).isNull();
  }

  @Test
  void missingRequiredColumnFailsBeforeAnyWriteNamingColumnAndSource() {
    String decisions = Fixtures.source("decisions.csv", List.of(
        "decision_id,decided_at,score,action,amount", "a,2026-01-10 10:00:00,20,allow,10"));
    String chargebacks = Fixtures.source("chargebacks.csv", List.of(CHARGEBACK_HEADER));
    DeltaStore store = SharedSpark.newStore();
    assertThatThrownBy(() -> label(store, Fixtures.settings("2026-04-01", decisions, "csv", chargebacks, "csv")))
        .isInstanceOf(ContractException.class)
        .hasMessage("decisions source " + decisions + " lacks required column 'p_allow' (columns found:"
            + " decision_id, decided_at, score, action, amount)");
    assertThat(Tables.EVERY_TABLE).noneMatch(store::exists);
  }

  @Test
  void aChargebackArrivingAfterMaturityTurnsLegitIntoFraudOnTheNextRun() {
    String decisions = Fixtures.source("decisions.csv", List.of(HEADER,
        "late,2026-01-10 10:00:00,70,allow,0.5,10,c1,block,EU",
        "quiet,2026-01-10 10:00:00,20,allow,1.0,10,c2,allow,EU"));
    String chargebacks = Fixtures.source("chargebacks.csv", List.of(CHARGEBACK_HEADER,
        "late,2026-03-20 00:00:00,fraudulent,10"));
    DeltaStore store = SharedSpark.newStore();

    label(store, Fixtures.settings("2026-03-15", decisions, "csv", chargebacks, "csv"));
    assertThat(outcomes(store)).containsExactly("late=legit@2026-03-15", "quiet=legit@2026-03-15");

    // The second run reads the chargeback file again (it held a report after the first run's date), not the
    // decisions: 'quiet' keeps its row, which reads as labelled as of the newest run all the same.
    Labeler.Result second = label(store, Fixtures.settings("2026-03-25", decisions, "csv", chargebacks, "csv"));
    assertThat(second.decisions().read()).isZero();
    assertThat(second.chargebacks().accepted()).isEqualTo(1);
    assertThat(outcomes(store)).containsExactly("late=fraud@2026-03-25", "quiet=legit@2026-03-25");
  }

  private List<String> outcomes(DeltaStore store) {
    return store.read(Tables.DECISIONS_LABELED).orderBy("decision_id").collectAsList().stream()
        .map(r -> r.getAs("decision_id") + "=" + r.getAs(Tables.OUTCOME) + "@" + r.getAs(Tables.LABELED_AS_OF))
        .toList();
  }
}

package org.cfeval.tables;

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
import org.cfeval.labels.Labeler;
import org.cfeval.spark.Steps;
import org.junit.jupiter.api.Test;

/** Upkeep keeps every row a table's current version holds, and removes only what its retentions let go. */
class UpkeepTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void oldRejectsGoFilesCompactAndVacuumKeepsTheRetainedHistory() {
    String decisions = Fixtures.source("decisions.csv", List.of("decision_id,decided_at,score,action,p_allow,amount",
        "a,2026-01-05 10:00:00,80,allow,0.25,100", "b,2026-01-06 10:00:00,20,allow,1.0,60"));
    // An orphan chargeback: each full label run rejects it again.
    String chargebacks = Fixtures.source("chargebacks.csv", List.of("decision_id,reported_at,reason",
        "a,2026-02-01 00:00:00,fraudulent", "orphan,2026-02-01 00:00:00,fraudulent"));
    DeltaStore store = SharedSpark.newStore();
    for (String asOf : List.of("2026-02-10", "2026-06-01")) { // 111 days apart
      new Labeler(spark, store, new Steps(spark, "test")).run(Fixtures.settings(asOf, decisions, "csv", chargebacks,
          "csv").with(Keys.FULL, "true"));
    }
    List<String> labeled = rows(store, Tables.DECISIONS_LABELED);
    Settings upkeep = Settings.defaults().with(Keys.REJECTS_RETENTION_DAYS, "90");

    // The default retention, 30 days: these files are minutes old, so none goes; the old rejects do.
    Map<String, Upkeep.Result> kept = byTable(Upkeep.run(spark, store, upkeep, new Steps(spark, "test")));
    assertThat(kept.get("rejects").rejectsDeleted()).isEqualTo(1); // 2026-02-10's, 111 days before the newest
    assertThat(kept.values()).allSatisfy(result -> assertThat(result.filesRemoved()).isZero());
    assertThat(store.read(Tables.REJECTS).select(Tables.AS_OF_DATE).collectAsList().stream()
        .map(r -> r.getDate(0).toString()).toList()).containsExactly("2026-06-01");
    long before = kept.get("decisions_labeled").filesBefore();
    assertThat(kept.get("decisions_labeled").filesAfter()).isLessThanOrEqualTo(before).isPositive();

    // No retention: every file the current versions do not read goes, and every row stays.
    Map<String, Upkeep.Result> vacuumed = byTable(Upkeep.run(spark, store,
        upkeep.with(Keys.VACUUM_RETENTION_DAYS, "0"), new Steps(spark, "test")));
    assertThat(vacuumed.get("decisions_labeled").filesRemoved()).isPositive();
    assertThat(rows(store, Tables.DECISIONS_LABELED)).isEqualTo(labeled);
    assertThat(spark.conf().get("spark.databricks.delta.retentionDurationCheck.enabled", "true")).isEqualTo("true");
  }

  private static Map<String, Upkeep.Result> byTable(List<Upkeep.Result> results) {
    return results.stream().collect(Collectors.toMap(Upkeep.Result::table, r -> r));
  }

  private static List<String> rows(DeltaStore store, TableSpec<?> table) {
    return Fixtures.data(store.read(table)).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}

package org.cfeval.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.cfeval.SharedSpark;
import org.cfeval.config.ConfigException;
import org.junit.jupiter.api.Test;

class DeltaStoreTest {
  private final SparkSession spark = SharedSpark.session();

  record Older(@Doc("date") LocalDate asOfDate, @Doc("value") Double value) {}

  record Newer(@Doc("date") LocalDate asOfDate, @Doc("value") Figure value) {}

  /**
   * One cohort, 2026-03-01, nowcast by the runs of four as-of dates: 7, 14 and 30 days old (estimated) and
   * 70 days old (matured); another cohort only matured. The view lines the young estimates up beside the
   * matured one.
   */
  @Test
  void theTrackRecordViewLinesUpACohortsEstimatesWithItsMaturedValue() {
    DeltaStore store = SharedSpark.newStore();
    LocalDate cohort = LocalDate.parse("2026-03-01");
    for (int age : new int[] {7, 14, 30, 70}) {
      LocalDate asOf = cohort.plusDays(age);
      List<CohortNowcastRow> rows = List.of(nowcast(asOf, cohort, age, 10.0 * age),
          nowcast(asOf, cohort.minusDays(40), age + 40, 5.0));
      store.replaceAsOf(Tables.COHORT_NOWCAST, Tables.COHORT_NOWCAST.frame(spark, rows), asOf);
    }
    List<Row> track = spark.sql("SELECT cohort_date, at_7_days, at_7_days_lo, at_14_days, at_30_days_hi, matured,"
        + " matured_age_days FROM cohort_nowcast_track_record ORDER BY cohort_date").collectAsList();
    assertThat(track).hasSize(2);
    Row young = track.get(1);
    assertThat(young.getDate(0).toLocalDate()).isEqualTo(cohort);
    assertThat(young.getDouble(1)).isEqualTo(70.0);
    assertThat(young.getDouble(2)).isEqualTo(69.0);
    assertThat(young.getDouble(3)).isEqualTo(140.0);
    assertThat(young.getDouble(4)).isEqualTo(301.0);
    assertThat(young.getDouble(5)).isEqualTo(700.0);
    assertThat(young.getLong(6)).isEqualTo(70);
    // The older cohort was never 7, 14 or 30 days old in these runs; its newest matured row is at 110 days.
    assertThat(track.get(0).isNullAt(1)).isTrue();
    assertThat(track.get(0).getLong(6)).isEqualTo(110);
  }

  private static CohortNowcastRow nowcast(LocalDate asOf, LocalDate cohort, long age, double fraud) {
    Bounded none = Bounded.NONE;
    return new CohortNowcastRow(asOf, cohort, Tables.ALL, Tables.ALL, null, age, age >= 60 ? "matured" : "estimated",
        1000L, 990L, 20L, fraud, 1L, 0.5, fraud, fraud, 0.5, new Bounded(fraud, fraud - 1, fraud + 1), none, fraud,
        1.0, none, none, none, none, none, 0.1);
  }

  /**
   * A name already pointing at the warehouse is left as it is, however the catalog spells the path (a
   * space is %20 there); a table of the name that cfeval did not register is refused, not dropped.
   */
  @Test
  void registeringKeepsANamePointingHereAndRefusesToDropAnotherTable() {
    String warehouse = SharedSpark.newDirectory("ware house").toString();
    DeltaStore store = new DeltaStore(spark, warehouse, "cfeval_test", Provenance.start("test"));
    LocalDate asOf = LocalDate.parse("2026-03-01");
    Runnable write = () -> store.replaceAsOf(Tables.COHORT_NOWCAST,
        Tables.COHORT_NOWCAST.frame(spark, List.of(nowcast(asOf, asOf.minusDays(7), 7, 1.0))), asOf);
    write.run();
    CatalogTable registered = spark.sharedState().externalCatalog().getTable("cfeval_test", "cohort_nowcast");
    assertThat(registered.location().getPath()).isEqualTo(warehouse + "/cohort_nowcast");
    write.run();
    assertThat(spark.sharedState().externalCatalog().getTable("cfeval_test", "cohort_nowcast").createTime())
        .isEqualTo(registered.createTime());

    spark.sql("CREATE DATABASE IF NOT EXISTS someone_else");
    spark.sql("CREATE TABLE someone_else.cohort_nowcast (x INT) USING parquet");
    spark.sql("INSERT INTO someone_else.cohort_nowcast VALUES (1)");
    DeltaStore clashing = new DeltaStore(spark, SharedSpark.newDirectory("warehouse").toString(), "someone_else",
        Provenance.start("test"));
    assertThatThrownBy(() -> clashing.replaceAsOf(Tables.COHORT_NOWCAST,
        Tables.COHORT_NOWCAST.frame(spark, List.of(nowcast(asOf, asOf.minusDays(7), 7, 1.0))), asOf))
        .isInstanceOf(ConfigException.class).hasMessageContaining("someone_else.cohort_nowcast is a managed table");
    assertThat(spark.sql("SELECT x FROM someone_else.cohort_nowcast").collectAsList()).hasSize(1);
  }

  @Test
  void aTableWrittenByAnOlderVersionGainsTheNewColumnsAndKeepsItsRows() {
    DeltaStore store = SharedSpark.newStore();
    TableSpec<Older> older = TableSpec.perAsOf("evolving", Older.class, "a test table");
    TableSpec<Newer> newer = TableSpec.perAsOf("evolving", Newer.class, "a test table");
    LocalDate day1 = LocalDate.parse("2026-03-01");
    LocalDate day2 = LocalDate.parse("2026-03-02");

    store.replaceAsOf(older, older.frame(spark, List.of(new Older(day1, 1.0))), day1);
    store.replaceAsOf(newer, newer.frame(spark, List.of(new Newer(day2, new Figure(2.0, 1.5, 2.5, 200L)))), day2);

    List<Row> rows = spark.sql("SELECT value, value_lo FROM evolving ORDER BY value").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).isNullAt(1)).isTrue();
    assertThat(rows.get(1).getDouble(1)).isEqualTo(1.5);
  }
}

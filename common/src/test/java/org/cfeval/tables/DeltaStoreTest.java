package org.cfeval.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.SharedSpark;
import org.junit.jupiter.api.Test;

class DeltaStoreTest {
  private final SparkSession spark = SharedSpark.session();

  record Older(@Doc("date") LocalDate asOfDate, @Doc("value") Double value) {}

  record Newer(@Doc("date") LocalDate asOfDate, @Doc("value") Figure value) {}

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

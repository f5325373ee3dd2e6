package org.cfeval.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.SharedSpark;
import org.junit.jupiter.api.Test;

class DeltaStoreTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void aTableWrittenByAnOlderVersionGainsTheNewColumnsAndKeepsItsRows() {
    DeltaStore store = SharedSpark.newStore();
    TableColumn date = new TableColumn(Tables.AS_OF_DATE, DataTypes.DateType, "date");
    TableColumn value = new TableColumn("value", DataTypes.DoubleType, "value");
    TableColumn added = new TableColumn("value_lo", DataTypes.DoubleType, "added later");
    TableSpec older = new TableSpec("evolving", "a test table", List.of(date, value), null, false);
    TableSpec newer = new TableSpec("evolving", "a test table", List.of(date, value, added), null, false);
    LocalDate day1 = LocalDate.parse("2026-03-01");
    LocalDate day2 = LocalDate.parse("2026-03-02");

    store.replaceAsOf(older, spark.createDataFrame(List.of(RowFactory.create(java.sql.Date.valueOf(day1), 1.0)),
        older.schema()), day1);
    store.replaceAsOf(newer, spark.createDataFrame(
        List.of(RowFactory.create(java.sql.Date.valueOf(day2), 2.0, 1.5)), newer.schema()), day2);

    List<Row> rows = spark.sql("SELECT value, value_lo FROM evolving ORDER BY value").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).isNullAt(1)).isTrue();
    assertThat(rows.get(1).getDouble(1)).isEqualTo(1.5);
  }
}

package org.cfeval.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.stats.Estimator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A table's columns, types, comments and row values all come from its row record. */
@Tag("fast")
class TableSpecTest {
  record Scores(@Doc("area under the curve") Figure rocAuc, @Doc("rows scored") Long nRows) {}

  record Sample(@Inline Window window, @Doc("which estimator") Estimator estimator,
      @Doc("when it ran") Instant ranAt, @Doc("on the test window") Scores test, @Doc("a share") double share) {}

  record Undocumented(@Doc("fine") String named, String bare) {}

  @Test
  void columnsComeFromTheRecordInOrderWithTheirTypesAndComments() {
    TableSpec<Sample> table = TableSpec.perAsOf("sample", Sample.class, "one sample");
    assertThat(table.columnNames()).containsExactly("as_of_date", "window_start", "window_end", "estimator",
        "ran_at", "test_roc_auc", "test_roc_auc_lo", "test_roc_auc_hi", "test_roc_auc_replicates", "test_n_rows",
        "share");
    assertThat(table.column("ran_at").type()).isEqualTo(DataTypes.TimestampType);
    assertThat(table.column("window_start").type()).isEqualTo(DataTypes.DateType);
    assertThat(table.column("estimator").type()).isEqualTo(DataTypes.StringType);
    assertThat(table.column("test_n_rows").comment()).isEqualTo("rows scored, on the test window");
    assertThat(table.column("test_roc_auc_hi").comment()).contains("upper end", "test_roc_auc");
    assertThat(table.schema().apply("share").metadata().getString("comment")).isEqualTo("a share");
  }

  @Test
  void aRowHoldsEachValueUnderItsColumnConvertedForSpark() {
    TableSpec<Sample> table = TableSpec.perAsOf("sample", Sample.class, "one sample");
    Instant ranAt = Instant.parse("2026-04-01T12:00:00Z");
    Sample sample = new Sample(new Window(LocalDate.parse("2026-04-01"), LocalDate.parse("2026-01-01"),
        LocalDate.parse("2026-01-31")), Estimator.CLIPPED_IPS, ranAt, new Scores(new Figure(0.9, 0.8, null, 150L), 7L), 0.5);
    Row row = table.row(sample);
    assertThat(row.getAs(2).toString()).isEqualTo("2026-01-31");
    assertThat(row.get(1)).isEqualTo(Date.valueOf("2026-01-01"));
    assertThat(row.get(3)).isEqualTo("clipped_ips");
    assertThat(row.get(4)).isEqualTo(Timestamp.from(ranAt));
    assertThat(List.of(row.get(5), row.get(6), row.get(8), row.get(9), row.get(10)))
        .containsExactly(0.9, 0.8, 150L, 7L, 0.5);
    assertThat(row.isNullAt(7)).isTrue();
    Row nullGroup = table.row(new Sample(null, null, null, null, 0));
    assertThat(nullGroup.isNullAt(0)).isTrue();
    assertThat(nullGroup.isNullAt(5)).isTrue();
  }

  @Test
  void everyColumnMustBeDocumented() {
    assertThatThrownBy(() -> TableSpec.perAsOf("bad", Undocumented.class, "a bad table"))
        .hasMessage("Undocumented.bare of table bad has no @Doc");
  }

  @Test
  void everyOutputTableIsWellFormed() {
    for (TableSpec<?> table : Tables.EVERY_TABLE) {
      assertThat(table.columns()).as(table.name()).allSatisfy(c -> assertThat(c.comment()).isNotBlank());
      assertThat(table.columnNames()).as(table.name()).doesNotHaveDuplicates();
    }
  }
}

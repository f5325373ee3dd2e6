package org.cfeval.tables;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cfeval.contract.Contract;

/**
 * An output table: its name, what a row is, its columns with their comments, and how a run writes it.
 * Non-empty {@code mergeKeys} means rows are upserted on those columns; otherwise a run replaces the
 * rows of its as-of date. An open table also keeps whatever extra columns its input carried.
 */
public record TableSpec(String name, String rowMeaning, List<TableColumn> columns, List<String> mergeKeys, boolean open) {

  public StructType schema() {
    return new StructType(columns.stream()
        .map(c -> new StructField(c.name(), c.type(), true, comment(c)))
        .toArray(StructField[]::new));
  }

  public List<String> columnNames() {
    return columns.stream().map(TableColumn::name).toList();
  }

  /**
   * The frame in this table's column order and types with each column's comment attached; in an open
   * table the input's other columns follow. A declared column missing from the input is an error.
   */
  public Dataset<Row> conform(Dataset<Row> frame) {
    List<String> present = Arrays.asList(frame.columns());
    List<Column> selected = new ArrayList<>();
    for (TableColumn c : columns) {
      if (!present.contains(c.name())) {
        throw new IllegalStateException("table " + name + ": column " + c.name() + " missing from " + present);
      }
      selected.add(col(Contract.quote(c.name())).cast(c.type()).as(c.name(), comment(c)));
    }
    if (open) {
      present.stream().filter(p -> !columnNames().contains(p)).forEach(p -> selected.add(col(Contract.quote(p))));
    }
    return frame.select(selected.toArray(Column[]::new));
  }

  private static Metadata comment(TableColumn c) {
    return new MetadataBuilder().putString("comment", c.comment()).build();
  }
}

package org.cfeval.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.cfeval.contract.Contract;

/**
 * An output table, defined by the record type of its rows: each component is a column (its name in
 * snake case, its type from the Java type, its comment from {@link Doc}); a {@link Figure} component is
 * four columns, a {@link Bounded} one three, a record component its own columns ({@link Inline}, or prefixed with
 * its name) or one struct column ({@link Struct}). The
 * schema, the rows handed to Spark, the comments in Delta and the README's reference all come from here.
 *
 * <p>Non-empty {@code mergeKeys} means rows are upserted on those columns; otherwise a run replaces the
 * rows of its as-of date. An open table also keeps whatever extra columns its input carried.
 */
public final class TableSpec<R extends Record> {
  private static final Map<Class<?>, DataType> TYPES = Map.of(String.class, DataTypes.StringType,
      Double.class, DataTypes.DoubleType, double.class, DataTypes.DoubleType, Long.class, DataTypes.LongType,
      long.class, DataTypes.LongType, Boolean.class, DataTypes.BooleanType, boolean.class, DataTypes.BooleanType,
      LocalDate.class, DataTypes.DateType, Instant.class, DataTypes.TimestampType);

  /** A column and the accessors that lead from a row to its value. */
  private record Leaf(TableColumn column, List<Method> path) {}

  /** The column a table's files are partitioned by, and the SQL that derives it from the row's other columns. */
  public record Partition(String column, String expression) {}

  /**
   * A table-wide lower bound on a date column, kept as a Delta table property: reads see each row's value
   * raised to it, so one commit can say what would otherwise take rewriting every row.
   */
  public record Floor(String column, String property) {}

  private final String name;
  private final String rowMeaning;
  private final List<Leaf> leaves;
  private final List<String> mergeKeys;
  private final boolean open;
  private final Class<R> rowType;
  private final Partition partition;
  private final Floor floor;

  private TableSpec(String name, String rowMeaning, Class<R> rowType, List<String> mergeKeys, boolean open,
      Partition partition, Floor floor) {
    this.name = name;
    this.rowMeaning = rowMeaning;
    List<Leaf> found = new ArrayList<>();
    collect(rowType, "", "", List.of(), found);
    this.leaves = List.copyOf(found);
    this.mergeKeys = List.copyOf(mergeKeys);
    this.open = open;
    this.partition = partition;
    this.floor = floor;
    if (partition != null && !columnNames().contains(partition.column())) {
      throw new IllegalStateException("table " + name + " is partitioned by " + partition.column() + ", not a column");
    }
    if (floor != null && !columnNames().contains(floor.column())) {
      throw new IllegalStateException("table " + name + " has a floor on " + floor.column() + ", not a column");
    }
    this.rowType = rowType;
    List<String> names = columnNames();
    if (names.stream().distinct().count() < names.size()) {
      throw new IllegalStateException("table " + name + " names a column twice: " + names);
    }
    mergeKeys.forEach(key -> storedColumns().stream().filter(c -> c.name().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalStateException("table " + name + " merges on " + key + ", not a column")));
  }

  /** A table whose run replaces the rows of its as-of date. */
  public static <R extends Record> TableSpec<R> perAsOf(String name, Class<R> rowType, String rowMeaning) {
    return new TableSpec<>(name, rowMeaning, rowType, List.of(), false, null, null);
  }

  /** A table whose rows are upserted on {@code mergeKeys}; an open one keeps its input's extra columns. */
  public static <R extends Record> TableSpec<R> mergedOn(String name, Class<R> rowType, String rowMeaning,
      boolean open, String... mergeKeys) {
    return new TableSpec<>(name, rowMeaning, rowType, Arrays.asList(mergeKeys), open, null, null);
  }

  /** This table, its files partitioned by {@code partition}'s column, which every write derives from the row. */
  public TableSpec<R> partitionedBy(Partition partition) {
    return new TableSpec<>(name, rowMeaning, rowType, mergeKeys, open, partition, floor);
  }

  /** This table, with {@code floor} on one of its columns. */
  public TableSpec<R> floored(Floor floor) {
    return new TableSpec<>(name, rowMeaning, rowType, mergeKeys, open, partition, floor);
  }

  public String name() {
    return name;
  }

  /** What one row stands for. */
  public String rowMeaning() {
    return rowMeaning;
  }

  public List<TableColumn> columns() {
    return leaves.stream().map(Leaf::column).toList();
  }

  public List<String> columnNames() {
    return leaves.stream().map(leaf -> leaf.column().name()).toList();
  }

  /** The columns as stored: the row's, then the {@link Provenance} columns every table ends with. */
  public List<TableColumn> storedColumns() {
    List<TableColumn> stored = new ArrayList<>(columns());
    stored.addAll(Provenance.COLUMNS);
    return stored;
  }

  public List<String> storedColumnNames() {
    return storedColumns().stream().map(TableColumn::name).toList();
  }

  public TableColumn column(String columnName) {
    return columns().stream().filter(c -> c.name().equals(columnName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("table " + name + " has no column " + columnName));
  }

  public List<String> mergeKeys() {
    return mergeKeys;
  }

  /** How the table's files are partitioned, if by a derived column ({@link #conform} derives it); else empty. */
  public Optional<Partition> partition() {
    return Optional.ofNullable(partition);
  }

  /** The table-wide lower bound on a column, if the table has one. */
  public Optional<Floor> floor() {
    return Optional.ofNullable(floor);
  }

  public StructType schema() {
    return new StructType(columns().stream()
        .map(c -> new StructField(c.name(), c.type(), true, comment(c)))
        .toArray(StructField[]::new));
  }

  /** The row as Spark takes it: every column's value, converted to Spark's external types. */
  public Row row(R value) {
    Object[] values = new Object[leaves.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = sparkValue(valueAt(value, leaves.get(i).path()));
    }
    return RowFactory.create(values);
  }

  public Dataset<Row> frame(SparkSession spark, List<R> rows) {
    return spark.createDataFrame(rows.stream().map(this::row).toList(), schema());
  }

  /**
   * The frame in this table's column order and types with each column's comment attached; in an open
   * table the input's other columns follow. A declared column missing from the input is an error, except
   * the partition column, always derived anew.
   */
  public Dataset<Row> conform(Dataset<Row> frame) {
    List<String> present = Arrays.asList(frame.columns());
    List<Column> selected = new ArrayList<>();
    for (TableColumn c : columns()) {
      if (partition != null && c.name().equals(partition.column())) {
        selected.add(expr(partition.expression()).cast(c.type()).as(c.name(), comment(c)));
        continue;
      }
      if (!present.contains(c.name())) {
        throw new IllegalStateException("table " + name + ": column " + c.name() + " missing from " + present);
      }
      selected.add(col(Contract.quote(c.name())).cast(c.type()).as(c.name(), comment(c)));
    }
    if (open) { // the provenance a frame read from a table carries is its old rows': the writer stamps anew
      present.stream().filter(p -> !storedColumnNames().contains(p)).forEach(p -> selected.add(col(Contract.quote(p))));
    }
    return frame.select(selected.toArray(Column[]::new));
  }

  @Override
  public String toString() {
    return name;
  }

  private void collect(Class<?> type, String prefix, String context, List<Method> path, List<Leaf> out) {
    for (RecordComponent component : type.getRecordComponents()) {
      String columnName = prefix + snakeCase(component.getName());
      Doc doc = component.getAnnotation(Doc.class);
      Class<?> javaType = component.getType();
      List<Method> here = new ArrayList<>(path);
      here.add(component.getAccessor());
      if (component.isAnnotationPresent(Struct.class)) {
        out.add(new Leaf(new TableColumn(columnName, structType(javaType), require(doc, type, component) + context),
            here));
        continue;
      }
      if (javaType.isRecord() && javaType != Figure.class && javaType != Bounded.class) {
        boolean inline = component.isAnnotationPresent(Inline.class);
        collect(javaType, inline ? prefix : columnName + "_", inline ? context : context + comment(doc, ""),
            here, out);
        continue;
      }
      String meaning = require(doc, type, component) + context;
      if (javaType == Bounded.class) {
        out.add(new Leaf(new TableColumn(columnName, DataTypes.DoubleType, meaning), with(here, Bounded.class,
            "value")));
        out.add(new Leaf(new TableColumn(columnName + "_lo", DataTypes.DoubleType, "lower end of the interval of "
            + columnName), with(here, Bounded.class, "lo")));
        out.add(new Leaf(new TableColumn(columnName + "_hi", DataTypes.DoubleType, "upper end of the interval of "
            + columnName), with(here, Bounded.class, "hi")));
      } else if (javaType == Figure.class) {
        out.add(new Leaf(new TableColumn(columnName, DataTypes.DoubleType, meaning), with(here, Figure.class, "value")));
        out.add(new Leaf(new TableColumn(columnName + "_lo", DataTypes.DoubleType, "lower end of the bootstrap"
            + " interval of " + columnName + "; null where it has none"), with(here, Figure.class, "lo")));
        out.add(new Leaf(new TableColumn(columnName + "_hi", DataTypes.DoubleType, "upper end of the bootstrap"
            + " interval of " + columnName), with(here, Figure.class, "hi")));
        out.add(new Leaf(new TableColumn(columnName + "_replicates", DataTypes.LongType, "bootstrap replicates"
            + " behind the interval of " + columnName + ": those in which it is defined (one with a zero"
            + " denominator is left out, so --bootstrap minus this many were)"), with(here, Figure.class, "replicates")));
      } else {
        out.add(new Leaf(new TableColumn(columnName, sparkType(javaType, type, component), meaning), here));
      }
    }
  }

  private static String comment(Doc doc, String none) {
    return doc == null ? none : ", " + doc.value();
  }

  private String require(Doc doc, Class<?> type, RecordComponent component) {
    if (doc == null) {
      throw new IllegalStateException(type.getSimpleName() + "." + component.getName() + " of table " + name
          + " has no @Doc");
    }
    return doc.value();
  }

  private static List<Method> with(List<Method> path, Class<?> holder, String part) {
    List<Method> longer = new ArrayList<>(path);
    try {
      longer.add(holder.getMethod(part));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
    return longer;
  }

  /** A {@link Struct} component's type: a field per component of its record, each of a plain column type. */
  private StructType structType(Class<?> record) {
    return new StructType(Arrays.stream(record.getRecordComponents())
        .map(field -> new StructField(snakeCase(field.getName()), sparkType(field.getType(), record, field), true,
            new MetadataBuilder().putString("comment", require(field.getAnnotation(Doc.class), record, field))
                .build()))
        .toArray(StructField[]::new));
  }

  private DataType sparkType(Class<?> javaType, Class<?> owner, RecordComponent component) {
    if (javaType.isEnum()) {
      return DataTypes.StringType;
    }
    if (javaType == Map.class // a map from names to plain values, e.g. Map<String, Long>
        && component.getGenericType() instanceof java.lang.reflect.ParameterizedType generic
        && generic.getActualTypeArguments()[0] == String.class
        && TYPES.get(generic.getActualTypeArguments()[1]) != null) {
      return DataTypes.createMapType(DataTypes.StringType, TYPES.get(generic.getActualTypeArguments()[1]));
    }
    DataType type = TYPES.get(javaType);
    if (type == null) {
      throw new IllegalStateException(owner.getSimpleName() + "." + component.getName() + " of table " + name
          + " has a type no column can hold: " + javaType);
    }
    return type;
  }

  private static Object valueAt(Object row, List<Method> path) {
    Object value = row;
    for (Method accessor : path) {
      if (value == null) {
        return null;
      }
      try {
        value = accessor.invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + accessor, e);
      }
    }
    return value;
  }

  private static Object sparkValue(Object value) {
    if (value instanceof LocalDate date) {
      return Date.valueOf(date);
    }
    if (value instanceof Instant instant) {
      return Timestamp.from(instant);
    }
    if (value instanceof Enum<?> constant) {
      return constant.name().toLowerCase(Locale.ROOT);
    }
    if (value instanceof Record struct) { // a Struct column: Figure and Bounded are never a column's value
      RecordComponent[] fields = struct.getClass().getRecordComponents();
      Object[] values = new Object[fields.length];
      for (int i = 0; i < fields.length; i++) {
        values[i] = sparkValue(valueAt(struct, List.of(fields[i].getAccessor())));
      }
      return RowFactory.create(values);
    }
    return value;
  }

  static String snakeCase(String camelCase) {
    return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  private static Metadata comment(TableColumn c) {
    return new MetadataBuilder().putString("comment", c.comment()).build();
  }
}

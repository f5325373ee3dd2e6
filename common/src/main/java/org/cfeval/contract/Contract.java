package org.cfeval.contract;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.cfeval.config.ConfigException;

/**
 * An input contract (shared/data-contract.md): reads a source in any {@link InputFormat}, fails early
 * on a missing required column, enforces each column's type, and marks every row that breaks a rule
 * with a reason and a detail naming the column and value. Extra columns pass through untouched.
 */
public final class Contract {
  /** Columns added to a validated frame; they never reach an output table under these names. */
  public static final String REJECT_REASON = "_reject_reason";
  public static final String REJECT_DETAIL = "_reject_detail";
  public static final String RECORD = "_record";
  public static final String SOURCE_FILE = "_source_file";

  private final String source;
  private final List<ContractColumn> columns;

  public Contract(String source, List<ContractColumn> columns) {
    this.source = source;
    this.columns = List.copyOf(columns);
  }

  /** "decisions" or "chargebacks": the {@code source} column of the rejects table. */
  public String source() {
    return source;
  }

  public List<ContractColumn> columns() {
    return columns;
  }

  /**
   * Reads {@code path} and returns it typed and marked: contract columns cast to their types (missing
   * optional ones added as nulls), {@link #REJECT_REASON} and {@link #REJECT_DETAIL} set on rows with a
   * null required value or an unparseable value, the original record as JSON in {@link #RECORD}. Extra
   * columns named in {@code extraTypes} are cast to those types (an unparseable value is a reject); the
   * other extra columns of a text format (CSV, JSON) become double when every value is a number.
   *
   * @throws ContractException when the source cannot be read, is empty or lacks a required column
   */
  public Dataset<Row> read(SparkSession spark, String path, InputFormat format, Map<String, DataType> extraTypes,
      ColumnCare care) {
    return read(path, format, () -> load(spark, path, format), extraTypes, care);
  }

  /** {@link #read}, of the rows {@code loader} loads from (some of) the files under {@code path}. */
  public Dataset<Row> read(String path, InputFormat format, Supplier<Dataset<Row>> loader,
      Map<String, DataType> extraTypes, ColumnCare care) {
    Dataset<Row> raw;
    try {
      raw = loader.get();
      raw.schema();
    } catch (Exception e) {
      throw new ContractException(String.format("%s source %s (%s) cannot be read: %s",
          source, path, format.sparkName(), firstLine(e.getMessage())));
    }
    if (raw.columns().length == 0) {
      throw new ContractException(String.format("%s source %s (%s) is empty: no header and no rows in %s", source,
          path, format.sparkName(), String.join(", ", raw.inputFiles())));
    }
    Map<String, DataType> types = new LinkedHashMap<>(extraTypes);
    if (format == InputFormat.CSV || format == InputFormat.JSON) {
      types = new LinkedHashMap<>(numericTextColumns(raw, extraTypes.keySet()));
      types.putAll(extraTypes);
    }
    return typed(raw, path, types, care);
  }

  /** As {@link #read}, for a frame already loaded from {@code path}. */
  Dataset<Row> typed(Dataset<Row> raw, String path, Map<String, DataType> extraTypes, ColumnCare care) {
    List<String> present = Arrays.asList(raw.columns());
    checkCare(care, present, path);
    Column reason = null;
    Column detail = null;
    List<Column> contractColumns = new ArrayList<>();
    for (ContractColumn c : columns) {
      Optional<String> actual = present.stream().filter(p -> p.equalsIgnoreCase(c.name())).findFirst();
      if (actual.isEmpty()) {
        if (c.required()) {
          throw missingColumn(c, path, present);
        }
        contractColumns.add(lit(null).cast(c.type()).as(c.name()));
        continue;
      }
      Column rawValue = col(quote(actual.get()));
      Column typedValue = convert(rawValue, raw.schema().apply(actual.get()), c, path);
      if (c.required()) {
        reason = chain(reason, rawValue.isNull(), lit(RejectReason.MISSING_VALUE.code()));
        detail = chain(detail, rawValue.isNull(), lit(c.name() + " is null"));
      }
      Column unparseable = rawValue.isNotNull().and(typedValue.isNull());
      reason = chain(reason, unparseable, lit(RejectReason.UNPARSEABLE.code()));
      detail = chain(detail, unparseable, unparseableDetail(c, shown(care, c.name(), false, rawValue)));
      contractColumns.add(typedValue.as(c.name()));
    }
    for (String p : present) {
      if (isContractColumn(p) || !care.keeps(p)) {
        continue;
      }
      DataType declared = extraTypes.get(p);
      if (declared == null) {
        contractColumns.add(col(quote(p)));
        continue;
      }
      ContractColumn extra = new ContractColumn(p, declared, false);
      Column rawValue = col(quote(p));
      Column typedValue = convert(rawValue, raw.schema().apply(p), extra, path);
      Column unparseable = rawValue.isNotNull().and(typedValue.isNull());
      reason = chain(reason, unparseable, lit(RejectReason.UNPARSEABLE.code()));
      detail = chain(detail, unparseable, unparseableDetail(extra, shown(care, p, true, rawValue)));
      contractColumns.add(typedValue.as(p));
    }
    List<Column> selected = new ArrayList<>(contractColumns);
    selected.add(reason.otherwise(lit(null).cast(DataTypes.StringType)).as(REJECT_REASON));
    selected.add(detail.otherwise(lit(null).cast(DataTypes.StringType)).as(REJECT_DETAIL));
    selected.add(record(present, care).as(RECORD));
    selected.add(input_file_name().as(SOURCE_FILE));
    return raw.select(selected.toArray(Column[]::new));
  }

  /** A row of {@code columns} as rejects.record shows it: JSON, values masked as {@code care} says. */
  public Column record(List<String> columns, ColumnCare care) {
    return to_json(struct(columns.stream().map(p -> shown(care, p, !isContractColumn(p), col(quote(p))).as(p))
        .toArray(Column[]::new)));
  }

  /** A value as rejects show it: masked when {@code care} says so. */
  private static Column shown(ColumnCare care, String column, boolean extra, Column value) {
    return care.masks(column, extra) ? lit(ColumnCare.MASKED) : value;
  }

  private boolean isContractColumn(String column) {
    return columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(column));
  }

  /** --keep-columns must name extra columns the source has; --drop-columns cannot drop a column of the contract. */
  private void checkCare(ColumnCare care, List<String> present, String path) {
    for (String kept : care.keep()) {
      if (present.stream().noneMatch(p -> p.equalsIgnoreCase(kept))) {
        throw new ConfigException(String.format("keep-columns: column '%s' is not in %s source %s (columns: %s)",
            kept, source, path, String.join(", ", present)));
      }
    }
    for (String dropped : care.drop()) {
      if (columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(dropped))) {
        throw new ConfigException(String.format("drop-columns: '%s' is a column of the data contract, which"
            + " decisions_labeled always keeps", dropped));
      }
    }
  }

  /**
   * Marks rows that pass the type checks but break one of {@code rules}: the first broken rule, in
   * order, gives the reason.
   */
  public static Dataset<Row> applyRules(Dataset<Row> typed, List<Rule> rules) {
    Column reason = null;
    Column detail = null;
    for (Rule rule : rules) {
      reason = chain(reason, rule.broken(), lit(rule.reason().code()));
      detail = chain(detail, rule.broken(), rule.detail());
    }
    // The detail is set first: both updates must see the reason as it was before this step.
    Column valid = col(REJECT_REASON).isNull();
    return typed
        .withColumn(REJECT_DETAIL, when(valid, detail).otherwise(col(REJECT_DETAIL)))
        .withColumn(REJECT_REASON, when(valid, reason).otherwise(col(REJECT_REASON)));
  }

  /** The contract columns followed by the extra columns of a validated frame, without the marks. */
  public static Column[] dataColumns(Dataset<Row> validated) {
    return Arrays.stream(dataColumnNames(validated)).map(c -> col(quote(c))).toArray(Column[]::new);
  }

  /** The names of {@link #dataColumns}. */
  public static String[] dataColumnNames(Dataset<Row> validated) {
    return Arrays.stream(validated.columns())
        .filter(c -> !c.equals(REJECT_REASON) && !c.equals(REJECT_DETAIL) && !c.equals(RECORD)
            && !c.equals(SOURCE_FILE))
        .toArray(String[]::new);
  }

  private Column convert(Column rawValue, StructField field, ContractColumn target, String path) {
    DataType from = field.dataType();
    DataType to = target.type();
    if (from.equals(to)) {
      return rawValue;
    }
    boolean convertible = from.equals(DataTypes.StringType)
        || to.equals(DataTypes.StringType)
        || (to.equals(DataTypes.DoubleType) && from instanceof NumericType)
        || (to.equals(DataTypes.TimestampType)
            && (from.equals(DataTypes.TimestampNTZType) || from.equals(DataTypes.DateType)));
    if (!convertible) {
      throw new ContractException(String.format("%s source %s: column '%s' has type %s, which cannot be read as %s",
          source, path, target.name(), from.simpleString(), to.simpleString()));
    }
    return to.equals(DataTypes.StringType) ? rawValue.cast(to) : rawValue.try_cast(to);
  }

  private static Column unparseableDetail(ContractColumn c, Column rawValue) {
    return concat(lit(c.name() + "='"), rawValue.cast(DataTypes.StringType), lit("' is not a " + c.type().simpleString()));
  }

  /** The failure for a missing required column, saying so when the header looks split by another delimiter. */
  private ContractException missingColumn(ContractColumn c, String path, List<String> present) {
    String found = String.join(", ", present);
    if (present.size() == 1 && present.get(0).contains(c.name())) {
      return new ContractException(String.format("%s source %s lacks required column '%s': its header is the one"
          + " column '%s'; is the file delimited by something other than a comma?", source, path, c.name(), found));
    }
    return new ContractException(String.format("%s source %s lacks required column '%s' (columns found: %s)", source,
        path, c.name(), found));
  }

  /**
   * The extra text columns (not in the contract, not in {@code declared}) whose every non-null value
   * parses as a number, typed double; one aggregation over the source.
   */
  private Map<String, DataType> numericTextColumns(Dataset<Row> raw, Set<String> declared) {
    List<String> candidates = Arrays.stream(raw.schema().fields())
        .filter(f -> f.dataType().equals(DataTypes.StringType) && !declared.contains(f.name())
            && columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(f.name())))
        .map(StructField::name).toList();
    Map<String, DataType> numeric = new LinkedHashMap<>();
    if (candidates.isEmpty()) {
      return numeric;
    }
    List<Column> counts = new ArrayList<>();
    for (String name : candidates) {
      Column value = col(quote(name));
      counts.add(count(value));
      counts.add(count(value.try_cast(DataTypes.DoubleType)));
    }
    Row row = raw.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    for (int i = 0; i < candidates.size(); i++) {
      long values = row.getLong(2 * i);
      if (values > 0 && values == row.getLong(2 * i + 1)) {
        numeric.put(candidates.get(i), DataTypes.DoubleType);
      }
    }
    return numeric;
  }

  private static Column chain(Column chain, Column condition, Column value) {
    return chain == null ? when(condition, value) : chain.when(condition, value);
  }

  /** CSV and JSON values are read as text so that the contract, not inference, decides their types. */
  public static Dataset<Row> load(SparkSession spark, String path, InputFormat format) {
    return reader(spark, format).load(path);
  }

  /** {@link #load}, of some files under {@code path} (a folder source): its partition folders stay columns. */
  public static Dataset<Row> load(SparkSession spark, String path, InputFormat format, String... files) {
    return reader(spark, format).option("basePath", path).load(files);
  }

  private static DataFrameReader reader(SparkSession spark, InputFormat format) {
    DataFrameReader reader = spark.read().format(format.sparkName());
    return switch (format) {
      case CSV -> reader.option("header", "true");
      case JSON -> reader.option("primitivesAsString", "true");
      default -> reader;
    };
  }

  /**
   * Fails naming the option and the first of its {@code columns} that {@code present} (the columns of
   * {@code where}) lacks: a usage error, since the option names the column.
   */
  public static void requireColumns(List<String> present, String where, String option, List<String> columns) {
    for (String column : columns) {
      if (!present.contains(column)) {
        throw new ConfigException(String.format("%s: column '%s' is not in %s (columns: %s)", option, column, where,
            String.join(", ", present)));
      }
    }
  }

  /** Backticks a column name so dots and spaces in extra columns are taken literally. */
  public static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}

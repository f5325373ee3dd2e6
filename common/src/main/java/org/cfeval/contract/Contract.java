package org.cfeval.contract;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
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
   * null required value or an unparseable value, the original record as JSON in {@link #RECORD}.
   *
   * @throws ContractException when the source cannot be read or lacks a required column
   */
  public Dataset<Row> read(SparkSession spark, String path, InputFormat format) {
    Dataset<Row> raw;
    try {
      raw = load(spark, path, format);
      raw.schema();
    } catch (Exception e) {
      throw new ContractException(String.format("%s source %s (%s) cannot be read: %s",
          source, path, format.sparkName(), firstLine(e.getMessage())));
    }
    return typed(raw, path);
  }

  /** As {@link #read}, for a frame already loaded from {@code path} (a test fixture, say). */
  public Dataset<Row> typed(Dataset<Row> raw, String path) {
    List<String> present = Arrays.asList(raw.columns());
    Column reason = null;
    Column detail = null;
    List<Column> contractColumns = new ArrayList<>();
    for (ContractColumn c : columns) {
      Optional<String> actual = present.stream().filter(p -> p.equalsIgnoreCase(c.name())).findFirst();
      if (actual.isEmpty()) {
        if (c.required()) {
          throw new ContractException(String.format(
              "%s source %s lacks required column '%s' (columns found: %s)", source, path, c.name(),
              String.join(", ", present)));
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
      detail = chain(detail, unparseable, concat(lit(c.name() + "='"), rawValue.cast(DataTypes.StringType),
          lit("' is not a " + c.type().simpleString())));
      contractColumns.add(typedValue.as(c.name()));
    }
    List<Column> selected = new ArrayList<>(contractColumns);
    for (String p : present) {
      if (columns.stream().noneMatch(c -> c.name().equalsIgnoreCase(p))) {
        selected.add(col(quote(p)));
      }
    }
    selected.add(reason.otherwise(lit(null).cast(DataTypes.StringType)).as(REJECT_REASON));
    selected.add(detail.otherwise(lit(null).cast(DataTypes.StringType)).as(REJECT_DETAIL));
    selected.add(to_json(struct(present.stream().map(p -> col(quote(p))).toArray(Column[]::new))).as(RECORD));
    selected.add(input_file_name().as(SOURCE_FILE));
    return raw.select(selected.toArray(Column[]::new));
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

  private static Column chain(Column chain, Column condition, Column value) {
    return chain == null ? when(condition, value) : chain.when(condition, value);
  }

  /** CSV and JSON values are read as text so that the contract, not inference, decides their types. */
  private static Dataset<Row> load(SparkSession spark, String path, InputFormat format) {
    return switch (format) {
      case CSV -> spark.read().option("header", "true").csv(path);
      case JSON -> spark.read().option("primitivesAsString", "true").json(path);
      default -> spark.read().format(format.sparkName()).load(path);
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

package org.cfeval.labels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Chargebacks;
import org.cfeval.contract.ColumnCare;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.InputFormat;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two sources of a label run, read under their contracts (lazily: only schemas so far): whole, and the
 * files of each the run reads; and the span of the decisions: what a caller checks before the first write.
 */
public record LabelSources(Whole whole, Dataset<Row> decisions, String labelsPath, Dataset<Row> chargebacks,
    List<String> fraudReasons, double maxRejectShare, int minRejectedRows, int horizonDays,
    SourceFiles.Selection decisionFiles, SourceFiles.Selection chargebackFiles, ColumnCare decisionCare) {
  private static final Logger LOG = LoggerFactory.getLogger(LabelSources.class);

  public AsOf asOf() {
    return whole.asOf();
  }

  public String decisionsPath() {
    return whole.decisionsPath();
  }

  public DataSpan span() {
    return whole.span();
  }

  /** Whether the run reads every file of both sources and relabels every decision they hold. */
  public boolean full() {
    return decisionFiles.everything() && chargebackFiles.everything();
  }

  /** Decisions decided within the label horizon of A: chargebacks may still come for them. */
  public DayRange young() {
    return DayRange.ending(asOf().date().plusDays(1), horizonDays + 1);
  }

  /**
   * Both sources read whole under their contracts (their schemas so far) and the decisions' span: what label
   * opens first, and all that {@code cfeval ready} reads.
   */
  public record Whole(AsOf asOf, String decisionsPath, Dataset<Row> decisions, Dataset<Row> chargebacks,
      DataSpan span) {
    /** When the newest chargeback reported by A was, in every file of the source (not only those label reads). */
    public Optional<Instant> newestChargeback() {
      Row newest = chargebacks.filter(col(Chargebacks.REPORTED_AT).leq(lit(asOf.instant())))
          .agg(max(col(Chargebacks.REPORTED_AT))).first();
      return newest.isNullAt(0) ? Optional.empty() : Optional.of(newest.getTimestamp(0).toInstant());
    }
  }

  /** The columns decisions_labeled will have: the log's own and the label columns. */
  public List<String> labeledColumns() {
    List<String> columns = new ArrayList<>(Tables.DECISIONS_LABELED.columnNames());
    Arrays.stream(Contract.dataColumnNames(decisions)).filter(c -> !columns.contains(c)).forEach(columns::add);
    return columns;
  }

  /**
   * Reads both sources whole ({@link #whole}), then chooses the files of each that the run reads: fails when a
   * source breaks its contract, or when the as-of date precedes every decision.
   */
  public static LabelSources open(SparkSession spark, DeltaStore store, Steps steps, Settings settings) {
    Map<String, DataType> extraTypes = extraColumnTypes(store, settings);
    Whole whole = whole(spark, steps, settings, extraTypes);
    AsOf asOf = whole.asOf();
    String decisionsPath = whole.decisionsPath();
    String labelsPath = settings.get(Keys.LABELS);
    InputFormat decisionsFormat = settings.get(Keys.DECISIONS_FORMAT);
    InputFormat labelsFormat = settings.get(Keys.LABELS_FORMAT);
    boolean full = settings.get(Keys.FULL) || !store.exists(Tables.DECISIONS_LABELED);
    SourceFiles.Selection decisionFiles = steps.run("decision files to read", () -> SourceFiles.select(spark, store,
        DecisionLog.CONTRACT.source(), decisionsPath, decisionsFormat, asOf, full));
    SourceFiles.Selection chargebackFiles = steps.run("chargeback files to read", () -> SourceFiles.select(spark,
        store, Chargebacks.CONTRACT.source(), labelsPath, labelsFormat, asOf, full));
    LOG.info("label: reads {} and {}{}", decisionFiles, chargebackFiles, full ? " (a full run)"
        : "; the other files were read whole by label runs for earlier dates (source_files)");
    Dataset<Row> decisions = decisionFiles.everything() ? whole.decisions() : DecisionLog.CONTRACT.read(decisionsPath,
        decisionsFormat, SourceFiles.loader(spark, decisionFiles), extraTypes, ColumnCare.decisions(settings));
    Dataset<Row> chargebacks = chargebackFiles.everything() ? whole.chargebacks() : Chargebacks.CONTRACT.read(
        labelsPath, labelsFormat, SourceFiles.loader(spark, chargebackFiles), Map.of(), ColumnCare.chargebacks(settings));
    store.recordSource(DecisionLog.CONTRACT.source(), decisionsPath, decisionsFormat);
    store.recordSource(Chargebacks.CONTRACT.source(), labelsPath, labelsFormat);
    DataSpan span = whole.span();
    int keepDays = settings.get(Keys.LABEL_HORIZON_DAYS) + settings.get(Keys.WINDOW_DAYS);
    if (span.first().isAfter(asOf.date().minusDays(keepDays)) && store.exists(Tables.DECISIONS_LABELED)) {
      DataSpan stored = steps.run("span of decisions_labeled", () -> DataSpan.of(store.read(Tables.DECISIONS_LABELED),
          Tables.DECISIONS_LABELED.name()));
      span.retentionShortfall(stored, asOf, keepDays).ifPresent(LOG::warn);
    }
    return new LabelSources(whole, decisions, labelsPath, chargebacks, settings.get(Keys.FRAUD_REASONS),
        settings.get(Keys.MAX_REJECT_SHARE), settings.get(Keys.MIN_REJECTED_ROWS), settings.get(Keys.LABEL_HORIZON_DAYS),
        decisionFiles, chargebackFiles, ColumnCare.decisions(settings));
  }

  /**
   * Both sources whole and the decisions' span, choosing no files and reading nothing else; fails as
   * {@link #open} does when a source breaks its contract or the as-of date precedes every decision.
   */
  public static Whole whole(SparkSession spark, DeltaStore store, Steps steps, Settings settings) {
    return whole(spark, steps, settings, extraColumnTypes(store, settings));
  }

  private static Whole whole(SparkSession spark, Steps steps, Settings settings, Map<String, DataType> extraTypes) {
    AsOf asOf = AsOf.of(settings);
    String decisionsPath = settings.get(Keys.DECISIONS);
    // Every decision of the source: its span, and its columns (which decisions_labeled takes).
    Dataset<Row> decisions = DecisionLog.CONTRACT.read(spark, decisionsPath, settings.get(Keys.DECISIONS_FORMAT),
        extraTypes, ColumnCare.decisions(settings));
    Dataset<Row> chargebacks = Chargebacks.CONTRACT.read(spark, settings.get(Keys.LABELS),
        settings.get(Keys.LABELS_FORMAT), Map.of(), ColumnCare.chargebacks(settings));
    checkNoClash(decisions, decisionsPath);
    DataSpan span = steps.run("span of decisions", () -> DataSpan.of(decisions,
        DecisionLog.CONTRACT.source() + " source " + decisionsPath));
    span.requireDecisionsBefore(asOf);
    return new Whole(asOf, decisionsPath, decisions, chargebacks, span);
  }

  /**
   * The types extra decision-log columns are read as: those decisions_labeled already holds (a column
   * keeps its type from night to night), and those --column-types declares.
   */
  private static Map<String, DataType> extraColumnTypes(DeltaStore store, Settings settings) {
    Map<String, DataType> types = new LinkedHashMap<>();
    if (store.exists(Tables.DECISIONS_LABELED)) {
      for (StructField field : store.read(Tables.DECISIONS_LABELED).schema().fields()) {
        if (!Tables.DECISIONS_LABELED.storedColumnNames().contains(field.name())) {
          types.put(field.name(), field.dataType());
        }
      }
    }
    settings.get(Keys.COLUMN_TYPES).forEach((column, declared) -> {
      DataType type = DataType.fromDDL(declared.ddl());
      DataType held = types.put(column, type);
      if (held != null && !held.equals(type)) {
        throw new ConfigException(String.format("column-types: %s is declared %s, but decisions_labeled holds it as"
            + " %s", column, declared, held.simpleString()));
      }
    });
    return types;
  }

  /** An extra column of the log named like a label column would be silently overwritten: refuse it. */
  private static void checkNoClash(Dataset<Row> decisionsTyped, String path) {
    List<String> contractColumns = DecisionLog.CONTRACT.columns().stream().map(c -> c.name()).toList();
    for (String column : decisionsTyped.columns()) {
      if (!contractColumns.contains(column) && Tables.DECISIONS_LABELED.storedColumnNames().contains(column)) {
        throw new ContractException(String.format(
            "decisions source %s: column '%s' clashes with the label or provenance column of that name; rename it"
            + " upstream",
            path, column));
      }
    }
  }
}

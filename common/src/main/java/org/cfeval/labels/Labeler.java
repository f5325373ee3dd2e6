package org.cfeval.labels;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Chargebacks;
import org.cfeval.contract.ColumnCare;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.InputFormat;
import org.cfeval.contract.RejectReason;
import org.cfeval.contract.Rule;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.SourceFileRow;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The label step: reads the decision log and the chargebacks under the contract, gives every accepted
 * decision its outcome as of A and its inverse propensity weight, upserts them into
 * {@code decisions_labeled} and writes every rejected row to {@code rejects}. Nothing is written when
 * either source's reject share is above the configured maximum.
 */
public final class Labeler {
  private static final Logger LOG = LoggerFactory.getLogger(Labeler.class);
  /** What a label run did: per-source counts and the outcomes of the decisions it labelled. */
  public record Result(SourceCounts decisions, SourceCounts chargebacks, Map<String, Long> outcomes) {}

  private static final String STATUS = "_status";
  private static final String ACCEPTED = "accepted";
  private static final String REJECTED = "rejected";
  private static final String AFTER_AS_OF = "after_as_of";
  private static final String DECISION_ACTION = "_decision_action";
  private static final String DECISION_AT = "_decision_at";

  private final SparkSession spark;
  private final DeltaStore store;
  private final Steps steps;

  public Labeler(SparkSession spark, DeltaStore store, Steps steps) {
    this.spark = spark;
    this.store = store;
    this.steps = steps;
  }

  /**
   * The two sources of a label run, read under their contracts (lazily: only schemas so far) with the
   * span of the decisions; what a caller checks before the first write.
   */
  public record Sources(AsOf asOf, String decisionsPath, Dataset<Row> decisions, String labelsPath,
      Dataset<Row> chargebacks, DataSpan span, List<String> fraudReasons, double maxRejectShare,
      int minRejectedRows, int horizonDays, SourceFiles.Selection decisionFiles, SourceFiles.Selection chargebackFiles,
      Dataset<Row> everyChargeback) {
    /** Whether the run reads every file of both sources and relabels every decision they hold. */
    public boolean full() {
      return decisionFiles.everything() && chargebackFiles.everything();
    }

    /** Decisions decided within the label horizon of A: chargebacks may still come for them. */
    public DayRange young() {
      return DayRange.ending(asOf.date().plusDays(1), horizonDays + 1);
    }

    /** The columns decisions_labeled will have: the log's own and the label columns. */
    public List<String> labeledColumns() {
      List<String> columns = new ArrayList<>(Tables.DECISIONS_LABELED.columnNames());
      Arrays.stream(Contract.dataColumnNames(decisions)).filter(c -> !columns.contains(c)).forEach(columns::add);
      return columns;
    }
  }

  /**
   * Reads both sources' schemas and the decisions' span; fails when a source breaks its contract, or
   * when the as-of date precedes every decision.
   */
  public Sources open(Settings settings) {
    AsOf asOf = AsOf.of(settings);
    String decisionsPath = settings.get(Keys.DECISIONS);
    String labelsPath = settings.get(Keys.LABELS);
    InputFormat decisionsFormat = settings.get(Keys.DECISIONS_FORMAT);
    InputFormat labelsFormat = settings.get(Keys.LABELS_FORMAT);
    Map<String, DataType> extraTypes = extraColumnTypes(settings);
    ColumnCare decisionCare = ColumnCare.decisions(settings);
    ColumnCare chargebackCare = ColumnCare.chargebacks(settings);
    // Every decision of the source: its span, and its columns (which decisions_labeled takes).
    Dataset<Row> everyDecision = DecisionLog.CONTRACT.read(spark, decisionsPath, decisionsFormat, extraTypes,
        decisionCare);
    Dataset<Row> everyChargeback = Chargebacks.CONTRACT.read(spark, labelsPath, labelsFormat, Map.of(), chargebackCare);
    checkNoClash(everyDecision, decisionsPath);
    boolean full = settings.get(Keys.FULL) || !store.exists(Tables.DECISIONS_LABELED);
    SourceFiles.Selection decisionFiles = steps.run("decision files to read", () -> SourceFiles.select(spark, store,
        DecisionLog.CONTRACT.source(), decisionsPath, decisionsFormat, asOf, full));
    SourceFiles.Selection chargebackFiles = steps.run("chargeback files to read", () -> SourceFiles.select(spark,
        store, Chargebacks.CONTRACT.source(), labelsPath, labelsFormat, asOf, full));
    LOG.info("label: reads {} and {}{}", decisionFiles, chargebackFiles, full ? " (a full run)"
        : "; the other files were read whole by label runs for earlier dates (source_files)");
    Dataset<Row> decisions = decisionFiles.everything() ? everyDecision : DecisionLog.CONTRACT.read(decisionsPath,
        decisionsFormat, SourceFiles.loader(spark, decisionFiles), extraTypes, decisionCare);
    Dataset<Row> chargebacks = chargebackFiles.everything() ? everyChargeback : Chargebacks.CONTRACT.read(labelsPath,
        labelsFormat, SourceFiles.loader(spark, chargebackFiles), Map.of(), chargebackCare);
    store.recordSource(DecisionLog.CONTRACT.source(), decisionsPath, decisionsFormat);
    store.recordSource(Chargebacks.CONTRACT.source(), labelsPath, labelsFormat);
    DataSpan span = steps.run("span of decisions", () -> DataSpan.of(everyDecision,
        DecisionLog.CONTRACT.source() + " source " + decisionsPath));
    span.requireDecisionsBefore(asOf);
    int keepDays = settings.get(Keys.LABEL_HORIZON_DAYS) + settings.get(Keys.WINDOW_DAYS);
    if (span.first().isAfter(asOf.date().minusDays(keepDays)) && store.exists(Tables.DECISIONS_LABELED)) {
      DataSpan stored = steps.run("span of decisions_labeled", () -> DataSpan.of(store.read(Tables.DECISIONS_LABELED),
          Tables.DECISIONS_LABELED.name()));
      span.retentionShortfall(stored, asOf, keepDays).ifPresent(LOG::warn);
    }
    return new Sources(asOf, decisionsPath, decisions, labelsPath, chargebacks, span, settings.get(Keys.FRAUD_REASONS),
        settings.get(Keys.MAX_REJECT_SHARE), settings.get(Keys.MIN_REJECTED_ROWS), settings.get(Keys.LABEL_HORIZON_DAYS),
        decisionFiles, chargebackFiles, everyChargeback);
  }

  /**
   * The types extra decision-log columns are read as: those decisions_labeled already holds (a column
   * keeps its type from night to night), and those --column-types declares.
   */
  private Map<String, DataType> extraColumnTypes(Settings settings) {
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

  public Result run(Settings settings) {
    return run(open(settings));
  }

  public Result run(Sources sources) {
    AsOf asOf = sources.asOf();
    String decisionsPath = sources.decisionsPath();
    String labelsPath = sources.labelsPath();
    List<String> fraudReasons = sources.fraudReasons();
    Dataset<Row> decisionsTyped = sources.decisions();
    Dataset<Row> chargebacksTyped = sources.chargebacks();

    Dataset<Row> stored = store.exists(Tables.DECISIONS_LABELED) ? store.read(Tables.DECISIONS_LABELED) : null;
    // Reading some files, a decision may have been accepted from another before: it is kept if decided earlier.
    Dataset<Row> kept = sources.full() || stored == null ? null
        : stored.select(col(DecisionLog.DECISION_ID), col(DecisionLog.DECIDED_AT));
    Dataset<Row> decisions = withStatus(DecisionLog.validate(decisionsTyped, kept), col(DecisionLog.DECIDED_AT), asOf)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> storedOnly = stored == null ? null
        : goneFromSource(sources.full() ? stored : disputed(stored, chargebacksTyped), decisions, asOf);
    Dataset<Row> chargebacks = validateChargebacks(chargebacksTyped, decisions, storedOnly, asOf)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Outcomes count every chargeback of a decision the run labels, from files read before too.
    Dataset<Row> outcomeChargebacks = sources.full() ? chargebacks
        : validateChargebacks(sources.everyChargeback().join(touched(decisions, chargebacks),
            col(Chargebacks.DECISION_ID).equalTo(col(TOUCHED_ID)), "left_semi"), decisions, storedOnly, asOf);
    try {
      SourceCounts decisionCounts = steps.run("validate decisions",
          () -> reconcile(decisionsTyped, decisions, DecisionLog.CONTRACT.source()));
      SourceCounts chargebackCounts = steps.run("validate chargebacks",
          () -> reconcile(chargebacksTyped, chargebacks, Chargebacks.CONTRACT.source()));
      requireFewRejects(decisionCounts, decisions, sources);
      requireFewRejects(chargebackCounts, chargebacks, sources);
      steps.run("write rejects", () -> store.replaceAsOf(Tables.REJECTS,
          rejects(decisions, DecisionLog.CONTRACT.source(), decisionsPath, asOf)
              .unionByName(rejects(chargebacks, Chargebacks.CONTRACT.source(), labelsPath, asOf)), asOf.date()));
      Dataset<Row> labeled = label(decisions, storedOnly, outcomeChargebacks, asOf,
          sources.full() ? sources.young() : null, fraudReasons).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        merge(labeled, stored, decisions, sources.full());
        store.raiseFloor(Tables.DECISIONS_LABELED, asOf.date());
        steps.run("record the files read whole", () -> {
          List<SourceFileRow> files = new ArrayList<>(
              SourceFiles.readWhole(sources.decisionFiles(), decisions, col(DecisionLog.DECIDED_AT), asOf));
          files.addAll(SourceFiles.readWhole(sources.chargebackFiles(), chargebacks, col(Chargebacks.REPORTED_AT), asOf));
          SourceFiles.record(store, spark, files);
        });
        Map<String, Long> outcomes = steps.run("count outcomes", () -> {
          Map<String, Long> byOutcome = new TreeMap<>();
          for (Row row : labeled.groupBy(Tables.OUTCOME).count().collectAsList()) {
            byOutcome.put(row.getString(0), row.getLong(1));
          }
          return byOutcome;
        });
        return new Result(decisionCounts, chargebackCounts, outcomes);
      } finally {
        labeled.unpersist();
      }
    } finally {
      decisions.unpersist();
      chargebacks.unpersist();
    }
  }

  /**
   * Upserts the labelled rows into decisions_labeled. A run that read some files only can match stored rows
   * in few months: those its rows were decided in, and those of the stored rows its earlier-decided rows
   * replace. The MERGE then reads those months' files alone, so its cost follows what changed, not the
   * history's length.
   */
  private void merge(Dataset<Row> labeled, Dataset<Row> stored, Dataset<Row> decisions, boolean full) {
    if (stored == null || full) {
      steps.run("merge decisions_labeled", () -> store.merge(Tables.DECISIONS_LABELED,
          stored == null ? labeled : LabelMerge.combine(labeled, stored)));
      return;
    }
    TableSpec.Partition month = Tables.DECISIONS_LABELED.partition().orElseThrow();
    Dataset<Row> replacing = decisions.filter(col(STATUS).equalTo(ACCEPTED)
        .and(col(DecisionLog.KEPT_DECIDED_AT).notEqual(col(DecisionLog.DECIDED_AT))));
    List<Object> months = steps.run("months to merge into", () -> labeled.select(expr(month.expression()))
        .union(replacing.select(col(DecisionLog.KEPT_DECIDED_AT).as(DecisionLog.DECIDED_AT))
            .select(expr(month.expression())))
        .distinct().collectAsList().stream().map(row -> row.get(0)).toList());
    long replaced = replacing.count();
    if (replaced > 0) {
      LOG.warn("label: {} decisions read now were decided before the row of their id decisions_labeled holds (as"
          + " the earliest is kept, they replace it), like {}", replaced,
          replacing.select(DecisionLog.DECISION_ID).first().getString(0));
    }
    LOG.info("label: merges into {} months of decisions_labeled: {}", months.size(), months);
    steps.run("merge decisions_labeled", () -> store.mergeWithin(Tables.DECISIONS_LABELED,
        LabelMerge.combine(labeled, stored.filter(col(month.column()).isin(months.toArray()))), months));
  }

  /**
   * Fails when a source's rejects look like a broken export rather than stray rows: above the share
   * and at least the count; the message shows a few of them, since nothing is written to rejects.
   */
  private static void requireFewRejects(SourceCounts counts, Dataset<Row> validated, Sources sources) {
    if (counts.rejectShare() <= sources.maxRejectShare() || counts.rejected() < sources.minRejectedRows()) {
      if (counts.rejected() > 0) {
        LOG.warn("{} rejected rows of {} go to the rejects table: {}", counts.rejected(), counts.source(), counts);
      }
      return;
    }
    List<String> examples = validated.filter(col(STATUS).equalTo(REJECTED))
        .select(col(Contract.REJECT_REASON), col(Contract.REJECT_DETAIL), col(Contract.SOURCE_FILE))
        .dropDuplicates(Contract.REJECT_REASON, Contract.REJECT_DETAIL).limit(3).collectAsList().stream()
        .map(r -> String.format("%s: %s (in %s)", r.getString(0), r.getString(1), r.getString(2))).toList();
    throw new ContractException(String.format("%s rejected: %,d rows (%.2f%%), above --max-reject-share %.2f%% and"
            + " --min-rejected-rows %d; nothing was written. %s. Rows like these: %s", counts.source(),
        counts.rejected(), 100 * counts.rejectShare(), 100 * sources.maxRejectShare(), sources.minRejectedRows(),
        counts, String.join("; ", examples)));
  }

  private static Dataset<Row> withStatus(Dataset<Row> validated, Column happenedAt, AsOf asOf) {
    return validated.withColumn(STATUS,
        when(col(Contract.REJECT_REASON).isNotNull(), lit(REJECTED))
            .when(happenedAt.gt(lit(asOf.instant())), lit(AFTER_AS_OF))
            .otherwise(lit(ACCEPTED)));
  }

  /**
   * Rows of decisions_labeled decided by A that the source no longer holds as accepted decisions (it
   * keeps a rolling window, say): their chargebacks still arrive and are matched here.
   */
  private static Dataset<Row> goneFromSource(Dataset<Row> stored, Dataset<Row> decisions, AsOf asOf) {
    Dataset<Row> acceptedIds = decisions.filter(col(STATUS).equalTo(ACCEPTED)).select(col(DecisionLog.DECISION_ID));
    return stored.filter(col(DecisionLog.DECIDED_AT).leq(lit(asOf.instant())))
        .join(acceptedIds, stored.col(DecisionLog.DECISION_ID).equalTo(acceptedIds.col(DecisionLog.DECISION_ID)),
            "left_anti");
  }

  private static final String DISPUTED_ID = "_disputed_id";

  /**
   * The stored rows a run that read some files only needs besides those it read: the decisions its chargebacks
   * dispute. Their months are found first, from one column, so their rows are read from those months alone.
   */
  private Dataset<Row> disputed(Dataset<Row> stored, Dataset<Row> chargebacksTyped) {
    Dataset<Row> ids = broadcast(chargebacksTyped.select(col(Chargebacks.DECISION_ID).as(DISPUTED_ID)).distinct());
    Column isDisputed = col(DecisionLog.DECISION_ID).equalTo(col(DISPUTED_ID));
    String month = Tables.DECISIONS_LABELED.partition().orElseThrow().column();
    List<Object> months = steps.run("months of the disputed decisions", () -> stored
        .select(col(DecisionLog.DECISION_ID), col(month)).join(ids, isDisputed, "left_semi").select(month).distinct()
        .collectAsList().stream().map(row -> row.get(0)).toList());
    return stored.filter(col(month).isin(months.toArray())).join(ids, isDisputed, "left_semi");
  }

  private static final String TOUCHED_ID = "_touched_id";

  /** The decisions a run labels: those it read, and those its accepted chargebacks dispute. */
  private static Dataset<Row> touched(Dataset<Row> decisions, Dataset<Row> chargebacks) {
    return decisions.filter(col(STATUS).equalTo(ACCEPTED)).select(col(DecisionLog.DECISION_ID).as(TOUCHED_ID))
        .union(chargebacks.filter(col(STATUS).equalTo(ACCEPTED)).select(col(Chargebacks.DECISION_ID)))
        .distinct();
  }

  /** Chargebacks checked against the decisions they dispute: the source's accepted ones, and those gone from it. */
  private static Dataset<Row> validateChargebacks(Dataset<Row> typed, Dataset<Row> decisions, Dataset<Row> storedOnly,
      AsOf asOf) {
    Dataset<Row> acceptedDecisions = decisions.filter(col(STATUS).equalTo(ACCEPTED))
        .select(col(DecisionLog.DECISION_ID).as("_joined_id"), col(DecisionLog.ACTION).as(DECISION_ACTION),
            col(DecisionLog.DECIDED_AT).as(DECISION_AT));
    if (storedOnly != null) {
      acceptedDecisions = acceptedDecisions.unionByName(storedOnly.select(col(DecisionLog.DECISION_ID).as("_joined_id"),
          col(DecisionLog.ACTION).as(DECISION_ACTION), col(DecisionLog.DECIDED_AT).as(DECISION_AT)));
    }
    Column inScope = col(Chargebacks.REPORTED_AT).leq(lit(asOf.instant()));
    Column id = col(Chargebacks.DECISION_ID);
    List<Rule> rules = List.of(
        new Rule(RejectReason.UNKNOWN_DECISION, inScope.and(col(DECISION_ACTION).isNull()),
            concat(lit("decision_id='"), id, lit("' is not an accepted decision decided by the as-of date"))),
        new Rule(RejectReason.CHARGEBACK_ON_BLOCKED, inScope.and(col(DECISION_ACTION).equalTo(DecisionLog.BLOCK)),
            concat(lit("decision_id='"), id, lit("' was blocked"))),
        new Rule(RejectReason.REPORTED_BEFORE_DECISION, inScope.and(col(Chargebacks.REPORTED_AT).lt(col(DECISION_AT))),
            concat(lit("reported_at="), col(Chargebacks.REPORTED_AT).cast("string"), lit(" is before decided_at="),
                col(DECISION_AT).cast("string"))));
    Dataset<Row> joined = typed.join(acceptedDecisions, id.equalTo(col("_joined_id")), "left").drop("_joined_id");
    return withStatus(Contract.applyRules(joined, rules), col(Chargebacks.REPORTED_AT), asOf);
  }

  private static SourceCounts reconcile(Dataset<Row> typed, Dataset<Row> validated, String source) {
    long read = typed.count();
    Map<String, Long> byStatus = new HashMap<>();
    Map<String, Long> byReason = new TreeMap<>();
    for (Row row : validated.groupBy(col(STATUS), col(Contract.REJECT_REASON)).count().collectAsList()) {
      byStatus.merge(row.getString(0), row.getLong(2), Long::sum);
      if (!row.isNullAt(1)) {
        byReason.merge(row.getString(1), row.getLong(2), Long::sum);
      }
    }
    return new SourceCounts(source, read, byStatus.getOrDefault(ACCEPTED, 0L), byStatus.getOrDefault(REJECTED, 0L),
        byStatus.getOrDefault(AFTER_AS_OF, 0L), byReason);
  }

  /** Rejected rows in the rejects table's shape. */
  private static Dataset<Row> rejects(Dataset<Row> validated, String source, String path, AsOf asOf) {
    return validated.filter(col(STATUS).equalTo(REJECTED))
        .select(lit(java.sql.Date.valueOf(asOf.date())), lit(source), lit(path), col(Contract.SOURCE_FILE),
            col(Contract.REJECT_REASON), col(Contract.REJECT_DETAIL), col(Contract.RECORD))
        .toDF(Tables.REJECTS.columnNames().toArray(String[]::new));
  }

  /**
   * Accepted decisions with their outcome as of A, weight, label date and chargeback summary; with the
   * stored decisions not read that have a chargeback by A, or (a full run) are younger than the label
   * horizon ({@code young}; null: none), relabelled the same way from their stored columns.
   */
  private static Dataset<Row> label(Dataset<Row> decisions, Dataset<Row> storedOnly, Dataset<Row> chargebacks,
      AsOf asOf, DayRange young, List<String> fraudReasons) {
    Column isFraud = col(Chargebacks.REASON).isin(fraudReasons.toArray());
    Dataset<Row> perDecision = chargebacks.filter(col(STATUS).equalTo(ACCEPTED))
        .groupBy(col(Chargebacks.DECISION_ID).as("_chargeback_decision_id"))
        .agg(min(when(isFraud, col(Chargebacks.REPORTED_AT))).as(Tables.FRAUD_REPORTED_AT),
            count(lit(1)).as(Tables.CHARGEBACK_COUNT),
            min_by(col(Chargebacks.REASON), struct(not(isFraud), col(Chargebacks.REPORTED_AT), col(Chargebacks.REASON)))
                .as(Tables.CHARGEBACK_REASON));
    Dataset<Row> acceptedRows = decisions.filter(col(STATUS).equalTo(ACCEPTED)).drop(STATUS, DecisionLog.KEPT_DECIDED_AT);
    Dataset<Row> accepted = acceptedRows.select(Contract.dataColumns(acceptedRows));
    if (storedOnly != null) {
      Dataset<Row> disputed = chargebacks.filter(col(STATUS).equalTo(ACCEPTED)).select(col(Chargebacks.DECISION_ID));
      Dataset<Row> relabelled = disputed.join(storedOnly.select(col(DecisionLog.DECISION_ID)), DecisionLog.DECISION_ID);
      if (young != null) {
        relabelled = relabelled.union(storedOnly.filter(young.contains()).select(col(DecisionLog.DECISION_ID)));
      }
      relabelled = relabelled.distinct();
      List<Column> sameColumns = new ArrayList<>();
      for (StructField field : accepted.schema().fields()) {
        sameColumns.add(List.of(storedOnly.columns()).contains(field.name()) ? col(Contract.quote(field.name()))
            : lit(null).cast(field.dataType()).as(field.name()));
      }
      accepted = accepted.unionByName(storedOnly.join(relabelled, DecisionLog.DECISION_ID)
          .select(sameColumns.toArray(Column[]::new)));
    }
    Column action = col(DecisionLog.ACTION);
    return accepted
        .join(perDecision, col(DecisionLog.DECISION_ID).equalTo(col("_chargeback_decision_id")), "left")
        .drop("_chargeback_decision_id")
        .withColumn(DecisionLog.CLUSTER_ID, coalesce(col(DecisionLog.CLUSTER_ID), col(DecisionLog.DECISION_ID)))
        .withColumn(Tables.CHARGEBACK_COUNT, coalesce(col(Tables.CHARGEBACK_COUNT), lit(0L)))
        .withColumn(Tables.OUTCOME, asOf.outcome())
        .withColumn(Tables.IPW, when(action.equalTo(DecisionLog.ALLOW), lit(1.0).divide(col(DecisionLog.P_ALLOW))))
        .withColumn(Tables.LABEL_DATE,
            when(col(Tables.OUTCOME).equalTo(Tables.FRAUD), to_date(col(Tables.FRAUD_REPORTED_AT)))
                .when(col(Tables.OUTCOME).equalTo(Tables.LEGIT),
                    date_add(to_date(col(DecisionLog.DECIDED_AT)), asOf.maturityDays())))
        .withColumn(Tables.LABELED_AS_OF, lit(java.sql.Date.valueOf(asOf.date())));
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

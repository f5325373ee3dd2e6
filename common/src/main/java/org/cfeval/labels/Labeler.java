package org.cfeval.labels;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.cfeval.config.Settings;
import org.cfeval.contract.Chargebacks;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.RejectReason;
import org.cfeval.contract.Rule;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.SourceFileRow;
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
  private final LabelMerge labelMerge;

  public Labeler(SparkSession spark, DeltaStore store, Steps steps) {
    this.spark = spark;
    this.store = store;
    this.steps = steps;
    this.labelMerge = new LabelMerge(store, steps);
  }

  /**
   * Reads both sources' schemas and the decisions' span; fails when a source breaks its contract, or
   * when the as-of date precedes every decision.
   */
  public LabelSources open(Settings settings) {
    return LabelSources.open(spark, store, steps, settings);
  }

  public Result run(Settings settings) {
    return run(open(settings));
  }

  public Result run(LabelSources sources) {
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
        : goneFromSource(sources.full() ? stored : labelMerge.disputed(stored, chargebacksTyped), decisions, asOf);
    Dataset<Row> chargebacks = validateChargebacks(chargebacksTyped, decisions, storedOnly, asOf)
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Outcomes count every chargeback of a decision the run labels, from files read before too.
    Dataset<Row> outcomeChargebacks = sources.full() ? chargebacks
        : validateChargebacks(sources.whole().chargebacks().join(touched(decisions, chargebacks),
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
              .unionByName(rejects(chargebacks, Chargebacks.CONTRACT.source(), labelsPath, asOf)), asOf.date(),
          // A full run rejects every duplicate from its file; another keeps the date's replaced rows (rejectReplaced).
          sources.full() ? "TRUE" : "NOT (" + LabelMerge.REPLACED_REJECTS + ")"));
      if (kept != null) {
        labelMerge.rejectReplaced(stored, decisions.filter(col(STATUS).equalTo(ACCEPTED)), sources);
      }
      Dataset<Row> labeled = label(decisions, storedOnly, outcomeChargebacks, asOf,
          sources.full() ? sources.young() : null, fraudReasons).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        labelMerge.merge(labeled, stored, decisions.filter(col(STATUS).equalTo(ACCEPTED)), sources.full());
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
   * Fails when a source's rejects look like a broken export rather than stray rows: above the share
   * and at least the count; the message shows a few of them, since nothing is written to rejects.
   */
  private static void requireFewRejects(SourceCounts counts, Dataset<Row> validated, LabelSources sources) {
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
}

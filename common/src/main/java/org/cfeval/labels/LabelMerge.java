package org.cfeval.labels;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.cfeval.contract.Chargebacks;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.RejectReason;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a label run's rows reach decisions_labeled. They combine with the rows it already holds so that the
 * order label runs happen in does not matter: the earliest fraud report ever seen is kept (a run for an older
 * date never moves it later or drops it), labeled_as_of is the latest run's, and every other column comes
 * from whichever run is the newer. Outcomes as of any date derive from the kept report
 * ({@link AsOf#outcome}), so an Airflow backfill of an old date after a newer run changes nothing.
 *
 * <p>A run that read some files only touches few months of the table (it is partitioned by month): it reads
 * and MERGEs into those alone, so its cost follows what changed, not the history's length.
 */
final class LabelMerge {
  private static final Logger LOG = LoggerFactory.getLogger(LabelMerge.class);
  private static final String STORED = "_stored_";
  private static final String DISPUTED_ID = "_disputed_id";
  private static final String REPLACING_ID = "_replacing_id";
  private static final String REPLACING_DECIDED_AT = "_replacing_decided_at";
  private static final String KNOWN_DETAIL = "_known_detail";
  /** The rejects of stored rows that decisions read later replace ({@link #rejectReplaced}). */
  static final String REPLACED_REJECTS = String.format("%s = '%s'", Tables.REJECTS.column("source").name(),
      Tables.DECISIONS_LABELED.name());
  private static final TableSpec.Partition MONTH = Tables.DECISIONS_LABELED.partition().orElseThrow();

  private final DeltaStore store;
  private final Steps steps;

  LabelMerge(DeltaStore store, Steps steps) {
    this.store = store;
    this.steps = steps;
  }

  /**
   * The stored rows a run that read some files only needs besides those it read: the decisions its chargebacks
   * dispute. Their months are found first, from one column, so their rows are read from those months alone.
   */
  Dataset<Row> disputed(Dataset<Row> stored, Dataset<Row> chargebacksTyped) {
    Dataset<Row> ids = broadcast(chargebacksTyped.select(col(Chargebacks.DECISION_ID).as(DISPUTED_ID)).distinct());
    Column isDisputed = col(DecisionLog.DECISION_ID).equalTo(col(DISPUTED_ID));
    List<Object> months = steps.run("months of the disputed decisions", () -> stored
        .select(col(DecisionLog.DECISION_ID), col(MONTH.column())).join(ids, isDisputed, "left_semi")
        .select(MONTH.column()).distinct().collectAsList().stream().map(row -> row.get(0)).toList());
    return stored.filter(col(MONTH.column()).isin(months.toArray())).join(ids, isDisputed, "left_semi");
  }

  /** The accepted decisions decided before the stored row of their id, which they replace (the earliest is kept). */
  private static Dataset<Row> replacing(Dataset<Row> accepted) {
    return accepted.filter(col(DecisionLog.KEPT_DECIDED_AT).notEqual(col(DecisionLog.DECIDED_AT)));
  }

  /**
   * Writes the stored rows that {@code accepted} decisions of a run that read some files (validated against the
   * stored ones) replace by having been decided earlier to rejects, as duplicates of those (as a full run rejects
   * them): their source is decisions_labeled, their record its log columns (masked as the source's would be).
   * They are read from their months alone, and only when there are any. Added to the date's earlier ones, not
   * replacing them: once a run has merged, a rerun of the date no longer sees the rows it replaced.
   */
  void rejectReplaced(Dataset<Row> stored, Dataset<Row> accepted, LabelSources sources) {
    Dataset<Row> replacing = replacing(accepted);
    List<Object> months = steps.run("months of the replaced rows", () -> replacing
        .select(col(DecisionLog.KEPT_DECIDED_AT).as(DecisionLog.DECIDED_AT)).select(expr(MONTH.expression()))
        .distinct().collectAsList().stream().map(row -> row.get(0)).toList());
    if (months.isEmpty()) {
      return;
    }
    Dataset<Row> replaced = stored.filter(col(MONTH.column()).isin(months.toArray()))
        .join(broadcast(replacing.select(col(DecisionLog.DECISION_ID).as(REPLACING_ID),
            col(DecisionLog.DECIDED_AT).as(REPLACING_DECIDED_AT))),
            col(DecisionLog.DECISION_ID).equalTo(col(REPLACING_ID)));
    AsOf asOf = sources.asOf();
    List<String> contract = DecisionLog.CONTRACT.columns().stream().map(c -> c.name()).toList();
    List<String> logColumns = Arrays.stream(stored.columns())
        .filter(c -> contract.contains(c) || !Tables.DECISIONS_LABELED.storedColumnNames().contains(c)).toList();
    String detail = Tables.REJECTS.column("detail").name();
    Dataset<Row> found = replaced.select(lit(java.sql.Date.valueOf(asOf.date())), lit(Tables.DECISIONS_LABELED.name()),
            lit(store.path(Tables.DECISIONS_LABELED)), lit(null).cast("string"),
            lit(RejectReason.DUPLICATE_DECISION.code()), concat(lit("decision_id='"), col(DecisionLog.DECISION_ID),
                lit("' also decided at "), col(REPLACING_DECIDED_AT).cast("string"),
                lit(", which is kept: it replaces this row of decisions_labeled")),
            DecisionLog.CONTRACT.record(logColumns, sources.decisionCare()))
        .toDF(Tables.REJECTS.columnNames().toArray(String[]::new));
    Dataset<Row> earlier = store.read(Tables.REJECTS)
        .filter(col(Tables.AS_OF_DATE).equalTo(lit(java.sql.Date.valueOf(asOf.date()))).and(expr(REPLACED_REJECTS)))
        .select(Tables.REJECTS.columnNames().stream().map(functions::col).toArray(Column[]::new));
    // A row is known by its detail (the decision and what replaces it): a rerun before the MERGE finds it again.
    Dataset<Row> added = found.join(earlier.select(col(detail).as(KNOWN_DETAIL)),
        col(detail).equalTo(col(KNOWN_DETAIL)), "left_anti");
    if (steps.run("stored rows replaced, not in rejects yet", added::isEmpty)) {
      return;
    }
    steps.run("write rejects of replaced rows", () -> store.replaceAsOf(Tables.REJECTS, earlier.unionByName(added),
        asOf.date(), REPLACED_REJECTS));
  }

  /**
   * Upserts the labelled rows ({@code stored}: the table as read, null if none yet). A run that read some files
   * only MERGEs into the months its rows were decided in, and those of the stored rows that its accepted
   * decisions ({@code accepted}, validated against the stored ones) replace by having been decided earlier.
   */
  void merge(Dataset<Row> labeled, Dataset<Row> stored, Dataset<Row> accepted, boolean full) {
    if (stored == null || full) {
      steps.run("merge decisions_labeled", () -> store.merge(Tables.DECISIONS_LABELED,
          stored == null ? labeled : combine(labeled, stored)));
      return;
    }
    Dataset<Row> replacing = replacing(accepted);
    List<Object> months = steps.run("months to merge into", () -> labeled.select(expr(MONTH.expression()))
        .union(replacing.select(col(DecisionLog.KEPT_DECIDED_AT).as(DecisionLog.DECIDED_AT))
            .select(expr(MONTH.expression())))
        .distinct().collectAsList().stream().map(row -> row.get(0)).toList());
    long replaced = replacing.count();
    if (replaced > 0) {
      LOG.warn("label: {} decisions read now were decided before the row of their id decisions_labeled holds (as"
          + " the earliest is kept, they replace it, which goes to rejects), like {}", replaced,
          replacing.select(DecisionLog.DECISION_ID).first().getString(0));
    }
    LOG.info("label: merges into {} months of decisions_labeled: {}", months.size(), months);
    steps.run("merge decisions_labeled", () -> store.mergeWithin(Tables.DECISIONS_LABELED,
        combine(labeled, stored.filter(col(MONTH.column()).isin(months.toArray()))), months));
  }

  /** {@code incoming} with each row combined with its stored row, if any: what the MERGE then writes. */
  private static Dataset<Row> combine(Dataset<Row> incoming, Dataset<Row> stored) {
    List<String> storedColumns = List.of(stored.columns());
    List<Column> renamed = new ArrayList<>();
    for (String column : storedColumns) {
      renamed.add(col(Contract.quote(column)).as(STORED + column));
    }
    Dataset<Row> joined = incoming.join(stored.select(renamed.toArray(Column[]::new)),
        col(DecisionLog.DECISION_ID).equalTo(col(STORED + DecisionLog.DECISION_ID)), "left");
    Column storedAsOf = col(STORED + Tables.LABELED_AS_OF);
    Column incomingIsNewer = storedAsOf.isNull().or(col(Tables.LABELED_AS_OF).geq(storedAsOf));
    Column report = least(col(Tables.FRAUD_REPORTED_AT), col(STORED + Tables.FRAUD_REPORTED_AT));
    Column allowed = col(DecisionLog.ACTION).equalTo(DecisionLog.ALLOW);
    List<Column> combined = new ArrayList<>();
    for (String column : incoming.columns()) {
      Column newer = storedColumns.contains(column)
          ? when(incomingIsNewer, col(Contract.quote(column))).otherwise(col(Contract.quote(STORED + column)))
          : col(Contract.quote(column));
      Column value = switch (column) {
        case Tables.FRAUD_REPORTED_AT -> report;
        case Tables.LABELED_AS_OF -> greatest(col(Tables.LABELED_AS_OF), storedAsOf);
        // A report the newer run no longer sees (the source lost it) still makes the decision fraud.
        case Tables.OUTCOME -> when(allowed.and(report.isNotNull()), lit(Tables.FRAUD)).otherwise(newer);
        case Tables.LABEL_DATE -> when(allowed.and(report.isNotNull()), to_date(report)).otherwise(newer);
        default -> newer;
      };
      combined.add(value.as(column));
    }
    return joined.select(combined.toArray(Column[]::new));
  }
}

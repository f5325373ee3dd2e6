package org.cfeval.labels;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.tables.Tables;

/**
 * How a label run's rows combine with those decisions_labeled already holds, so that the order label
 * runs happen in does not matter: the earliest fraud report ever seen is kept (a run for an older date
 * never moves it later or drops it), labeled_as_of is the latest run's, and every other column comes
 * from whichever run is the newer. Outcomes as of any date derive from the kept report
 * ({@link AsOf#outcome}), so an Airflow backfill of an old date after a newer run changes nothing.
 */
final class LabelMerge {
  private static final String STORED = "_stored_";

  private LabelMerge() {}

  /** {@code incoming} with each row combined with its stored row, if any: what the MERGE then writes. */
  static Dataset<Row> combine(Dataset<Row> incoming, Dataset<Row> stored) {
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

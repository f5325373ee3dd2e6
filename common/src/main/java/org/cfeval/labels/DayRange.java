package org.cfeval.labels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.cfeval.contract.DecisionLog;

/** Whole UTC days [start, end): the decisions decided from start 00:00 up to, not including, end 00:00. */
public record DayRange(LocalDate start, LocalDate end) {

  /** The range of {@code days} days ending (exclusive) at {@code end}. */
  public static DayRange ending(LocalDate end, int days) {
    return new DayRange(end.minusDays(days), end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }

  /** Whether a decision's decided_at lies in the range. */
  public Column contains() {
    Column decidedAt = col(DecisionLog.DECIDED_AT);
    return decidedAt.geq(lit(AsOf.at(start))).and(decidedAt.lt(lit(AsOf.at(end))));
  }
}

package org.cfeval.labels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.ConfigException;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.NoMaturedWindowException;
import org.cfeval.contract.NotReadyException;

/**
 * The days from the first to the last decision of a source or table, and what they say about an as-of
 * date: nothing to label before the first decision (bad usage), a window after the last one (its data
 * has not arrived), a window before the first one (a young deployment: nothing matured yet).
 */
public record DataSpan(String source, LocalDate first, LocalDate last) {

  /** The span of {@code decisions}' decided_at; {@code source} names it in messages. */
  public static DataSpan of(Dataset<Row> decisions, String source) {
    Row row = decisions.agg(count(lit(1)), min(col(DecisionLog.DECIDED_AT)), max(col(DecisionLog.DECIDED_AT)))
        .first();
    if (row.getLong(0) == 0) {
      throw new ContractException(source + " has no rows: its files hold a header only, or nothing");
    }
    if (row.isNullAt(1)) {
      throw new ContractException(source + " has no decision with a readable decided_at");
    }
    return new DataSpan(source, day(row.getTimestamp(1)), day(row.getTimestamp(2)));
  }

  /** Fails unless some decision was made before the as-of date: before the first one there is nothing to label. */
  public void requireDecisionsBefore(AsOf asOf) {
    if (!first.isBefore(asOf.date())) {
      throw new ConfigException(String.format("as-of: %s is not after the first decision (%s) of %s: there is"
          + " nothing to label", asOf.date(), first, source));
    }
  }

  /** Fails (not ready) when the evaluated window starts after the last decision: its data has not arrived. */
  public void requireWindowArrived(AsOf asOf) {
    if (last.isBefore(asOf.windowStart())) {
      throw new NotReadyException(String.format("the window [%s, %s) of as-of %s starts after the last decision"
          + " (%s) of %s: its data has not arrived", asOf.windowStart(), asOf.windowEnd(), asOf.date(), last, source));
    }
  }

  /**
   * Fails (not ready) unless the source holds decisions of the day before the as-of date: the night's export
   * has landed. A scheduler waits on this before a run, so that a late export delays the run rather than
   * thinning its newest days.
   */
  public void requireDayBeforeArrived(AsOf asOf) {
    LocalDate dayBefore = asOf.date().minusDays(1);
    if (last.isBefore(dayBefore)) {
      throw new NotReadyException(String.format("the decisions of %s, the day before as-of %s, have not arrived: the"
          + " newest decision of %s is from %s", dayBefore, asOf.date(), source, last));
    }
  }

  /** Whether the evaluated window has begun to mature: it ends after the first decision. */
  public boolean hasMaturedWindow(AsOf asOf) {
    return asOf.windowEnd().isAfter(first);
  }

  /** Why a window holds no decision: the as-of date, the data's arrival, a young deployment, or a gap in the log. */
  public RuntimeException whyEmpty(AsOf asOf) {
    requireDecisionsBefore(asOf);
    requireWindowArrived(asOf);
    if (!hasMaturedWindow(asOf)) {
      return noMaturedWindow(asOf);
    }
    return new ContractException(String.format("%s has decisions from %s to %s but none in the window [%s, %s) of"
        + " as-of %s: a gap in the log", source, first, last, asOf.windowStart(), asOf.windowEnd(), asOf.date()));
  }

  /**
   * Says so when this source keeps fewer than {@code keepDays} days before A although decisions_labeled
   * ({@code stored}, or null) holds older decisions: not a young deployment but a short retention. Nothing is
   * lost tonight (decisions gone from the source keep their labels and still receive chargebacks), but a
   * backfill or a rebuilt table could not see them.
   */
  public java.util.Optional<String> retentionShortfall(DataSpan stored, AsOf asOf, int keepDays) {
    LocalDate needed = asOf.date().minusDays(keepDays);
    if (!first.isAfter(needed) || stored == null || !stored.first().isBefore(first)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(String.format("%s starts on %s, %d days before the as-of date %s, while %s holds"
        + " decisions from %s: the source keeps less than --label-horizon-days plus --window-days (%d days)."
        + " Decisions gone from it keep their labels and are still matched to chargebacks, but a backfill or a rebuilt"
        + " table cannot see them: keep at least %d days", source, first,
        java.time.temporal.ChronoUnit.DAYS.between(first, asOf.date()), asOf.date(), stored.source(), stored.first(),
        keepDays, keepDays));
  }

  public NoMaturedWindowException noMaturedWindow(AsOf asOf) {
    return new NoMaturedWindowException(String.format("no matured window yet: the window [%s, %s) of as-of %s ends"
        + " before the first decision (%s) of %s", asOf.windowStart(), asOf.windowEnd(), asOf.date(), first, source));
  }

  private static LocalDate day(Timestamp instant) {
    return instant.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
  }
}

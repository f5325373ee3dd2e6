package org.cfeval.labels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.tables.Tables;

/**
 * The as-of date A and the instants the contract derives from it. A stands for A 00:00 UTC: a
 * chargeback counts if reported at or before it, a decision is matured if decided at least
 * maturity-days before it, and the evaluated window is [A - maturity - window, A - maturity).
 */
public record AsOf(LocalDate date, int maturityDays, int windowDays) {

  public static AsOf of(Settings settings) {
    return new AsOf(settings.get(Keys.AS_OF), settings.get(Keys.MATURITY_DAYS), settings.get(Keys.WINDOW_DAYS));
  }

  public Timestamp instant() {
    return at(date);
  }

  /** Decisions made at or before this instant have matured. */
  public Timestamp maturedBy() {
    return at(date.minusDays(maturityDays));
  }

  public LocalDate windowStart() {
    return windowEnd().minusDays(windowDays);
  }

  /** Exclusive. */
  public LocalDate windowEnd() {
    return date.minusDays(maturityDays);
  }

  /**
   * A decision's outcome as of A, from what decisions_labeled keeps whichever label run wrote it last:
   * unobserved if blocked, fraud if its earliest fraud report came by A, legit if it had matured by A,
   * else pending. So evaluating A gives the same outcomes after a label run for A or for any later
   * date, and under this run's maturity, not the label run's.
   */
  public Column outcome() {
    return when(col(DecisionLog.ACTION).equalTo(DecisionLog.BLOCK), lit(Tables.UNOBSERVED))
        .when(col(Tables.FRAUD_REPORTED_AT).leq(lit(instant())), lit(Tables.FRAUD))
        .when(col(DecisionLog.DECIDED_AT).leq(lit(maturedBy())), lit(Tables.LEGIT))
        .otherwise(lit(Tables.PENDING));
  }

  /**
   * Fails unless every decision of {@code range} was last labelled as of A or later ({@code oldest}:
   * the oldest labeled_as_of among them): an older label run has not seen the chargebacks reported
   * since, so the outcomes as of A are unknown rather than legit.
   */
  public void requireLabelledBy(LocalDate oldest, DayRange range) {
    if (oldest != null && oldest.isBefore(date)) {
      throw new ContractException(String.format("decisions_labeled holds decisions of [%s, %s) last labelled as of"
          + " %s, before the as-of date %s: chargebacks reported since are unknown to it, so their outcomes as of %s"
          + " are too; run label for %s (or later) first", range.start(), range.end(), oldest, date, date, date));
    }
  }

  /** The evaluated window. */
  public DayRange window() {
    return new DayRange(windowStart(), windowEnd());
  }

  /** The evaluated window and every day since, up to A: the days cohort_nowcast covers and score scores. */
  public DayRange windowToAsOf() {
    return new DayRange(windowStart(), date());
  }

  /** Whether a decision belongs to the evaluated window. */
  public Column inWindow() {
    return window().contains();
  }

  public static Timestamp at(LocalDate day) {
    return Timestamp.from(day.atStartOfDay().toInstant(ZoneOffset.UTC));
  }
}

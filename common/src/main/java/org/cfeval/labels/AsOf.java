package org.cfeval.labels;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;

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

  /** Whether a decision belongs to the evaluated window. */
  public Column inWindow() {
    return new DayRange(windowStart(), windowEnd()).contains();
  }

  public static Timestamp at(LocalDate day) {
    return Timestamp.from(day.atStartOfDay().toInstant(ZoneOffset.UTC));
  }
}

package org.cfeval.tables;

import java.time.LocalDate;
import org.cfeval.labels.AsOf;

/** The columns that key every evaluation table: the run's as-of date and the window it evaluated. */
public record Window(
    @Doc("as-of date A of the run") LocalDate asOfDate,
    @Doc("first day of the window: A - maturity-days - window-days") LocalDate windowStart,
    @Doc("day after the window (exclusive): A - maturity-days") LocalDate windowEnd) {

  public static Window of(AsOf asOf) {
    return new Window(asOf.date(), asOf.windowStart(), asOf.windowEnd());
  }
}

package org.cfeval.report;

import static org.apache.spark.sql.functions.col;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.cfeval.tables.Tables;

/**
 * The report's late-label section: the nowcast of every recent day's fraud beside what its labels alone
 * show, and the label-delay curve behind it.
 */
final class NowcastSection {
  private NowcastSection() {}

  static void add(Html page, ReportRows tables) {
    nowcast(page, tables);
    delay(page, tables);
  }

  private static void nowcast(Html page, ReportRows tables) {
    List<Row> cohorts = tables.of(Tables.COHORT_NOWCAST, col(Tables.SLICE_KEY).equalTo(Tables.ALL), "cohort_date",
        "status", "n_decisions", "reported_fraud", "fraud_rate", "fraud_rate_lo", "fraud_rate_hi");
    page.heading("Fraud of the last days: the nowcast");
    if (cohorts.isEmpty()) {
      page.paragraph("No cohort_nowcast rows for this date: the nowcast needs a delay model, which needs decisions"
          + " older than the label horizon (see label_delay).");
      return;
    }
    Chart chart = new Chart("nowcast", "Fraud rate by decision day", "decision day (UTC)", "fraud rate (share of"
        + " decisions)", "Each day's eventual fraud rate as estimated tonight (with its interval: wide while few of its"
        + " chargebacks are in) against what the chargebacks received so far show; days older than the maturity"
        + " are matured values.").overDates();
    chart.add(series(cohorts, "nowcast (eventual fraud)", r -> r.getAs("fraud_rate"), true));
    chart.add(series(cohorts, "labels alone (reported so far)", r -> r.<Double>getAs("reported_fraud")
        / Math.max(1L, r.<Long>getAs("n_decisions")), false));
    cohorts.stream().filter(r -> "matured".equals(r.getAs("status")))
        .map(r -> ReportRows.date(r, "cohort_date")).max(Comparator.naturalOrder())
        .ifPresent(day -> chart.mark(new Chart.Marker("matured up to " + day, Chart.day(day), true)));
    page.chart(chart);
  }

  private static void delay(Html page, ReportRows tables) {
    List<Row> shares = tables.of(Tables.LABEL_DELAY, col(Tables.SLICE_KEY).equalTo(Tables.ALL), "delay_days",
        "reported_share", "reported_share_lo", "reported_share_hi");
    page.heading("How late fraud is reported");
    if (shares.isEmpty()) {
      page.paragraph("No label_delay rows for this date: the delay curve needs decisions older than the label"
          + " horizon.");
      return;
    }
    Chart chart = new Chart("label-delay", "Share of fraud reports in, by days after the decision",
        "days after the decision", "share of eventual reports (0 to 1)", "How many of a day's eventual fraud"
            + " reports (chargebacks) are in by each age, IPS-weighted, with its interval: what the nowcast scales"
            + " young days' reports by, and what the matured window still lacks.");
    chart.add(new Chart.Series("reported share", shares.stream()
        .sorted(Comparator.comparingLong(r -> r.<Long>getAs("delay_days"))).map(r -> new Chart.Point(
        r.<Long>getAs("delay_days"), r.getAs("reported_share"), r.getAs("reported_share_lo"),
        r.getAs("reported_share_hi"))).toList(), false));
    page.chart(chart);
  }

  private static Chart.Series series(List<Row> cohorts, String name, Function<Row, Double> rate, boolean withInterval) {
    return new Chart.Series(name, cohorts.stream().filter(r -> rate.apply(r) != null)
        .sorted(Comparator.comparing(r -> ReportRows.date(r, "cohort_date")))
        .map(r -> new Chart.Point(Chart.day(ReportRows.date(r, "cohort_date")), rate.apply(r),
            withInterval ? r.getAs("fraud_rate_lo") : null, withInterval ? r.getAs("fraud_rate_hi") : null))
        .toList(), !withInterval);
  }
}

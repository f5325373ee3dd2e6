package org.cfeval.report;

import java.time.LocalDate;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

/**
 * The report of one as-of date, from the warehouse's tables, for the logged score: the policy curve and
 * costs ({@link PolicySection}), outcomes by action and model comparison ({@link OutcomeSection}), the
 * nowcast and label delays ({@link NowcastSection}), monitoring ({@link MonitoringSection}) and trends over
 * the as-of dates so far ({@link TrendSection}). A table the date has no rows in gets a line saying which
 * job writes it; only policy_curve is required.
 */
public final class Report {
  private Report() {}

  /** The report's page; fails naming policy_curve when the as-of date has no rows in it. */
  public static String build(DeltaStore store, LocalDate asOf, Steps steps) {
    ReportRows tables = new ReportRows(store, asOf, steps);
    Html page = new Html("cfeval report, as of " + asOf);
    PolicySection.add(page, tables);
    OutcomeSection.add(page, tables);
    NowcastSection.add(page, tables);
    MonitoringSection.add(page, tables);
    TrendSection.add(page, tables);
    return page.page();
  }
}

package org.cfeval.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cfeval.config.FailOn;
import org.cfeval.config.Severity;
import org.cfeval.stats.CalibrationEstimate;
import org.cfeval.stats.PoissonCount;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class AlertRuleTest {
  /** A rule with an interval fires only when all of it is beyond the threshold; without one, on the value. */
  @Test
  void rulesFireOnlyWhenTheIntervalClearsTheThreshold() {
    Comparison above = Comparison.ABOVE;
    assertThat(above.fires(new Bounded(0.012, 0.0105, 0.0135), 0.01)).isTrue();
    assertThat(above.fires(new Bounded(0.012, 0.0095, 0.0135), 0.01)).isFalse();
    assertThat(above.fires(new Bounded(0.012, null, null), 0.01)).isTrue();
    assertThat(above.fires(Bounded.NONE, 0.01)).isFalse();
    Comparison below = Comparison.BELOW;
    assertThat(below.fires(new Bounded(0.1, 0.0, 0.3), 0.5)).isTrue();
    assertThat(below.fires(new Bounded(0.4, 0.2, 0.6), 0.5)).isFalse();
    Comparison outside = Comparison.OUTSIDE;
    assertThat(outside.fires(new Bounded(1.05, 1.01, 1.09), 1)).isTrue();
    assertThat(outside.fires(new Bounded(0.95, 0.91, 0.99), 1)).isTrue();
    assertThat(outside.fires(new Bounded(1.02, 0.98, 1.06), 1)).isFalse();
  }

  /**
   * Each rule names a column of the table it reads, or in a table of one figure per row, a value of its
   * metric column: the README's rules table and alerts.metric say so.
   */
  @Test
  void everyRulesMetricIsAColumnOfItsTable() {
    Map<TableSpec<?>, List<String>> figures = Map.of(
        Tables.CALIBRATION, Stream.of(CalibrationEstimate.Metric.values()).map(CalibrationEstimate.Metric::columnValue)
            .toList(),
        Tables.FAIRNESS, Stream.of(Fairness.Metric.values()).map(Fairness.Metric::columnValue).toList());
    for (AlertRule rule : AlertRule.values()) {
      if (rule.column() != null) {
        assertThat(rule.table().columnNames()).as(rule.columnValue()).contains(rule.column(), "metric");
        assertThat(figures.get(rule.table())).as(rule.columnValue()).contains(rule.metric());
      } else {
        assertThat(rule.table().columnNames()).as(rule.columnValue()).contains(rule.metric());
      }
    }
  }

  @Test
  void failOnWarningFailsOnCriticalRulesToo() {
    assertThat(FailOn.CRITICAL.fails(Severity.CRITICAL)).isTrue();
    assertThat(FailOn.CRITICAL.fails(Severity.WARNING)).isFalse();
    assertThat(FailOn.WARNING.fails(Severity.CRITICAL)).isTrue();
    assertThat(FailOn.WARNING.fails(Severity.WARNING)).isTrue();
    assertThat(FailOn.NONE.fails(Severity.CRITICAL)).isFalse();
  }

  /** Garwood's 95% limits: chi2(2k, 0.025) / 2 and chi2(2k + 2, 0.975) / 2, from scipy.stats.chi2.ppf. */
  @Test
  void poissonLimitsAreGarwoods() {
    assertThat(PoissonCount.lower(0, 0.95)).isZero();
    assertThat(PoissonCount.upper(0, 0.95)).isCloseTo(3.6889, within(1e-4));
    assertThat(PoissonCount.lower(4, 0.95)).isCloseTo(1.0899, within(1e-4));
    assertThat(PoissonCount.upper(4, 0.95)).isCloseTo(10.2416, within(1e-4));
    assertThat(PoissonCount.lower(41, 0.95)).isCloseTo(29.4223, within(1e-4));
  }
}

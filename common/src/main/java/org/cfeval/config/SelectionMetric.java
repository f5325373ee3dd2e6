package org.cfeval.config;

import java.util.Locale;
import org.cfeval.stats.ModelMetrics.Metric;

/** What chooses train's hyperparameters on the validation window. */
public enum SelectionMetric {
  PR_AUC(Metric.PR_AUC),
  ROC_AUC(Metric.ROC_AUC),
  BRIER(Metric.BRIER),
  LOG_LOSS(Metric.LOG_LOSS),
  /**
   * The IPS expected cost, under the cost model, of the cheapest "challenge above t1, block above t2"
   * policy the model's scores allow within the guardrails: the money the model would save, not how
   * well it ranks.
   */
  EXPECTED_COST(null);

  private final Metric modelMetric;

  SelectionMetric(Metric modelMetric) {
    this.modelMetric = modelMetric;
  }

  /** The weighted model metric this is, or null for expected_cost. */
  public Metric modelMetric() {
    return modelMetric;
  }

  public boolean higherIsBetter() {
    return modelMetric != null && modelMetric.higherIsBetter();
  }

  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }
}

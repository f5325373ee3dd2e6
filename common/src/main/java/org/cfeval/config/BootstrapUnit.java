package org.cfeval.config;

import org.cfeval.contract.DecisionLog;

/** The unit the bootstrap resamples, and the decisions_labeled column that identifies it. */
public enum BootstrapUnit {
  CLUSTER(DecisionLog.CLUSTER_ID),
  DECISION(DecisionLog.DECISION_ID);

  private final String column;

  BootstrapUnit(String column) {
    this.column = column;
  }

  public String column() {
    return column;
  }
}

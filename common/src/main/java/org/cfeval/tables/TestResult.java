package org.cfeval.tables;

import org.cfeval.stats.Drift;

/** A statistical test in a row, as a {@link Struct} column of a statistic and a p-value. */
public record TestResult(@Doc("the test statistic") Double statistic, @Doc("its p-value") Double pvalue) {
  public static TestResult of(Drift.Test test) {
    return new TestResult(test.statistic(), test.pvalue());
  }
}

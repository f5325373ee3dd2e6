package org.cfeval.evaluation;

import static org.cfeval.evaluation.WindowPass.*;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.cfeval.stats.BandEdges;

/**
 * One task's share of the delay model's part of the pass ({@link WindowPass.Delays}), read from Spark's
 * internal rows of the pass's projection: every row of the span goes to the {@link DelayHistogram}, and
 * the delay-dependent terms of the pass's own rows wait: a reported fraud's in the {@link DelayedTerms},
 * a cohort's reports due in its {@link DueCells}. Serializable with the task's sums, as a persisted task
 * state may have to be.
 */
final class TaskDelays implements Serializable {
  final DelayHistogram histogram;
  final DelayedTerms delayed = new DelayedTerms();
  private final long asOfMicros;
  private final int horizon;
  private final boolean scoreBins;
  private final int firstStratum;
  private final String[] strata;

  /**
   * @param asOfMicros A 00:00 UTC in microseconds since the epoch
   * @param scoreBins whether reports also count by their logged score's bin (for score bands)
   * @param firstStratum the ordinal of the first --delay-strata column in the projection
   * @param strata how many --delay-strata columns follow it
   */
  TaskDelays(long asOfMicros, int horizon, boolean scoreBins, int firstStratum, int strata) {
    this.asOfMicros = asOfMicros;
    this.horizon = horizon;
    this.scoreBins = scoreBins;
    this.firstStratum = firstStratum;
    this.strata = new String[strata];
    histogram = new DelayHistogram(asOfMicros, horizon, scoreBins ? DelayHistogram.ALL + 1 + strata : DelayHistogram.NONE);
  }

  /** Adds a row of the span to the histogram. */
  void read(InternalRow row) {
    long decided = row.getLong(DECIDED_AT);
    histogram.decision(decided, row.isNullAt(LABELED_AS_OF) ? DelayHistogram.NONE : row.getInt(LABELED_AS_OF));
    if (!row.getBoolean(ALLOWED) || row.isNullAt(FRAUD_REPORTED_AT) || row.getLong(FRAUD_REPORTED_AT) > asOfMicros) {
      return;
    }
    for (int s = 0; s < strata.length; s++) {
      strata[s] = row.isNullAt(firstStratum + s) ? null : row.getUTF8String(firstStratum + s).toString();
    }
    histogram.report(decided, row.getLong(FRAUD_REPORTED_AT), row.getDouble(P_ALLOW), strata, bin(row));
  }

  /**
   * Holds back the delay-dependent terms of a row of the pass: a labelled fraud's, with its resampling
   * unit's hash ({@code unit}) and the sums of each key it goes to; and each cohort value's reports due
   * (the keys from {@code windowKeys} on, the cohorts).
   */
  void hold(InternalRow row, int bucket, int intervalBucket, boolean productionBlocks, boolean labelledFraud,
      long unit, TaskSums.Partial[] targets, int windowKeys) {
    int age = Math.min(Math.max(DelayModel.wholeDays(row.getLong(DECIDED_AT), asOfMicros), 0), horizon);
    int bin = bin(row);
    double pAllow = row.getDouble(P_ALLOW);
    for (int k = windowKeys; k < targets.length; k++) {
      targets[k].due().add(bucket, productionBlocks, age, bin, row.getBoolean(ALLOWED), pAllow);
    }
    if (labelledFraud) {
      delayed.report(unit, 1 / pAllow, row.getDouble(AMOUNT), bucket, intervalBucket, productionBlocks, age, bin,
          targets);
    }
  }

  private int bin(InternalRow row) {
    return scoreBins ? BandEdges.bin(row.getDouble(LOGGED_SCORE)) : 0;
  }
}

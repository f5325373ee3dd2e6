package org.cfeval.evaluation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cfeval.curve.Slice;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.DecisionTerms;
import org.cfeval.stats.ReplicateBatch;
import org.cfeval.stats.ReplicateSums;

/**
 * One task's reported fraud, held back while the pass reads and added once the driver has estimated the
 * delay model from the same pass's {@link DelayHistogram}: each report is kept whole (about 100 bytes and
 * a reference per key), since its eventual weight w/F(age) enters the replicates with its resampling
 * unit's multiplicities, drawn again from the unit's hash. Reported fraud is a small share of the rows.
 * (Each cohort's reports due, which enter the point sums alone, wait in its {@link DueCells}.)
 */
final class DelayedTerms implements Serializable {
  private record Report(long unit, double weight, double amount, int bucket, int intervalBucket,
      boolean productionBlocks, int age, int bin, TaskSums.Partial[] targets) implements Serializable {}

  private final List<Report> reports = new ArrayList<>();

  /**
   * A labelled fraud of the pass, aged {@code age} whole days (clamped to the horizon) with its logged score in
   * {@code bin}, and the sums of each key it goes to ({@code targets}, by key; null for none: copied).
   */
  void report(long unit, double weight, double amount, int bucket, int intervalBucket, boolean productionBlocks,
      int age, int bin, TaskSums.Partial[] targets) {
    reports.add(new Report(unit, weight, amount, bucket, intervalBucket, productionBlocks, age, bin,
        targets.clone()));
  }

  /**
   * A copy of {@code finished} (the task's sums by slice value, left as they are: a persisted state may be
   * read again) with these reports' terms added, each standing for its curve's {@code inflation} at its
   * age. With {@code bootstrap}, the first {@code windowKeys} keys' replicates are on its grid, the later
   * keys' (the cohorts') in one cell.
   */
  TreeMap<Slice, TaskSums.Partial> addedTo(TreeMap<Slice, TaskSums.Partial> finished, DelayModel.Inflation inflation,
      WindowPass.Bootstrap bootstrap, int windowKeys, int keys) {
    Map<TaskSums.Partial, TaskSums.Partial> copies = new IdentityHashMap<>();
    TreeMap<Slice, TaskSums.Partial> added = new TreeMap<>();
    finished.forEach((slice, partial) -> {
      TaskSums.Partial copy = partial.copy();
      copies.put(partial, copy);
      added.put(slice, copy);
    });
    if (inflation == null) {
      return added;
    }
    BucketStats terms = new BucketStats();
    ReplicateBatch batch = bootstrap == null ? null
        : new ReplicateBatch(bootstrap.seed(), bootstrap.replicates(), keys);
    ReplicateSums[] replicateTargets = new ReplicateSums[keys];
    int[] replicateBuckets = new int[keys];
    double[] replicateTerms = new double[ReplicateSums.TERMS];
    for (Report report : reports) {
      int curve = inflation.curve(report.bin());
      int age = inflation.age(report.age());
      DecisionTerms.eventual(terms, report.weight(), report.amount(), inflation.central()[curve][age],
          inflation.low()[curve][age], inflation.high()[curve][age]);
      for (int k = 0; k < keys; k++) {
        TaskSums.Partial target = report.targets()[k] == null ? null : copies.get(report.targets()[k]);
        if (target != null) {
          target.sums.add(report.bucket(), report.productionBlocks(), terms);
        }
        replicateTargets[k] = target == null ? null : target.replicates;
        replicateBuckets[k] = k < windowKeys ? report.intervalBucket() : 0;
      }
      if (batch != null) {
        batch.add(report.unit(), ReplicateSums.terms(terms, replicateTerms), report.productionBlocks(),
            replicateTargets, replicateBuckets);
      }
    }
    if (batch != null) {
      batch.flush();
    }
    return added;
  }
}

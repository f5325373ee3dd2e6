package org.cfeval.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
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
 * One task's terms that depend on the delay model, held back while the pass reads and added once the
 * driver has estimated the model from the same pass's {@link DelayHistogram}:
 * <ul>
 *   <li>each reported fraud of the pass's rows, kept whole (about 100 bytes): its eventual weight w/F(age)
 *       enters the replicates with its resampling unit's multiplicities, drawn again from the unit's hash;
 *   <li>the reports due of each cohort's decisions ({@link DecisionTerms#due}), summed per (bucket,
 *       production action, age, score bin): they enter the point sums only.
 * </ul>
 * Reported fraud is a small share of the rows, and a cohort has one or two ages, so this stays far
 * smaller than the task's sums.
 */
final class DelayedTerms {
  private record Report(long unit, double weight, double amount, int bucket, int intervalBucket,
      boolean productionBlocks, int age, int bin, TaskSums.Partial[] targets) {}

  private static final int DECISIONS = 0;
  private static final int ALLOWED = 1;
  private static final int EXPLORED = 2;
  private static final int INVERSE_P = 3;

  private final List<Report> reports = new ArrayList<>();
  // cohort value -> (bucket, production action, age, bin) -> [decisions, allowed, explored, sum of 1/p over explored]
  private final Map<TaskSums.Partial, Map<Long, double[]>> due = new IdentityHashMap<>();

  /**
   * A labelled fraud of the pass, aged {@code age} whole days (clamped to the horizon) with its logged score in
   * {@code bin}, and the sums of each key it goes to ({@code targets}, by key; null for none: copied).
   */
  void report(long unit, double weight, double amount, int bucket, int intervalBucket, boolean productionBlocks,
      int age, int bin, TaskSums.Partial[] targets) {
    reports.add(new Report(unit, weight, amount, bucket, intervalBucket, productionBlocks, age, bin,
        targets.clone()));
  }

  /** A decision of cohort value {@code cohort}. */
  void due(TaskSums.Partial cohort, int bucket, boolean productionBlocks, int age, int bin, boolean allowed,
      double pAllow) {
    long key = ((long) bucket << 1 | (productionBlocks ? 1 : 0)) << 32 | (long) age << 17 | bin;
    double[] sums = due.computeIfAbsent(cohort, c -> new HashMap<>()).computeIfAbsent(key, k -> new double[4]);
    sums[DECISIONS]++;
    if (allowed) {
      sums[ALLOWED]++;
    }
    if (pAllow > 0) {
      sums[EXPLORED]++;
      sums[INVERSE_P] += 1 / pAllow;
    }
  }

  /**
   * A copy of {@code finished} (the task's sums by slice value, left as they are: a persisted state may be
   * read again) with these terms added, each report and decision standing for its curve's {@code inflation}
   * at its age. With {@code bootstrap}, the first {@code windowKeys} keys' replicates are on its grid, the
   * later keys' (the cohorts') in one cell.
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
    due.forEach((cohort, cells) -> cells.forEach((key, sums) -> {
      int bin = (int) (key & ((1 << 17) - 1));
      int age = (int) (key >>> 17 & ((1 << 15) - 1));
      int bucket = (int) (key >>> 33);
      boolean productionBlocks = (key >>> 32 & 1) == 1;
      DecisionTerms.due(terms, (long) sums[DECISIONS], (long) sums[ALLOWED], (long) sums[EXPLORED], sums[INVERSE_P],
          inflation.central()[inflation.curve(bin)][inflation.age(age)]);
      copies.get(cohort).sums.add(bucket, productionBlocks, terms);
    }));
    return added;
  }
}

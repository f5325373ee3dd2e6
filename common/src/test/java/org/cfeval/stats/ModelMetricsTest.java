package org.cfeval.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.cfeval.stats.ModelMetrics.Metric;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ModelMetricsTest {
  /** Four weighted predictions, every metric by hand. */
  @Test
  void weightedMetricsOfFourPredictions() {
    ScoredBins bins = new ScoredBins(10, 3);
    double[] ones = new double[3];
    Arrays.fill(ones, 1);
    bins.add(0.9, true, 1, ones);
    bins.add(0.8, false, 2, ones);
    bins.add(0.3, true, 1, ones);
    bins.add(0.1, false, 1, ones);
    Map<Metric, ModelMetrics.Estimate> metrics = ModelMetrics.of(bins, 0.9);
    // Precision 1 at the first fraud, 2/4 at the second: (1 + 0.5) / 2.
    assertThat(metrics.get(Metric.PR_AUC).value()).isCloseTo(0.75, within(1e-9));
    // Fraud above legit in 4 of 6 weighted pairs (weights 1 x 2 + 1 x 1 + 1 x 1 of 2 x 3).
    assertThat(metrics.get(Metric.ROC_AUC).value()).isCloseTo(2.0 / 3, within(1e-9));
    // (0.1^2 + 2 x 0.8^2 + 0.7^2 + 0.1^2) / 5
    assertThat(metrics.get(Metric.BRIER).value()).isCloseTo(1.79 / 5, within(1e-9));
    double logLoss = -(Math.log(0.9) + 2 * Math.log(0.2) + Math.log(0.3) + Math.log(0.9)) / 5;
    assertThat(metrics.get(Metric.LOG_LOSS).value()).isCloseTo(logLoss, within(1e-6));
    // Every replicate counted each prediction once: the interval collapses onto the value.
    assertThat(metrics.get(Metric.PR_AUC).interval().lo()).isCloseTo(0.75, within(1e-9));
    assertThat(metrics.get(Metric.PR_AUC).interval().hi()).isCloseTo(0.75, within(1e-9));
  }

  @Test
  void undefinedWithoutBothClasses() {
    ScoredBins bins = new ScoredBins(10, 0);
    bins.add(0.4, false, 1, null);
    Map<Metric, ModelMetrics.Estimate> metrics = ModelMetrics.of(bins, 0.95);
    assertThat(metrics.get(Metric.PR_AUC).value()).isNull();
    assertThat(metrics.get(Metric.ROC_AUC).value()).isNull();
    assertThat(metrics.get(Metric.BRIER).value()).isCloseTo(0.16, within(1e-9));
    assertThat(metrics.get(Metric.PR_AUC).interval()).isNull();
  }

  /**
   * Ranked by their own probabilities, ties and all, against the bins: 0.51 and 0.55 (fraud, legit)
   * share a bin of ten, so the bins count them tied while the exact ranking puts the legit one first.
   */
  @Test
  void exactRankingBreaksWhatTheBinsTie() {
    ScoredBins bins = new ScoredBins(10, 2);
    double[] ones = {1, 1};
    bins.add(0.55, false, 1, ones);
    bins.add(0.51, true, 1, ones);
    bins.add(0.2, false, 1, ones);
    bins.add(0.2, true, 1, ones);
    Ranking exact = new Ranking().add(0, 1).add(1, 0).add(1, 1);
    // Exact: legit first (precision after the fraud at 0.51: 1/2), then a tie of one fraud and one legit
    // (precision 2/4 after the block): (1/2 + 2/4) / 2. Pairs: fraud 0.51 over legit 0.2 (1), tied
    // pair (1/2), so 1.5 of 4.
    assertThat(exact.averagePrecision()).isCloseTo(0.5, within(1e-12));
    assertThat(exact.rocAuc()).isCloseTo(1.5 / 4, within(1e-12));
    Map<Metric, ModelMetrics.Estimate> binned = ModelMetrics.of(bins, 0.9);
    // Binned: the top bin ties 0.51 and 0.55 (precision 1/2), then the same last block; pairs 0.5 + 1 + 0.5.
    assertThat(binned.get(Metric.ROC_AUC).value()).isCloseTo(2.0 / 4, within(1e-12));
    Map<Metric, ModelMetrics.Estimate> corrected = ModelMetrics.of(bins, 0.9, exact);
    assertThat(corrected.get(Metric.ROC_AUC).value()).isCloseTo(1.5 / 4, within(1e-12));
    // Each replicate counted every prediction once, so the interval is the binned value moved onto the exact.
    assertThat(corrected.get(Metric.ROC_AUC).interval().lo()).isCloseTo(1.5 / 4, within(1e-9));
    assertThat(corrected.get(Metric.BRIER).value()).isEqualTo(binned.get(Metric.BRIER).value());
  }
}

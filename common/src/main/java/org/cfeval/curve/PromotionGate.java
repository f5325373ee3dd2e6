package org.cfeval.curve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.cfeval.stats.ActionMatrix;
import org.cfeval.stats.Interval;
import org.cfeval.stats.PolicyMetric;

/**
 * Whether a challenger's policy may replace the champion's: an intersection-union test, every criterion
 * at the full level (a challenger passes only if each passes, so no multiplicity correction is needed).
 * Each criterion is an improvement d of the challenger over the champion on the same decisions, judged
 * by the one-sided lower bound of its paired bootstrap interval (replicate r of both resamples the same
 * clusters): the expected cost must fall (d = champion's cost - challenger's, bound above 0), and on each
 * guardrail metric the challenger may be worse by at most a non-inferiority margin (bound above -margin).
 */
public final class PromotionGate {
  /** A criterion: the figure compared and whether lower is better. */
  public enum Criterion {
    COST_SAVING(PolicyMetric.EXPECTED_COST.function(), true),
    FALSE_BLOCK_RATE(PolicyMetric.FALSE_BLOCK_RATE.function(), true),
    RECALL(PolicyMetric.RECALL.function(), false);

    private final Function<ActionMatrix, Double> figure;
    private final boolean lowerIsBetter;

    Criterion(Function<ActionMatrix, Double> figure, boolean lowerIsBetter) {
      this.figure = figure;
      this.lowerIsBetter = lowerIsBetter;
    }

    public String columnValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One criterion judged: both sides' figures, the challenger's improvement with its two-sided interval at
   * the confidence level, the one-sided lower bound at that level, the margin allowed, and the verdict.
   */
  public record Judgement(Criterion criterion, Double champion, Double challenger, Double improvement,
      Interval interval, Double lowerBound, double margin, boolean passed) {}

  private PromotionGate() {}

  /**
   * Judges {@code challenger} against {@code champion} (estimates on the same decisions, with replicates
   * drawn alike) at {@code confidence}, with the non-inferiority margins of the guardrail metrics.
   */
  public static List<Judgement> judge(PolicyEstimate champion, PolicyEstimate challenger, double confidence,
      double falseBlockMargin, double recallMargin) {
    List<Judgement> judgements = new ArrayList<>();
    for (Criterion criterion : Criterion.values()) {
      double margin = switch (criterion) {
        case COST_SAVING -> 0;
        case FALSE_BLOCK_RATE -> falseBlockMargin;
        case RECALL -> recallMargin;
      };
      Function<ActionMatrix, Double> figure = criterion.figure;
      Double mine = figure.apply(challenger.point());
      Double theirs = figure.apply(champion.point());
      double sign = criterion.lowerIsBetter ? -1 : 1;
      Double improvement = mine == null || theirs == null ? null : sign * (mine - theirs);
      // The challenger-minus-champion interval, turned into the improvement's (flipped where lower is better).
      Interval twoSided = oriented(challenger.difference(figure, champion, confidence), sign);
      // A two-sided interval at 2c - 1 has the one-sided bound at c as its lower end.
      Interval oneSided = oriented(challenger.difference(figure, champion, 2 * confidence - 1), sign);
      Double bound = oneSided == null ? null : oneSided.lo();
      boolean passed = bound != null && (margin == 0 ? bound > 0 : bound > -margin);
      judgements.add(new Judgement(criterion, theirs, mine, improvement, twoSided, bound, margin, passed));
    }
    return judgements;
  }

  private static Interval oriented(Interval difference, double sign) {
    if (difference == null || sign > 0) {
      return difference;
    }
    return new Interval(-difference.hi(), -difference.lo(), difference.replicates(), difference.drawn());
  }
}

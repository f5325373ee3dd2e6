package org.cfeval.stats;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A three-action policy's action-by-outcome matrix: the fraud and legit decisions it allows, challenges
 * and blocks, counted and summed in amount by an {@link Estimator}, with each cell's cost under a
 * {@link CostModel}. A challenged legitimate customer who fails the challenge is a false block, a
 * fraudster who passes it a missed fraud. Cells are null where the estimator is undefined.
 */
public final class ActionMatrix {
  public enum Action {
    ALLOW, CHALLENGE, BLOCK;

    public String columnValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Outcome {
    FRAUD, LEGIT;

    public String columnValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** An expected count of decisions and their amount. */
  public record Cell(Double count, Double amount) {}

  private final Map<Action, BucketStats> sides;
  private final Estimator estimator;
  private final CostModel costs;
  private final long decisions;

  private ActionMatrix(Map<Action, BucketStats> sides, Estimator estimator, CostModel costs) {
    this.sides = sides;
    this.estimator = estimator;
    this.costs = costs;
    this.decisions = sides.values().stream().mapToLong(BucketStats::decisions).sum();
  }

  /** The matrix of the decisions a policy allows, challenges and blocks. */
  public static ActionMatrix of(BucketStats allowed, BucketStats challenged, BucketStats blocked, Estimator estimator,
      CostModel costs) {
    Map<Action, BucketStats> sides = new EnumMap<>(Action.class);
    sides.put(Action.ALLOW, allowed);
    sides.put(Action.CHALLENGE, challenged);
    sides.put(Action.BLOCK, blocked);
    return new ActionMatrix(sides, estimator, costs);
  }

  public Cell cell(Action action, Outcome outcome) {
    BucketStats side = sides.get(action);
    return outcome == Outcome.FRAUD
        ? new Cell(Ratio.finite(estimator.fraud(side)), Ratio.finite(estimator.fraudAmount(side)))
        : new Cell(Ratio.finite(estimator.legit(side)), Ratio.finite(estimator.legitAmount(side)));
  }

  /** What a cell costs: its friction if challenged, plus its errors (missed fraud, false blocks). */
  public Double cost(Action action, Outcome outcome) {
    Cell cell = cell(action, outcome);
    if (cell.count() == null || cell.amount() == null) {
      return null;
    }
    double friction = action == Action.CHALLENGE ? challengeFees(outcome) : 0;
    Cell error = error(action, outcome, cell);
    return friction + (outcome == Outcome.FRAUD ? costs.missedFraud(error.count(), error.amount())
        : costs.falseBlocks(error.count(), error.amount()));
  }

  /**
   * The challenge fees of the challenged decisions with this outcome. How many decisions are challenged
   * is known exactly, so the fees total challenge-cost x that count; only their split between the
   * outcomes is estimated (by the estimator's shares; all to legit when nothing challenged is labelled).
   */
  private double challengeFees(Outcome outcome) {
    BucketStats challenged = sides.get(Action.CHALLENGE);
    Double fraud = estimator.fraud(challenged);
    Double legit = estimator.legit(challenged);
    double estimated = (fraud == null ? 0 : fraud) + (legit == null ? 0 : legit);
    double share = estimated == 0 ? (outcome == Outcome.LEGIT ? 1 : 0)
        : (outcome == Outcome.FRAUD ? (fraud == null ? 0 : fraud) : (legit == null ? 0 : legit)) / estimated;
    return costs.challenges(challenged.decisions() * share);
  }

  /** The expected cost of the policy: the sum of its cells' costs; null when a cell is undefined. */
  public Double expectedCost() {
    double total = 0;
    for (Action action : Action.values()) {
      for (Outcome outcome : Outcome.values()) {
        Double cost = cost(action, outcome);
        if (cost == null) {
          return null;
        }
        total += cost;
      }
    }
    return total;
  }

  /** expectedCost over the decisions the cells stand for. */
  public Double costPerDecision() {
    return Ratio.of(expectedCost(), (double) population());
  }

  /** Fraud that gets through: allowed, or challenged and passing. */
  public Cell missedFraud() {
    return errorOf(Outcome.FRAUD);
  }

  /** Legitimate decisions stopped: blocked, or challenged and failing. */
  public Cell falseBlocks() {
    return errorOf(Outcome.LEGIT);
  }

  /** falseBlocks over all legitimate decisions; null when there are none. */
  public Double falseBlockRate() {
    Double legit = Ratio.sum(Ratio.sum(cell(Action.ALLOW, Outcome.LEGIT).count(),
        cell(Action.CHALLENGE, Outcome.LEGIT).count()), cell(Action.BLOCK, Outcome.LEGIT).count());
    return Ratio.of(falseBlocks().count(), legit);
  }

  /** Share of all decisions (unweighted) the policy takes {@code action} on; null when there are none. */
  public Double rate(Action action) {
    return Ratio.of((double) sides.get(action).decisions(), (double) decisions);
  }

  /**
   * The two-action confusion matrix that counts a challenged decision as flagged, like a blocked one:
   * its precision, recall and fpr are those of "challenge or block".
   */
  public ConfusionMatrix flagged() {
    BucketStats flagged = sides.get(Action.CHALLENGE).copy().add(sides.get(Action.BLOCK));
    return ConfusionMatrix.of(flagged, sides.get(Action.ALLOW), estimator);
  }

  private long population() {
    return sides.values().stream().mapToLong(estimator::population).sum();
  }

  private Cell errorOf(Outcome outcome) {
    Double count = 0.0;
    Double amount = 0.0;
    for (Action action : Action.values()) {
      Cell error = error(action, outcome, cell(action, outcome));
      count = Ratio.sum(count, error.count());
      amount = Ratio.sum(amount, error.amount());
    }
    return new Cell(count, amount);
  }

  /** The part of a cell that is an error: all of allowed fraud and blocked legit, a share of challenged. */
  private Cell error(Action action, Outcome outcome, Cell cell) {
    double share = switch (action) {
      case ALLOW -> outcome == Outcome.FRAUD ? 1 : 0;
      case BLOCK -> outcome == Outcome.LEGIT ? 1 : 0;
      case CHALLENGE -> outcome == Outcome.FRAUD ? costs.challengePassFraud() : 1 - costs.challengePassLegit();
    };
    return new Cell(cell.count() == null ? null : share * cell.count(),
        cell.amount() == null ? null : share * cell.amount());
  }
}

package org.cfeval.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.curve.BootstrapIntervals;
import org.cfeval.curve.Policy;
import org.cfeval.curve.PolicyCurve;
import org.cfeval.curve.PolicyEstimate;
import org.cfeval.curve.PromotionGate;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.labels.AsOf;
import org.cfeval.spark.Steps;
import org.cfeval.stats.AveragePrecision;
import org.cfeval.stats.BucketStats;
import org.cfeval.stats.ConfusionMatrix;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Figure;
import org.cfeval.tables.GateRow;
import org.cfeval.tables.ModelComparisonRow;
import org.cfeval.tables.Tables;
import org.cfeval.tables.Window;

/**
 * The compare step: a challenger against a champion on the same logged decisions, at matched operating
 * points (the same share of decisions blocked; each at its own best IPS F1) and over the whole curve
 * (PR-AUC), with paired bootstrap intervals of each difference. Both models' replicates come from the
 * same seed and resampling unit, so replicate r resamples the same clusters for both, and the
 * difference is computed within each replicate.
 */
public final class ModelComparison {
  private static final String PRODUCTION = "production";
  /** promotion_gate.criterion of the verdict row. */
  public static final String GATE_VERDICT = "all";
  /** Thresholds at each model's score quantiles: block rates are matched to about 0.1% of decisions. */
  static final int QUANTILE_THRESHOLDS = 1000;

  private final SparkSession spark;
  private final DeltaStore store;
  private final Steps steps;

  public ModelComparison(SparkSession spark, DeltaStore store, Steps steps) {
    this.spark = spark;
    this.store = store;
    this.steps = steps;
  }

  /** What compare wrote: the comparison at the operating points and the promotion gate. */
  public record Result(List<ModelComparisonRow> comparison, List<GateRow> gate) {
    /** Whether the challenger passed every criterion of the gate. */
    public boolean passed() {
      return gate.stream().anyMatch(row -> row.criterion().equals(GATE_VERDICT) && row.passed());
    }

    /** Whether the gate was judged at all (else its one row says what is missing). */
    public boolean judged() {
      return gate.size() > 1;
    }
  }

  /** One model's side of the comparison: its grid, sums, replicates and replicate curves. */
  private record Side(String name, ThresholdGrid grid, List<ConfusionMatrix> curve, List<BucketStats> blocked,
      BucketStats all, SliceBuckets sums, ReplicateSums replicateSums, List<List<ConfusionMatrix>> replicates) {
    int thresholdNear(double blockRate) {
      int best = 0;
      for (int k = 1; k < grid.size(); k++) {
        if (Math.abs(blockRate(k) - blockRate) < Math.abs(blockRate(best) - blockRate)) {
          best = k;
        }
      }
      return best;
    }

    int bestF1() {
      int best = -1;
      double bestF1 = -1;
      for (int k = 0; k < grid.size(); k++) {
        Double p = curve.get(k).precision();
        Double r = curve.get(k).recall();
        if (p != null && r != null && p + r > 0 && 2 * p * r / (p + r) > bestF1) {
          bestF1 = 2 * p * r / (p + r);
          best = k;
        }
      }
      return Math.max(best, 0);
    }

    double blockRate(int k) {
      return blocked.get(k).decisions() / (double) all.decisions();
    }

    /** Of the labelled weight the policy at k blocks (all labelled, k null): the share on p_allow < 0.01. */
    Double lowPropensityShare(Integer k) {
      return (k == null ? all : blocked.get(k)).lowPropensityShare();
    }
  }

  /**
   * Compares, judges the promotion gate, and replaces the as-of date's rows of model_comparison and
   * promotion_gate for this pair.
   */
  public Result run(Settings settings) {
    String challenger = settings.get(Keys.MODEL_ID);
    String champion = settings.get(Keys.CHAMPION_ID);
    AsOf asOf = AsOf.of(settings);
    Dataset<Row> labeled = store.read(Tables.DECISIONS_LABELED);
    GateThresholds chosen = steps.run("promotion gate: thresholds optimize chose before " + asOf.windowStart(),
        () -> GateThresholds.of(store, asOf, champion, challenger));
    Side championSide = side(champion.isEmpty() ? PRODUCTION : champion, labeled, champion, asOf, settings,
        chosen.champion());
    Side challengerSide = side(challenger, labeled, challenger, asOf, settings, chosen.challenger());
    double confidence = settings.get(Keys.CONFIDENCE);

    List<ModelComparisonRow> rows = new ArrayList<>();
    for (double target : settings.get(Keys.BLOCK_RATES)) {
      rows.addAll(atThresholds(asOf, championSide, challengerSide, "block_rate", target,
          championSide.thresholdNear(target), challengerSide.thresholdNear(target), confidence));
    }
    rows.addAll(atThresholds(asOf, championSide, challengerSide, "best_f1", null, championSide.bestF1(),
        challengerSide.bestF1(), confidence));
    rows.add(row(asOf, championSide, challengerSide, "whole_curve", null, "pr_auc", null, null,
        AveragePrecision::of, confidence));
    String pair = String.format("champion = '%s' AND challenger = '%s'", championSide.name().replace("'", "''"),
        challenger.replace("'", "''"));
    steps.run("write model_comparison", () -> store.replaceAsOf(Tables.MODEL_COMPARISON,
        Tables.MODEL_COMPARISON.frame(spark, rows), asOf.date(), pair));
    List<GateRow> gate = gateRows(asOf, championSide, challengerSide, chosen, settings);
    steps.run("write promotion_gate", () -> store.replaceAsOf(Tables.PROMOTION_GATE,
        Tables.PROMOTION_GATE.frame(spark, gate), asOf.date(), pair));
    return new Result(rows, gate);
  }

  /**
   * The gate's rows: each criterion and the verdict, the champion at its threshold (the production policy
   * for the logged score) and the challenger at the one optimize chose on an earlier window; without such
   * a threshold, one verdict row saying why it was not judged.
   */
  private static List<GateRow> gateRows(AsOf asOf, Side champion, Side challenger, GateThresholds chosen,
      Settings settings) {
    Window window = Window.of(asOf);
    String notJudged = chosen.challenger() == null ? chosen.why() : settings.get(Keys.BOOTSTRAP) == 0
        ? "--bootstrap 0 leaves the criteria without the intervals they are judged by" : null;
    if (notJudged != null) {
      return List.of(new GateRow(window, champion.name(), challenger.name(), GATE_VERDICT, chosen.champion(),
          chosen.challenger(), chosen.chosenAsOf(), null, null, Figure.point(null), null, null, false, notJudged));
    }
    CostModel costs = Keys.costModel(settings);
    double confidence = settings.get(Keys.CONFIDENCE);
    Policy championPolicy = chosen.champion() == null ? Policy.production()
        : new Policy(champion.name(), null, chosen.champion());
    PolicyEstimate championEstimate = PolicyEstimate.of(championPolicy, champion.grid(), champion.sums(),
        champion.grid(), champion.replicateSums(), Estimator.IPS, costs, null);
    PolicyEstimate challengerEstimate = PolicyEstimate.of(new Policy(challenger.name(), null, chosen.challenger()),
        challenger.grid(), challenger.sums(), challenger.grid(), challenger.replicateSums(), Estimator.IPS, costs, null);
    List<GateRow> rows = new ArrayList<>();
    boolean all = true;
    for (PromotionGate.Judgement j : PromotionGate.judge(championEstimate, challengerEstimate, confidence,
        settings.get(Keys.GATE_FALSE_BLOCK_MARGIN), settings.get(Keys.GATE_RECALL_MARGIN))) {
      all &= j.passed();
      rows.add(new GateRow(window, champion.name(), challenger.name(), j.criterion().columnValue(), chosen.champion(),
          chosen.challenger(), chosen.chosenAsOf(), j.champion(), j.challenger(), Figure.of(j.improvement(),
          j.interval()), j.lowerBound(), j.margin(), j.passed(), String.format("improvement %s, lower bound %s"
          + " against %s", j.improvement(), j.lowerBound(), j.margin() == 0 ? "0" : "-" + j.margin())));
    }
    boolean passed = all;
    rows.add(new GateRow(window, champion.name(), challenger.name(), GATE_VERDICT, chosen.champion(),
        chosen.challenger(), chosen.chosenAsOf(), null, null, Figure.point(null), null, null, passed,
        passed ? "every criterion passed" : "not every criterion passed: the challenger stays a challenger"));
    return rows;
  }

  private Side side(String name, Dataset<Row> labeled, String modelId, AsOf asOf, Settings settings,
      Double gateThreshold) {
    Dataset<Row> window = Evaluator.scoredWindow(store, steps, labeled, modelId, asOf);
    // Thresholds at the model's own score quantiles, so any block rate has a threshold near it.
    ScoreProfile profile = steps.run("profile " + name + " scores", () -> ScoreProfile.of(window,
        QUANTILE_THRESHOLDS));
    if (profile.decisions() == 0) {
      throw Evaluator.emptyWindow(labeled, asOf);
    }
    List<Double> thresholds = new ArrayList<>(profile.quantiles());
    thresholds.add(profile.minScore());
    if (gateThreshold != null) {
      thresholds.add(gateThreshold);
    }
    ThresholdGrid grid = ThresholdGrid.of(thresholds);
    WindowPass.Bootstrap bootstrap = new WindowPass.Bootstrap(grid, settings.get(Keys.BOOTSTRAP),
        settings.get(Keys.BOOTSTRAP_SEED), settings.get(Keys.BOOTSTRAP_UNIT).column());
    // Only IPS is compared: no weight is clipped.
    WindowPass.Result pass = steps.run("aggregate " + name + " with bootstrap", () -> WindowPass.run(window, grid,
        List.of(), Double.POSITIVE_INFINITY, 1, bootstrap));
    asOf.requireLabelledBy(pass.labelsAsOf(), asOf.window());
    SliceBuckets all = pass.slices().get(Slice.ALL);
    List<ConfusionMatrix> curve = new ArrayList<>();
    List<BucketStats> blocked = new ArrayList<>();
    for (PolicyCurve.Point point : PolicyCurve.points(grid, all)) {
      curve.add(ConfusionMatrix.of(point.blocked(), point.passed(), Estimator.IPS));
      blocked.add(point.blocked());
    }
    ReplicateSums replicateSums = pass.replicates().get(Slice.ALL);
    return new Side(name, grid, curve, blocked, all.total(), all, replicateSums,
        BootstrapIntervals.replicateCurves(grid, replicateSums, Keys.costModel(settings)));
  }

  private List<ModelComparisonRow> atThresholds(AsOf asOf, Side champion, Side challenger, String operatingPoint,
      Double target, int championK, int challengerK, double confidence) {
    List<ModelComparisonRow> rows = new ArrayList<>();
    rows.add(row(asOf, champion, challenger, operatingPoint, target, "precision", championK, challengerK,
        curve -> curve.get(0).precision(), confidence));
    rows.add(row(asOf, champion, challenger, operatingPoint, target, "recall", championK, challengerK,
        curve -> curve.get(0).recall(), confidence));
    return rows;
  }

  /**
   * One row: {@code metric} applied to each side's curve (the single point at its threshold, or the
   * whole curve when the thresholds are null), in the data and in every replicate.
   */
  private ModelComparisonRow row(AsOf asOf, Side champion, Side challenger, String operatingPoint, Double target, String metricName,
      Integer championK, Integer challengerK, Function<List<ConfusionMatrix>, Double> metric, double confidence) {
    Double championValue = metric.apply(part(champion.curve(), championK, champion.grid()));
    Double challengerValue = metric.apply(part(challenger.curve(), challengerK, challenger.grid()));
    int replicates = champion.replicates().size();
    Double[] differences = new Double[replicates];
    for (int r = 0; r < replicates; r++) {
      Double a = metric.apply(part(champion.replicates().get(r), championK, champion.grid()));
      Double b = metric.apply(part(challenger.replicates().get(r), challengerK, challenger.grid()));
      differences[r] = a == null || b == null ? null : b - a;
    }
    Double difference = championValue == null || challengerValue == null ? null : challengerValue - championValue;
    Interval interval = Interval.of(differences, difference, confidence);
    String verdict = interval == null ? "undefined" : interval.lo() > 0 ? "challenger higher"
        : interval.hi() < 0 ? "champion higher" : "no distinguishable difference";
    return new ModelComparisonRow(Window.of(asOf), champion.name(), challenger.name(), operatingPoint, target,
        metricName, championK == null ? null : champion.grid().threshold(championK),
        challengerK == null ? null : challenger.grid().threshold(challengerK),
        championK == null ? null : champion.blockRate(championK),
        challengerK == null ? null : challenger.blockRate(challengerK), championValue, challengerValue,
        Figure.of(difference, interval), verdict, champion.lowPropensityShare(championK),
        challenger.lowPropensityShare(challengerK));
  }

  /** The curve's point at threshold k, or its threshold points (without production) for the whole curve. */
  private static List<ConfusionMatrix> part(List<ConfusionMatrix> curve, Integer k, ThresholdGrid grid) {
    return k == null ? curve.subList(0, grid.size()) : List.of(curve.get(k));
  }
}

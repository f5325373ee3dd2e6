package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.NotReadyException;
import org.cfeval.curve.BootstrapIntervals;
import org.cfeval.curve.NowcastReplicates;
import org.cfeval.curve.Policy;
import org.cfeval.curve.PolicyEstimate;
import org.cfeval.curve.Slice;
import org.cfeval.curve.SliceBuckets;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DataSpan;
import org.cfeval.labels.DayRange;
import org.cfeval.spark.Steps;
import org.cfeval.stats.CostModel;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.ReplicateSums;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.CohortNowcastRow;
import org.cfeval.tables.EvaluationWindowRow;
import org.cfeval.tables.PolicyCurveRow;
import org.cfeval.tables.Tables;
import org.cfeval.tables.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate step: over the matured window of {@code decisions_labeled}, estimates every policy
 * "block if score > t" of the threshold grid and the logged production policy, overall and per slice,
 * and writes {@code policy_curve} and {@code evaluation_windows} for the as-of date.
 *
 * <p>One pass over the window whatever the grid, the slices and the replicates ({@link WindowPass}),
 * preceded by a profile of the scores only when the grid follows the data ({@link ScoreProfile}).
 */
public final class Evaluator {
  private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

  /**
   * What an evaluate run produced: the grid, the per-slice bucket statistics, the window rows, when the
   * pass also summed the nowcast's cohorts, their sums (by {@link CohortNowcasts}' pass columns), and with
   * replicates and a delay model, each replicate's standard normal draw of the delay curve's error, which
   * the curve's and the nowcast's intervals share.
   */
  public record Result(AsOf asOf, ThresholdGrid grid, Map<Slice, SliceBuckets> slices, ThresholdGrid intervalGrid,
      Map<Slice, ReplicateSums> replicates, Map<Slice, BootstrapIntervals> intervals, List<PolicyCurveRow> curve,
      List<EvaluationWindowRow> windows, DelayModel delays, List<Estimator> estimators,
      Map<Slice, SliceBuckets> cohorts, double[] delayDraws) {
    public long curveRows() {
      return curve.size();
    }

    /** Fails, saying why, unless this run has {@code estimator}'s estimates (delay-adjusted ones need the model). */
    public void requireEstimator(Estimator estimator) {
      if (!estimators.contains(estimator)) {
        throw new NotReadyException(String.format("estimator: there is no %s estimate as of %s: %s",
            estimator.columnValue(), asOf.date(), delays.whyNotAdjusted()));
      }
    }

    public SliceBuckets overall() {
      return slices.get(Slice.ALL);
    }

    /**
     * {@code policy} on {@code slice} of these sums by {@code estimator}, with its replicates when the slice
     * has them; fails if the run has no such estimate (a delay-adjusted one without a delay model).
     */
    public PolicyEstimate estimate(Policy policy, Slice slice, Estimator estimator, CostModel costs) {
      return estimate(policy, slices.get(slice), replicates == null ? null : replicates.get(slice), estimator, costs);
    }

    /** The same on any sums of this run's grids (a slice value's complement, say) and their replicates. */
    public PolicyEstimate estimate(Policy policy, SliceBuckets sums, ReplicateSums sumsReplicates, Estimator estimator,
        CostModel costs) {
      requireEstimator(estimator);
      return PolicyEstimate.of(policy, grid, sums, intervalGrid, sumsReplicates, estimator, costs,
          delayDraws == null ? null : delays.windowScale(delayDraws));
    }
  }

  private final SparkSession spark;
  private final DeltaStore store;
  private final Steps steps;

  public Evaluator(SparkSession spark, DeltaStore store, Steps steps) {
    this.spark = spark;
    this.store = store;
    this.steps = steps;
  }

  /**
   * Estimates the as-of date's window of decisions_labeled and replaces that date's rows of both tables
   * for the same scores (the logged ones, or --model-id's), leaving other models' rows alone.
   */
  public Result run(Settings settings) {
    return run(settings, List.of(), List.of());
  }

  /**
   * {@link #run(Settings)}, also summing {@code breakdownColumns} in the same pass (see estimate) and
   * {@code resampledColumns} with their bootstrap replicates (fairness's), the nowcast's cohorts and the
   * delay histogram: one read of the span writes every table.
   */
  public Result run(Settings settings, List<String> breakdownColumns, List<String> resampledColumns) {
    Result result = estimate(store.read(Tables.DECISIONS_LABELED), settings, breakdownColumns, resampledColumns,
        true);
    LocalDate asOf = result.asOf().date();
    String sameScores = sameScores(settings);
    if (result.delays().complete()) {
      // The delay model does not depend on the scores: the logged score's run writes it.
      if (settings.get(Keys.MODEL_ID).isEmpty()) {
        steps.run("write label_delay", () -> store.replaceAsOf(Tables.LABEL_DELAY,
            Tables.LABEL_DELAY.frame(spark, result.delays().rows(settings.get(Keys.CONFIDENCE))), asOf));
      }
      List<CohortNowcastRow> nowcast = CohortNowcasts.rows(result, settings);
      if (!nowcast.isEmpty()) {
        steps.run("write cohort_nowcast", () -> store.replaceAsOf(Tables.COHORT_NOWCAST,
            Tables.COHORT_NOWCAST.frame(spark, nowcast), asOf, sameScores));
      }
    }
    steps.run("write policy_curve", () -> store.replaceAsOf(Tables.POLICY_CURVE,
        Tables.POLICY_CURVE.frame(spark, result.curve()), asOf, sameScores));
    steps.run("write evaluation_windows", () -> store.replaceAsOf(Tables.EVALUATION_WINDOWS,
        Tables.EVALUATION_WINDOWS.frame(spark, result.windows()), asOf, sameScores));
    return result;
  }

  /** The condition selecting a table's rows for the same scores as this run's (--model-id, or the logged ones). */
  public static String sameScores(Settings settings) {
    String modelId = settings.get(Keys.MODEL_ID);
    return modelId.isEmpty() ? Tables.MODEL_ID + " IS NULL"
        : String.format("%s = '%s'", Tables.MODEL_ID, modelId.replace("'", "''"));
  }

  /** Everything evaluate computes from {@code labeled} (rows of decisions_labeled), without writing it. */
  public Result estimate(Dataset<Row> labeled, Settings settings) {
    return estimate(labeled, settings, List.of());
  }

  /**
   * {@link #estimate(Dataset, Settings)}, with {@code breakdownColumns} summed per value in the same pass
   * (in {@code slices} of the result, for optimize's error breakdown) but given no curve or window rows
   * and no bootstrap replicates.
   */
  public Result estimate(Dataset<Row> labeled, Settings settings, List<String> breakdownColumns) {
    return estimate(labeled, settings, breakdownColumns, List.of(), false);
  }

  /**
   * The same, with {@code resampledColumns} summed with replicates like slices, and {@code nowcast}: the pass
   * also sums the cohorts, whose nowcast needs a delay model that adjusts estimates.
   */
  private Result estimate(Dataset<Row> labeled, Settings settings, List<String> breakdownColumns,
      List<String> resampledColumns, boolean nowcast) {
    AsOf asOf = AsOf.of(settings);
    List<String> sliceColumns = settings.get(Keys.SLICES);
    // Columns with replicates first (the pass keeps them for its first columns), then the breakdown's.
    List<String> passColumns = new ArrayList<>(sliceColumns);
    resampledColumns.stream().filter(c -> !passColumns.contains(c)).forEach(passColumns::add);
    int replicatedColumns = passColumns.size();
    breakdownColumns.stream().filter(c -> !passColumns.contains(c)).forEach(passColumns::add);
    requireSlices(List.of(labeled.columns()), Tables.DECISIONS_LABELED.name(), settings);
    String modelId = settings.get(Keys.MODEL_ID);
    double confidence = settings.get(Keys.CONFIDENCE);
    int horizon = settings.get(Keys.LABEL_HORIZON_DAYS);
    DayRange days = nowcast ? asOf.windowToAsOf() : asOf.window();
    // Score bands of the delay model are the logged score's, whichever scores the curve.
    Dataset<Row> logged = labeled.withColumn(DelayModel.LOGGED_SCORE, col(DecisionLog.SCORE));
    Dataset<Row> scored = scored(store, steps, logged, modelId, asOf, days);
    Dataset<Row> window = scored.filter(asOf.inWindow());
    ThresholdGrid grid = grid(window, settings, labeled, asOf);
    // One read of the delay model's span: the pass's days with every column the pass sums, the span's other
    // days with the histogram's alone, in one union that the pass reads once.
    DayRange span = DelayModel.span(asOf, horizon);
    Dataset<Row> passRows = (nowcast ? CohortNowcasts.withCohortColumns(scored, sliceColumns) : scored)
        .unionByName(LabelDelays.histogramColumns(logged.filter(span.contains().and(not(days.contains()))),
            settings), true);
    WindowPass.Beyond beyond = nowcast ? CohortNowcasts.beyond(asOf, sliceColumns, settings.get(Keys.MAX_SLICE_VALUES))
        : WindowPass.Beyond.none();
    WindowPass.Delays delayPart = new WindowPass.Delays(asOf, horizon, days.contains(),
        col(DelayModel.LOGGED_SCORE), settings.get(Keys.DELAY_STRATA), LabelDelays.scoreBins(settings), confidence,
        histogram -> LabelDelays.estimate(histogram, settings));

    int replicates = settings.get(Keys.BOOTSTRAP);
    WindowPass.Bootstrap bootstrap = replicates == 0 ? null : new WindowPass.Bootstrap(
        BootstrapIntervals.intervalGrid(grid, settings.get(Keys.INTERVAL_THRESHOLDS), settings.get(Keys.THRESHOLDS)),
        replicates, settings.get(Keys.BOOTSTRAP_SEED), settings.get(Keys.BOOTSTRAP_UNIT).column(),
        replicatedColumns);
    String step = String.format("aggregate %d thresholds, slices %s", grid.size(), passColumns)
        + (bootstrap == null ? "" : String.format(", %d bootstrap replicates at %d thresholds", replicates,
            bootstrap.grid().size()))
        + (nowcast ? ", cohorts " + days : "") + ", delay histogram of " + span;
    WindowPass.Result pass = steps.run(step, () -> WindowPass.run(passRows, grid, passColumns,
        settings.get(Keys.CLIP_WEIGHT), settings.get(Keys.MAX_SLICE_VALUES), bootstrap, beyond, delayPart));
    DelayModel delays = pass.delays();
    boolean adjusted = delays.adjusts(asOf.maturityDays());
    List<Estimator> estimators = Stream.of(Estimator.values()).filter(e -> adjusted || !e.delayAdjusted()).toList();
    if (pass.decisions() == 0) {
      throw emptyWindow(labeled, asOf);
    }
    LOG.info("evaluate: {} decisions in [{}, {}); the pass read {} rows of {}", pass.decisions(),
        asOf.windowStart(), asOf.windowEnd(), pass.rowsRead(), span);
    asOf.requireLabelledBy(pass.labelsAsOf(), days);
    // Curve and window rows for the whole window and the --slices columns, not the breakdown-only ones.
    Map<Slice, SliceBuckets> reported = new TreeMap<>(pass.slices());
    reported.keySet().removeIf(slice -> !slice.equals(Slice.ALL) && !sliceColumns.contains(slice.key()));
    CostModel costs = Keys.costModel(settings);
    long started = System.nanoTime();
    double[] delayDraws = bootstrap == null || !adjusted ? null
        : NowcastReplicates.delayDraws(bootstrap.seed(), replicates);
    double[] eventualScale = delayDraws == null ? null : delays.windowScale(delayDraws);
    List<Estimator> resampled = estimators.stream().filter(Estimator::resampled).toList();
    // Slices are independent: on the driver's cores in parallel, each slice's intervals the same either way.
    Map<Slice, BootstrapIntervals> intervals = pass.replicates().entrySet().parallelStream()
        .filter(entry -> reported.containsKey(entry.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> BootstrapIntervals.of(bootstrap.grid(),
            entry.getValue(), grid, pass.slices().get(entry.getKey()), costs, confidence, resampled, eventualScale),
            (a, b) -> a, TreeMap::new));
    if (bootstrap != null) {
      LOG.info("evaluate: intervals of {} slice values from {} replicates in {} s", intervals.size(), replicates,
          String.format("%.1f", (System.nanoTime() - started) / 1e9));
    }
    EvaluationRows.Scope scope = new EvaluationRows.Scope(Window.of(asOf), modelId.isEmpty() ? null : modelId);
    List<PolicyCurveRow> curve = EvaluationRows.curveRows(scope, grid, reported, intervals, costs, settings.get(Keys.MIN_ESS),
        estimators);
    List<EvaluationWindowRow> windows = EvaluationRows.windowRows(scope, reported, settings.get(Keys.LOGGING_HEALTH_MAX_Z),
        pass.labelsAsOf(), adjusted);
    Map<Slice, SliceBuckets> windowSlices = new TreeMap<>(pass.slices());
    Map<Slice, SliceBuckets> cohortSlices = new TreeMap<>(pass.slices());
    windowSlices.keySet().removeIf(slice -> beyond.columns().contains(slice.key()));
    cohortSlices.keySet().removeIf(slice -> !beyond.columns().contains(slice.key()));
    return new Result(asOf, grid, windowSlices, bootstrap == null ? null : bootstrap.grid(), pass.replicates(),
        intervals, curve, windows, delays, estimators, cohortSlices, delayDraws);
  }

  /**
   * The explicit thresholds, plus --threshold-count evenly spaced over --score-range (or the window's
   * scores), plus the window's --threshold-quantiles. Profiles the scores only when it must.
   */
  private ThresholdGrid grid(Dataset<Row> window, Settings settings, Dataset<Row> labeled, AsOf asOf) {
    List<Double> thresholds = new ArrayList<>(settings.get(Keys.THRESHOLDS));
    List<Double> range = settings.get(Keys.SCORE_RANGE);
    int count = settings.get(Keys.THRESHOLD_COUNT);
    int quantiles = settings.get(Keys.THRESHOLD_QUANTILES);
    if (quantiles > 0 || (count > 0 && range.isEmpty())) {
      ScoreProfile profile = steps.run("profile scores", () -> ScoreProfile.of(window, quantiles));
      if (profile.decisions() == 0) {
        throw emptyWindow(labeled, asOf);
      }
      if (range.isEmpty()) {
        range = List.of(profile.minScore(), profile.maxScore());
      }
      thresholds.addAll(profile.quantiles());
    }
    if (count > 0) {
      thresholds.addAll(ThresholdGrid.evenlySpaced(range.get(0), range.get(1), count));
    }
    return ThresholdGrid.of(thresholds);
  }

  /** The as-of date's window of {@code labeled}, scored as {@link #scored} says. */
  public static Dataset<Row> scoredWindow(DeltaStore store, Steps steps, Dataset<Row> labeled, String modelId, AsOf asOf) {
    return scored(store, steps, labeled, modelId, asOf, asOf.window());
  }

  /**
   * The decisions of {@code days} in {@code labeled}, outcomes as of A ({@link AsOf#outcome}), with each
   * decision's score replaced by the model's from model_scores unless {@code modelId} is empty; every
   * decision must have one (none is dropped), else the run fails, saying which score run is missing.
   */
  static Dataset<Row> scored(DeltaStore store, Steps steps, Dataset<Row> labeled, String modelId, AsOf asOf,
      DayRange days) {
    Dataset<Row> decisions = labeled.filter(days.contains()).withColumn(Tables.OUTCOME, asOf.outcome());
    if (modelId.isEmpty()) {
      return decisions;
    }
    String modelScore = "_model_score";
    String scoreRun = String.format("run score --model-id %s --as-of %s first", modelId, asOf.date());
    if (!store.exists(Tables.MODEL_SCORES)) {
      throw new NotReadyException("there is no model_scores table yet: " + scoreRun);
    }
    Dataset<Row> scores = store.read(Tables.MODEL_SCORES).filter(col(Tables.MODEL_ID).equalTo(modelId))
        .select(col(DecisionLog.DECISION_ID), col(DecisionLog.SCORE).as(modelScore));
    Dataset<Row> joined = decisions.join(scores, decisions.col(DecisionLog.DECISION_ID).equalTo(
        scores.col(DecisionLog.DECISION_ID)), "left").drop(scores.col(DecisionLog.DECISION_ID));
    long unscored = steps.run("check model scores", () -> joined.filter(col(modelScore).isNull()).count());
    if (unscored > 0) {
      throw new NotReadyException(String.format("%d decisions of %s have no score from model '%s' in model_scores:"
          + " %s", unscored, days, modelId, scoreRun));
    }
    return joined.withColumn(DecisionLog.SCORE, col(modelScore)).drop(modelScore);
  }

  /** Why the window of {@code labeled} holds no decision, as the exception to throw. */
  static RuntimeException emptyWindow(Dataset<Row> labeled, AsOf asOf) {
    return DataSpan.of(labeled, Tables.DECISIONS_LABELED.name()).whyEmpty(asOf);
  }

  /** Fails naming --slices or --delay-strata and the first column not in {@code present} (the columns of {@code where}). */
  public static void requireSlices(List<String> present, String where, Settings settings) {
    Contract.requireColumns(present, where, Keys.SLICES.name(), settings.get(Keys.SLICES));
    Contract.requireColumns(present, where, Keys.DELAY_STRATA.name(), settings.get(Keys.DELAY_STRATA));
  }
}

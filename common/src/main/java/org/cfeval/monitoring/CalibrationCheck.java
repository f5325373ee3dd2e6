package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.evaluation.DelayModel;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.labels.AsOf;
import org.cfeval.spark.Steps;
import org.cfeval.stats.CalibrationEstimate;
import org.cfeval.stats.CalibrationEstimate.Metric;
import org.cfeval.stats.CalibrationSums;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Multiplicities;
import org.cfeval.tables.CalibrationRow;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Figure;
import org.cfeval.tables.Tables;
import org.cfeval.tables.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The calibration step: on the matured window, the logged score as a probability (with --score-scale)
 * and every model of model_scores that scored the whole window, overall and per --slices value,
 * {@link CalibrationEstimate}'s bins and summaries. Two passes whatever the models and slices: each
 * model's quantiles of its probability (the bins' edges, the same for every slice), then one
 * aggregation of every model's and slice value's {@link CalibrationSums} with the bootstrap
 * replicates of evaluate (same seed and resampling unit).
 */
public final class CalibrationCheck {
  private static final Logger LOG = LoggerFactory.getLogger(CalibrationCheck.class);
  /**
   * The fine bins' edges besides the reported bins': a quarter apart in logit between the clip points.
   * The slope is fitted on the fine bins, each at its mean logit, which is close to exact only where a
   * bin's logits are close (quantile bins alone leave the sparse high-probability tail, where the fit is
   * decided, in one or two wide bins: 0.11 off MLlib's slope on the decisions of a simulated world).
   */
  private static final List<Double> LOGIT_EDGES = logitEdges(0.25);
  private static final int QUANTILE_ACCURACY = 10_000;
  private static final String MODEL = "_model";
  private static final String PROBABILITY = "_probability";

  /** What a run judged: its rows, and the models of model_scores left out for not scoring the whole window. */
  public record Result(List<CalibrationRow> rows, List<String> skipped) {}

  private CalibrationCheck() {}

  /** Computes calibration and replaces the as-of date's rows of the table. */
  public static Result run(SparkSession spark, DeltaStore store, Settings settings, Steps steps, DelayModel delays) {
    Result result = compute(store.read(Tables.DECISIONS_LABELED), store, settings, steps, delays);
    steps.run("write calibration", () -> store.replaceAsOf(Tables.CALIBRATION,
        Tables.CALIBRATION.frame(spark, result.rows()), settings.get(Keys.AS_OF)));
    return result;
  }

  /**
   * The calibration of {@code labeled}'s window; {@code delays} (null: none) adjusts fraud for reports
   * still to come when it has a complete curve.
   */
  public static Result compute(Dataset<Row> labeled, DeltaStore store, Settings settings, Steps steps,
      DelayModel delays) {
    AsOf asOf = AsOf.of(settings);
    double confidence = settings.get(Keys.CONFIDENCE);
    boolean adjusted = delays != null && delays.adjusts(asOf.maturityDays());
    Dataset<Row> window = Evaluator.scoredWindow(store, steps, adjusted ? delays.withInflation(labeled, confidence)
        : labeled, "", asOf);
    List<String> slices = settings.get(Keys.SLICES);
    Contract.requireColumns(List.of(labeled.columns()), Tables.DECISIONS_LABELED.name(), Keys.SLICES.name(), slices);
    int replicates = settings.get(Keys.BOOTSTRAP);
    String unit = settings.get(Keys.BOOTSTRAP_UNIT).column();

    List<Column> shared = new ArrayList<>(List.of(
        col(DecisionLog.ACTION).equalTo(DecisionLog.ALLOW)
            .and(col(Tables.OUTCOME).isin(Tables.FRAUD, Tables.LEGIT)).as("labelled"),
        col(DecisionLog.P_ALLOW),
        when(col(Tables.OUTCOME).equalTo(Tables.FRAUD), adjusted ? col(DelayModel.INFLATION) : lit(1.0))
            .otherwise(lit(0.0)).as("fraud"),
        replicates == 0 ? lit(null).cast(DataTypes.StringType) : col(Contract.quote(unit)).cast(DataTypes.StringType)));
    slices.forEach(s -> shared.add(col(Contract.quote(s)).cast(DataTypes.StringType)));
    List<Dataset<Row>> parts = new ArrayList<>();
    Double scale = settings.find(Keys.SCORE_SCALE).orElse(null);
    if (scale != null) {
      parts.add(window.select(columns(lit(null).cast(DataTypes.StringType),
          col(DecisionLog.SCORE).divide(scale), shared)));
    }
    if (store.exists(Tables.MODEL_SCORES)) {
      Dataset<Row> scores = store.read(Tables.MODEL_SCORES).select(col(DecisionLog.DECISION_ID).as("_scored_id"),
          col(Tables.MODEL_ID).as(MODEL), col(DecisionLog.SCORE).as(PROBABILITY));
      Dataset<Row> joined = window.join(scores, col(DecisionLog.DECISION_ID).equalTo(col("_scored_id")));
      parts.add(joined.select(columns(col(MODEL), col(PROBABILITY), shared)));
    }
    if (parts.isEmpty()) {
      return new Result(List.of(), List.of());
    }
    Dataset<Row> rows = parts.stream().reduce(Dataset::unionAll).orElseThrow();

    int bins = settings.get(Keys.CALIBRATION_BINS);
    long decisions = steps.run("calibration: decisions in " + asOf.window(), window::count);
    Map<String, Bins> edges = new HashMap<>();
    List<String> skipped = new ArrayList<>();
    String step = String.format("calibration: %d quantiles of each score's probability", bins - 1);
    for (Row model : steps.run(step, () -> quantiles(rows, bins))) {
      String id = model.getString(0);
      String source = id == null ? String.format("score / --score-scale %s", scale) : "model_scores of model '" + id + "'";
      if (model.getDouble(3) < 0 || model.getDouble(4) > 1 || model.getLong(5) > 0) {
        throw new ContractException(String.format("calibration: %s is not a probability in [0, 1] on every decision of"
            + " %s: it ranges from %s to %s, with %d NaN or null", source, asOf.window(), model.getDouble(3),
            model.getDouble(4), model.getLong(5)));
      }
      if (model.getLong(1) < decisions) {
        skipped.add(String.format("%s (%,d of %,d decisions scored)", id, model.getLong(1), decisions));
        continue;
      }
      List<Double> fine = new ArrayList<>(model.<Double>getList(2));
      fine.addAll(LOGIT_EDGES);
      edges.put(id, new Bins(ThresholdGrid.of(fine), ThresholdGrid.of(model.<Double>getList(2))));
    }
    if (!skipped.isEmpty()) {
      LOG.warn("calibration: left out models that did not score the whole window {}: {}", asOf.window(), skipped);
    }
    long seed = settings.get(Keys.BOOTSTRAP_SEED);
    Map<Key, CalibrationSums> sums;
    try {
      sums = new TreeMap<>(steps.run(String.format("calibration: sums of %d models, slices %s, %d replicates",
          edges.size(), slices, replicates), () -> rows.filter(col(MODEL).isNull().or(col(MODEL).isin(
              edges.keySet().stream().filter(id -> id != null).toArray())))
          .javaRDD()
          .mapPartitionsToPair(partition -> accumulate(partition, edges, slices, replicates, seed))
          .reduceByKey(CalibrationSums::merge)
          .collectAsMap()));
    } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
      throw ContractException.unwrap(e);
    }
    Window scope = Window.of(asOf);
    Estimator estimator = adjusted ? Estimator.IPS_DELAY_ADJUSTED : Estimator.IPS;
    double minEss = settings.get(Keys.MIN_ESS);
    List<CalibrationRow> out = new ArrayList<>();
    sums.forEach((key, slice) -> out.addAll(rows(scope, key, estimator, edges.get(key.model()), slice.checkExact(),
        confidence, minEss)));
    return new Result(out, skipped);
  }

  private static List<Double> logitEdges(double step) {
    double end = Math.log((1 - CalibrationSums.CLIP) / CalibrationSums.CLIP);
    List<Double> edges = new ArrayList<>();
    for (double logit = -end; logit <= end; logit += step) {
      edges.add(1 / (1 + Math.exp(-logit)));
    }
    return edges;
  }

  private static Column[] columns(Column model, Column probability, List<Column> shared) {
    List<Column> columns = new ArrayList<>(List.of(model.as(MODEL), probability.cast(DataTypes.DoubleType).as(PROBABILITY)));
    columns.addAll(shared);
    return columns.toArray(Column[]::new);
  }

  /** Per model: decisions, the quantiles, the lowest and highest probability, and the NaN or null ones. */
  private static List<Row> quantiles(Dataset<Row> rows, int bins) {
    Column[] probabilities = new Column[bins - 1];
    for (int i = 1; i < bins; i++) {
      probabilities[i - 1] = lit((double) i / bins);
    }
    Column p = col(PROBABILITY);
    Column valid = p.isNotNull().and(not(isnan(p)));
    // Each score's rows in one task, in order of probability: the same sketch, so the same edges, however
    // the input is partitioned (on a cluster as in one JVM).
    return rows.repartition(col(MODEL)).sortWithinPartitions(col(MODEL), p).groupBy(col(MODEL))
        .agg(count(lit(1)), percentile_approx(when(valid, p), array(probabilities), lit(QUANTILE_ACCURACY)),
            coalesce(min(when(valid, p)), lit(0.0)), coalesce(max(when(valid, p)), lit(0.0)), count_if(not(valid)))
        .collectAsList();
  }

  /** A score's reported bins, and the fine ones nested in them. */
  record Bins(ThresholdGrid fine, ThresholdGrid reported) implements Serializable {}

  /** A model's (null: the logged score's) sums on a slice value. */
  record Key(String model, String sliceKey, String sliceValue) implements Comparable<Key>, Serializable {
    @Override
    public int compareTo(Key other) {
      Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
      return Comparator.comparing(Key::model, nullsFirst).thenComparing(Key::sliceKey, nullsFirst)
          .thenComparing(Key::sliceValue, nullsFirst).compare(this, other);
    }
  }

  private static Iterator<Tuple2<Key, CalibrationSums>> accumulate(Iterator<Row> rows, Map<String, Bins> edges,
      List<String> slices, int replicates, long seed) {
    Map<Key, CalibrationSums> sums = new HashMap<>();
    double[] multiplicities = replicates == 0 ? null : new double[replicates];
    while (rows.hasNext()) {
      Row row = rows.next();
      String model = row.getString(0);
      ThresholdGrid grid = edges.get(model).fine();
      double p = row.getDouble(1);
      int bin = grid.bucketOf(p);
      boolean labelled = row.getBoolean(2);
      if (labelled && multiplicities != null) {
        if (row.isNullAt(5)) {
          throw new ContractException("calibration: the resampling unit (--bootstrap-unit) is null on a labelled decision");
        }
        Multiplicities.fill(seed, Multiplicities.hash(row.getString(5).getBytes(StandardCharsets.UTF_8)),
            multiplicities);
      }
      for (int s = -1; s < slices.size(); s++) {
        Key key = s < 0 ? new Key(model, Tables.ALL, Tables.ALL) : new Key(model, slices.get(s), row.getString(6 + s));
        CalibrationSums into = sums.computeIfAbsent(key, k -> new CalibrationSums(grid.buckets(), replicates));
        into.count(bin, p);
        if (labelled) {
          into.addLabelled(bin, p, 1 / row.getDouble(3), row.getDouble(4), multiplicities);
        }
      }
    }
    List<Tuple2<Key, CalibrationSums>> out = new ArrayList<>();
    sums.forEach((key, value) -> out.add(new Tuple2<>(key, value)));
    return out.iterator();
  }

  /** The table's rows of one model on one slice value: its bins, then its summaries. */
  static List<CalibrationRow> rows(Window scope, Key key, Estimator estimator, Bins edges, CalibrationSums sums,
      double confidence, double minEss) {
    ThresholdGrid coarse = edges.reported();
    CalibrationEstimate estimate = CalibrationEstimate.of(sums, edges.fine().bucketsIn(coarse), coarse.buckets(),
        confidence);
    List<CalibrationRow> rows = new ArrayList<>();
    long decisions = 0;
    long labelled = 0;
    double weight = 0;
    double predicted = 0;
    for (int j = 0; j < estimate.bins().size(); j++) {
      CalibrationEstimate.Bin bin = estimate.bins().get(j);
      decisions += bin.decisions();
      labelled += bin.labelled();
      weight += bin.weight();
      predicted += bin.meanPredicted() * bin.decisions();
      rows.add(new CalibrationRow(scope, key.sliceKey(), key.sliceValue(), key.model(), estimator, "observed_fraud_rate",
          (long) j + 1, j == 0 ? null : coarse.threshold(j - 1), j == coarse.size() ? null : coarse.threshold(j),
          bin.meanPredicted(), Figure.of(bin.observed(), bin.interval()), bin.standardError(), bin.decisions(),
          bin.labelled(), bin.weight(), bin.ess(), bin.ess() < minEss));
    }
    for (Metric metric : Metric.values()) {
      CalibrationEstimate.Figure figure = estimate.summary(metric);
      rows.add(new CalibrationRow(scope, key.sliceKey(), key.sliceValue(), key.model(), estimator, metric.columnValue(),
          null, null, null, decisions == 0 ? null : predicted / decisions, Figure.of(figure.value(), figure.interval()),
          null, decisions, labelled, weight, null, null));
    }
    return rows;
  }
}

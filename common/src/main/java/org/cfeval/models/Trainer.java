package org.cfeval.models;

import static org.apache.spark.sql.functions.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.cfeval.config.Calibration;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.ModelFamily;
import org.cfeval.config.SelectionMetric;
import org.cfeval.config.Settings;
import org.cfeval.config.Weighting;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ModelMetrics.Estimate;
import org.cfeval.stats.ModelMetrics.Metric;
import org.cfeval.stats.ModelMetrics;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Figure;
import org.cfeval.tables.ModelRow;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train step: fits a Spark ML pipeline (numeric features as they are, categorical ones indexed and
 * one-hot encoded) on the matured labelled decisions of the training window, weighted 1/p_allow, tries
 * each hyperparameter setting of its family, keeps the one with the best weighted validation metric,
 * measures it on validation and on the blind test window with bootstrap intervals, saves it under the
 * warehouse and registers it in {@code models}.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  static final String LABEL = "_label";
  static final String FRAUD = "_fraud";
  static final String WEIGHT = "_weight";
  static final String VECTOR = "_features";
  public static final String PROBABILITY = "_probability";
  /** The isotonic stage's output, when the model is calibrated. */
  static final String CALIBRATED = "_calibrated_probability";

  /** What a train run registered. */
  public record Result(String modelId, String params, Map<Metric, Estimate> validation, Map<Metric, Estimate> test,
      long trainRows, String path) {}

  private final SparkSession spark;
  private final DeltaStore store;
  private final Steps steps;

  public Trainer(SparkSession spark, DeltaStore store, Steps steps) {
    this.spark = spark;
    this.store = store;
    this.steps = steps;
  }

  /** Fails unless --features or --categorical-features names a column. */
  public static void requireFeatures(Settings settings) {
    if (settings.get(Keys.FEATURES).isEmpty() && settings.get(Keys.CATEGORICAL_FEATURES).isEmpty()) {
      throw new ConfigException("features: none given; set --features and/or --categorical-features");
    }
  }

  public Result train(Settings settings) {
    TrainingWindows windows = TrainingWindows.of(settings);
    ModelFamily family = settings.get(Keys.MODEL_FAMILY);
    Weighting weighting = settings.get(Keys.WEIGHTING);
    List<String> numeric = settings.get(Keys.FEATURES);
    List<String> categorical = settings.get(Keys.CATEGORICAL_FEATURES);
    requireFeatures(settings);
    String modelId = settings.get(Keys.MODEL_ID).isEmpty()
        ? String.format("%s-%s-%s", name(family), name(weighting), settings.get(Keys.AS_OF))
        : settings.get(Keys.MODEL_ID);
    AsOf asOf = AsOf.of(settings);
    Dataset<Row> decisions = store.read(Tables.DECISIONS_LABELED).withColumn(Tables.OUTCOME, asOf.outcome());
    Dataset<Row> labelled = labelled(decisions, weighting, numeric, categorical);

    Dataset<Row> train = labelled.filter(windows.train().contains()).persist(StorageLevel.MEMORY_AND_DISK());
    long[] counts = steps.run("count windows", () -> counts(labelled, windows));
    // Decisions older than the label horizon have all their chargebacks: any label run's view of them is final.
    LocalDate horizon = asOf.date().minusDays(settings.get(Keys.LABEL_HORIZON_DAYS));
    DayRange all = new DayRange(windows.train().start().isAfter(horizon) ? windows.train().start() : horizon,
        windows.test().end());
    asOf.requireLabelledBy(steps.run("oldest labels", () -> oldestLabelRun(decisions.filter(all.contains()))), all);
    requireBothClasses(windows.train(), "training", counts[0], counts[1]);
    requireBothClasses(windows.validation(), "validation", counts[2], counts[3]);
    LOG.info("train {}: {} labelled decisions ({} fraud) in training [{}, {}), {} in validation, {} in test",
        modelId, counts[0], counts[1], windows.train().start(), windows.train().end(), counts[2], counts[4]);

    SelectionMetric selection = settings.get(Keys.SELECTION_METRIC);
    long seed = settings.get(Keys.BOOTSTRAP_SEED);
    double confidence = settings.get(Keys.CONFIDENCE);
    String unit = settings.get(Keys.BOOTSTRAP_UNIT).column();
    Dataset<Row> validation = labelled.filter(windows.validation().contains());
    // Every decision of the validation window, blocked ones included: what a policy's cost is judged on.
    Dataset<Row> validationDecisions = decisions.filter(windows.validation().contains());
    List<Map<String, Object>> candidates = Hyperparameters.grid(family);
    PipelineModel best = null;
    Map<String, Object> bestParams = null;
    Double bestValue = null;
    for (Map<String, Object> params : candidates) {
      PipelineModel model = steps.run("fit " + params, () -> pipeline(family, params, numeric, categorical).fit(train));
      Double value = steps.run("validate " + params, () -> selection.modelMetric() == null
          ? ValidationCost.of(model, validationDecisions, settings)
          : ModelMetricsPass.run(scored(model, validation), PROBABILITY, FRAUD, WEIGHT, unit, 0, seed, confidence)
              .get(selection.modelMetric()).value());
      LOG.info("train {}: {} -> validation {} = {}", modelId, params, selection.column(), value);
      if (bestValue == null || (value != null && (selection.higherIsBetter() ? value > bestValue : value < bestValue))) {
        best = model;
        bestParams = params;
        bestValue = value;
      }
    }
    train.unpersist();
    Calibration calibration = settings.get(Keys.CALIBRATION);
    PipelineModel selected = best;
    PipelineModel chosen = calibration == Calibration.NONE ? selected
        : steps.run("fit isotonic calibration on validation", () -> calibrated(selected, validation));
    int replicates = settings.get(Keys.BOOTSTRAP);
    Map<Metric, Estimate> validationMetrics = steps.run("measure on validation", () -> ModelMetricsPass.run(
        scored(chosen, validation), PROBABILITY, FRAUD, WEIGHT, unit, replicates, seed, confidence));
    Map<Metric, Estimate> testMetrics = steps.run("measure on the blind test window", () -> ModelMetricsPass.run(
        scored(chosen, labelled.filter(windows.test().contains())), PROBABILITY, FRAUD, WEIGHT, unit, replicates, seed,
        confidence));

    String path = store.beside("model_artifacts/" + modelId);
    steps.run("save model", () -> {
      try {
        chosen.write().overwrite().save(path);
      } catch (java.io.IOException e) {
        throw new IllegalStateException("could not save the model to " + path + ": " + e.getMessage(), e);
      }
    });
    String params = json(bestParams);
    ModelRow row = new ModelRow(modelId, settings.get(Keys.AS_OF), name(family), params, (long) candidates.size(),
        selection.column(), String.join(",", numeric), String.join(",", categorical), name(weighting),
        name(calibration), windows.train().start(), windows.validation().start(), windows.test().start(),
        windows.test().end(), counts[0], counts[1], counts[2], counts[4], fitMetrics(validationMetrics),
        fitMetrics(testMetrics), path, Instant.now());
    steps.run("register in models", () -> store.merge(Tables.MODELS, Tables.MODELS.frame(spark, List.of(row))));
    return new Result(modelId, params, validationMetrics, testMetrics, counts[0], path);
  }

  private static ModelRow.FitMetrics fitMetrics(Map<Metric, Estimate> metrics) {
    Function<Metric, Figure> figure = metric -> Figure.of(metrics.get(metric).value(), metrics.get(metric).interval());
    return new ModelRow.FitMetrics(figure.apply(Metric.PR_AUC), figure.apply(Metric.ROC_AUC),
        figure.apply(Metric.BRIER), figure.apply(Metric.LOG_LOSS));
  }

  /** Matured labelled decisions with the label, the fraud flag and the weight the fit uses. */
  static Dataset<Row> labelled(Dataset<Row> decisionsLabeled, Weighting weighting, List<String> numeric,
      List<String> categorical) {
    List<String> present = List.of(decisionsLabeled.columns());
    Contract.requireColumns(present, Tables.DECISIONS_LABELED.name(), Keys.FEATURES.name(), numeric);
    Contract.requireColumns(present, Tables.DECISIONS_LABELED.name(), Keys.CATEGORICAL_FEATURES.name(), categorical);
    Column fraud = col(Tables.OUTCOME).equalTo(Tables.FRAUD);
    return decisionsLabeled.filter(col(Tables.OUTCOME).isin(Tables.FRAUD, Tables.LEGIT))
        .withColumn(FRAUD, fraud)
        .withColumn(LABEL, fraud.cast("double"))
        .withColumn(WEIGHT, weighting == Weighting.IPW ? col(Tables.IPW) : lit(1.0));
  }

  /**
   * The model's probability of fraud on {@code rows}, as column {@value #PROBABILITY}: the calibrated
   * one when the model ends in an isotonic stage, else the classifier's.
   */
  public static Dataset<Row> scored(PipelineModel model, Dataset<Row> rows) {
    Dataset<Row> transformed = model.transform(rows);
    Column probability = Arrays.asList(transformed.columns()).contains(CALIBRATED) ? col(CALIBRATED)
        : org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1);
    return transformed.withColumn(PROBABILITY, probability);
  }

  /**
   * {@code model} followed by an isotonic regression of the fraud label on its probability of fraud,
   * fitted on {@code validation} with the fit's weights: monotone, so the ranking is kept.
   */
  static PipelineModel calibrated(PipelineModel model, Dataset<Row> validation) {
    IsotonicRegression isotonic = new IsotonicRegression().setFeaturesCol("probability").setFeatureIndex(1)
        .setLabelCol(LABEL).setWeightCol(WEIGHT).setPredictionCol(CALIBRATED);
    return new Pipeline().setStages(new PipelineStage[] {model, isotonic}).fit(validation);
  }

  static Pipeline pipeline(ModelFamily family, Map<String, Object> params, List<String> numeric,
      List<String> categorical) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> inputs = new ArrayList<>(numeric);
    if (!categorical.isEmpty()) {
      String[] indexed = categorical.stream().map(c -> "_index_" + c).toArray(String[]::new);
      String[] encoded = categorical.stream().map(c -> "_onehot_" + c).toArray(String[]::new);
      stages.add(new StringIndexer().setInputCols(categorical.toArray(String[]::new)).setOutputCols(indexed)
          .setHandleInvalid("keep"));
      stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(encoded).setHandleInvalid("keep"));
      inputs.addAll(Arrays.asList(encoded));
    }
    stages.add(new VectorAssembler().setInputCols(inputs.toArray(String[]::new)).setOutputCol(VECTOR));
    stages.add(Hyperparameters.classifier(family, params));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  private static long[] counts(Dataset<Row> labelled, TrainingWindows windows) {
    Row row = labelled.agg(
        count(when(windows.train().contains(), lit(1))),
        count(when(windows.train().contains().and(col(FRAUD)), lit(1))),
        count(when(windows.validation().contains(), lit(1))),
        count(when(windows.validation().contains().and(col(FRAUD)), lit(1))),
        count(when(windows.test().contains(), lit(1)))).first();
    return new long[] {row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)};
  }

  /** The oldest labeled_as_of among {@code decisions}; null when there are none. */
  private static LocalDate oldestLabelRun(Dataset<Row> decisions) {
    Row row = decisions.agg(min(col(Tables.LABELED_AS_OF))).first();
    return row.isNullAt(0) ? null : row.getDate(0).toLocalDate();
  }

  private static void requireBothClasses(DayRange window, String name, long rows, long fraud) {
    if (fraud == 0 || fraud == rows) {
      throw new ContractException(String.format("the %s window [%s, %s) has %d labelled decisions, %d of them"
          + " fraud: it needs both fraud and legit; check --as-of, --maturity-days and the window lengths", name,
          window.start(), window.end(), rows, fraud));
    }
  }

  private static String json(Map<String, Object> params) {
    return params.entrySet().stream().map(e -> String.format("\"%s\":%s", e.getKey(), e.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }
}

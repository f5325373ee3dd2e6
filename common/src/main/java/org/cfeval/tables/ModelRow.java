package org.cfeval.tables;

import java.time.Instant;
import java.time.LocalDate;

/** A row of {@code models}. */
public record ModelRow(
    @Doc("id of the model") String modelId,
    @Doc("as-of date A of the train run") LocalDate asOfDate,
    @Doc("logistic, gbt or random_forest") String family,
    @Doc("the chosen hyperparameters, as JSON") String params,
    @Doc("hyperparameter settings tried on the validation window") Long candidates,
    @Doc("the weighted validation metric that chose them") String selectionMetric,
    @Doc("numeric feature columns, comma-separated") String features,
    @Doc("categorical feature columns, comma-separated") String categoricalFeatures,
    @Doc("ipw (weights 1/p_allow) or none") String weighting,
    @Doc("none, or isotonic (fitted on the validation window, so the validation metrics of a calibrated model are"
        + " optimistic; the test window's are not)") String calibration,
    @Doc("first day of the training window") LocalDate trainStart,
    @Doc("first day of the validation window, the day after training ends") LocalDate validationStart,
    @Doc("first day of the blind test window, the day after validation ends") LocalDate testStart,
    @Doc("day after the test window (exclusive): A - maturity-days") LocalDate testEnd,
    @Doc("labelled decisions the model was fitted on") Long nTrain,
    @Doc("labelled fraud among them") Long nTrainFraud,
    @Doc("labelled decisions in the validation window") Long nValidation,
    @Doc("labelled decisions in the test window") Long nTest,
    @Doc("on the validation window") FitMetrics validation,
    @Doc("on the blind test window") FitMetrics test,
    @Doc("where the fitted Spark ML PipelineModel is saved") String path,
    @Doc("when the train run finished, UTC") Instant createdAt) {

  /** A model's weighted metrics on one window (weights as 'weighting'); null where undefined. */
  public record FitMetrics(
      @Doc("weighted area under the precision-recall curve") Figure prAuc,
      @Doc("weighted area under the ROC curve") Figure rocAuc,
      @Doc("weighted Brier score") Figure brier,
      @Doc("weighted log loss") Figure logLoss) {}
}

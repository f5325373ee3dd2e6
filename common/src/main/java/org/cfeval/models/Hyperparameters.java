package org.cfeval.models;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.cfeval.config.ModelFamily;

/**
 * The hyperparameter settings train tries for each family (small on purpose: each is one fit), and
 * the MLlib classifier a setting makes. Every classifier reads the label, features and weight columns
 * of {@link Trainer}; tree ensembles use a fixed seed so a rerun fits the same model.
 */
final class Hyperparameters {
  private static final long SEED = 1;

  private Hyperparameters() {}

  static List<Map<String, Object>> grid(ModelFamily family) {
    return switch (family) {
      case LOGISTIC -> List.of(params("regParam", 0.0), params("regParam", 0.001), params("regParam", 0.01));
      case GBT -> List.of(params("maxDepth", 3, "maxIter", 40, "stepSize", 0.1),
          params("maxDepth", 5, "maxIter", 40, "stepSize", 0.1));
      case RANDOM_FOREST -> List.of(params("maxDepth", 6, "numTrees", 50), params("maxDepth", 10, "numTrees", 50));
    };
  }

  static PipelineStage classifier(ModelFamily family, Map<String, Object> params) {
    return switch (family) {
      case LOGISTIC -> new LogisticRegression().setMaxIter(100).setRegParam((Double) params.get("regParam"))
          .setLabelCol(Trainer.LABEL).setFeaturesCol(Trainer.VECTOR).setWeightCol(Trainer.WEIGHT);
      case GBT -> new GBTClassifier().setMaxDepth((Integer) params.get("maxDepth"))
          .setMaxIter((Integer) params.get("maxIter")).setStepSize((Double) params.get("stepSize")).setSeed(SEED)
          .setLabelCol(Trainer.LABEL).setFeaturesCol(Trainer.VECTOR).setWeightCol(Trainer.WEIGHT);
      case RANDOM_FOREST -> new RandomForestClassifier().setMaxDepth((Integer) params.get("maxDepth"))
          .setNumTrees((Integer) params.get("numTrees")).setSeed(SEED)
          .setLabelCol(Trainer.LABEL).setFeaturesCol(Trainer.VECTOR).setWeightCol(Trainer.WEIGHT);
    };
  }

  private static Map<String, Object> params(Object... keysAndValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      params.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return params;
  }
}

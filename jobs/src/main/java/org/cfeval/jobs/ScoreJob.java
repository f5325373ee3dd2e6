package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.config.Settings;
import org.cfeval.labels.AsOf;
import org.cfeval.models.Scorer;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;

/** {@code cfeval score}: a registered model's scores from the as-of date's window to the as-of date, into model_scores. */
final class ScoreJob implements Job {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public String summary() {
    return "score the decisions from the as-of date's window up to the as-of date (what evaluate --model-id and"
        + " its nowcast read) with a registered model into model_scores";
  }

  @Override
  public List<Setting<?>> options() {
    return Options.of(Options.WAREHOUSE, Options.SCORE);
  }

  @Override
  public List<Setting<?>> required() {
    return List.of(Keys.AS_OF, Keys.MODEL_ID);
  }

  @Override
  public int run(SparkSession spark, DeltaStore store, Settings settings, PrintStream out) {
    long scored = new Scorer(store, new Steps(spark, name())).score(settings);
    out.printf("model_scores: %,d decisions of %s scored by %s%n", scored, AsOf.of(settings).windowToAsOf(),
        settings.get(Keys.MODEL_ID));
    return 0;
  }
}

package org.cfeval.models;

import static org.apache.spark.sql.functions.*;

import java.sql.Date;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;

/**
 * The score step: loads a registered model and writes its probability of fraud for every decision from the
 * start of the as-of date's evaluation window up to the as-of date (the window, and the days since that the
 * nowcast covers; labelled or not, blocked ones included) to {@code model_scores}, upserted on
 * (decision_id, model_id), so a rerun rewrites the same rows.
 */
public final class Scorer {
  private final DeltaStore store;
  private final Steps steps;

  public Scorer(DeltaStore store, Steps steps) {
    this.store = store;
    this.steps = steps;
  }

  /** Returns how many decisions were scored. */
  public long score(Settings settings) {
    String modelId = settings.get(Keys.MODEL_ID);
    List<Row> registered = !store.exists(Tables.MODELS) ? List.of() : steps.run("find the model",
        () -> store.read(Tables.MODELS).filter(col(Tables.MODEL_ID).equalTo(modelId)).select("path").collectAsList());
    if (registered.isEmpty()) {
      throw new ConfigException(String.format("model '%s' is not in the models table at %s", modelId,
          store.path(Tables.MODELS)));
    }
    PipelineModel model = steps.run("load the model", () -> PipelineModel.load(registered.get(0).getString(0)));
    AsOf asOf = AsOf.of(settings);
    DayRange days = asOf.windowToAsOf();
    Dataset<Row> decisions = store.read(Tables.DECISIONS_LABELED).filter(days.contains());
    Dataset<Row> scores = Trainer.scored(model, decisions).select(
        col(DecisionLog.DECISION_ID), lit(modelId).as(Tables.MODEL_ID), col(DecisionLog.DECIDED_AT),
        col(Trainer.PROBABILITY).as(DecisionLog.SCORE), lit(Date.valueOf(asOf.date())).as("scored_as_of"));
    steps.run("score " + days + " and merge model_scores", () -> store.merge(Tables.MODEL_SCORES, scores));
    return steps.run("count the scores of " + days, () -> store.read(Tables.MODEL_SCORES)
        .filter(col(Tables.MODEL_ID).equalTo(modelId).and(days.contains())).count());
  }
}

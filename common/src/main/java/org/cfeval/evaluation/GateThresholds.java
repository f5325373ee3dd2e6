package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.labels.AsOf;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;

/**
 * The thresholds the promotion gate judges: what optimize chose (cheapest_block) for each model's scores
 * in its latest run whose window ended by the start of the window judged. A threshold judged on the data
 * that chose it looks better than it is (the winner's curse); on a later, disjoint window it does not.
 * The logged score's champion is the production policy itself, so it needs none. {@code why} says what
 * is missing when the challenger's threshold is.
 */
public record GateThresholds(Double champion, Double challenger, LocalDate chosenAsOf, String why) {
  /** What optimize chose on windows ending by {@code asOf}'s start (champion null: the logged score's production). */
  public static GateThresholds of(DeltaStore store, AsOf asOf, String championId, String challengerId) {
    String run = String.format("run optimize --model-id %%s for an as-of date whose window ends by %s (as of %s or"
        + " earlier with the same --window-days) first", asOf.windowStart(),
        asOf.date().minusDays(asOf.windowDays()));
    if (!store.exists(Tables.OPTIMAL_POLICIES)) {
      return new GateThresholds(null, null, null, "there is no optimal_policies table: " + String.format(run,
          challengerId));
    }
    Dataset<Row> chosen = store.read(Tables.OPTIMAL_POLICIES).filter(col("policy").equalTo(Tables.CHEAPEST_BLOCK)
        .and(col(Tables.WINDOW_END).leq(lit(java.sql.Date.valueOf(asOf.windowStart())))));
    Row challenger = latest(chosen, challengerId);
    Row champion = championId.isEmpty() ? null : latest(chosen, championId);
    if (challenger == null || (!championId.isEmpty() && champion == null)) {
      String missing = challenger == null ? challengerId : championId;
      return new GateThresholds(null, null, null, String.format("optimize has chosen no threshold for model '%s' on"
          + " a window before this one: " + run, missing, missing));
    }
    return new GateThresholds(champion == null ? null : champion.getDouble(0), challenger.getDouble(0),
        challenger.getDate(1).toLocalDate(), null);
  }

  private static Row latest(Dataset<Row> chosen, String modelId) {
    List<Row> rows = chosen.filter(col(Tables.MODEL_ID).equalTo(modelId)).orderBy(col(Tables.AS_OF_DATE).desc())
        .select(col("block_above"), col(Tables.AS_OF_DATE)).limit(1).collectAsList();
    return rows.isEmpty() ? null : rows.get(0);
  }
}

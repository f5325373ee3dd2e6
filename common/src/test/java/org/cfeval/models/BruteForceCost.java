package org.cfeval.models;

import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.DecisionLog;
import org.cfeval.tables.Tables;

/**
 * The cheapest "challenge above t1, block above t2" a model's probabilities allow on a window, found by
 * trying every pair of thresholds 0, 0.01, ..., 1 and pricing each decision directly from the cost
 * keys: written for the tests, apart from the bucket sums and search that ValidationCost uses.
 */
final class BruteForceCost {
  private BruteForceCost() {}

  static double cheapest(PipelineModel model, Dataset<Row> window, Settings s) {
    List<Row> rows = Trainer.scored(model, window)
        .select(Trainer.PROBABILITY, Tables.OUTCOME, Tables.IPW, DecisionLog.AMOUNT).collectAsList();
    double missedShare = s.get(Keys.MISSED_FRAUD_AMOUNT_SHARE);
    double fee = s.get(Keys.CHARGEBACK_FEE);
    double blockCost = s.get(Keys.FALSE_BLOCK_COST);
    double blockShare = s.get(Keys.FALSE_BLOCK_AMOUNT_SHARE);
    double challengeCost = s.get(Keys.CHALLENGE_COST);
    double passLegit = s.get(Keys.CHALLENGE_PASS_LEGIT);
    double passFraud = s.get(Keys.CHALLENGE_PASS_FRAUD);
    int n = rows.size();
    double[] p = new double[n];
    double[] w = new double[n]; // 0 for decisions blocked in production: no outcome, only a challenge fee
    double[] amount = new double[n];
    boolean[] fraud = new boolean[n];
    double legitWeight = 0;
    for (int k = 0; k < n; k++) {
      Row row = rows.get(k);
      p[k] = row.getDouble(0);
      w[k] = row.isNullAt(2) ? 0 : row.getDouble(2);
      amount[k] = row.getDouble(3);
      fraud[k] = Tables.FRAUD.equals(row.getString(1));
      legitWeight += fraud[k] ? 0 : w[k];
    }
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i <= 100; i++) {
      for (int j = i; j <= 100; j++) {
        double t1 = i / 100.0;
        double t2 = j / 100.0;
        double cost = 0;
        double falseBlocks = 0;
        long challenged = 0;
        for (int k = 0; k < n; k++) {
          boolean challenge = p[k] > t1 && p[k] <= t2;
          boolean block = p[k] > t2;
          challenged += challenge ? 1 : 0;
          cost += challenge ? challengeCost : 0;
          if (fraud[k]) {
            double missed = block ? 0 : challenge ? passFraud : 1;
            cost += w[k] * missed * (missedShare * amount[k] + fee);
          } else {
            double stopped = block ? 1 : challenge ? 1 - passLegit : 0;
            cost += w[k] * stopped * (blockCost + blockShare * amount[k]);
            falseBlocks += w[k] * stopped;
          }
        }
        boolean withinGuardrails = falseBlocks <= s.get(Keys.MAX_FALSE_BLOCK_RATE) * legitWeight
            && challenged <= s.get(Keys.MAX_CHALLENGE_RATE) * n;
        if (withinGuardrails) {
          best = Math.min(best, cost);
        }
      }
    }
    return best;
  }
}

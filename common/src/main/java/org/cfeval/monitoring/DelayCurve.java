package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.stats.Interval;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.Tables;

/**
 * The as-of date's overall delay curve (label_delay): F(k), and the log standard error of F(k) from its
 * interval (Greenwood's, on the log scale, at the writing run's --confidence).
 */
record DelayCurve(double[] shares, double[] logErrors, double z) {
  static DelayCurve of(AlertRule.TableReader tables, Settings settings) {
    Dataset<Row> delay = tables.read(Tables.LABEL_DELAY, settings.get(Keys.AS_OF));
    List<Row> rows = delay == null ? List.of() : delay.filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL))
        .orderBy("delay_days").select("reported_share", "reported_share_lo").collectAsList();
    if (rows.isEmpty()) {
      return null;
    }
    double z = Interval.z(settings.get(Keys.CONFIDENCE));
    double[] shares = new double[rows.size()];
    double[] logErrors = new double[rows.size()];
    for (int k = 0; k < shares.length; k++) {
      shares[k] = rows.get(k).getDouble(0);
      double lo = rows.get(k).isNullAt(1) ? 0 : rows.get(k).getDouble(1);
      logErrors[k] = shares[k] > 0 && lo > 0 ? Math.log(shares[k] / lo) / z : 0;
    }
    return new DelayCurve(shares, logErrors, z);
  }

  /** F(k), 0 before the decision and F(horizon) after it. */
  double share(long k) {
    return k < 0 ? 0 : shares[(int) Math.min(k, shares.length - 1)];
  }

  double logError(long k) {
    return logErrors[(int) Math.max(0, Math.min(k, logErrors.length - 1))];
  }

  /**
   * A ratio to what the curve expects, its ends moved out by the curve's error on the log scale too: the
   * two errors added end to end, not in quadrature, so the rule leans towards silence.
   */
  Bounded widen(Bounded ratio, double logError) {
    double factor = Math.exp(z * logError);
    return new Bounded(ratio.value(), ratio.lo() / factor, ratio.hi() * factor);
  }
}

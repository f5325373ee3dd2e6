package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.curve.Slice;
import org.cfeval.stats.Estimator;
import org.cfeval.stats.Interval;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.Tables;

/**
 * How far a figure of the production policy (policy_curve, the whole window, IPS) fell from the window
 * before to this one: the earlier window is the one that ends where this one starts (the run as of A
 * minus the window's days), not yesterday's, which shares all but a day of this one's decisions. The two
 * windows hold different decisions, so the drop's standard error combines theirs (each read off its
 * interval, as half its width over z).
 */
final class WindowDrop {
  private WindowDrop() {}

  static AlertRule.Reading read(String figure, Dataset<Row> rows, Settings settings, AlertRule.TableReader tables,
      double threshold) {
    Row now = production(rows, figure);
    if (now == null || now.isNullAt(0)) {
      return AlertRule.Reading.none(Slice.ALL, threshold, "no production policy row with a " + figure);
    }
    LocalDate start = now.getDate(3).toLocalDate();
    LocalDate earlierAsOf = settings.get(Keys.AS_OF).minusDays(ChronoUnit.DAYS.between(start,
        now.getDate(4).toLocalDate()));
    Dataset<Row> earlierRows = tables.read(Tables.POLICY_CURVE, earlierAsOf);
    Row before = earlierRows == null ? null : production(earlierRows, figure);
    if (before == null || before.isNullAt(0) || before.getDate(4).toLocalDate().isAfter(start)) {
      return AlertRule.Reading.none(Slice.ALL, threshold, String.format("no evaluation as of %s of the window before"
          + " this one (ending %s) to compare %s with", earlierAsOf, start, figure));
    }
    double z = Interval.z(settings.get(Keys.CONFIDENCE));
    double drop = before.getDouble(0) - now.getDouble(0);
    Double error = error(now, z) == null || error(before, z) == null ? null
        : Math.sqrt(error(now, z) * error(now, z) + error(before, z) * error(before, z));
    Bounded value = error == null ? new Bounded(drop, null, null)
        : new Bounded(drop, drop - z * error, drop + z * error);
    return new AlertRule.Reading(Slice.ALL, value, threshold, String.format("%s %.4f on [%s, %s) against %.4f on the"
        + " window before, as of %s: a drop of %s", figure, now.getDouble(0), start, now.getDate(4), before.getDouble(0),
        earlierAsOf, value.lo() == null ? String.format("%.4f", drop)
            : String.format("%.4f [%.4f, %.4f]", drop, value.lo(), value.hi())));
  }

  /** The production policy's figure, its interval ends, and the window's ends; null without such a row. */
  private static Row production(Dataset<Row> rows, String figure) {
    List<Row> found = rows.filter(col(Tables.SLICE_KEY).equalTo(Tables.ALL)
            .and(col("policy").equalTo(Tables.POLICY_PRODUCTION))
            .and(col("estimator").equalTo(Estimator.IPS.columnValue())))
        .select(col(figure), col(figure + "_lo"), col(figure + "_hi"), col(Tables.WINDOW_START), col(Tables.WINDOW_END))
        .collectAsList();
    return found.isEmpty() ? null : found.get(0);
  }

  private static Double error(Row row, double z) {
    return row.isNullAt(1) || row.isNullAt(2) ? null : (row.getDouble(2) - row.getDouble(1)) / (2 * z);
  }
}

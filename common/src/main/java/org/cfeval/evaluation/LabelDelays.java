package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.spark.Steps;
import org.cfeval.stats.ReportingDelay;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delay model step: how late fraud is reported, as of A, from the fraud reported by A among the
 * decisions of the last horizon + window days ({@link ReportingDelay} per stratum), as a {@link DelayModel}.
 */
public final class LabelDelays {
  private static final Logger LOG = LoggerFactory.getLogger(LabelDelays.class);

  private LabelDelays() {}

  /**
   * Estimates the curves from {@code labeled} (rows of decisions_labeled): overall, per score band of the
   * logged score, and per value of each --delay-strata column. Fails, like evaluate, if a decision of the
   * span was last labelled before A and before the end of its horizon (reports since then are unknown).
   */
  public static DelayModel estimate(Dataset<Row> labeled, Settings settings, Steps steps) {
    AsOf asOf = AsOf.of(settings);
    int horizon = settings.get(Keys.LABEL_HORIZON_DAYS);
    DayRange span = DelayModel.span(asOf, horizon);
    // Before the data reach past the horizon there can be no curve: asking for one older decision (Delta
    // skips every file whose decided_at statistics are younger) spares a young deployment the histogram.
    Column pastHorizon = col(DecisionLog.DECIDED_AT).lt(lit(AsOf.at(asOf.date().minusDays(horizon + 1L))));
    if (steps.run("decisions past the horizon", () -> labeled.filter(pastHorizon).isEmpty())) {
      DelayModel young = new DelayModel(asOf, horizon, Map.of(), List.of(), null);
      log(young);
      return young;
    }
    Dataset<Row> inSpan = labeled.filter(span.contains());
    List<Column> strata = new ArrayList<>(List.of(stratum(lit(Tables.ALL), lit(Tables.ALL))));
    for (String column : settings.get(Keys.DELAY_STRATA)) {
      strata.add(stratum(lit(column), col(Contract.quote(column)).cast(DataTypes.StringType)));
    }
    Histogram all = steps.run(String.format("delay histogram of %s, strata %s", span, settings.get(Keys.DELAY_STRATA)),
        () -> histogram(inSpan, strata, true, asOf, horizon));
    asOf.requireLabelledBy(all.oldestStale(), span);
    Map<Slice, ReportingDelay> curves = new TreeMap<>();
    all.reports().forEach((slice, r) -> curves.put(slice, ReportingDelay.estimate(r)));
    int bandCount = settings.get(Keys.DELAY_SCORE_BANDS);
    List<Double> edges = List.of();
    Double p = null;
    // Score bands only once there is a curve to compare them by: a young deployment pays one pass, not three.
    if (bandCount >= 2 && curves.containsKey(Slice.ALL) && curves.get(Slice.ALL).complete()) {
      List<Double> bandEdges = steps.run("delay score bands", () -> bandEdges(inSpan.filter(reported(asOf)), bandCount));
      edges = bandEdges;
      Column band = DelayModel.byBand(bandEdges, b -> lit(DelayModel.bandLabel(bandEdges, b)));
      Histogram banded = steps.run("delay histogram by score band", () -> histogram(inSpan,
          List.of(stratum(lit(DelayModel.SCORE_BAND), band)), false, asOf, horizon));
      List<ReportingDelay> bands = new ArrayList<>();
      for (int b = 0; b <= edges.size(); b++) {
        Slice slice = new Slice(DelayModel.SCORE_BAND, DelayModel.bandLabel(edges, b));
        ReportingDelay curve = ReportingDelay.estimate(banded.reports().getOrDefault(slice,
            new ReportingDelay.Reports(horizon)));
        curves.put(slice, curve);
        bands.add(curve);
      }
      p = ReportingDelay.sameShareP(bands, Math.min(asOf.maturityDays(), horizon));
    }
    DelayModel model = new DelayModel(asOf, horizon, curves, edges, p);
    log(model);
    return model;
  }

  /** Reports per stratum, and the oldest label run among the span's decisions that is too old to know them. */
  private record Histogram(Map<Slice, ReportingDelay.Reports> reports, LocalDate oldestStale) {}

  /** Fraud reported by A on an allowed decision. */
  private static Column reported(AsOf asOf) {
    return col(DecisionLog.ACTION).equalTo(DecisionLog.ALLOW).and(col(Tables.FRAUD_REPORTED_AT).leq(lit(asOf.instant())));
  }

  /**
   * One aggregation of the span's reports by stratum, delay and age; with {@code checkLabels}, decisions
   * labelled too early to know their reports count too (under the first stratum only). Everything else is
   * filtered out before the aggregation: the job reads the span, but aggregates a few rows per report.
   */
  private static Histogram histogram(Dataset<Row> inSpan, List<Column> strata, boolean checkLabels, AsOf asOf,
      int horizon) {
    Column reported = reported(asOf);
    // A decision's reports within the horizon are known once a label run saw A or the horizon's end.
    Column stale = col(Tables.LABELED_AS_OF).lt(least(lit(java.sql.Date.valueOf(asOf.date())),
        date_add(to_date(col(DecisionLog.DECIDED_AT)), horizon + 2)));
    Dataset<Row> rows = inSpan.filter(checkLabels ? reported.or(stale) : reported);
    List<Row> cells = rows
        .select(explode(when(reported, array(strata.toArray(Column[]::new))).otherwise(array(strata.get(0))))
                .as("stratum"),
            when(reported, DelayModel.wholeDays(col(Tables.FRAUD_REPORTED_AT))).otherwise(lit(-1)).as("delay"),
            DelayModel.wholeDays(lit(asOf.instant())).as("age"), when(reported, col(Tables.IPW)).as("w"),
            when(stale, col(Tables.LABELED_AS_OF)).as("stale"))
        .groupBy(col("stratum.key"), col("stratum.value"), col("delay"), col("age"))
        .agg(sum("w").as("w"), sum(col("w").multiply(col("w"))).as("w2"), count(lit(1)).as("n"),
            min("stale").as("stale"))
        .collectAsList();
    Map<Slice, ReportingDelay.Reports> reports = new TreeMap<>();
    LocalDate oldest = null;
    for (Row row : cells) {
      java.sql.Date labelled = row.getAs("stale");
      if (labelled != null && (oldest == null || labelled.toLocalDate().isBefore(oldest))) {
        oldest = labelled.toLocalDate();
      }
      int delay = row.<Integer>getAs("delay");
      if (delay >= 0) {
        reports.computeIfAbsent(new Slice(row.getAs("key"), row.getAs("value")), s -> new ReportingDelay.Reports(horizon))
            .add(delay, row.<Integer>getAs("age"), row.<Double>getAs("w"), row.<Double>getAs("w2"), row.<Long>getAs("n"));
      }
    }
    return new Histogram(reports, oldest);
  }

  private static void log(DelayModel model) {
    if (!model.complete()) {
      LOG.warn("label_delay: {}", model.whyNotAdjusted());
      return;
    }
    ReportingDelay overall = model.overall();
    int maturity = Math.min(model.asOf().maturityDays(), model.horizon());
    LOG.info("label_delay: {} of eventual fraud reports are in by day {} (from {} reports){}", String.format("%.4f",
        overall.share(maturity)), maturity, String.format("%.0f", overall.atRisk(maturity)),
        model.scoreBandP() == null ? "" : String.format("; score bands %s, p = %.3g that they share it: %s",
            model.bandEdges(), model.scoreBandP(), model.byScoreBand() ? "each band gets its own curve" : "one curve"));
    if (overall.beyondHorizonShare() > DelayModel.MAX_BEYOND_HORIZON_SHARE) {
      LOG.warn("label_delay: {} fraud reports ({} of the weight reported by decisions older than the horizon) came"
          + " more than {} days after their decision: raise --label-horizon-days", overall.beyondHorizonReports(),
          String.format("%.2f%%", 100 * overall.beyondHorizonShare()), model.horizon());
    }
  }

  private static Column stratum(Column key, Column value) {
    return struct(key.as("key"), value.as("value"));
  }

  private static List<Double> bandEdges(Dataset<Row> reportedFraud, int bands) {
    double[] probabilities = new double[bands - 1];
    for (int b = 1; b < bands; b++) {
      probabilities[b - 1] = (double) b / bands;
    }
    double[] quantiles = reportedFraud.stat().approxQuantile(DecisionLog.SCORE, probabilities, 1e-4);
    return java.util.Arrays.stream(quantiles).distinct().sorted().boxed().toList();
  }
}

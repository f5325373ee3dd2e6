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
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.spark.Steps;
import org.cfeval.stats.BandEdges;
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

  /** The stratum under which each report also counts by its score's fine bin, that the score bands are cut from. */
  private static final String SCORE_BIN = "_score_bin";
  private static final Column NO_BIN = lit(null).cast(DataTypes.DoubleType);
  private static final UserDefinedFunction BIN_FLOOR = udf((UDF1<Double, Double>) BandEdges::binFloor,
      DataTypes.DoubleType);

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
    int bandCount = settings.get(Keys.DELAY_SCORE_BANDS);
    List<Column> strata = new ArrayList<>(List.of(stratum(lit(Tables.ALL), lit(Tables.ALL), NO_BIN)));
    for (String column : settings.get(Keys.DELAY_STRATA)) {
      strata.add(stratum(lit(column), col(Contract.quote(column)).cast(DataTypes.StringType), NO_BIN));
    }
    if (bandCount >= 2) {
      strata.add(stratum(lit(SCORE_BIN), lit(null).cast(DataTypes.StringType), BIN_FLOOR.apply(col(DecisionLog.SCORE))));
    }
    // The span is read once: every stratum's cells, and the reports by fine score bin that the bands are cut from.
    Dataset<Row> cells = cells(labeled.filter(span.contains()), strata, asOf, horizon)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Histogram all = steps.run(String.format("delay histogram of %s, strata %s%s", span,
          settings.get(Keys.DELAY_STRATA), bandCount >= 2 ? " and score bins" : ""),
          () -> histogram(cells.filter(col("key").notEqual(SCORE_BIN)).collectAsList(), horizon));
      asOf.requireLabelledBy(all.oldestStale(), span);
      Map<Slice, ReportingDelay> curves = new TreeMap<>();
      all.reports().forEach((slice, r) -> curves.put(slice, ReportingDelay.estimate(r)));
      List<Double> edges = List.of();
      Double p = null;
      // Score bands only once there is a curve to compare them by: cut and summed from the cached cells.
      if (bandCount >= 2 && curves.containsKey(Slice.ALL) && curves.get(Slice.ALL).complete()) {
        Dataset<Row> byBin = cells.filter(col("key").equalTo(SCORE_BIN));
        List<Double> bandEdges = steps.run("delay score bands", () -> bandEdges(byBin, bandCount));
        edges = bandEdges;
        Column band = DelayModel.byBand(col("bin"), bandEdges, b -> lit(DelayModel.bandLabel(bandEdges, b)));
        Histogram banded = steps.run("delay histogram by score band", () -> histogram(byBin
            .groupBy(lit(DelayModel.SCORE_BAND).as("key"), band.as("value"), col("delay"), col("age"))
            .agg(sum("w").as("w"), sum("w2").as("w2"), sum("n").as("n"), min("stale").as("stale"))
            .collectAsList(), horizon));
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
    } finally {
      cells.unpersist();
    }
  }

  /** Reports per stratum, and the oldest label run among the span's decisions that is too old to know them. */
  private record Histogram(Map<Slice, ReportingDelay.Reports> reports, LocalDate oldestStale) {}

  /** Fraud reported by A on an allowed decision. */
  private static Column reported(AsOf asOf) {
    return col(DecisionLog.ACTION).equalTo(DecisionLog.ALLOW).and(col(Tables.FRAUD_REPORTED_AT).leq(lit(asOf.instant())));
  }

  /**
   * One aggregation of the span's reports by stratum, fine score bin (the score-bin stratum's; null for the
   * others), delay and age; decisions labelled too early to know their reports count too (under the first
   * stratum only). Everything else is filtered out before the aggregation: the job reads the span, but
   * aggregates a few rows per report.
   */
  private static Dataset<Row> cells(Dataset<Row> inSpan, List<Column> strata, AsOf asOf, int horizon) {
    Column reported = reported(asOf);
    // A decision's reports within the horizon are known once a label run saw A or the horizon's end.
    Column stale = col(Tables.LABELED_AS_OF).lt(least(lit(java.sql.Date.valueOf(asOf.date())),
        date_add(to_date(col(DecisionLog.DECIDED_AT)), horizon + 2)));
    return inSpan.filter(reported.or(stale))
        .select(explode(when(reported, array(strata.toArray(Column[]::new))).otherwise(array(strata.get(0))))
                .as("stratum"),
            when(reported, DelayModel.wholeDays(col(Tables.FRAUD_REPORTED_AT))).otherwise(lit(-1)).as("delay"),
            DelayModel.wholeDays(lit(asOf.instant())).as("age"), when(reported, col(Tables.IPW)).as("w"),
            when(stale, col(Tables.LABELED_AS_OF)).as("stale"))
        .groupBy(col("stratum.key").as("key"), col("stratum.value").as("value"), col("stratum.bin").as("bin"),
            col("delay"), col("age"))
        .agg(sum("w").as("w"), sum(col("w").multiply(col("w"))).as("w2"), count(lit(1)).as("n"),
            min("stale").as("stale"));
  }

  /** The reports of {@code cells} (key, value, delay, age, w, w2, n, stale) per stratum, and the oldest stale label run. */
  private static Histogram histogram(List<Row> cells, int horizon) {
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

  private static Column stratum(Column key, Column value, Column bin) {
    return struct(key.as("key"), value.as("value"), bin.as("bin"));
  }

  /** Edges at the reports' score quantiles, cut between the fine bins ({@link BandEdges}). */
  private static List<Double> bandEdges(Dataset<Row> byBin, int bands) {
    List<Row> bins = byBin.groupBy("bin").agg(sum("n").as("n")).orderBy("bin")
        .collectAsList();
    double[] floors = new double[bins.size()];
    long[] counts = new long[bins.size()];
    for (int i = 0; i < floors.length; i++) {
      floors[i] = bins.get(i).<Double>getAs("bin");
      counts[i] = bins.get(i).<Long>getAs("n");
    }
    return BandEdges.atQuantiles(floors, counts, bands);
  }
}

package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.stats.BandEdges;
import org.cfeval.stats.ReportingDelay;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delay model: how late fraud is reported, as of A, from the fraud reported by A among the decisions
 * of the last horizon + window days ({@link ReportingDelay} per stratum), as a {@link DelayModel}. Made
 * on the driver from the {@link DelayHistogram} that evaluate's pass sums while it reads the span.
 */
public final class LabelDelays {
  private static final Logger LOG = LoggerFactory.getLogger(LabelDelays.class);

  private LabelDelays() {}

  /** The columns of {@code labeled} (with {@link DelayModel#LOGGED_SCORE}) the delay histogram reads. */
  static Dataset<Row> histogramColumns(Dataset<Row> labeled, Settings settings) {
    Set<String> columns = new LinkedHashSet<>(List.of(DecisionLog.DECIDED_AT, DecisionLog.ACTION,
        DecisionLog.P_ALLOW, Tables.FRAUD_REPORTED_AT, Tables.LABELED_AS_OF, DelayModel.LOGGED_SCORE));
    // A stratum may be one of these columns (say, action): selected once.
    columns.addAll(settings.get(Keys.DELAY_STRATA));
    return labeled.select(columns.stream().map(column -> col(Contract.quote(column))).toArray(Column[]::new));
  }

  /** Whether reports also count by the logged score's fine bin, to cut score bands from. */
  static boolean scoreBins(Settings settings) {
    return settings.get(Keys.DELAY_SCORE_BANDS) >= 2;
  }

  /**
   * Estimates the curves from the span's {@code histogram}: overall, per score band of the logged score,
   * and per value of each --delay-strata column. Fails, like evaluate, if a decision of the span was last
   * labelled before A and before the end of its horizon (reports since then are unknown).
   */
  static DelayModel estimate(DelayHistogram histogram, Settings settings) {
    AsOf asOf = AsOf.of(settings);
    int horizon = settings.get(Keys.LABEL_HORIZON_DAYS);
    DayRange span = DelayModel.span(asOf, horizon);
    // No decision of the span is older than the horizon yet: there can be no curve.
    if (histogram.oldestDecided() >= DelayModel.micros(AsOf.at(asOf.date().minusDays(horizon + 1L)))) {
      DelayModel young = new DelayModel(asOf, horizon, Map.of(), List.of(), null);
      log(young);
      return young;
    }
    if (histogram.oldestStale() != DelayHistogram.NONE) {
      asOf.requireLabelledBy(LocalDate.ofEpochDay(histogram.oldestStale()), span);
    }
    List<String> strata = settings.get(Keys.DELAY_STRATA);
    int binStratum = DelayHistogram.ALL + 1 + strata.size();
    Map<Slice, ReportingDelay.Reports> reports = new TreeMap<>();
    TreeMap<Integer, Long> byBin = new TreeMap<>();
    histogram.forEach((cell, weight, squaredWeight, count) -> {
      if (cell.stratum() == binStratum) {
        byBin.merge(cell.bin(), count, Long::sum);
        return;
      }
      Slice slice = cell.stratum() == DelayHistogram.ALL ? Slice.ALL
          : new Slice(strata.get(cell.stratum() - DelayHistogram.ALL - 1), cell.value());
      reports.computeIfAbsent(slice, s -> new ReportingDelay.Reports(horizon))
          .add(cell.delay(), cell.age(), weight, squaredWeight, count);
    });
    Map<Slice, ReportingDelay> curves = new TreeMap<>();
    reports.forEach((slice, r) -> curves.put(slice, ReportingDelay.estimate(r)));
    List<Double> edges = List.of();
    Double p = null;
    // Score bands only once there is a curve to compare them by: cut from the reports by fine bin.
    if (scoreBins(settings) && curves.containsKey(Slice.ALL) && curves.get(Slice.ALL).complete()) {
      List<Double> bandEdges = bandEdges(byBin, settings.get(Keys.DELAY_SCORE_BANDS));
      edges = bandEdges;
      List<ReportingDelay.Reports> banded = new ArrayList<>();
      for (int b = 0; b <= edges.size(); b++) {
        banded.add(new ReportingDelay.Reports(horizon));
      }
      histogram.forEach((cell, weight, squaredWeight, count) -> {
        if (cell.stratum() == binStratum) {
          banded.get(DelayModel.band(bandEdges, cell.bin())).add(cell.delay(), cell.age(), weight, squaredWeight, count);
        }
      });
      List<ReportingDelay> bandCurves = new ArrayList<>();
      for (int b = 0; b <= edges.size(); b++) {
        ReportingDelay curve = ReportingDelay.estimate(banded.get(b));
        curves.put(new Slice(DelayModel.SCORE_BAND, DelayModel.bandLabel(edges, b)), curve);
        bandCurves.add(curve);
      }
      p = ReportingDelay.sameShareP(bandCurves, Math.min(asOf.maturityDays(), horizon));
    }
    DelayModel model = new DelayModel(asOf, horizon, curves, edges, p);
    log(model);
    return model;
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

  /** Edges at the reports' score quantiles, cut between the fine bins ({@link BandEdges}). */
  private static List<Double> bandEdges(TreeMap<Integer, Long> byBin, int bands) {
    double[] floors = new double[byBin.size()];
    long[] counts = new long[byBin.size()];
    int i = 0;
    for (Map.Entry<Integer, Long> bin : byBin.entrySet()) {
      floors[i] = BandEdges.floorOfBin(bin.getKey());
      counts[i++] = bin.getValue();
    }
    return BandEdges.atQuantiles(floors, counts, bands);
  }
}

package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
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
import org.cfeval.tables.Bounded;
import org.cfeval.tables.LabelDelayRow;
import org.cfeval.tables.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delay model step: how late fraud is reported, as of A, from the fraud reported by A among the
 * decisions of the last horizon + window days ({@link ReportingDelay} per stratum), and what it makes of
 * a decision's reported fraud: 1/F(its age), the eventual fraud one report stands for.
 */
public final class LabelDelays {
  private static final Logger LOG = LoggerFactory.getLogger(LabelDelays.class);
  /** The stratum key of the logged score's bands. */
  public static final String SCORE_BAND = "score_band";
  /** Below this p-value of the score-band test, adjusted estimates use each band's own curve. */
  public static final double BY_SCORE_BAND_P = 0.01;
  /** A share of reports past the horizon above this is warned about: the horizon is too short. */
  public static final double MAX_BEYOND_HORIZON_SHARE = 0.005;
  /** Columns the pass reads: what one reported fraud stands for, by the curve and by its interval's ends. */
  public static final String INFLATION = "_eventual_per_report";
  public static final String INFLATION_LOW = "_eventual_per_report_low";
  public static final String INFLATION_HIGH = "_eventual_per_report_high";

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  /**
   * The least F a decision's reports are scaled by: where hardly any report is due yet (the first days after
   * a decision), one report stands for at most 1,000, and the nowcast's variance says it means little.
   */
  static final double MIN_SHARE = 1e-3;

  /** The curves of one as-of date, or an incomplete model (no decision older than the horizon yet). */
  public record Model(AsOf asOf, int horizon, Map<Slice, ReportingDelay> strata, List<Double> bandEdges,
      Double scoreBandP) {

    public ReportingDelay overall() {
      return strata.get(Slice.ALL);
    }

    public boolean complete() {
      return overall() != null && overall().complete();
    }

    /** Whether each decision gets its score band's curve rather than the overall one. */
    public boolean byScoreBand() {
      return scoreBandP != null && scoreBandP < BY_SCORE_BAND_P;
    }

    /**
     * Whether adjusted estimates exist for decisions at least {@code minAge} days old: the model is complete
     * and every curve they use has reports in by then.
     */
    public boolean adjusts(int minAge) {
      return complete() && curves().stream().allMatch(curve -> curve.share(minAge) > 0);
    }

    /** Variance of log F at a decision's age: the largest over the curves in use (their errors are separate). */
    public double logVariance(int ageDays) {
      return curves().stream().mapToDouble(curve -> curve.logVariance(ageDays)).max().orElse(0);
    }

    /** Why there are no delay-adjusted estimates for the matured window (when there are none). */
    public String whyNotAdjusted() {
      if (!complete()) {
        return String.format("no fraud reported by decisions older than the %d-day horizon in %s: the delay curve"
            + " needs them, so there is no delay model as of %s", horizon, span(asOf, horizon), asOf.date());
      }
      return String.format("a delay curve has no report in by day %d: nothing to scale the window's reports by",
          asOf.maturityDays());
    }

    /** The label_delay rows. */
    public List<LabelDelayRow> rows(double confidence) {
      List<LabelDelayRow> rows = new ArrayList<>();
      strata.forEach((slice, delay) -> {
        for (int k = 0; k <= horizon; k++) {
          rows.add(new LabelDelayRow(asOf.date(), slice.key(), slice.value(), (long) k,
              new Bounded(delay.share(k), delay.lo(k, confidence), delay.hi(k, confidence)), delay.countAt(k),
              delay.weightAt(k), delay.atRisk(k), delay.beyondHorizonReports(), delay.beyondHorizonShare(), scoreBandP,
              byScoreBand()));
        }
      });
      return rows;
    }

    /**
     * {@code labeled} with the three inflation columns: 1/F(age) of each decision's curve (its score band's
     * where they differ), and the same from the upper and the lower end of F's interval.
     */
    public Dataset<Row> withInflation(Dataset<Row> labeled, double confidence) {
      Column age = wholeDays(lit(asOf.instant()));
      return labeled
          .withColumn(INFLATION, inflation(age, delay -> delay::share))
          .withColumn(INFLATION_LOW, inflation(age, delay -> k -> delay.hi(k, confidence)))
          .withColumn(INFLATION_HIGH, inflation(age, delay -> k -> delay.lo(k, confidence)));
    }

    private Column inflation(Column age, java.util.function.Function<ReportingDelay, IntToDoubleFunction> share) {
      Column index = least(greatest(age, lit(0)), lit(horizon)).plus(1);
      if (!byScoreBand()) {
        return element_at(perAge(share.apply(overall())), index);
      }
      List<ReportingDelay> bands = bands();
      return byBand(bandEdges, b -> element_at(perAge(share.apply(bands.get(b))), index));
    }

    /**
     * 1 / the share of reports shown by a decision aged k whole days: it has been k + 1/2 days on average,
     * so half-way between F(k - 1) (delays under k days) and F(k) (under k + 1), F(-1) being 0. Where F
     * rises fast (the first weeks) F(k) alone would overstate what is due by up to a day's reports.
     */
    private Column perAge(IntToDoubleFunction share) {
      Column[] values = new Column[horizon + 1];
      double before = 0;
      for (int k = 0; k <= horizon; k++) {
        double at = share.applyAsDouble(k);
        values[k] = lit(1 / Math.max(k == horizon ? at : (before + at) / 2, MIN_SHARE));
        before = at;
      }
      return array(values);
    }

    private List<ReportingDelay> bands() {
      List<ReportingDelay> bands = new ArrayList<>();
      for (int b = 0; b <= bandEdges.size(); b++) {
        bands.add(strata.get(new Slice(SCORE_BAND, bandLabel(bandEdges, b))));
      }
      return bands;
    }

    private List<ReportingDelay> curves() {
      return byScoreBand() ? bands() : List.of(overall());
    }
  }

  private LabelDelays() {}

  /** The decisions whose reports inform the model: the horizon plus a window's days of cohorts before A. */
  public static DayRange span(AsOf asOf, int horizon) {
    return new DayRange(asOf.date().minusDays(horizon + (long) asOf.windowDays()), asOf.date());
  }

  /**
   * Estimates the curves from {@code labeled} (rows of decisions_labeled): overall, per score band of the
   * logged score, and per value of each --delay-strata column. Fails, like evaluate, if a decision of the
   * span was last labelled before A and before the end of its horizon (reports since then are unknown).
   */
  public static Model estimate(Dataset<Row> labeled, Settings settings, Steps steps) {
    AsOf asOf = AsOf.of(settings);
    int horizon = settings.get(Keys.LABEL_HORIZON_DAYS);
    DayRange span = span(asOf, horizon);
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
      Histogram banded = steps.run("delay histogram by score band", () -> histogram(inSpan,
          List.of(stratum(lit(SCORE_BAND), byBand(bandEdges, b -> lit(bandLabel(bandEdges, b))))), false, asOf,
          horizon));
      List<ReportingDelay> bands = new ArrayList<>();
      for (int b = 0; b <= edges.size(); b++) {
        ReportingDelay.Reports reports = banded.reports().getOrDefault(new Slice(SCORE_BAND, bandLabel(edges, b)),
            new ReportingDelay.Reports(horizon));
        ReportingDelay band = ReportingDelay.estimate(reports);
        curves.put(new Slice(SCORE_BAND, bandLabel(edges, b)), band);
        bands.add(band);
      }
      p = ReportingDelay.sameShareP(bands, Math.min(asOf.maturityDays(), horizon));
    }
    Model model = new Model(asOf, horizon, curves, edges, p);
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
   * One aggregation of the span's reports by stratum, delay and age; with {@code checkLabels}, unreported
   * decisions count too (under the first stratum only) for the label-run check.
   */
  private static Histogram histogram(Dataset<Row> inSpan, List<Column> strata, boolean checkLabels, AsOf asOf,
      int horizon) {
    Column reported = reported(asOf);
    // A decision's reports within the horizon are known once a label run saw A or the horizon's end.
    Column stale = col(Tables.LABELED_AS_OF).lt(least(lit(java.sql.Date.valueOf(asOf.date())),
        date_add(to_date(col(DecisionLog.DECIDED_AT)), horizon + 2)));
    Dataset<Row> rows = checkLabels ? inSpan : inSpan.filter(reported);
    List<Row> cells = rows
        .select(explode(when(reported, array(strata.toArray(Column[]::new))).otherwise(array(strata.get(0))))
                .as("stratum"),
            when(reported, wholeDays(col(Tables.FRAUD_REPORTED_AT))).otherwise(lit(-1)).as("delay"),
            wholeDays(lit(asOf.instant())).as("age"), when(reported, col(Tables.IPW)).as("w"),
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

  private static void log(Model model) {
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
    if (overall.beyondHorizonShare() > MAX_BEYOND_HORIZON_SHARE) {
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

  /** Whole days from a decision's decided_at to {@code instant}. */
  private static Column wholeDays(Column instant) {
    return floor(unix_micros(instant).minus(unix_micros(col(DecisionLog.DECIDED_AT))).divide(MICROS_PER_DAY))
        .cast(DataTypes.IntegerType);
  }

  /** {@code value} of the score band each decision's logged score falls in. */
  private static Column byBand(List<Double> edges, java.util.function.IntFunction<Column> value) {
    Column chosen = value.apply(edges.size());
    for (int b = edges.size() - 1; b >= 0; b--) {
      chosen = when(col(DecisionLog.SCORE).lt(edges.get(b)), value.apply(b)).otherwise(chosen);
    }
    return chosen;
  }

  /** Band b of the edges as text: [lo, hi), open-ended at both ends. */
  static String bandLabel(List<Double> edges, int b) {
    String lo = b == 0 ? "-inf" : Double.toString(edges.get(b - 1));
    String hi = b == edges.size() ? "inf" : Double.toString(edges.get(b));
    return "[" + lo + ", " + hi + ")";
  }
}

package org.cfeval.evaluation;

import static org.apache.spark.sql.functions.*;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.cfeval.contract.DecisionLog;
import org.cfeval.curve.Slice;
import org.cfeval.labels.AsOf;
import org.cfeval.labels.DayRange;
import org.cfeval.stats.BandEdges;
import org.cfeval.stats.ReportingDelay;
import org.cfeval.tables.Bounded;
import org.cfeval.tables.LabelDelayRow;

/**
 * The delay curves of one as-of date ({@link LabelDelays} estimates them), or an incomplete model when no
 * decision is older than the horizon yet; and what they make of a decision's reported fraud: the eventual
 * fraud one report stands for, 1 / the share of reports its age shows.
 */
public record DelayModel(AsOf asOf, int horizon, Map<Slice, ReportingDelay> strata, List<Double> bandEdges,
    Double scoreBandP) {
  /** The stratum key of the logged score's bands. */
  public static final String SCORE_BAND = "score_band";
  /** Below this p-value of the score-band test, adjusted estimates use each band's own curve. */
  public static final double BY_SCORE_BAND_P = 0.01;
  /** A share of reports past the horizon above this is warned about: the horizon is too short. */
  public static final double MAX_BEYOND_HORIZON_SHARE = 0.005;
  /** The logged score, kept beside a model's scores: the score bands are the logged score's. */
  public static final String LOGGED_SCORE = "_logged_score";
  /** Columns of {@link #withInflation}: what one reported fraud stands for, by the curve and by its interval's ends. */
  public static final String INFLATION = "_eventual_per_report";
  public static final String INFLATION_LOW = "_eventual_per_report_low";
  public static final String INFLATION_HIGH = "_eventual_per_report_high";

  private static final long MICROS_PER_DAY = 86_400_000_000L;
  /**
   * The least F a decision's reports are scaled by: where hardly any report is due yet (the first days after
   * a decision), one report stands for at most 1,000, and the nowcast's variance says it means little.
   */
  static final double MIN_SHARE = 1e-3;

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

  /**
   * Each bootstrap replicate's factor on the matured window's eventual fraud, exp(-s Z_r) for the run's
   * {@code delayDraws} Z: s is the curves' log standard error at the maturity, the window's youngest
   * reports and the least sure of them.
   */
  public double[] windowScale(double[] delayDraws) {
    double logError = Math.sqrt(logVariance(asOf.maturityDays()));
    double[] scale = new double[delayDraws.length];
    for (int r = 0; r < scale.length; r++) {
      scale[r] = Math.exp(-logError * delayDraws[r]);
    }
    return scale;
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
   * What one reported fraud stands for, by the curve a decision uses and its age in whole days: 1 / F, by
   * the curve and by the lower and the upper end of F's interval (so the inflation's upper and lower end).
   * The pass applies it to its task's reports; {@link #withInflation} makes columns of it.
   */
  public record Inflation(List<Double> bandEdges, double[][] central, double[][] low, double[][] high)
      implements Serializable {
    /** The curve of a decision whose logged score falls in {@link BandEdges#bin} {@code bin}: its band's, or the one. */
    public int curve(int bin) {
      return band(bandEdges, bin);
    }

    /** The row of the tables for a decision aged {@code ageDays}: younger than 0 as 0, older than the horizon as it. */
    public int age(int ageDays) {
      return Math.min(Math.max(ageDays, 0), central[0].length - 1);
    }
  }

  /** The {@link Inflation} of each decision's curve (its score band's where they differ) at {@code confidence}. */
  public Inflation inflation(double confidence) {
    List<ReportingDelay> curves = curves();
    double[][] central = new double[curves.size()][];
    double[][] low = new double[curves.size()][];
    double[][] high = new double[curves.size()][];
    for (int c = 0; c < curves.size(); c++) {
      ReportingDelay delay = curves.get(c);
      central[c] = perAge(delay::share);
      low[c] = perAge(k -> delay.hi(k, confidence));
      high[c] = perAge(k -> delay.lo(k, confidence));
    }
    return new Inflation(byScoreBand() ? bandEdges : List.of(), central, low, high);
  }

  /**
   * {@code labeled} with the three inflation columns of {@link #inflation}: 1/F(age) of each decision's
   * curve, and the same from the upper and the lower end of F's interval.
   */
  public Dataset<Row> withInflation(Dataset<Row> labeled, double confidence) {
    Inflation table = inflation(confidence);
    Column index = least(greatest(wholeDays(lit(asOf.instant())), lit(0)), lit(horizon)).plus(1);
    return labeled
        .withColumn(INFLATION, inflation(table, table.central(), index))
        .withColumn(INFLATION_LOW, inflation(table, table.low(), index))
        .withColumn(INFLATION_HIGH, inflation(table, table.high(), index));
  }

  private static Column inflation(Inflation table, double[][] byCurve, Column index) {
    return byBand(col(DecisionLog.SCORE), table.bandEdges(), c -> element_at(array(Arrays.stream(byCurve[c])
        .mapToObj(functions::lit).toArray(Column[]::new)), index));
  }

  /**
   * 1 / the share of reports shown by a decision aged k whole days: it has been k + 1/2 days on average,
   * so half-way between F(k - 1) (delays under k days) and F(k) (under k + 1), F(-1) being 0. Where F
   * rises fast (the first weeks) F(k) alone would overstate what is due by up to a day's reports.
   */
  private double[] perAge(IntToDoubleFunction share) {
    double[] values = new double[horizon + 1];
    double before = 0;
    for (int k = 0; k <= horizon; k++) {
      double at = share.applyAsDouble(k);
      values[k] = 1 / Math.max(k == horizon ? at : (before + at) / 2, MIN_SHARE);
      before = at;
    }
    return values;
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

  /** The decisions whose reports inform the model: the horizon plus a window's days of cohorts before A. */
  public static DayRange span(AsOf asOf, int horizon) {
    return new DayRange(asOf.date().minusDays(horizon + (long) asOf.windowDays()), asOf.date());
  }

  /** Whole days from {@code fromMicros} to {@code toMicros} (microseconds since the epoch), as {@link #wholeDays(Column)}. */
  static int wholeDays(long fromMicros, long toMicros) {
    return Math.toIntExact(Math.floorDiv(toMicros - fromMicros, MICROS_PER_DAY));
  }

  /** {@code instant} in microseconds since the epoch, as Spark holds a timestamp. */
  static long micros(java.sql.Timestamp instant) {
    return Math.addExact(Math.multiplyExact(instant.toInstant().getEpochSecond(), 1_000_000L),
        instant.toInstant().getNano() / 1_000);
  }

  /** The UTC day of an instant in microseconds since the epoch, as an epoch day. */
  static int epochDay(long micros) {
    return Math.toIntExact(Math.floorDiv(micros, MICROS_PER_DAY));
  }

  /** Whole days from a decision's decided_at to {@code instant}. */
  static Column wholeDays(Column instant) {
    return floor(unix_micros(instant).minus(unix_micros(col(DecisionLog.DECIDED_AT))).divide(MICROS_PER_DAY))
        .cast(DataTypes.IntegerType);
  }

  /** The number of the band of {@code edges} that {@link BandEdges#bin} {@code bin} falls in. */
  static int band(List<Double> edges, int bin) {
    double floor = BandEdges.floorOfBin(bin);
    int band = 0;
    while (band < edges.size() && floor >= edges.get(band)) {
      band++;
    }
    return band;
  }

  /** {@code value} of the score band {@code score} (a logged score, or its bin's floor) falls in. */
  static Column byBand(Column score, List<Double> edges, java.util.function.IntFunction<Column> value) {
    Column chosen = value.apply(edges.size());
    for (int b = edges.size() - 1; b >= 0; b--) {
      chosen = when(score.lt(edges.get(b)), value.apply(b)).otherwise(chosen);
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

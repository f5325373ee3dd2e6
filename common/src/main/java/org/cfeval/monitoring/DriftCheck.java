package org.cfeval.monitoring;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.Contract;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.DecisionLog;
import org.cfeval.contract.NotReadyException;
import org.cfeval.curve.Slice;
import org.cfeval.curve.ThresholdGrid;
import org.cfeval.labels.DayRange;
import org.cfeval.spark.Steps;
import org.cfeval.stats.Drift;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.DriftRow;
import org.cfeval.tables.Tables;
import org.cfeval.tables.TestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift step: the score's and each --drift-columns column's distribution in the current period (the
 * --drift-days days before A: drift needs no labels, so it watches the newest traffic) against the
 * reference period's ({@link Drift}), overall and per --slices value. Three passes whatever the number
 * of columns: the reference's percentiles of the numeric columns, one aggregation of both periods' counts
 * by slice value, column and bin, and one of their decisions per resampling unit (clusters inflate the
 * noise a PSI has without drift).
 */
public final class DriftCheck {
  private static final Logger LOG = LoggerFactory.getLogger(DriftCheck.class);
  /** Most counts the driver takes: a column of ids among --drift-columns would otherwise bring millions. */
  static final int MAX_COUNTS = 200_000;
  private static final String CURRENT = "current";
  private static final String NUMERIC = "numeric";
  private static final String CATEGORICAL = "categorical";

  private DriftCheck() {}

  /**
   * Computes drift from decisions_labeled and replaces the as-of date's rows of the drift table; with
   * --drift-reference-model, against that model's training window.
   */
  public static List<DriftRow> run(SparkSession spark, DeltaStore store, Settings settings, Steps steps) {
    String model = settings.get(Keys.DRIFT_REFERENCE_MODEL);
    Settings resolved = model.isEmpty() ? settings : settings.with(Keys.DRIFT_REFERENCE, trainingWindow(store,
        model, settings.get(Keys.AS_OF).minusDays(settings.get(Keys.DRIFT_DAYS))));
    List<DriftRow> rows = compute(store.read(Tables.DECISIONS_LABELED), Tables.DECISIONS_LABELED.name(), resolved,
        steps);
    steps.run("write drift", () -> store.replaceAsOf(Tables.DRIFT, Tables.DRIFT.frame(spark, rows),
        settings.get(Keys.AS_OF)));
    return rows;
  }

  /**
   * The training window of the latest train run of {@code model} as FROM,TO: the days the model learnt on,
   * which must end by {@code currentStart}; fails naming the model when the models table lacks it.
   */
  static String trainingWindow(DeltaStore store, String model, LocalDate currentStart) {
    List<Row> rows = !store.exists(Tables.MODELS) ? List.of() : store.read(Tables.MODELS)
        .filter(col("model_id").equalTo(model)).orderBy(col(Tables.AS_OF_DATE).desc())
        .select("train_start", "validation_start").limit(1).collectAsList();
    if (rows.isEmpty()) {
      throw new NotReadyException(String.format("drift-reference-model: there is no model '%s' in the models table;"
          + " run train --model-id %s first", model, model));
    }
    LocalDate from = rows.get(0).getDate(0).toLocalDate();
    LocalDate to = rows.get(0).getDate(1).toLocalDate();
    if (to.isAfter(currentStart)) {
      throw new ConfigException(String.format("drift-reference-model: model '%s' trained on [%s, %s), which overlaps"
          + " the current period from %s", model, from, to, currentStart));
    }
    return from + "," + to;
  }

  /** The current period against the reference, from {@code decisions} (named {@code source} in errors). */
  public static List<DriftRow> compute(Dataset<Row> decisions, String source, Settings settings, Steps steps) {
    LocalDate asOf = settings.get(Keys.AS_OF);
    int days = settings.get(Keys.DRIFT_DAYS);
    DayRange current = new DayRange(asOf.minusDays(days), asOf);
    List<LocalDate> given = settings.get(Keys.DRIFT_REFERENCE);
    DayRange reference = given.isEmpty() ? new DayRange(asOf.minusDays(2L * days), asOf.minusDays(days))
        : new DayRange(given.get(0), given.get(1));
    List<String> present = List.of(decisions.columns());
    Contract.requireColumns(present, source, Keys.DRIFT_COLUMNS.name(), settings.get(Keys.DRIFT_COLUMNS));
    Contract.requireColumns(present, source, Keys.SLICES.name(), settings.get(Keys.SLICES));
    List<String> columns = new ArrayList<>(List.of(DecisionLog.SCORE));
    settings.get(Keys.DRIFT_COLUMNS).stream().filter(c -> !columns.contains(c)).forEach(columns::add);
    List<String> numeric = columns.stream()
        .filter(c -> decisions.schema().apply(c).dataType() instanceof NumericType).toList();

    Map<String, DriftBins> bins = steps.run("drift: percentiles of " + numeric + " in " + reference,
        () -> DriftBins.of(decisions.filter(reference.contains()), numeric, settings.get(Keys.DRIFT_BINS)));
    List<Row> counts = steps.run(String.format("drift: counts of %s in %s and %s, slices %s", columns, reference,
        current, settings.get(Keys.SLICES)), () -> counts(decisions, columns, bins, settings.get(Keys.SLICES),
        reference, current));
    String unit = settings.get(Keys.BOOTSTRAP_UNIT).column();
    Map<Slice, double[]> effects = !present.contains(unit) ? Map.of() : steps.run("drift: decisions per " + unit,
        () -> designEffects(decisions, unit, settings.get(Keys.SLICES), reference, current));

    if (counts.size() > MAX_COUNTS) {
      throw new ContractException(String.format("drift: more than %,d counts of (slice value, column, value): a"
          + " --drift-columns or --slices column of %s has too many distinct values; leave it out", MAX_COUNTS, source));
    }
    // (slice, column) -> its counts in both periods, in the order of the slices and the columns
    Map<Slice, Map<String, Counts>> bySlice = new TreeMap<>();
    for (Row row : counts) {
      Slice slice = new Slice(row.getString(1), row.getString(2));
      Map<String, Counts> byColumn = bySlice.computeIfAbsent(slice, s -> new LinkedHashMap<>());
      columns.forEach(c -> byColumn.computeIfAbsent(c, x -> new Counts()));
      Counts of = byColumn.get(row.getString(3));
      boolean now = row.getString(0).equals(CURRENT);
      long n = row.getLong(6);
      if (row.isNullAt(4) && row.isNullAt(5)) {
        of.nulls(now, n);
      } else {
        of.add(now, row.isNullAt(4) ? row.getString(5) : String.valueOf(row.getInt(4)), n);
      }
    }
    int maxValues = settings.get(Keys.MAX_SLICE_VALUES);
    bySlice.values().forEach(byColumn -> byColumn.forEach((column, of) -> {
      if (!bins.containsKey(column) && of.byValue.size() > maxValues) {
        throw new ContractException(String.format("drift-columns: column '%s' has more than %d distinct values in the"
            + " two periods (--max-slice-values); leave it out or raise the limit", column, maxValues));
      }
    }));
    int judged = bySlice.values().stream().mapToInt(Map::size).sum();
    double alpha = (1 - settings.get(Keys.CONFIDENCE)) / Math.max(1, judged);
    List<DriftRow> rows = new ArrayList<>();
    bySlice.forEach((slice, byColumn) -> byColumn.forEach((column, of) -> rows.add(row(asOf, current, reference,
        slice, column, of, bins.get(column), alpha, effects.getOrDefault(slice, new double[] {1, 1})))));
    rows.stream().filter(r -> r.populationStabilityIndex() != null)
        .max(java.util.Comparator.comparingDouble(DriftRow::populationStabilityIndex))
        .ifPresent(r -> LOG.info("drift: {} rows; largest PSI {} ({} on {}={})", rows.size(),
            String.format("%.4f", r.populationStabilityIndex()), r.columnName(), r.sliceKey(), r.sliceValue()));
    return rows;
  }

  /** Each slice's decisions per resampling unit in [reference, current], at least 1: how much clusters inflate variances. */
  private static Map<Slice, double[]> designEffects(Dataset<Row> decisions, String unit, List<String> slices,
      DayRange reference, DayRange current) {
    Map<Slice, double[]> effects = new TreeMap<>();
    for (Row row : decisions.filter(reference.contains().or(current.contains()))
        .select(current.contains().as("now"), explode(array(strata(slices).toArray(Column[]::new))).as("s"),
            col(Contract.quote(unit)).as("unit"))
        .groupBy(col("now"), col("s.key"), col("s.value"))
        .agg(count(lit(1)), approx_count_distinct(col("unit")))
        .collectAsList()) {
      double effect = row.getLong(4) == 0 ? 1 : Math.max(1, (double) row.getLong(3) / row.getLong(4));
      effects.computeIfAbsent(new Slice(row.getString(1), row.getString(2)), s -> new double[] {1, 1})
          [row.getBoolean(0) ? 1 : 0] = effect;
    }
    return effects;
  }

  /** The whole population and each --slices column's value, as (key, value) structs to explode. */
  private static List<Column> strata(List<String> slices) {
    List<Column> strata = new ArrayList<>(List.of(struct(lit(Tables.ALL).as("key"), lit(Tables.ALL).as("value"))));
    for (String slice : slices) {
      strata.add(struct(lit(slice).as("key"), col(Contract.quote(slice)).cast(DataTypes.StringType).as("value")));
    }
    return strata;
  }

  /** One aggregation of both periods: decisions by period, slice value, column, and bin or category. */
  private static List<Row> counts(Dataset<Row> decisions, List<String> columns, Map<String, DriftBins> bins,
      List<String> slices, DayRange reference, DayRange current) {
    List<Column> strata = strata(slices);
    List<Column> items = new ArrayList<>();
    for (String column : columns) {
      Column value = col(Contract.quote(column));
      DriftBins numeric = bins.get(column);
      Column bin = numeric == null ? lit(null).cast(DataTypes.IntegerType)
          : numeric.binOf().apply(value.cast(DataTypes.DoubleType));
      Column category = numeric == null ? value.cast(DataTypes.StringType) : lit(null).cast(DataTypes.StringType);
      items.add(struct(lit(column).as("column"), bin.as("bin"), category.as("category")));
    }
    return decisions.filter(reference.contains().or(current.contains()))
        .select(when(current.contains(), lit(CURRENT)).otherwise(lit("reference")).as("period"),
            explode(array(strata.toArray(Column[]::new))).as("s"), array(items.toArray(Column[]::new)).as("items"))
        .select(col("period"), col("s"), explode(col("items")).as("i"))
        .groupBy(col("period"), col("s.key"), col("s.value"), col("i.column"), col("i.bin"), col("i.category"))
        .count()
        .limit(MAX_COUNTS + 1)
        .collectAsList();
  }

  private static DriftRow row(LocalDate asOf, DayRange current, DayRange reference, Slice slice, String column,
      Counts of, DriftBins bins, double alpha, double[] effects) {
    long[][] fine;
    long[][] psiBins;
    Double newShare = null;
    if (bins != null) {
      fine = of.numeric(bins.fine().buckets());
      psiBins = new long[2][bins.psi().buckets()];
      int[] into = bins.fine().bucketsIn(bins.psi());
      for (int side = 0; side < 2; side++) {
        for (int b = 0; b < into.length; b++) {
          psiBins[side][into[b]] += fine[side][b];
        }
      }
    } else {
      fine = of.categorical();
      List<String> seen = of.referenceCategories();
      psiBins = new long[2][seen.size() + 1];
      long fresh = 0;
      for (int i = 0; i < fine[0].length; i++) {
        int to = i < seen.size() ? i : seen.size(); // categories the reference never had share one bin
        psiBins[0][to] += fine[0][i];
        psiBins[1][to] += fine[1][i];
        fresh += i < seen.size() ? 0 : fine[1][i];
      }
      long currentValues = of.total(true) - of.nulls[1];
      newShare = currentValues == 0 ? null : (double) fresh / currentValues;
    }
    // The smaller period in clusters' worth of decisions: what each bin's support is judged by.
    double smaller = Math.min((of.total(false) - of.nulls[0]) / effects[0], (of.total(true) - of.nulls[1]) / effects[1]);
    long[][] pooled = Drift.pooled(psiBins[0], psiBins[1], smaller, bins != null);
    boolean lowSupport = pooled[0].length < 2 || Drift.minExpected(pooled[0], pooled[1], smaller) < Drift.MIN_EXPECTED;
    return new DriftRow(asOf, current.start(), reference.start(), reference.end(), slice.key(), slice.value(), column,
        bins != null ? NUMERIC : CATEGORICAL, of.total(false), of.total(true), Drift.psi(pooled[0], pooled[1]),
        Drift.psiNoise(pooled[0], pooled[1], alpha, effects[0], effects[1]), lowSupport,
        Drift.jsDistance(fine[0], fine[1]),
        bins != null ? TestResult.of(Drift.ks(fine[0], fine[1])) : TestResult.of(Drift.Test.NONE),
        bins != null ? TestResult.of(Drift.Test.NONE) : TestResult.of(Drift.chiSquare(pooled[0], pooled[1])),
        share(of.nulls[0], of.total(false)), share(of.nulls[1], of.total(true)), newShare);
  }

  private static Double share(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  /** One column's counts in one slice: per bin (numeric) or category, and nulls, in each period. */
  private static final class Counts {
    final Map<String, long[]> byValue = new TreeMap<>();
    final long[] nulls = new long[2];

    void add(boolean current, String value, long n) {
      byValue.computeIfAbsent(value, v -> new long[2])[current ? 1 : 0] += n;
    }

    void nulls(boolean current, long n) {
      nulls[current ? 1 : 0] += n;
    }

    long total(boolean current) {
      int side = current ? 1 : 0;
      return nulls[side] + byValue.values().stream().mapToLong(v -> v[side]).sum();
    }

    /** [period][fine bin]. */
    long[][] numeric(int buckets) {
      long[][] counts = new long[2][buckets];
      byValue.forEach((bin, n) -> {
        counts[0][Integer.parseInt(bin)] += n[0];
        counts[1][Integer.parseInt(bin)] += n[1];
      });
      return counts;
    }

    /** The reference's categories, in order. */
    List<String> referenceCategories() {
      return byValue.entrySet().stream().filter(e -> e.getValue()[0] > 0).map(Map.Entry::getKey).toList();
    }

    /** [period][category]: the reference's categories first, then those only the current period has. */
    long[][] categorical() {
      java.util.LinkedHashSet<String> ordered = new java.util.LinkedHashSet<>(referenceCategories());
      ordered.addAll(byValue.keySet());
      List<String> order = new ArrayList<>(ordered);
      long[][] counts = new long[2][order.size()];
      for (int i = 0; i < order.size(); i++) {
        counts[0][i] = byValue.get(order.get(i))[0];
        counts[1][i] = byValue.get(order.get(i))[1];
      }
      return counts;
    }
  }
}

package org.cfeval.labels;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.evaluation.Evaluator;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/**
 * decisions_labeled is partitioned by the month of decided_at, so that evaluate's read of its span, and a
 * label run's MERGE, open only their months' files whatever the history's length; a table written before
 * that is rewritten once, and evaluates the same.
 */
class LayoutTest {
  private static final String HEADER = "decision_id,decided_at,score,action,p_allow,amount";
  private final SparkSession spark = SharedSpark.session();

  /** Four months of decisions, a few fraud among them. */
  private final String decisions = Fixtures.source("decisions.csv", List.of(HEADER,
      "jan1,2026-01-05 10:00:00,80,allow,0.25,100",
      "jan2,2026-01-06 10:00:00,70,allow,0.5,200",
      "jan3,2026-01-09 10:00:00,90,block,0.2,70",
      "feb1,2026-02-07 10:00:00,75,allow,0.5,50",
      "feb2,2026-02-28 23:59:59,20,allow,1.0,60",
      "mar1,2026-03-01 00:00:00,30,allow,1.0,80",
      "mar2,2026-03-15 10:00:00,85,allow,0.2,40",
      "apr1,2026-04-05 10:00:00,40,allow,1.0,90",
      "apr2,2026-04-06 10:00:00,95,block,0.1,90"));
  private final String chargebacks = Fixtures.source("chargebacks.csv", List.of("decision_id,reported_at,reason",
      "jan1,2026-02-01 00:00:00,fraudulent",
      "feb1,2026-03-10 00:00:00,fraudulent",
      "mar2,2026-04-12 00:00:00,fraudulent"));

  private Settings at(String asOf) {
    return Fixtures.settings(asOf, decisions, "csv", chargebacks, "csv").with(Keys.THRESHOLDS, "50,60")
        .with(Keys.THRESHOLD_COUNT, "0").with(Keys.BOOTSTRAP, "20");
  }

  private void label(DeltaStore store, String asOf) {
    new Labeler(spark, store, new Steps(spark, "test")).run(at(asOf));
  }

  @Test
  void eachMonthHasFilesOfItsOwnAndASpanReadOpensOnlyItsMonths() throws Exception {
    DeltaStore store = SharedSpark.newStore();
    label(store, "2026-04-21");
    String path = store.path(Tables.DECISIONS_LABELED);
    assertThat(partitionColumns(path)).containsExactly(Tables.DECIDED_MONTH);

    Dataset<Row> table = store.read(Tables.DECISIONS_LABELED);
    assertThat(table.select(col(Tables.DECIDED_MONTH).cast("string")).distinct().collectAsList())
        .map(row -> row.getString(0)).containsExactlyInAnyOrder("2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01");
    // The month is decided_at's in UTC: the last second of February is February's, March's first March's.
    assertThat(table.filter(col("decision_id").isin("feb2", "mar1")).orderBy("decision_id")
        .select(col(Tables.DECIDED_MONTH).cast("string")).collectAsList())
        .map(row -> row.getString(0)).containsExactly("2026-02-01", "2026-03-01");
    List<Row> monthsPerFile = table.groupBy(input_file_name()).agg(countDistinct(col(Tables.DECIDED_MONTH)))
        .collectAsList();
    assertThat(monthsPerFile).hasSizeGreaterThanOrEqualTo(4).allSatisfy(row -> assertThat(row.getLong(1)).isOne());

    // A span within March and April: January's and February's files are skipped by their decided_at statistics.
    Dataset<Row> span = store.read(Tables.DECISIONS_LABELED)
        .filter(new DayRange(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-04-21")).contains());
    assertThat(span.collectAsList()).map(row -> row.<String>getAs("decision_id"))
        .containsExactlyInAnyOrder("mar2", "apr1", "apr2");
    assertThat(rowsRead(span)).as("rows read: no more than March's and April's four, of the table's nine")
        .isBetween(3L, 4L);

    // A MERGE told its rows are March's opens March's files alone: with January's and February's files gone, it
    // still lands, where one not told fails on the missing files.
    Dataset<Row> changed = Fixtures.data(store.read(Tables.DECISIONS_LABELED)).filter(col("decision_id").equalTo("mar2"))
        .withColumn("amount", lit(41.0));
    Dataset<Row> source = spark.createDataFrame(changed.collectAsList(), changed.schema());
    for (String month : List.of("2026-01-01", "2026-02-01")) {
      try (Stream<Path> files = Files.list(Path.of(path, Tables.DECIDED_MONTH + "=" + month))) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
    }
    assertThatThrownBy(() -> store.merge(Tables.DECISIONS_LABELED, source)).hasStackTraceContaining("does not exist");
    store.mergeWithin(Tables.DECISIONS_LABELED, source, List.of(Date.valueOf("2026-03-01")));
    assertThat(store.read(Tables.DECISIONS_LABELED).filter(col(Tables.DECIDED_MONTH).geq(Date.valueOf("2026-03-01")))
        .select("decision_id", "amount").collectAsList()).map(Row::toString)
        .containsExactlyInAnyOrder("[mar1,80.0]", "[mar2,41.0]", "[apr1,90.0]", "[apr2,90.0]");
  }

  @Test
  void aTableWrittenBeforeThePartitioningIsRewrittenOnceAndEvaluatesTheSame() {
    DeltaStore partitioned = SharedSpark.newStore();
    label(partitioned, "2026-04-01");
    label(partitioned, "2026-04-21");
    List<String> expected = evaluate(partitioned, "2026-04-21");

    DeltaStore older = SharedSpark.newStore();
    label(older, "2026-04-01");
    String path = older.path(Tables.DECISIONS_LABELED);
    // decisions_labeled as an earlier cfeval left it: no decided_month, not partitioned.
    spark.read().format("delta").load(path).drop(Tables.DECIDED_MONTH).write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true").save(path);
    assertThat(partitionColumns(path)).isEmpty();
    label(older, "2026-04-21");
    assertThat(partitionColumns(path)).containsExactly(Tables.DECIDED_MONTH);
    assertThat(rowsOf(older.read(Tables.DECISIONS_LABELED)))
        .isEqualTo(rowsOf(partitioned.read(Tables.DECISIONS_LABELED)));
    assertThat(evaluate(older, "2026-04-21")).isEqualTo(expected);

    label(older, "2026-04-22");
    assertThat(DeltaTable.forPath(spark, path).history().filter(col("operation").equalTo("WRITE")).count())
        .as("its creation, its overwrite to the old layout and the one rewrite: not one per run").isEqualTo(3);
  }

  private List<String> evaluate(DeltaStore store, String asOf) {
    new Evaluator(spark, store, new Steps(spark, "test")).run(at(asOf));
    List<String> rows = new ArrayList<>(rowsOf(store.read(Tables.POLICY_CURVE)));
    rows.addAll(rowsOf(store.read(Tables.EVALUATION_WINDOWS)));
    return rows;
  }

  private static List<String> rowsOf(Dataset<Row> table) {
    return Fixtures.data(table).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private List<String> partitionColumns(String path) {
    Row detail = DeltaTable.forPath(spark, path).detail().first();
    return detail.getList(detail.fieldIndex("partitionColumns"));
  }

  /** The rows the tasks of {@code query} read from files, before any filter: what the scan opened. */
  private long rowsRead(Dataset<Row> query) throws java.util.concurrent.TimeoutException {
    LongAdder rows = new LongAdder();
    SparkListener listener = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        rows.add(taskEnd.taskMetrics().inputMetrics().recordsRead());
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      query.collectAsList();
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return rows.sum();
  }
}

package org.cfeval.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.SharedSpark;
import org.cfeval.config.Setting;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The command line as users and schedulers meet it: exit codes, help, errors, and a pipeline run. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CfevalTest {
  private record Run(int exitCode, String out, String err) {}

  private static String dir;
  private static String warehouse;
  private static Path report;
  private static Run demo;

  private static Run cfeval(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cfeval.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** nightly with {@code sources}, then {@code more} (a later --warehouse replaces the first). */
  private static String[] nightly(String[] sources, String... more) {
    return job("nightly", sources, more);
  }

  /** {@code job} on the sources, with {@code more} options replacing or adding to them. */
  private static String[] job(String job, String[] sources, String... more) {
    List<String> args = new ArrayList<>(List.of(job));
    args.addAll(List.of(sources));
    for (int i = 0; i < more.length; i += 2) {
      int at = args.indexOf(more[i]);
      if (at >= 0) {
        args.set(at + 1, more[i + 1]);
      } else {
        args.addAll(List.of(more[i], more[i + 1]));
      }
    }
    return args.toArray(String[]::new);
  }

  @Test
  void everyJobHasHelpListingEachOfItsOptions() {
    Run top = cfeval("--help");
    assertThat(top.exitCode()).isZero();
    for (Job job : Cfeval.JOBS) {
      assertThat(top.out()).contains(job.name());
      Run help = cfeval(job.name(), "--help");
      assertThat(help.exitCode()).as(job.name()).isZero();
      for (Setting<?> option : job.options()) {
        assertThat(help.out()).as(job.name()).contains("--" + option.name() + " ");
      }
    }
  }

  @Test
  void badCommandLinesExitWith2AndSayWhy() {
    Run unknownJob = cfeval("labels");
    assertThat(unknownJob.exitCode()).isEqualTo(2);
    assertThat(unknownJob.err()).contains("unknown job 'labels'");
    Run unknownOption = cfeval("evaluate", "--treshold", "5");
    assertThat(unknownOption.exitCode()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("Unknown option --treshold");
  }

  /**
   * One demo run (20,000 decisions, short delays), whose warehouse the tests below then run the jobs on from the
   * command line, in this order: the later ones add to the tables (alerts' runs, a second as-of date).
   */
  @BeforeAll
  static void runTheDemo() {
    SharedSpark.session();
    dir = SharedSpark.newDirectory("cli").toString();
    warehouse = dir + "/warehouse";
    // The demo: simulate, then nightly on the simulated files, then the truth beside the estimates, then the report.
    // Short delays, so that 90 days hold a delay model and a nowcast, and the score read as a probability (its
    // calibration off by 0.03 or so, within this run's rule): the report shows every chart.
    report = Path.of(dir, "out", "report.html");
    demo = cfeval("demo", "--out", dir + "/sim", "--format", "csv", "--size", "20000", "--days", "90",
        "--warehouse", warehouse, "--report", report.toString(), "--thresholds", "50,70", "--slices", "region",
        "--max-false-block-rate", "0.05", "--bootstrap", "50", "--maturity-days", "30", "--window-days", "20",
        "--label-horizon-days", "50", "--score-scale", "100", "--max-ece", "0.1",
        // The challenger's windows, back to back before the maturity: 20 days to train, 5 to validate, 5 to test.
        "--train-days", "20", "--validation-days", "5", "--test-days", "5");
  }

  /** The simulated sources as nightly reads them, into {@code into}. */
  private static String[] sources(String into) {
    return new String[] {"--warehouse", into, "--decisions", dir + "/sim/decisions", "--decisions-format", "csv",
        "--labels", dir + "/sim/chargebacks", "--labels-format", "csv"};
  }

  @Test
  @Order(1)
  void theDemoPrintsEveryStepAndItsReportShowsEveryTable() throws Exception {
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("simulated 20,000 decisions from 2026-01-01 to 2026-03-31",
        "decisions: read 20,000 = accepted 20,000 + rejected 0 + after as-of 0", "score > 50.0", "score > 70.0",
        "production", "false_block_rate", "logging_health", "reports_ratio", "fairness by region: the production"
        + " policy's false-positive rate is highest on ", "model challenger ", "fitted on", "promotion gate",
        "demo: every IPS figure is within 3 standard errors",
        "report: " + report);
    assertThat(demo.out()).containsPattern("drift: \\d+ rows, current period from 2026-03-25 against \\[2026-03-18,"
        + " 2026-03-25\\)");
    // nightly ends with optimize: production and the two cheapest policies, with their savings.
    assertThat(demo.out()).contains("optimal_policies: 3 rows, action_outcomes: 18,", "cheapest_block",
        "cheapest_challenge_block");
    assertDemoReport(report, warehouse);
  }

  @Test
  @Order(2)
  void refusedInvocationsWriteNothing() throws Exception {
    // Failures that need the sources come before the first write: the warehouse stays empty.
    String refused = dir + "/refused";
    String[] sources = sources(refused);
    Run noSuchSlice = cfeval(nightly(sources, "--as-of", "2026-04-01", "--slices", "region,nonexistent"));
    assertThat(noSuchSlice.exitCode()).isEqualTo(2);
    assertThat(noSuchSlice.err()).contains("slices: column 'nonexistent' is not in decisions source " + dir);
    Run noSuchDriftColumn = cfeval(nightly(sources, "--as-of", "2026-04-01", "--drift-columns", "velocity_1h,nope"));
    assertThat(noSuchDriftColumn.exitCode()).isEqualTo(2);
    assertThat(noSuchDriftColumn.err()).contains("drift-columns: column 'nope' is not in decisions source " + dir);
    Run noSuchFairnessColumn = cfeval(nightly(sources, "--as-of", "2026-04-01", "--fairness-columns", "nope"));
    assertThat(noSuchFairnessColumn.exitCode()).isEqualTo(2);
    assertThat(noSuchFairnessColumn.err()).contains("fairness-columns: column 'nope' is not in decisions source " + dir);
    Run beforeData = cfeval(nightly(sources, "--as-of", "2025-12-01"));
    assertThat(beforeData.exitCode()).isEqualTo(2);
    assertThat(beforeData.err()).contains("as-of: 2025-12-01 is not after the first decision (2026-01-01)");
    // What the scheduler's sensor asks: has the day before the date arrived? It writes nothing either way.
    Run ready = cfeval(job("ready", sources, "--as-of", "2026-04-01"));
    assertThat(ready.exitCode()).as(ready.err()).isZero();
    assertThat(ready.out()).contains("ready for 2026-04-01: decisions from 2026-01-01 to 2026-03-31");
    Run notReady = cfeval(job("ready", sources, "--as-of", "2026-04-02"));
    assertThat(notReady.exitCode()).as(notReady.err()).isEqualTo(5);
    assertThat(notReady.err()).contains("the decisions of 2026-04-01, the day before as-of 2026-04-02, have not arrived",
        "is from 2026-03-31");
    // A decision log that breaks its contract is the export's fault: 3, which the DAG does not retry.
    Path noPAllow = Path.of(dir, "no-p-allow");
    Files.createDirectories(noPAllow);
    Files.writeString(noPAllow.resolve("part-0.csv"), "decision_id,decided_at,score,action,amount\n"
        + "d1,2026-03-31T10:00:00Z,12.5,allow,9.99\n");
    Run broken = cfeval(job("ready", sources, "--as-of", "2026-04-01", "--decisions", noPAllow.toString()));
    assertThat(broken.exitCode()).as(broken.err()).isEqualTo(3);
    assertThat(broken.err()).contains("decisions source " + noPAllow, "lacks required column 'p_allow'");
    Run afterData = cfeval(nightly(sources, "--as-of", "2027-01-01"));
    assertThat(afterData.exitCode()).as(afterData.err()).isEqualTo(5);
    assertThat(afterData.err()).contains("starts after the last decision (2026-03-31)", "has not arrived");
    assertThat(Path.of(refused)).doesNotExist();
    // A demo too short for a matured window is refused before anything is simulated or written.
    String tooShort = dir + "/too-short";
    Run shortDemo = cfeval("demo", "--out", tooShort + "/sim", "--warehouse", tooShort + "/warehouse", "--days", "60");
    assertThat(shortDemo.exitCode()).as(shortDemo.err()).isEqualTo(2);
    assertThat(shortDemo.err()).contains("days: 60 days from 2026-01-01 hold no matured window as of 2026-03-02 (its"
        + " window is [2025-12-02, 2026-01-01)): simulate more days");
    assertThat(Path.of(tooShort)).doesNotExist();
  }

  @Test
  @Order(3)
  void aYoungDeploymentLabelsAndSkipsTheEvaluation() {
    // A young deployment: labels are written, the evaluation is skipped, and that is a success.
    String young = dir + "/young";
    Run firstNight = cfeval(nightly(sources(young), "--as-of", "2026-02-01"));
    assertThat(firstNight.exitCode()).as(firstNight.err()).isZero();
    assertThat(firstNight.out()).contains("decisions_labeled outcomes:", "evaluation skipped: no matured window yet");
    assertThat(Path.of(young, "decisions_labeled")).exists();
    assertThat(Path.of(young, "policy_curve")).doesNotExist();
  }

  @Test
  @Order(4)
  void alertsFailTheRunWithStatus4AndRunsRecordsEveryRun() {
    // alerts re-judges the date's tables: at a 0.1% guardrail the production policy's false block rate (about
    // 1.2% on this world) fails the run with status 4, after writing alerts; --fail-on-alert none tolerates it.
    Run fired = cfeval("alerts", "--as-of", "2026-04-01", "--warehouse", warehouse, "--max-false-block-rate", "0.001",
        "--max-ece", "0.1");
    assertThat(fired.exitCode()).as(fired.err()).isEqualTo(4);
    assertThat(fired.out()).contains("alert fired (critical): false_block_rate: false block rate 0.0");
    Run tolerated = cfeval("alerts", "--as-of", "2026-04-01", "--warehouse", warehouse, "--max-false-block-rate",
        "0.001", "--max-ece", "0.1", "--fail-on-alert", "none");
    assertThat(tolerated.exitCode()).as(tolerated.err()).isZero();
    Run firedRows = cfeval("sql", "--warehouse", warehouse, "SELECT rule, fired FROM alerts WHERE fired");
    assertThat(firedRows.out()).contains("false_block_rate", "(1 row)");
    // runs: a row per run that wrote tables, with its exit status; the invocations refused above wrote nothing.
    Run runs = cfeval("sql", "--warehouse", warehouse, "SELECT job, exit_status, run_id FROM runs ORDER BY started_at");
    assertThat(runs.out()).containsPattern("demo +0 +demo-\\d{8}T\\d{6}Z-\\w{8}")
        .containsPattern("alerts +4 ").containsPattern("alerts +0 ").contains("(3 rows)");
    java.util.regex.Matcher demoRun = java.util.regex.Pattern.compile("demo-\\d{8}T\\d{6}Z-\\w{8}")
        .matcher(runs.out());
    assertThat(demoRun.find()).isTrue();
    // Read as the demo's nightly left them, before alerts re-judged the date at a 0.1% guardrail: nothing fired.
    Run asTheDemoLeftIt = cfeval("sql", "--warehouse", warehouse, "--run", demoRun.group(),
        "SELECT rule, fired FROM alerts WHERE fired");
    assertThat(asTheDemoLeftIt.exitCode()).as(asTheDemoLeftIt.err()).isZero();
    assertThat(asTheDemoLeftIt.out()).contains("(0 rows)");
  }

  @Test
  @Order(5)
  void whatIfPricesAProposedPolicy() {
    Run whatIf = cfeval("whatif", "--as-of", "2026-04-01", "--warehouse", warehouse, "--challenge-above", "40",
        "--block-above", "70", "--chargeback-fee", "25");
    assertThat(whatIf.exitCode()).as(whatIf.err()).isZero();
    assertThat(whatIf.out()).contains("proposed: challenge if score > 40.0, block if score > 70.0", "block_rate",
        "challenge_rate", "false_block_rate", "expected_cost", "cost_per_decision");
    Run noPolicy = cfeval("whatif", "--as-of", "2026-04-01", "--warehouse", warehouse, "--threshold", "70",
        "--block-above", "70");
    assertThat(noPolicy.exitCode()).isEqualTo(2);
    assertThat(noPolicy.err()).contains("threshold: give the proposed policy as --threshold T or as --block-above T");
  }

  @Test
  @Order(6)
  void theReportPlotsTrendsOverAsOfDates() throws Exception {
    // Several as-of dates make trends: the night's curve again as of the day before, then the report of the later
    // date plots both (precision and recall, two points each), the earlier date's only its own.
    SharedSpark.session().sql(String.format("INSERT INTO delta.`%s/policy_curve` BY NAME SELECT * EXCEPT (as_of_date),"
        + " DATE'2026-03-31' AS as_of_date FROM delta.`%s/policy_curve` WHERE as_of_date = DATE'2026-04-01'",
        warehouse, warehouse));
    Run reported = cfeval("report", "--as-of", "2026-04-01", "--warehouse", warehouse, "--report", report.toString());
    assertThat(reported.exitCode()).as(reported.err()).isZero();
    assertThat(reported.out()).contains("report: " + report);
    assertThat(Files.readString(report)).contains("data-chart=\"trend-production\" data-rows=\"4\"",
        "2 as-of dates so far.");
    assertThat(cfeval("report", "--as-of", "2026-03-31", "--warehouse", warehouse, "--report", report.toString())
        .exitCode()).isZero();
    assertThat(Files.readString(report)).contains("data-chart=\"trend-production\" data-rows=\"2\"",
        "One as-of date so far");
    Run noRows = cfeval("report", "--as-of", "2026-05-01", "--warehouse", warehouse, "--report", report.toString());
    assertThat(noRows.exitCode()).isEqualTo(2);
    assertThat(noRows.err()).contains("policy_curve has no rows as of 2026-05-01");
  }

  @Test
  @Order(7)
  void sqlFindsTheTablesByNameAndRunsFilesOfStatements() throws Exception {
    Run sql = cfeval("sql", "--warehouse", warehouse,
        "SELECT slice_value, COUNT(*) AS n FROM policy_curve WHERE slice_key = 'region' GROUP BY slice_value"
            + " ORDER BY slice_value");
    assertThat(sql.exitCode()).as(sql.err()).isZero();
    assertThat(sql.out()).contains("slice_value", "APAC", "EU", "LATAM", "NA", "(4 rows)");

    // Registered by name in Hive's metastore, database cfeval (the session's current one, hence the unqualified
    // names above), at the warehouse's folder, with the table's and each column's comment from its definition.
    SparkSession spark = SharedSpark.session();
    assertThat(spark.conf().get("spark.sql.catalogImplementation")).isEqualTo("hive");
    assertThat(spark.catalog().currentDatabase()).isEqualTo("cfeval");
    java.util.Map<String, Row> described = new java.util.HashMap<>();
    spark.sql("DESCRIBE TABLE EXTENDED cfeval.policy_curve").collectAsList()
        .forEach(row -> described.putIfAbsent(row.getString(0).trim(), row));
    assertThat(described.get("Comment").getString(1)).isEqualTo("cfeval. One row: " + Tables.POLICY_CURVE.rowMeaning());
    assertThat(described.get("Location").getString(1)).isEqualTo("file:" + warehouse + "/policy_curve");
    assertThat(described.get("precision").getString(2)).isEqualTo(Tables.POLICY_CURVE.column("precision").comment());

    // A file of statements, comments and all, printed as CSV and as JSON lines, a blank line between results.
    Path script = Path.of(dir, "review.sql");
    Files.writeString(script, "-- regions; then alerts\nSELECT slice_value, COUNT(*) AS n FROM policy_curve"
        + " WHERE slice_key = 'region' AND slice_value IN ('EU', 'NA') GROUP BY slice_value ORDER BY slice_value;\n"
        + "/* the fired rule */ SELECT rule, 'a,b' AS text FROM alerts WHERE fired;\n");
    Run csv = cfeval("sql", "--warehouse", warehouse, "--file", script.toString(), "--output-format", "csv");
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    assertThat(csv.out()).matches("(?s)slice_value,n\nEU,\\d+\nNA,\\d+\n\nrule,text\nfalse_block_rate,\"a,b\"\n");
    Run json = cfeval("sql", "--warehouse", warehouse, "--file", script.toString(), "--output-format", "json");
    assertThat(json.out()).matches("(?s)\\{\"slice_value\":\"EU\",\"n\":\\d+}\n\\{\"slice_value\":\"NA\",\"n\":\\d+}\n\n"
        + "\\{\"rule\":\"false_block_rate\",\"text\":\"a,b\"}\n");
    // Refused before Spark starts: a statement and a file, neither, an unreadable file.
    assertThat(cfeval("sql", "--warehouse", warehouse, "--file", script.toString(), "SELECT 1").err())
        .contains("sql: give one statement as the argument or a file of them with --file, not both");
    Run noFile = cfeval("sql", "--warehouse", warehouse, "--file", dir + "/none.sql");
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(noFile.err()).contains("file: cannot read " + dir + "/none.sql");
    assertThat(cfeval("sql", "--warehouse", warehouse).err()).contains("got neither");
    Path commentsOnly = Files.writeString(Path.of(dir, "empty.sql"), "-- nothing to run; /* at all */\n");
    Run empty = cfeval("sql", "--warehouse", warehouse, "--file", commentsOnly.toString());
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("file: " + commentsOnly + " holds no SQL statement");

    Run badSql = cfeval("sql", "--warehouse", warehouse, "SELECT nope FROM policy_curve");
    assertThat(badSql.exitCode()).isEqualTo(2);
    assertThat(badSql.err()).contains("nope");
  }

  /**
   * The demo's report: each chart plots the rows the tables hold for it (counted here by SQL), the table the three
   * policies; it draws in Chromium; and every notebook runs against the same tables.
   */
  private static void assertDemoReport(Path report, String warehouse) throws Exception {
    String page = Files.readString(report);
    String curveRows = "FROM delta.`" + warehouse + "/policy_curve` WHERE as_of_date = DATE'2026-04-01'"
        + " AND slice_key = 'all' AND model_id IS NULL AND policy = 'threshold'";
    long rateRows = SharedSpark.session().sql("SELECT COUNT(precision) + COUNT(recall) AS n " + curveRows
        + " AND estimator IN ('ips', 'naive')").first().getLong(0);
    long costRows = SharedSpark.session().sql("SELECT COUNT(expected_cost) AS n " + curveRows + " AND estimator = 'ips'")
        .first().getLong(0);
    assertThat(rateRows).isGreaterThan(costRows).isGreaterThan(10);
    assertThat(page).contains("data-chart=\"policy-curve\" data-rows=\"" + rateRows + "\"",
        "data-chart=\"cost-curve\" data-rows=\"" + costRows + "\"", "<table id=\"optimal-policies\" data-rows=\"3\"",
        "threshold t (score)", "share (0 to 1)", "expected cost (reporting currency)", "precision (naive, biased)",
        "cheapest_challenge_block", "production precision ");
    // The challenger's comparison with the logged score: each of its rows of the date.
    long compared = SharedSpark.session().sql("SELECT COUNT(*) FROM delta.`" + warehouse + "/model_comparison`"
        + " WHERE as_of_date = DATE'2026-04-01'").first().getLong(0);
    assertThat(compared).isPositive();
    assertThat(page).contains("<table id=\"model-comparison\" data-rows=\"" + compared + "\">",
        "<td>challenger vs production</td>");
    assertThat(page.split("<svg", -1)).hasSize(AnalystOutputs.CHARTS.size() + 1);
    // Self-contained: nothing to fetch (the SVG namespaces' URIs name, they are not fetched).
    assertThat(page).doesNotContainPattern("(src|href)=['\"]").doesNotContain("<link").doesNotContain("<script");
    AnalystOutputs.assertReportDrawsInChromium(report);
    AnalystOutputs.assertNotebooksRun(warehouse);
  }
}

package org.cfeval.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.cfeval.SharedSpark;
import org.cfeval.config.Setting;
import org.junit.jupiter.api.Test;

/** The command line as users and schedulers meet it: exit codes, help, errors, and a pipeline run. */
class CfevalTest {
  private record Run(int exitCode, String out, String err) {}

  private static Run cfeval(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cfeval.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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

  @Test
  void simulateThenNightlyThenSqlFromTheCommandLine() {
    SharedSpark.session();
    String dir = SharedSpark.newDirectory("cli").toString();
    String warehouse = dir + "/warehouse";
    Run simulate = cfeval("simulate", "--out", dir + "/sim", "--format", "csv", "--size", "20000", "--days", "90");
    assertThat(simulate.exitCode()).as(simulate.err()).isZero();
    assertThat(simulate.out()).contains("simulated 20,000 decisions from 2026-01-01 to 2026-03-31");

    Run missingAsOf = cfeval("nightly", "--warehouse", warehouse, "--decisions", dir + "/sim/decisions",
        "--labels", dir + "/sim/chargebacks");
    assertThat(missingAsOf.exitCode()).isEqualTo(1);
    assertThat(missingAsOf.err()).contains("as-of: missing; give --as-of YYYY-MM-DD");

    Run nightly = cfeval("nightly", "--as-of", "2026-04-01", "--warehouse", warehouse,
        "--decisions", dir + "/sim/decisions", "--decisions-format", "csv",
        "--labels", dir + "/sim/chargebacks", "--labels-format", "csv",
        "--thresholds", "50,70", "--slices", "region");
    assertThat(nightly.exitCode()).as(nightly.err()).isZero();
    assertThat(nightly.out()).contains("decisions: read 20,000 = accepted 20,000 + rejected 0 + after as-of 0",
        "score > 50.0", "score > 70.0", "production");

    // nightly ends with optimize: production and the two cheapest policies, with their savings.
    assertThat(nightly.out()).contains("optimal_policies: 3 rows, action_outcomes: 18,", "cheapest_block",
        "cheapest_challenge_block");

    Run whatIf = cfeval("whatif", "--as-of", "2026-04-01", "--warehouse", warehouse, "--challenge-above", "40",
        "--block-above", "70", "--chargeback-fee", "25");
    assertThat(whatIf.exitCode()).as(whatIf.err()).isZero();
    assertThat(whatIf.out()).contains("proposed: challenge if score > 40.0, block if score > 70.0", "block_rate",
        "challenge_rate", "false_block_rate", "expected_cost", "cost_per_decision");
    Run noPolicy = cfeval("whatif", "--as-of", "2026-04-01", "--warehouse", warehouse, "--threshold", "70",
        "--block-above", "70");
    assertThat(noPolicy.exitCode()).isEqualTo(1);
    assertThat(noPolicy.err()).contains("threshold: give the proposed policy as --threshold T or as --block-above T");

    Run sql = cfeval("sql", "--warehouse", warehouse,
        "SELECT slice_value, COUNT(*) AS n FROM policy_curve WHERE slice_key = 'region' GROUP BY slice_value"
            + " ORDER BY slice_value");
    assertThat(sql.exitCode()).as(sql.err()).isZero();
    assertThat(sql.out()).contains("slice_value", "APAC", "EU", "LATAM", "NA", "(4 rows)");

    Run badSql = cfeval("sql", "--warehouse", warehouse, "SELECT nope FROM policy_curve");
    assertThat(badSql.exitCode()).isEqualTo(1);
    assertThat(badSql.err()).contains("nope");
  }
}

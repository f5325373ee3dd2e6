package org.cfeval.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of every job is checked before any work: a bad value exits 2, names the option and the
 * value, and leaves nothing behind. These runs start no Spark: validation comes first.
 */
@Tag("fast")
class OptionCheckTest {
  /** Values tried in turn until one is refused; an option that takes all of them is free text. */
  private static final List<String> CANDIDATES = List.of("abc", "-1", "", "2,1", "0", "1e400", "a b,a b");

  @TempDir
  Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run cfeval(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cfeval.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Optional<String> badValue(Setting<?> option) {
    return CANDIDATES.stream().filter(value -> {
      try {
        option.parse(value, "test");
        return false;
      } catch (ConfigException refused) {
        return true;
      }
    }).findFirst();
  }

  /** The job's command line with a good value for every required option and every output under dir. */
  private List<String> validArgs(Job job) {
    List<String> args = new ArrayList<>(List.of(job.name()));
    for (Setting<?> option : job.options()) {
      String value = option == Keys.WAREHOUSE ? dir.resolve("warehouse").toString()
          : option == Keys.SIM_OUT ? dir.resolve("out").toString()
          : !job.required().contains(option) ? null
          : option == Keys.AS_OF ? "2026-04-01"
          : option == Keys.MODEL_ID ? "m1"
          : dir.resolve(option.name()).toString();
      if (value != null) {
        args.addAll(List.of("--" + option.name(), value));
      }
    }
    if (job.positional() != null) {
      args.add("SELECT 1");
    }
    return args;
  }

  private static List<String> with(List<String> args, Setting<?> option, String value) {
    List<String> changed = new ArrayList<>(args);
    int at = changed.indexOf("--" + option.name());
    if (at >= 0) {
      changed.set(at + 1, value);
    } else {
      changed.addAll(1, List.of("--" + option.name(), value));
    }
    return changed;
  }

  private void assertNothingWritten(String what) throws IOException {
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.toList()).as(what).isEmpty();
    }
  }

  @Test
  void aBadValueOfAnyTypedOptionExits2NamingItAndWritesNothing() throws IOException {
    int tried = 0;
    for (Job job : Cfeval.JOBS) {
      for (Setting<?> option : job.options()) {
        Optional<String> bad = badValue(option);
        if (bad.isEmpty()) {
          continue;
        }
        Run run = cfeval(with(validArgs(job), option, bad.get()));
        String what = job.name() + " --" + option.name() + " '" + bad.get() + "'";
        assertThat(run.exitCode()).as(what + ": " + run.err()).isEqualTo(2);
        assertThat(run.err()).as(what).contains(option.name() + ":").contains("'" + bad.get() + "'");
        assertNothingWritten(what);
        tried++;
      }
    }
    // Every job has typed options; at least the shared ones (--as-of, --bootstrap, ...) were each tried.
    assertThat(tried).isGreaterThan(150);
  }

  @Test
  void aBadValueInAConfFileExits2NamingKeyValueAndFile() throws IOException {
    Path conf = Files.writeString(dir.resolve("site.properties"), "bootstrap=abc\n");
    Run run = cfeval(List.of("config", "--conf", conf.toString()));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("bootstrap:", "'abc'", conf.toString());
    Run direct = cfeval(List.of("config", "--bootstrap", "abc"));
    assertThat(direct.exitCode()).isEqualTo(2);
    assertThat(direct.out()).isEmpty();
  }

  @Test
  void configPrintsTheShippedDefaultsAndChecksNoRuleBetweenJobsOptions() throws IOException {
    Run config = cfeval(List.of("config"));
    assertThat(config.exitCode()).as(config.err()).isZero();
    assertThat(config.out()).isEqualTo(Files.readString(Path.of("..", "conf", "cfeval.properties")));
  }

  @Test
  void rulesBetweenOptionsAreCheckedBeforeAnyWork() throws IOException {
    Job evaluate = job("evaluate");
    Run outside = cfeval(with(with(validArgs(evaluate), Keys.SCORE_RANGE, "0,100"), Keys.THRESHOLDS, "50,120"));
    assertThat(outside.exitCode()).isEqualTo(2);
    assertThat(outside.err()).contains("thresholds: 120.0 is outside --score-range 0.0,100.0");

    Job whatIf = job("whatif");
    Run both = cfeval(with(with(validArgs(whatIf), Keys.THRESHOLD, "70"), Keys.BLOCK_ABOVE, "70"));
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give the proposed policy as --threshold T or as --block-above T");
    Run inverted = cfeval(with(with(validArgs(whatIf), Keys.BLOCK_ABOVE, "50"), Keys.CHALLENGE_ABOVE, "60"));
    assertThat(inverted.exitCode()).isEqualTo(2);
    assertThat(inverted.err()).contains("challenge-above: must not exceed block-above (50.0), got 60.0");

    Run noFeatures = cfeval(validArgs(job("train")));
    assertThat(noFeatures.exitCode()).isEqualTo(2);
    assertThat(noFeatures.err()).contains("features: none given");

    Run selfCompare = cfeval(with(validArgs(job("compare")), Keys.CHAMPION_ID, "m1"));
    assertThat(selfCompare.exitCode()).isEqualTo(2);
    assertThat(selfCompare.err()).contains("champion-id: must differ from --model-id");

    // The evaluated window must lie within the label horizon, where label keeps outcomes current.
    Run beyondHorizon = cfeval(with(validArgs(job("nightly")), Keys.WINDOW_DAYS, "90"));
    assertThat(beyondHorizon.exitCode()).isEqualTo(2);
    assertThat(beyondHorizon.err()).contains("label-horizon-days: must be at least --maturity-days plus --window-days"
        + " (150), so the evaluated window's labels are kept current, got 120");

    // Drift's reference period must end before its current period starts (2026-04-01 minus 7 days).
    Run overlapping = cfeval(with(validArgs(job("nightly")), Keys.DRIFT_REFERENCE, "2026-03-20,2026-03-28"));
    assertThat(overlapping.exitCode()).isEqualTo(2);
    assertThat(overlapping.err()).contains("drift-reference: must end by the current period's start, --as-of minus"
        + " --drift-days (2026-03-25), got 2026-03-20,2026-03-28");

    // One reference period, given one way.
    Run twoReferences = cfeval(with(with(validArgs(job("nightly")), Keys.DRIFT_REFERENCE, "2026-03-01,2026-03-08"),
        Keys.DRIFT_REFERENCE_MODEL, "m1"));
    assertThat(twoReferences.exitCode()).isEqualTo(2);
    assertThat(twoReferences.err()).contains("drift-reference-model: give the reference period as --drift-reference"
        + " or as --drift-reference-model, not both");

    // The promotion gate judges by bootstrap intervals: failing on it without any is refused.
    Run gateWithoutIntervals = cfeval(with(with(validArgs(job("compare")), Keys.FAIL_ON_GATE, "true"),
        Keys.BOOTSTRAP, "0"));
    assertThat(gateWithoutIntervals.exitCode()).isEqualTo(2);
    assertThat(gateWithoutIntervals.err()).contains("fail-on-gate: the promotion gate judges by bootstrap intervals");

    Run slices = cfeval(with(validArgs(evaluate), Keys.SLICES, "region,,country"));
    assertThat(slices.exitCode()).isEqualTo(2);
    assertThat(slices.err()).contains("slices: expected column names separated by commas");
    assertNothingWritten("rules");
  }

  @Test
  void missingRequiredAndRepeatedOptionsAreRefusedByName() throws IOException {
    Job nightly = job("nightly");
    List<String> args = validArgs(nightly);
    int at = args.indexOf("--as-of");
    List<String> noAsOf = new ArrayList<>(args);
    noAsOf.subList(at, at + 2).clear();
    Run missing = cfeval(noAsOf);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("as-of: missing; give --as-of YYYY-MM-DD");

    List<String> twice = new ArrayList<>(args);
    twice.addAll(List.of("--bootstrap", "10", "--bootstrap", "20"));
    Run repeated = cfeval(twice);
    assertThat(repeated.exitCode()).isEqualTo(2);
    assertThat(repeated.err()).contains("option --bootstrap is given more than once");

    Run score = cfeval(List.of("score", "--as-of", "2026-04-01", "--warehouse", dir.resolve("warehouse").toString()));
    assertThat(score.exitCode()).isEqualTo(2);
    assertThat(score.err()).contains("model-id: missing");
    assertNothingWritten("required");
  }

  @Test
  void helpMarksTheRequiredOptions() {
    for (Job job : Cfeval.JOBS) {
      Run help = cfeval(List.of(job.name(), "--help"));
      assertThat(help.exitCode()).isZero();
      assertThat(help.out()).contains(job.summary());
      for (Setting<?> option : job.options()) {
        if (!job.required().contains(option)) {
          continue;
        }
        assertThat(help.out()).as(job.name()).containsPattern("--" + option.name() + " \\S+\\s+REQUIRED\\.");
      }
    }
  }

  /** The demo simulates 180 days, not the simulator's 120: its --help says what it does. */
  @Test
  void helpShowsAJobsOwnDefault() {
    assertThat(cfeval(List.of("demo", "--help")).out()).containsPattern("--days N\\s+days the simulated decisions spread"
        + " over \\(default: 180\\)");
    assertThat(cfeval(List.of("simulate", "--help")).out()).contains("over (default: 120)");
    assertThatThrownBy(() -> Keys.SIM_DAYS.withDefault("many")).isInstanceOf(ConfigException.class);
  }

  /** A report that could not be written is refused before Spark starts, naming the path. */
  @Test
  void aReportPathThatCannotBeWrittenExits2(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    for (String report : List.of(dir.toString(), file.resolve("report.html").toString())) {
      Run refused = cfeval(List.of("report", "--as-of", "2026-04-01", "--warehouse", dir.resolve("w").toString(),
          "--report", report));
      assertThat(refused.exitCode()).as(report).isEqualTo(2);
      assertThat(refused.err()).contains("report: ", report);
    }
    assertThat(dir.resolve("w")).doesNotExist();
  }

  private static Job job(String name) {
    return Cfeval.JOBS.stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
  }
}

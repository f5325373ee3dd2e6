package org.cfeval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.cfeval.SharedSpark;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void commandLineBeatsFileBeatsDefault() throws IOException {
    Path file = SharedSpark.newDirectory("conf").resolve("site.properties");
    Files.writeString(file, "maturity-days=45\nwindow-days=7\n");
    Settings settings = Settings.resolve(Map.of("conf", file.toString(), "window-days", "14"));
    assertThat(settings.get(Keys.MATURITY_DAYS)).isEqualTo(45);
    assertThat(settings.get(Keys.WINDOW_DAYS)).isEqualTo(14);
    assertThat(settings.get(Keys.MAX_REJECT_SHARE)).isEqualTo(0.01);
    assertThat(settings.get(Keys.SLICES)).isEmpty();
    assertThat(settings.render()).contains("[from " + file + "]\nmaturity-days=45\n",
        "[from --window-days]\nwindow-days=14\n", "\n#as-of=\n");
  }

  @Test
  void badValuesNameTheKeyTheValueAndWhereItCameFrom() throws IOException {
    Path file = SharedSpark.newDirectory("conf").resolve("bad.properties");
    Files.writeString(file, "maturity-days=sixty\n");
    Settings settings = Settings.resolve(Map.of("conf", file.toString()));
    assertThatThrownBy(() -> settings.get(Keys.MATURITY_DAYS))
        .isInstanceOf(ConfigException.class)
        .hasMessage("maturity-days: expected a whole number, got 'sixty' (from " + file + ")");
    assertThatThrownBy(() -> Settings.defaults().with(Keys.THRESHOLDS, "10,x").get(Keys.THRESHOLDS))
        .hasMessage("thresholds: expected a number, got '10,x' (from --thresholds)");
    assertThatThrownBy(() -> Settings.defaults().with(Keys.DECISIONS_FORMAT, "orc").get(Keys.DECISIONS_FORMAT))
        .hasMessageContaining("expected one of [delta, parquet, json, csv], got 'orc'");
    assertThatThrownBy(() -> Settings.defaults().with(Keys.SCORE_RANGE, "100,0").get(Keys.SCORE_RANGE))
        .hasMessage("score-range: expected LO,HI with LO < HI, or nothing, got '100,0' (from --score-range)");
    assertThatThrownBy(() -> Settings.defaults().get(Keys.AS_OF))
        .hasMessage("as-of: missing; give --as-of YYYY-MM-DD or set it in a --conf file");
  }

  @Test
  void unknownKeyInAFileIsAnError() throws IOException {
    Path file = SharedSpark.newDirectory("conf").resolve("typo.properties");
    Files.writeString(file, "maturity_days=30\n");
    assertThatThrownBy(() -> Settings.resolve(Map.of("conf", file.toString())))
        .hasMessage(file + ": unknown key 'maturity_days'");
  }

  @Test
  void shippedConfFileListsEveryDefault() throws IOException {
    Path shipped = Path.of("..", "conf", "cfeval.properties");
    assertThat(Files.readString(shipped))
        .as("conf/cfeval.properties must list the defaults; regenerate it with"
            + " 'scripts/cfeval config > conf/cfeval.properties'")
        .isEqualTo(Settings.defaults().render());
    assertThat(Settings.resolve(Map.of("conf", shipped.toString())).get(Keys.MATURITY_DAYS)).isEqualTo(60);
  }

  @Test
  void commandLineParsesOptionsPrintsHelpAndRejectsUnknownOptions() {
    CommandLine commandLine = new CommandLine("cfeval test", "a test job",
        List.of(Keys.AS_OF, Keys.THRESHOLDS), null, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    CommandLine.Parsed parsed = commandLine.parse(new String[] {"--as-of", "2026-03-01", "--thresholds", "30,70"},
        outStream, errStream);
    assertThat(parsed.shouldRun()).isTrue();
    assertThat(parsed.settings().get(Keys.THRESHOLDS)).containsExactly(30.0, 70.0);
    assertThat(parsed.settings().get(Keys.AS_OF)).hasToString("2026-03-01");

    CommandLine.Parsed help = commandLine.parse(new String[] {"--help"}, outStream, errStream);
    assertThat(help.shouldRun()).isFalse();
    assertThat(help.exitCode()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: cfeval test", "--as-of YYYY-MM-DD",
        "--thresholds T1,T2");

    CommandLine.Parsed unknown = commandLine.parse(new String[] {"--as_of", "x"}, outStream, errStream);
    assertThat(unknown.shouldRun()).isFalse();
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option --as_of");
  }
}

package org.cfeval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.cfeval.SharedSpark;
import org.cfeval.stats.CostModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
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
        .hasMessage("maturity-days: expected a whole number from 0 to 3650, got 'sixty' (from " + file + ")");
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
  void shippedCostModelHoldsEveryCostKeyAtItsDefaultAndLayersOverASiteFile() throws IOException {
    Path costs = Path.of("..", "conf", "costs.properties");
    Properties shipped = new Properties();
    try (Reader reader = Files.newBufferedReader(costs)) {
      shipped.load(reader);
    }
    assertThat(shipped.stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(Keys.COST_MODEL.stream().map(Setting::name).toList());
    for (Setting<?> key : Keys.COST_MODEL) {
      assertThat(shipped.getProperty(key.name())).as(key.name()).isEqualTo(key.defaultText());
    }
    Path site = SharedSpark.newDirectory("conf").resolve("site.properties");
    Files.writeString(site, "chargeback-fee=99\nwindow-days=7\n");
    Settings layered = Settings.resolve(Map.of("conf", site + "," + costs, "challenge-cost", "0.5"));
    // The later file wins for the fee, the site file still sets the window, the command line wins over both.
    assertThat(Keys.costModel(layered)).isEqualTo(new CostModel(1, 15, 2, 0.1, 0.5, 0.93, 0.1));
    assertThat(layered.get(Keys.WINDOW_DAYS)).isEqualTo(7);
  }

  @Test
  void aBadCostNamesItsKeyAndFile() throws IOException {
    Path file = SharedSpark.newDirectory("conf").resolve("costs.properties");
    Files.writeString(file, "challenge-pass-legit=1.3\n");
    assertThatThrownBy(() -> Keys.costModel(Settings.resolve(Map.of("conf", file.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("challenge-pass-legit: ")
        .hasMessageEndingWith("got '1.3' (from " + file + ")");
  }

  @Test
  void commandLineParsesOptionsPrintsHelpAndRejectsUnknownOptions() {
    CommandLine commandLine = new CommandLine("cfeval test", "a test job",
        List.of(Keys.AS_OF, Keys.THRESHOLDS), List.of(), null, null);
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

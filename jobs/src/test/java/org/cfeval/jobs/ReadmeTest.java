package org.cfeval.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README is the manual: its reference (jobs, options, exit statuses, reject reasons, tables) is the
 * one the code generates, and its quick start is two commands, the second the one CI runs. Run with
 * {@code -Dcfeval.readme=write} to rewrite the reference from the code.
 */
@Tag("fast")
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md");

  private static final Path DAG = Path.of("..", "scripts", "airflow", "cfeval_nightly.py");

  @Test
  void theReferenceIsTheOneTheCodeGenerates() throws IOException {
    assertGenerated(README, Reference.BEGIN, Reference.END, Reference.markdown());
  }

  /** The DAG decides on retries from the same statuses the README lists. */
  @Test
  void theDagsExitStatusesAreTheOnesTheCodeGenerates() throws IOException {
    assertGenerated(DAG, Reference.DAG_BEGIN, Reference.DAG_END, Reference.dagExitStatuses());
  }

  /** The section of {@code file} between the markers equals {@code generated}; rewritten under -Dcfeval.readme=write. */
  private static void assertGenerated(Path file, String beginMarker, String endMarker, String generated)
      throws IOException {
    String text = Files.readString(file);
    int begin = text.indexOf(beginMarker);
    int end = text.indexOf(endMarker);
    assertThat(begin).as("%s has the generated section's markers", file).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String current = text.substring(begin, end + endMarker.length());
    if ("write".equals(System.getProperty("cfeval.readme")) && !current.equals(generated)) {
      Files.writeString(file, text.replace(current, generated));
      current = generated;
    }
    assertThat(current).as("%s; regenerate with: mvn -B test -pl jobs -Dgroups=fast -Dtest=ReadmeTest"
        + " -Dcfeval.readme=write -am -Dsurefire.failIfNoSpecifiedTests=false", file).isEqualTo(generated);
  }

  @Test
  void quickStartIsTwoCommandsTheSecondWhatCiRuns() throws IOException {
    String readme = Files.readString(README);
    Matcher quickStart = Pattern.compile("(?s)## Quick start\n.*?```\\w*\n(.*?)```").matcher(readme);
    assertThat(quickStart.find()).isTrue();
    List<String> commands = quickStart.group(1).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertThat(commands).hasSize(2);
    List<String> ci = Files.readAllLines(Path.of("..", ".ci", "run")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd ")).toList();
    assertThat(ci).containsExactly(commands.get(1));
  }
}

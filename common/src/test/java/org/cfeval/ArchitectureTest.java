package org.cfeval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The statistics stay plain Java: the packages that hold them import nothing from Spark. */
@Tag("fast")
class ArchitectureTest {
  private static final Path MAIN = Path.of("src", "main", "java", "org", "cfeval");

  @Test
  void statisticsAndCurvesDoNotUseSpark() throws IOException {
    for (String pure : List.of("stats", "curve")) {
      try (Stream<Path> files = Files.list(MAIN.resolve(pure))) {
        List<Path> sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
          assertThat(Files.readString(source)).as(source.toString()).doesNotContain("org.apache.spark");
        }
      }
    }
  }
}

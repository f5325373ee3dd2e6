package org.cfeval.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.contract.RejectReason;
import org.cfeval.tables.TableColumn;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

/** The README is the manual: every job, option, table, column and reject reason must appear in it. */
class ReadmeTest {
  private static String readme() throws IOException {
    return Files.readString(Path.of("..", "README.md"));
  }

  @Test
  void documentsEveryJobAndOption() throws IOException {
    String readme = readme();
    for (Job job : Cfeval.JOBS) {
      assertThat(readme).as("job " + job.name()).contains("### " + job.name());
    }
    for (Setting<?> key : Keys.all()) {
      assertThat(readme).as("option " + key.name()).contains("`--" + key.name());
    }
  }

  @Test
  void documentsEveryTableColumnAndRejectReason() throws IOException {
    String readme = readme();
    for (TableSpec table : Tables.EVERY_TABLE) {
      assertThat(readme).as("table " + table.name()).contains("### `" + table.name() + "`");
      String section = readme.substring(readme.indexOf("### `" + table.name() + "`"));
      for (TableColumn column : table.columns()) {
        assertThat(section).as(table.name() + "." + column.name()).contains("| `" + column.name() + "` |");
      }
    }
    for (RejectReason reason : RejectReason.values()) {
      assertThat(readme).as("reject reason " + reason.code()).contains("`" + reason.code() + "`");
    }
  }
}

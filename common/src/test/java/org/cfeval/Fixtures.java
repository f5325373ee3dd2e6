package org.cfeval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cfeval.config.Keys;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.cfeval.config.Settings;
import org.cfeval.tables.Provenance;

/** Small input files written as text, the way an upstream export would deliver them. */
public final class Fixtures {
  private Fixtures() {}

  /** Writes {@code lines} as {@code name} in a fresh directory and returns the directory (the source path). */
  public static String source(String name, List<String> lines) {
    Path dir = SharedSpark.newDirectory("source");
    try {
      Files.write(dir.resolve(name), lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.toString();
  }

  /** The table's rows without the provenance columns, which name the run: for comparing what two runs wrote. */
  public static Dataset<Row> data(Dataset<Row> table) {
    return table.drop(Provenance.RUN_ID, Provenance.CFEVAL_VERSION, Provenance.INPUTS);
  }

  /** Settings for a label or evaluate run over the given sources. */
  public static Settings settings(String asOf, String decisions, String format, String labels, String labelsFormat) {
    return Settings.defaults()
        .with(Keys.AS_OF, asOf)
        .with(Keys.DECISIONS, decisions)
        .with(Keys.DECISIONS_FORMAT, format)
        .with(Keys.LABELS, labels)
        .with(Keys.LABELS_FORMAT, labelsFormat);
  }
}

package org.cfeval.labels;

import static org.apache.spark.sql.functions.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.cfeval.contract.Contract;
import org.cfeval.contract.InputFormat;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Provenance;
import org.cfeval.tables.SourceFileRow;
import org.cfeval.tables.Tables;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Which files of a source a label run reads. A run for A reads the files that no run for an earlier date
 * read whole ({@code source_files}): new files, files rewritten since (another size or modification time),
 * and files that held rows after that run's as-of date, which it could not label yet. A file is in
 * {@code source_files} once a run read it with every row at or before its as-of date. A full run (--full,
 * or the first, with no decisions_labeled yet) reads every file.
 */
public final class SourceFiles {
  /** A file of a source: its name as Spark's {@code input_file_name()} decodes to, its size and modification time. */
  record File(String name, long size, Instant modified) {}

  /** One source's files, and those this run reads. */
  public record Selection(String source, String path, InputFormat format, List<File> all, List<File> toRead,
      Map<String, SourceFileRow> recorded) {
    /** Whether the run reads every file: a full run, or one that finds nothing read before. */
    public boolean everything() {
      return toRead.size() == all.size();
    }

    @Override
    public String toString() {
      return String.format("%s: %d of %d files", source, toRead.size(), all.size());
    }
  }

  private SourceFiles() {}

  /** The files of {@code path} a run for {@code asOf} reads: all of them when {@code full}. */
  static Selection select(SparkSession spark, DeltaStore store, String source, String path, InputFormat format,
      AsOf asOf, boolean full) {
    List<File> all = list(spark, path, format);
    Map<String, SourceFileRow> recorded = new HashMap<>();
    if (store.exists(Tables.SOURCE_FILES)) { // a full run too: it keeps the earlier dates files were read whole
      for (Row row : store.read(Tables.SOURCE_FILES).filter(col("source").equalTo(source)
          .and(col("source_path").equalTo(path))).collectAsList()) {
        recorded.put(row.getAs("file"), new SourceFileRow(source, path, row.getAs("file"), row.getAs("size_bytes"),
            row.<java.sql.Timestamp>getAs("modified_at").toInstant(), row.getAs("rows"),
            row.<java.sql.Date>getAs("label_as_of").toLocalDate()));
      }
    }
    List<File> toRead = full ? all
        : all.stream().filter(file -> !readBefore(recorded.get(file.name()), file, asOf)).toList();
    return new Selection(source, path, format, all, toRead, recorded);
  }

  private static boolean readBefore(SourceFileRow row, File file, AsOf asOf) {
    return row != null && row.sizeBytes() == file.size() && row.modifiedAt().equals(file.modified())
        && row.labelAsOf().isBefore(asOf.date());
  }

  /**
   * A loader of the selected files' rows, as the format reads them (what {@link Contract#read} types):
   * folder partitions stay columns, a Delta source's files are read through its log.
   */
  static Supplier<Dataset<Row>> loader(SparkSession spark, Selection selection) {
    if (selection.everything()) {
      return () -> Contract.load(spark, selection.path(), selection.format());
    }
    if (selection.format() == InputFormat.DELTA) {
      return () -> {
        DeltaLog log = DeltaLog.forTable(spark, selection.path());
        Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
        List<String> names = selection.toRead().stream().map(File::name).toList();
        List<AddFile> files = snapshot.allFiles().collectAsList().stream()
            .filter(add -> names.contains(absolute(log, add))).toList();
        return log.createDataFrame(snapshot, CollectionConverters.asScala(files).toList(), false, Option.empty());
      };
    }
    if (selection.toRead().isEmpty()) { // the header or schema only
      return () -> Contract.load(spark, selection.path(), selection.format()).limit(0);
    }
    String[] files = selection.toRead().stream().map(File::name).toArray(String[]::new);
    return () -> Contract.load(spark, selection.path(), selection.format(), files);
  }

  /**
   * The source_files rows of the selected files whose every row ({@code read}: the selection's rows, each with
   * its {@link Contract#SOURCE_FILE} and {@code happenedAt}) is at or before A, which later runs skip; a file
   * recorded so already is left out.
   */
  static List<SourceFileRow> readWhole(Selection selection, Dataset<Row> read, Column happenedAt, AsOf asOf) {
    Map<String, Row> byFile = new HashMap<>();
    for (Row row : read.groupBy(col(Contract.SOURCE_FILE)).agg(count(lit(1)).as("rows"),
        max(happenedAt).as("last")).collectAsList()) {
      byFile.put(decoded(row.getString(0)), row);
    }
    List<SourceFileRow> rows = new ArrayList<>();
    for (File file : selection.toRead()) {
      Row stats = byFile.get(file.name());
      java.sql.Timestamp last = stats == null ? null : stats.getAs("last");
      if (last != null && last.toInstant().isAfter(asOf.instant().toInstant())) {
        continue; // rows after A: the next run reads it again
      }
      SourceFileRow before = selection.recorded().get(file.name());
      LocalDate labelAsOf = readBefore(before, file, asOf) ? before.labelAsOf() : asOf.date();
      SourceFileRow row = new SourceFileRow(selection.source(), selection.path(), file.name(), file.size(),
          file.modified(), stats == null ? 0L : stats.<Long>getAs("rows"), labelAsOf);
      if (!row.equals(before)) {
        rows.add(row);
      }
    }
    return rows;
  }

  /** Records {@code rows} in source_files, in one commit. */
  static void record(DeltaStore store, SparkSession spark, List<SourceFileRow> rows) {
    if (!rows.isEmpty()) {
      store.merge(Tables.SOURCE_FILES, Tables.SOURCE_FILES.frame(spark, rows));
    }
  }

  /** The source's files: a Delta table's data files in its current version, or the files a folder shows Spark. */
  private static List<File> list(SparkSession spark, String path, InputFormat format) {
    if (format == InputFormat.DELTA) {
      DeltaLog log = DeltaLog.forTable(spark, path);
      return log.update(false, Option.empty(), Option.empty()).allFiles().collectAsList().stream()
          .map(add -> new File(absolute(log, add), add.size(), Instant.ofEpochMilli(add.modificationTime()))).toList();
    }
    return Provenance.visibleFiles(spark, path).stream()
        .map(file -> new File(file.getPath().toString(), file.getLen(), Instant.ofEpochMilli(file.getModificationTime())))
        .toList();
  }

  private static String absolute(DeltaLog log, AddFile add) {
    return new Path(log.dataPath(), new Path(URI.create(add.path()))).toString();
  }

  /** A file name as {@code input_file_name()} gives it (a URI, encoded), as a listing names the file. */
  private static String decoded(String uri) {
    try {
      return new Path(new URI(uri)).toString();
    } catch (URISyntaxException e) {
      return uri;
    }
  }
}

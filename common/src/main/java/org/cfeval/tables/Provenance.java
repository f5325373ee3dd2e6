package org.cfeval.tables;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;

/**
 * Where a run's rows come from, so that any number can be traced and a rerun on the same inputs shown to have
 * read the same: the run's id, the code's version, and each input as the run read it (a Delta table's version; a
 * folder of files' count, bytes and newest modification). Every row a run writes carries these ({@link #COLUMNS});
 * the runs table holds one row per run.
 */
public final class Provenance {
  public static final String RUN_ID = "run_id";
  public static final String CFEVAL_VERSION = "cfeval_version";
  public static final String INPUTS = "inputs";
  private static final String INPUTS_MEANING = "each input the run had read when it wrote the row, by name (a source:"
      + " decisions, chargebacks; or a table): a Delta table's version, or a folder's file count, bytes and newest"
      + " modification time";

  /** The columns every output table ends with, defined once. */
  public static final List<TableColumn> COLUMNS = List.of(
      new TableColumn(RUN_ID, DataTypes.StringType, "the run that wrote the row (see runs)"),
      new TableColumn(CFEVAL_VERSION, DataTypes.StringType, "cfeval's version and git commit that wrote the row"),
      new TableColumn(INPUTS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), INPUTS_MEANING));

  private static final String VERSION = readVersion();

  private final String runId;
  private final Instant started;
  private final Map<String, String> inputs = new LinkedHashMap<>();
  private final Map<String, List<Long>> writes = new LinkedHashMap<>();

  private Provenance(String runId, Instant started) {
    this.runId = runId;
    this.started = started;
  }

  /** A new run of {@code job}: its id is the job, the start time (UTC) and a random suffix, e.g. nightly-20260401T020000Z-3f9a. */
  public static Provenance start(String job) {
    Instant now = Instant.now();
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now);
    return new Provenance(job + "-" + stamp + "-" + UUID.randomUUID().toString().substring(0, 8), now);
  }

  public String runId() {
    return runId;
  }

  public Instant started() {
    return started;
  }

  /** cfeval's Maven version and the git commit it was built from, when the build knew it. */
  public static String version() {
    return VERSION;
  }

  /** The versions this run's writes made, by table, in order. */
  public synchronized Map<String, List<Long>> writes() {
    Map<String, List<Long>> copy = new LinkedHashMap<>();
    writes.forEach((table, versions) -> copy.put(table, List.copyOf(versions)));
    return copy;
  }

  /** Records that the run read version {@code version} of the Delta table or source at {@code path}. */
  public synchronized void readDelta(String name, String path, long version) {
    inputs.put(name, String.format("delta version %d of %s", version, path));
  }

  /** Records that the run read the files under {@code path}: how many, their bytes and newest modification. */
  public void readFiles(SparkSession spark, String name, String path) {
    long bytes = 0;
    long newest = 0;
    List<LocatedFileStatus> files = visibleFiles(spark, path);
    for (LocatedFileStatus file : files) {
      bytes += file.getLen();
      newest = Math.max(newest, file.getModificationTime());
    }
    String read = String.format("%d files, %d bytes, newest modified %s, under %s", files.size(), bytes,
        Instant.ofEpochMilli(newest), path);
    synchronized (this) {
      inputs.put(name, read);
    }
  }

  /**
   * The files under {@code path} that Spark's file sources read: none whose name, or a folder's on the way,
   * starts with '.' or '_' (checksums, _SUCCESS, a Delta table's _delta_log).
   */
  public static List<LocatedFileStatus> visibleFiles(SparkSession spark, String path) {
    List<LocatedFileStatus> files = new ArrayList<>();
    try {
      FileSystem fs = new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
      Path root = fs.makeQualified(new Path(path));
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(root, true);
      while (listing.hasNext()) {
        LocatedFileStatus file = listing.next();
        String relative = root.toUri().relativize(file.getPath().toUri()).getPath();
        if (java.util.Arrays.stream(relative.split("/")).noneMatch(p -> p.startsWith(".") || p.startsWith("_"))) {
          files.add(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
    return files;
  }

  /** Records that the run's write left {@code table} at {@code version}. */
  public synchronized void wrote(String table, long version) {
    writes.computeIfAbsent(table, t -> new ArrayList<>()).add(version);
  }

  /** The columns' values for rows written now: the inputs read so far. */
  public synchronized List<Column> stamp() {
    List<Column> entries = new ArrayList<>();
    inputs.forEach((name, read) -> {
      entries.add(lit(name));
      entries.add(lit(read));
    });
    Column inputsColumn = entries.isEmpty() ? map().cast(COLUMNS.get(2).type())
        : map(entries.toArray(Column[]::new));
    List<Column> values = List.of(lit(runId), lit(VERSION), inputsColumn);
    List<Column> stamp = new ArrayList<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      TableColumn column = COLUMNS.get(i);
      stamp.add(values.get(i).as(column.name(), new MetadataBuilder().putString("comment", column.comment()).build()));
    }
    return stamp;
  }

  private static String readVersion() {
    Properties git = new Properties();
    try (InputStream in = Provenance.class.getResourceAsStream("/cfeval-git.properties")) {
      if (in != null) {
        git.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = git.getProperty("git.build.version", "unknown version");
    String commit = git.getProperty("git.commit.id.abbrev", "");
    boolean dirty = Boolean.parseBoolean(git.getProperty("git.dirty", "false"));
    return commit.isEmpty() || commit.startsWith("$") ? version
        : String.format("%s (git %s%s)", version, commit, dirty ? ", uncommitted changes" : "");
  }
}

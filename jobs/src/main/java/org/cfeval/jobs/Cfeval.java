package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.CommandLine;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.spark.Sessions;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The entry point of every job: {@code cfeval <job> [options]}, under spark-submit or embedded. */
public final class Cfeval {
  private static final Logger LOG = LoggerFactory.getLogger(Cfeval.class);

  static final List<Job> JOBS = List.of(new SimulateJob(), new LabelJob(), new EvaluateJob(), new TrainJob(),
      new ScoreJob(), new CompareJob(), new OptimizeJob(), new WhatIfJob(), new NightlyJob(), new ReadyJob(), new AlertsJob(), new MaintainJob(), new SqlJob(), new ReportJob(), new DemoJob(), new BenchJob(), new ConfigJob());

  private Cfeval() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs {@code cfeval args} and returns the exit status ({@link ExitStatus}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(usage());
      return args.length == 0 ? ExitStatus.USAGE.code : ExitStatus.SUCCESS.code;
    }
    Optional<Job> job = JOBS.stream().filter(j -> j.name().equals(args[0])).findFirst();
    if (job.isEmpty()) {
      err.println("cfeval: unknown job '" + args[0] + "'");
      err.print(usage());
      return ExitStatus.USAGE.code;
    }
    CommandLine commandLine = new CommandLine("cfeval " + job.get().name(), job.get().summary(),
        job.get().options(), job.get().required(), job.get().positional(), null);
    CommandLine.Parsed parsed = commandLine.parse(Arrays.copyOfRange(args, 1, args.length), out, err);
    if (!parsed.shouldRun()) {
      return parsed.exitCode();
    }
    return execute(job.get(), parsed.settings(), out, err);
  }

  private static int execute(Job job, Settings settings, PrintStream out, PrintStream err) {
    try {
      Options.check(job, settings);
      if (!job.needsSpark()) {
        return job.run(null, null, settings, out);
      }
      // A job without the warehouse's tables (simulate, bench, ready) opens no catalog: it must leave none in the
      // working directory, and a sensor must not wait on one another job holds.
      boolean usesCatalog = job.usesCatalog();
      String warehouse = usesCatalog ? DeltaStore.location(settings.get(Keys.WAREHOUSE)) : null;
      SparkSession spark = Sessions.getOrCreate("cfeval " + job.name(), warehouse);
      LOG.info("cfeval {} on Spark {} ({}), warehouse {}", job.name(), spark.version(),
          spark.sparkContext().master(), warehouse);
      DeltaStore store = DeltaStore.of(spark, settings, Provenance.start(job.name()));
      if (usesCatalog) {
        store.registerExisting();
      }
      int status;
      try {
        status = job.run(spark, store, settings, out);
      } catch (Exception e) {
        try { // a run that failed after writing says so in runs too
          store.recordRun(job.name(), ExitStatus.of(e).code, settings.given());
        } catch (Exception recording) {
          e.addSuppressed(recording);
        }
        throw e;
      }
      try {
        store.recordRun(job.name(), status, settings.given());
      } catch (Exception recording) { // the tables are written: the run's status stands, the missing row is said
        LOG.error("cfeval {}: the run's row of runs could not be written; its status stands", job.name(), recording);
        err.println("cfeval " + job.name() + ": warning: the run's row of runs could not be written: " + recording);
      }
      return status;
    } catch (Exception e) {
      ExitStatus status = ExitStatus.of(e);
      if (status == ExitStatus.BUG) {
        LOG.error("cfeval {} failed", job.name(), e);
        err.println("cfeval " + job.name() + ": internal error (a bug in cfeval; please report it with this output): "
            + e);
        e.printStackTrace(err);
      } else {
        // The message says what and where; a stack trace would bury it.
        err.println("cfeval " + job.name() + ": error: " + e.getMessage());
      }
      return status.code;
    }
  }

  static String usage() {
    StringBuilder text = new StringBuilder("Usage: cfeval <job> [options]   (cfeval <job> --help for its options)\n\nJobs:\n");
    for (Job job : JOBS) {
      text.append(String.format("  %-9s %s%n", job.name(), job.summary()));
    }
    return text.toString();
  }
}

package org.cfeval.jobs;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.cfeval.config.CommandLine;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.spark.Sessions;
import org.cfeval.tables.DeltaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The entry point of every job: {@code cfeval <job> [options]}, under spark-submit or embedded. */
public final class Cfeval {
  private static final Logger LOG = LoggerFactory.getLogger(Cfeval.class);

  static final List<Job> JOBS = List.of(new SimulateJob(), new LabelJob(), new EvaluateJob(), new TrainJob(),
      new ScoreJob(), new CompareJob(), new OptimizeJob(), new WhatIfJob(), new NightlyJob(), new SqlJob(), new DemoJob(), new BenchJob(), new ConfigJob());

  private Cfeval() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs {@code cfeval args} and returns the exit code: 0 done, 1 failed, 2 bad command line. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      out.print(usage());
      return args.length == 0 ? 2 : 0;
    }
    Optional<Job> job = JOBS.stream().filter(j -> j.name().equals(args[0])).findFirst();
    if (job.isEmpty()) {
      err.println("cfeval: unknown job '" + args[0] + "'");
      err.print(usage());
      return 2;
    }
    CommandLine commandLine = new CommandLine("cfeval " + job.get().name(), job.get().summary(),
        job.get().options(), job.get().positional(), null);
    CommandLine.Parsed parsed = commandLine.parse(Arrays.copyOfRange(args, 1, args.length), out, err);
    if (!parsed.shouldRun()) {
      return parsed.exitCode();
    }
    return execute(job.get(), parsed.settings(), out, err);
  }

  private static int execute(Job job, Settings settings, PrintStream out, PrintStream err) {
    try {
      if (!job.needsSpark()) {
        return job.run(null, null, settings, out);
      }
      String warehouse = DeltaStore.location(settings.get(Keys.WAREHOUSE));
      SparkSession spark = Sessions.getOrCreate("cfeval " + job.name(), warehouse);
      LOG.info("cfeval {} on Spark {} ({}), warehouse {}", job.name(), spark.version(),
          spark.sparkContext().master(), warehouse);
      DeltaStore store = DeltaStore.of(spark, settings);
      store.registerExisting();
      return job.run(spark, store, settings, out);
    } catch (Exception e) {
      if (isUsageError(e)) {
        err.println("cfeval " + job.name() + ": error: " + e.getMessage());
      } else {
        LOG.error("cfeval {} failed", job.name(), e);
        err.println("cfeval " + job.name() + ": failed: " + e);
      }
      return 1;
    }
  }

  /** Bad input, settings or SQL: the message says what and where, and a stack trace would bury it. */
  private static boolean isUsageError(Exception e) {
    return e instanceof ConfigException || e instanceof ContractException || e instanceof AnalysisException
        || e instanceof IllegalStateException || e instanceof IllegalArgumentException;
  }

  static String usage() {
    StringBuilder text = new StringBuilder("Usage: cfeval <job> [options]   (cfeval <job> --help for its options)\n\nJobs:\n");
    for (Job job : JOBS) {
      text.append(String.format("  %-9s %s%n", job.name(), job.summary()));
    }
    return text.toString();
  }
}

package org.cfeval.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job's named steps: each is logged when it starts and ends with its duration, and its Spark
 * jobs carry the step's name in the Spark UI.
 */
public final class Steps {
  private static final Logger LOG = LoggerFactory.getLogger(Steps.class);

  private final SparkSession spark;
  private final String job;

  public Steps(SparkSession spark, String job) {
    this.spark = spark;
    this.job = job;
  }

  public <T> T run(String step, Supplier<T> body) {
    LOG.info("{}: {} ...", job, step);
    spark.sparkContext().setJobGroup(job, job + ": " + step, false);
    long start = System.nanoTime();
    try {
      return body.get();
    } finally {
      spark.sparkContext().clearJobGroup();
      LOG.info("{}: {} done in {} s", job, step, String.format("%.1f", (System.nanoTime() - start) / 1e9));
    }
  }

  public void run(String step, Runnable body) {
    run(step, () -> {
      body.run();
      return null;
    });
  }
}

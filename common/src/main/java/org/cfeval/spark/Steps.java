package org.cfeval.spark;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a job runs its Spark work: each named step is logged when it starts and ends with its
 * duration, its Spark jobs carry the step's name in the Spark UI (the job group and description), and
 * the caller's job group is restored afterwards, so steps nest inside a caller's own group.
 */
public final class Steps {
  private static final Logger LOG = LoggerFactory.getLogger(Steps.class);
  private static final String GROUP = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";
  private static final String INTERRUPT = "spark.job.interruptOnCancel";

  private final SparkSession spark;
  private final String job;

  public Steps(SparkSession spark, String job) {
    this.spark = spark;
    this.job = job;
  }

  public <T> T run(String step, Supplier<T> body) {
    SparkContext context = spark.sparkContext();
    String callerGroup = context.getLocalProperty(GROUP);
    String callerDescription = context.getLocalProperty(DESCRIPTION);
    String callerInterrupt = context.getLocalProperty(INTERRUPT);
    LOG.info("{}: {} ...", job, step);
    context.setJobGroup(job, job + ": " + step, false);
    long start = System.nanoTime();
    try {
      return body.get();
    } finally {
      context.setLocalProperty(GROUP, callerGroup);
      context.setLocalProperty(DESCRIPTION, callerDescription);
      context.setLocalProperty(INTERRUPT, callerInterrupt);
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

package org.cfeval.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a job runs its Spark work: each named step is logged when it starts and ends with its
 * duration and the rows its Spark tasks read and wrote (a nested step's counted in its caller's too),
 * its Spark jobs carry the step's name in the Spark UI (a job group of its own, and the description),
 * and the caller's job group is restored afterwards, so steps nest inside a caller's own group.
 */
public final class Steps {
  private static final Logger LOG = LoggerFactory.getLogger(Steps.class);
  static final String GROUP = "spark.jobGroup.id";
  private static final AtomicLong RUNS = new AtomicLong();
  /** Per thread, the rows of the steps nested in each running step, for it to count too. */
  private static final ThreadLocal<Deque<StepRows.Rows[]>> NESTED = ThreadLocal.withInitial(ArrayDeque::new);
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
    String group = job + "#" + RUNS.incrementAndGet();
    StepRows rows = StepRows.of(context);
    rows.open(group);
    context.setJobGroup(group, job + ": " + step, false);
    StepRows.Rows[] nested = {StepRows.Rows.NONE};
    NESTED.get().push(nested);
    long start = System.nanoTime();
    try {
      return body.get();
    } finally {
      context.setLocalProperty(GROUP, callerGroup);
      context.setLocalProperty(DESCRIPTION, callerDescription);
      context.setLocalProperty(INTERRUPT, callerInterrupt);
      double seconds = (System.nanoTime() - start) / 1e9;
      NESTED.get().pop();
      StepRows.Rows counted = rows.take(context, group).plus(nested[0]);
      StepRows.Rows[] caller = NESTED.get().peek();
      if (caller != null) {
        caller[0] = caller[0].plus(counted);
      }
      LOG.info("{}: {} done in {} s{}", job, step, String.format("%.1f", seconds), describe(counted));
    }
  }

  private static String describe(StepRows.Rows rows) {
    if (rows.read() == 0 && rows.written() == 0) {
      return "";
    }
    return String.format(" (%,d rows read, %,d written)", rows.read(), rows.written());
  }

  public void run(String step, Runnable body) {
    run(step, () -> {
      body.run();
      return null;
    });
  }
}

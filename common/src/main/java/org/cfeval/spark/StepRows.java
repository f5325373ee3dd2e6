package org.cfeval.spark;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows Spark's tasks read from their sources and wrote to files, summed by job group: what a step's
 * log line reports ({@link Steps}). One listener per SparkContext, added when the first step runs.
 */
final class StepRows extends SparkListener {
  /** Rows read and written. */
  record Rows(long read, long written) {
    static final Rows NONE = new Rows(0, 0);

    Rows plus(Rows other) {
      return new Rows(read + other.read, written + other.written);
    }
  }

  private static final Map<SparkContext, StepRows> BY_CONTEXT = Collections.synchronizedMap(new WeakHashMap<>());
  /** How long a step's end waits for Spark to deliver its tasks' metrics (they come asynchronously). */
  private static final long DELIVERY_WAIT_MILLIS = 2_000;

  /** The groups of running steps: only their jobs are counted, and a step's late task ends are not. */
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  private final Map<Integer, String> stageGroups = new ConcurrentHashMap<>();
  private final Map<Integer, int[]> jobStages = new ConcurrentHashMap<>();
  private final Map<String, LongAdder[]> byGroup = new ConcurrentHashMap<>();

  static StepRows of(SparkContext context) {
    return BY_CONTEXT.computeIfAbsent(context, c -> {
      StepRows rows = new StepRows();
      c.addSparkListener(rows);
      return rows;
    });
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    String group = start.properties() == null ? null : start.properties().getProperty(Steps.GROUP);
    if (group == null || !open.contains(group)) {
      return;
    }
    int[] stages = CollectionConverters.asJava(start.stageIds()).stream().mapToInt(id -> (Integer) id).toArray();
    for (int stage : stages) {
      stageGroups.put(stage, group);
    }
    jobStages.put(start.jobId(), stages);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    String group = stageGroups.get(end.stageId());
    TaskMetrics metrics = end.taskMetrics();
    if (group == null || metrics == null || !open.contains(group)) {
      return;
    }
    LongAdder[] rows = byGroup.computeIfAbsent(group, g -> new LongAdder[] {new LongAdder(), new LongAdder()});
    rows[0].add(metrics.inputMetrics().recordsRead());
    rows[1].add(metrics.outputMetrics().recordsWritten());
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    int[] stages = jobStages.remove(end.jobId());
    for (int stage : stages == null ? new int[0] : stages) {
      stageGroups.remove(stage);
    }
  }

  /** Starts counting the rows of {@code group}'s jobs. */
  void open(String group) {
    open.add(group);
  }

  /**
   * The rows of {@code group}'s tasks, once Spark has delivered their metrics; the group is closed, so
   * nothing more is counted for it.
   */
  Rows take(SparkContext context, String group) {
    try {
      // Task ends reach listeners on Spark's event thread, after the action that ran them has returned: wait for
      // it to drain (an internal Spark call), or report the rows delivered so far rather than hold the job up.
      context.listenerBus().waitUntilEmpty(DELIVERY_WAIT_MILLIS);
    } catch (Exception e) { // TimeoutException, or InterruptedException, which Scala does not declare
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    open.remove(group);
    LongAdder[] rows = byGroup.remove(group);
    return rows == null ? Rows.NONE : new Rows(rows[0].sum(), rows[1].sum());
  }
}

package org.cfeval.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.cfeval.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepsTest {
  private final SparkContext context = SharedSpark.session().sparkContext();

  @Test
  void aStepNamesItsSparkJobsAndRestoresTheCallersGroup() {
    context.setJobGroup("caller", "the caller's work", true);
    Steps steps = new Steps(SharedSpark.session(), "nightly");
    String inside = steps.run("write policy_curve", () -> {
      String nested = steps.run("inner", () -> context.getLocalProperty("spark.job.description"));
      assertThat(nested).isEqualTo("nightly: inner");
      assertThat(context.getLocalProperty("spark.job.description")).isEqualTo("nightly: write policy_curve");
      return context.getLocalProperty("spark.jobGroup.id");
    });
    assertThat(inside).startsWith("nightly#");
    assertThat(context.getLocalProperty("spark.jobGroup.id")).isEqualTo("caller");
    assertThat(context.getLocalProperty("spark.job.description")).isEqualTo("the caller's work");
    assertThat(context.getLocalProperty("spark.job.interruptOnCancel")).isEqualTo("true");

    context.clearJobGroup();
    steps.run("alone", () -> { });
    assertThat(context.getLocalProperty("spark.jobGroup.id")).isNull();
  }

  /** 1,000 rows written, then read back twice in a nested step: each line counts its own and its nested steps'. */
  @Test
  void aStepsLogLineCountsTheRowsItsTasksReadAndWrote(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    String table = dir.resolve("t").toString();
    Steps steps = new Steps(spark, "test");
    List<String> lines = logged(() -> steps.run("outer", () -> {
      steps.run("write", () -> spark.range(0, 1000, 1, 2).write().parquet(table));
      steps.run("read twice", () -> {
        spark.read().parquet(table).filter("id % 2 = 0").collectAsList();
        spark.read().parquet(table).filter("id % 2 = 1").collectAsList();
      });
      steps.run("no Spark", () -> { });
    }));
    assertThat(Files.exists(Path.of(table))).isTrue();
    // Spark counts the rows a range generates as read.
    assertThat(lines).contains("test: write done in %s s (1,000 rows read, 1,000 written)",
        "test: read twice done in %s s (2,000 rows read, 0 written)", "test: no Spark done in %s s",
        "test: outer done in %s s (3,000 rows read, 1,000 written)");
  }

  /** The step lines logged while {@code body} runs, their seconds replaced by %s. */
  private static List<String> logged(Runnable body) {
    Logger logger = ((LoggerContext) LogManager.getContext(false)).getLogger(Steps.class.getName());
    List<String> lines = new CopyOnWriteArrayList<>();
    AbstractAppender appender = new AbstractAppender("steps-test", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        lines.add(event.getMessage().getFormattedMessage().replaceAll("in [0-9.]+ s", "in %s s"));
      }
    };
    appender.start();
    logger.addAppender(appender);
    try {
      body.run();
    } finally {
      logger.removeAppender(appender);
      appender.stop();
    }
    return lines;
  }
}

package org.cfeval.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkContext;
import org.cfeval.SharedSpark;
import org.junit.jupiter.api.Test;

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
    assertThat(inside).isEqualTo("nightly");
    assertThat(context.getLocalProperty("spark.jobGroup.id")).isEqualTo("caller");
    assertThat(context.getLocalProperty("spark.job.description")).isEqualTo("the caller's work");
    assertThat(context.getLocalProperty("spark.job.interruptOnCancel")).isEqualTo("true");

    context.clearJobGroup();
    steps.run("alone", () -> { });
    assertThat(context.getLocalProperty("spark.jobGroup.id")).isNull();
  }
}

package org.cfeval.models;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.cfeval.Fixtures;
import org.cfeval.SharedSpark;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.contract.ContractException;
import org.cfeval.labels.Labeler;
import org.cfeval.spark.Steps;
import org.cfeval.tables.DeltaStore;
import org.cfeval.tables.Tables;
import org.junit.jupiter.api.Test;

class TrainingInputTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void aTrainingWindowWithoutFraudFailsNamingTheWindowAndRegistersNothing() {
    // 30 legit decisions a day for January; no chargeback at all.
    List<String> lines = new ArrayList<>(List.of("decision_id,decided_at,score,action,p_allow,amount,x1"));
    for (int day = 1; day <= 31; day++) {
      for (int i = 0; i < 30; i++) {
        lines.add(String.format("d%d_%d,2026-01-%02d 10:00:00,%d,allow,1.0,10,%d", day, i, day, i, i % 7));
      }
    }
    Settings settings = Fixtures.settings("2026-04-01", Fixtures.source("decisions.csv", lines), "csv",
        Fixtures.source("chargebacks.csv", List.of("decision_id,reported_at,reason")), "csv")
        .with(Keys.FEATURES, "x1").with(Keys.TRAIN_DAYS, "10").with(Keys.VALIDATION_DAYS, "5")
        .with(Keys.TEST_DAYS, "5").with(Keys.MATURITY_DAYS, "60");
    DeltaStore store = SharedSpark.newStore();
    new Labeler(spark, store, new Steps(spark, "test")).run(settings);
    // Test window [2026-01-26, 2026-01-31), validation [2026-01-21, ...), training [2026-01-11, 2026-01-21).
    assertThatThrownBy(() -> new Trainer(spark, store, new Steps(spark, "test")).train(settings))
        .isInstanceOf(ContractException.class)
        .hasMessage("the training window [2026-01-11, 2026-01-21) has 300 labelled decisions, 0 of them fraud: it needs"
            + " both fraud and legit; check --as-of, --maturity-days and the window lengths");
    org.assertj.core.api.Assertions.assertThat(store.exists(Tables.MODELS)).isFalse();
  }
}

package org.cfeval.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.cfeval.config.ConfigException;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.NoMaturedWindowException;
import org.cfeval.contract.NotReadyException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Why a window can be empty, for decisions from 2026-01-01 to 2026-03-31 (maturity 60, window 30). */
@Tag("fast")
class DataSpanTest {
  private final DataSpan span = new DataSpan("decisions source s", LocalDate.parse("2026-01-01"),
      LocalDate.parse("2026-03-31"));

  private static AsOf asOf(String date) {
    return new AsOf(LocalDate.parse(date), 60, 30);
  }

  /** Keeping 150 days before 2026-05-01 means reaching back to 2025-12-02; the source starts on 2026-01-01. */
  @Test
  void aSourceThatDropsDecisionsTheTableStillHoldsKeepsTooFewDays() {
    AsOf may = asOf("2026-05-01");
    DataSpan older = new DataSpan("decisions_labeled", LocalDate.parse("2025-12-01"), LocalDate.parse("2026-03-31"));
    assertThat(span.retentionShortfall(older, may, 150)).hasValueSatisfying(message -> assertThat(message)
        .startsWith("decisions source s starts on 2026-01-01, 120 days before the as-of date 2026-05-01, while"
            + " decisions_labeled holds decisions from 2025-12-01").contains("keep at least 150 days"));
    // Reaching back far enough; a young deployment (nothing older anywhere); no table yet: nothing to say.
    assertThat(span.retentionShortfall(older, may, 120)).isEmpty();
    assertThat(span.retentionShortfall(span, may, 150)).isEmpty();
    assertThat(span.retentionShortfall(null, may, 150)).isEmpty();
  }

  @Test
  void anAsOfDateNotAfterTheFirstDecisionIsBadUsage() {
    assertThatThrownBy(() -> span.whyEmpty(asOf("2026-01-01"))).isInstanceOf(ConfigException.class)
        .hasMessage("as-of: 2026-01-01 is not after the first decision (2026-01-01) of decisions source s: there is"
            + " nothing to label");
    span.requireDecisionsBefore(asOf("2026-01-02"));
  }

  @Test
  void aWindowAfterTheLastDecisionIsNotReadyYet() {
    // Window of 2026-07-01: [2026-04-02, 2026-05-02), after the last decision.
    assertThatThrownBy(() -> span.whyEmpty(asOf("2026-07-01"))).isExactlyInstanceOf(NotReadyException.class)
        .hasMessageContaining("[2026-04-02, 2026-05-02)").hasMessageContaining("has not arrived");
    // Window of 2026-06-29: [2026-03-31, 2026-04-30) holds the last day.
    span.requireWindowArrived(asOf("2026-06-29"));
  }

  @Test
  void aWindowBeforeTheFirstDecisionIsAYoungDeployment() {
    // Window of 2026-03-01: [2025-11-01, 2025-12-01), before the first decision.
    assertThat(span.hasMaturedWindow(asOf("2026-03-01"))).isFalse();
    assertThat(span.whyEmpty(asOf("2026-03-01"))).isInstanceOf(NoMaturedWindowException.class)
        .hasMessageContaining("no matured window yet");
    // Window of 2026-03-03: [2026-01-02 - 30 days, 2026-01-02): its last day is the first decision's.
    assertThat(span.hasMaturedWindow(asOf("2026-03-03"))).isTrue();
  }

  @Test
  void anEmptyWindowInsideTheDataIsAGapInTheLog() {
    assertThat(span.whyEmpty(asOf("2026-05-01"))).isInstanceOf(ContractException.class)
        .hasMessageContaining("a gap in the log");
  }
}

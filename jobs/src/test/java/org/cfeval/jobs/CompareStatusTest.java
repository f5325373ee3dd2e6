package org.cfeval.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.cfeval.evaluation.ModelComparison;
import org.cfeval.tables.Figure;
import org.cfeval.tables.GateRow;
import org.cfeval.tables.Window;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** compare's exit status: 4 for a failed promotion gate, 5 for one not judged yet, only under --fail-on-gate. */
@Tag("fast")
class CompareStatusTest {
  @Test
  void aFailedGateExitsFourAndAnUnjudgedOneFiveOnlyWhenAsked() {
    Settings asked = Settings.defaults().with(Keys.FAIL_ON_GATE, "true");
    assertThat(CompareJob.status(result(false, true), asked)).isEqualTo(4);
    assertThat(CompareJob.status(result(false, false), asked)).isEqualTo(5);
    assertThat(CompareJob.status(result(true, true), asked)).isZero();
    assertThat(CompareJob.status(result(false, true), Settings.defaults())).isZero();
    assertThat(CompareJob.status(result(false, false), Settings.defaults())).isZero();
  }

  /** A gate's rows: a criterion and the verdict when judged, the verdict alone when not. */
  private static ModelComparison.Result result(boolean passed, boolean judged) {
    LocalDate day = LocalDate.of(2026, 4, 1);
    Window window = new Window(day, day.minusDays(90), day.minusDays(60));
    GateRow verdict = new GateRow(window, "production", "m", ModelComparison.GATE_VERDICT, null, 0.5,
        day.minusDays(30), null, null, Figure.point(null), null, null, passed, "");
    GateRow criterion = new GateRow(window, "production", "m", "cost_saving", null, 0.5, day.minusDays(30), 1.0, 0.5,
        Figure.point(0.5), 0.1, 0.0, passed, "");
    return new ModelComparison.Result(List.of(), judged ? List.of(criterion, verdict) : List.of(verdict));
  }
}

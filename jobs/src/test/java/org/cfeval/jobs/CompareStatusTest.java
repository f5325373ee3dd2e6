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

/** compare's exit status: 4 for a failed promotion gate only when --fail-on-gate asks for it. */
@Tag("fast")
class CompareStatusTest {
  @Test
  void aFailedGateExitsFourOnlyWhenAsked() {
    ModelComparison.Result failed = result(false);
    ModelComparison.Result passed = result(true);
    Settings asked = Settings.defaults().with(Keys.FAIL_ON_GATE, "true");
    assertThat(CompareJob.status(failed, asked)).isEqualTo(4);
    assertThat(CompareJob.status(passed, asked)).isZero();
    assertThat(CompareJob.status(failed, Settings.defaults())).isZero();
  }

  private static ModelComparison.Result result(boolean passed) {
    LocalDate day = LocalDate.of(2026, 4, 1);
    return new ModelComparison.Result(List.of(), List.of(new GateRow(new Window(day, day.minusDays(90),
        day.minusDays(60)), "production", "m", ModelComparison.GATE_VERDICT, null, 0.5, day.minusDays(30), null, null,
        Figure.point(null), null, null, passed, "")));
  }
}

package org.cfeval.evaluation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.cfeval.config.ConfigException;
import org.cfeval.config.Keys;
import org.cfeval.config.Settings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The column checks nightly runs on the sources' schema before its first write. */
@Tag("fast")
class SliceColumnsTest {
  private static final List<String> COLUMNS = List.of("decision_id", "score", "region");

  @Test
  void aSliceOrDelayStratumThatIsNotAColumnFailsNamingIt() {
    Evaluator.requireSlices(COLUMNS, "decisions source s", Settings.defaults().with(Keys.SLICES, "region")
        .with(Keys.DELAY_STRATA, "region"));
    assertThatThrownBy(() -> Evaluator.requireSlices(COLUMNS, "decisions source s",
            Settings.defaults().with(Keys.DELAY_STRATA, "region,nonexistent")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("delay-strata: column 'nonexistent' is not in decisions source s (columns: decision_id, score,"
            + " region)");
    assertThatThrownBy(() -> Evaluator.requireSlices(COLUMNS, "decisions source s",
            Settings.defaults().with(Keys.SLICES, "nonexistent")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("slices: column 'nonexistent'");
  }
}

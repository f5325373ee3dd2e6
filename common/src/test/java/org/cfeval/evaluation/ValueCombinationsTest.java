package org.cfeval.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ValueCombinationsTest {
  @Test
  void aCombinationIsKeptOncePerDistinctValuesUpToTheLimit() {
    AtomicInteger created = new AtomicInteger();
    ValueCombinations<String> combinations = new ValueCombinations<>(2, 1, () -> "c" + created.incrementAndGet());
    String[] values = {"a0", "b0"};
    assertThat(combinations.of(new int[] {0, 0}, values)).isEqualTo("c1");
    assertThat(combinations.of(new int[] {0, 0}, values)).isEqualTo("c1");
    // (0, 1) and (1, 0) are different combinations.
    assertThat(combinations.of(new int[] {0, 1}, new String[] {"a0", "b1"})).isEqualTo("c2");
    assertThat(combinations.of(new int[] {1, 0}, new String[] {"a1", "b0"})).isEqualTo("c3");
    for (int id = 2; created.get() < ValueCombinations.MAX; id++) {
      combinations.of(new int[] {id, id}, new String[] {"a" + id, "b" + id});
    }
    assertThat(combinations.of(new int[] {999, 0}, values)).as("past the limit").isNull();
    assertThat(combinations.of(new int[] {0, 1}, values)).as("a kept one").isEqualTo("c2");

    List<String> added = new ArrayList<>();
    combinations.addToValues((value, combination) -> added.add(combination + "->" + value));
    assertThat(added).hasSize(2 * ValueCombinations.MAX).startsWith("c1->a0", "c1->b0", "c2->a0", "c2->b1", "c3->a1");
  }

  @Test
  void largeSumsKeepFewerCombinations() {
    assertThat(ValueCombinations.limit(1)).isEqualTo(ValueCombinations.MAX);
    assertThat(ValueCombinations.limit(ValueCombinations.BUDGET_BYTES / 10)).isEqualTo(10);
    assertThat(ValueCombinations.limit(ValueCombinations.BUDGET_BYTES + 1)).isZero();
    ValueCombinations<String> combinations = new ValueCombinations<>(2, ValueCombinations.BUDGET_BYTES / 2, () -> "c");
    assertThat(combinations.of(new int[] {0, 0}, new String[] {"a", "b"})).isEqualTo("c");
    assertThat(combinations.of(new int[] {0, 1}, new String[] {"a", "b"})).isEqualTo("c");
    assertThat(combinations.of(new int[] {1, 1}, new String[] {"a", "b"})).isNull();
  }

  @Test
  void numbersTooLargeForTheKeyHaveNoCombination() {
    ValueCombinations<String> combinations = new ValueCombinations<>(4, 1, () -> "c");
    String[] values = {"a", "b", "c", "d"};
    assertThat(combinations.of(new int[] {0, 65_535, 0, 0}, values)).isEqualTo("c");
    assertThat(combinations.of(new int[] {0, 65_536, 0, 0}, values)).isNull();
  }
}

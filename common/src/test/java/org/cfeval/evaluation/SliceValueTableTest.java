package org.cfeval.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pass's lookup of slice values, against a HashMap of the same strings. */
@Tag("fast")
class SliceValueTableTest {
  @Test
  void findsEveryValueAndNoOtherWhateverItsLength() {
    SliceValueTable<Integer> table = new SliceValueTable<>();
    Map<String, Integer> expected = new HashMap<>();
    // Short values, values differing only in a trailing NUL (the same 8-byte prefix), long values sharing
    // their first 8 bytes, the empty string, non-ASCII, and enough of them to grow the table many times.
    String[] fixed = {"US", "US\0", "", "\0", "APAC", "chargeback_fraud", "chargeback_other", "12345678", "123456789",
        "Zürich", "東京"};
    for (String value : fixed) {
      expected.put(value, expected.size());
    }
    for (int i = 0; i < 1000; i++) {
      expected.put("v" + i, expected.size());
    }
    expected.forEach((value, id) -> table.put(UTF8String.fromString(value), id));
    table.put(null, -1);
    assertThat(table.size()).isEqualTo(expected.size() + 1);
    expected.forEach((value, id) -> assertThat(table.get(UTF8String.fromString(value))).as(value).isEqualTo(id));
    assertThat(table.get(null)).isEqualTo(-1);
    for (String absent : new String[] {"U", "US\0\0", "UT", "chargeback_fraue", "1234567", "v1000", "Zurich"}) {
      assertThat(table.get(UTF8String.fromString(absent))).as(absent).isNull();
    }
    Map<String, Integer> seen = new HashMap<>();
    table.forEach((value, id) -> seen.put(value == null ? null : value.toString(), id));
    Map<String, Integer> all = new HashMap<>(expected);
    all.put(null, -1);
    assertThat(seen).isEqualTo(all);
  }
}

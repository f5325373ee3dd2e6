package org.cfeval.tables;

import java.util.function.Function;

/**
 * A view over an output table, registered beside it: its name, what a row is, and its SQL, which reads the
 * table under the name the store registered it by.
 */
public record ViewSpec(String name, String rowMeaning, TableSpec<?> over, Function<String, String> sql) {
  /** The view's SELECT over the table registered as {@code table}. */
  public String sqlOver(String table) {
    return sql.apply(table);
  }
}

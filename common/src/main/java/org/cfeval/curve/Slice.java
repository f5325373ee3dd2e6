package org.cfeval.curve;

import java.io.Serializable;
import java.util.Comparator;
import org.cfeval.tables.Tables;

/** A slice of the window: a column and one of its values, or ('all', 'all') for the whole window. */
public record Slice(String key, String value) implements Comparable<Slice>, Serializable {
  public static final Slice ALL = new Slice(Tables.ALL, Tables.ALL);

  private static final Comparator<Slice> ORDER = Comparator
      .comparing((Slice s) -> !s.equals(ALL))
      .thenComparing(Slice::key)
      .thenComparing(Slice::value, Comparator.nullsFirst(Comparator.naturalOrder()));

  @Override
  public int compareTo(Slice other) {
    return ORDER.compare(this, other);
  }
}

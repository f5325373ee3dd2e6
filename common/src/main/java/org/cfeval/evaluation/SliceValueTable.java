package org.cfeval.evaluation;

import java.util.function.BiConsumer;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A task's values of one slice column and what it sums for each: open addressing on the value's bytes.
 * The pass looks a value up for every decision and slice column, so values of up to 8 bytes (countries,
 * regions, reasons) hash and compare as their length and one long, not byte by byte through a HashMap.
 */
final class SliceValueTable<V> {
  private UTF8String[] keys = new UTF8String[16];
  private long[] prefixes = new long[16];
  private Object[] values = new Object[16];
  private V nullValue;
  private int size;

  /** The value stored for {@code key} (null: the column's null), or null if there is none. */
  @SuppressWarnings("unchecked")
  V get(UTF8String key) {
    if (key == null) {
      return nullValue;
    }
    long prefix = key.getPrefix();
    int length = key.numBytes();
    int mask = keys.length - 1;
    for (int i = slot(key, prefix, length) & mask; ; i = (i + 1) & mask) {
      UTF8String stored = keys[i];
      if (stored == null) {
        return null;
      }
      if (prefixes[i] == prefix && stored.numBytes() == length && (length <= 8 || stored.equals(key))) {
        return (V) values[i];
      }
    }
  }

  /** Stores {@code value} for {@code key}, which must not be in the table yet (and not be reused by the caller). */
  void put(UTF8String key, V value) {
    size++;
    if (key == null) {
      nullValue = value;
      return;
    }
    if (2 * size > keys.length) {
      grow();
    }
    insert(key, value);
  }

  /** How many values, null included, the table holds. */
  int size() {
    return size;
  }

  /** Calls {@code action} with every key (null for the column's null) and its value. */
  @SuppressWarnings("unchecked")
  void forEach(BiConsumer<UTF8String, V> action) {
    if (nullValue != null) {
      action.accept(null, nullValue);
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        action.accept(keys[i], (V) values[i]);
      }
    }
  }

  private void insert(UTF8String key, Object value) {
    long prefix = key.getPrefix();
    int mask = keys.length - 1;
    int i = slot(key, prefix, key.numBytes()) & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    prefixes[i] = prefix;
    values[i] = value;
  }

  private void grow() {
    UTF8String[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new UTF8String[oldKeys.length * 2];
    prefixes = new long[keys.length];
    values = new Object[keys.length];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int slot(UTF8String key, long prefix, int length) {
    if (length > 8) {
      return key.hashCode();
    }
    // MurmurHash3's finaliser: a short value's bytes sit in the prefix's high bits, the slot takes the low ones.
    long h = prefix ^ length;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (int) (h ^ (h >>> 33));
  }
}

package org.cfeval.stats;

/**
 * Exact sums of non-negative terms over a range no long can hold: each term in whole units of
 * {@link #UNIT}, summed as a 128-bit integer in two adjacent longs of an array (high, then low taken as
 * unsigned). Terms up to 1e12 (the variance term (1 - p) / p^2 at p = 1e-6) are 2^80 units; a hundred
 * million of them still fit far below 2^127. Integer addition makes the sum independent of order.
 */
public final class WideSum {
  /** Unit of a term: fine enough for a relative error below 1e-6 on terms down to 1e-6. */
  public static final double UNIT = 1e-12;
  /** The largest term: 2^96 units, so even 2^31 such terms stay below 2^127. */
  public static final double MAX_TERM = 0x1p96 * UNIT;
  /** Longs one sum takes in an array. */
  public static final int LONGS = 2;
  private static final double TWO_64 = 0x1p64;
  private static final double TWO_63 = 0x1p63;

  private WideSum() {}

  /** Writes {@code value} (>= 0, finite) in whole units into {@code into[at]} (high) and {@code into[at + 1]} (low). */
  public static void set(long[] into, int at, double value) {
    if (!(value >= 0) || !(value <= MAX_TERM)) {
      throw new ArithmeticException("cannot sum " + value + " exactly");
    }
    double scaled = Math.rint(value * (1 / UNIT));
    double high = Math.floor(scaled / TWO_64);
    // Both are whole multiples of the same power of two, so the remainder is exact.
    double low = scaled - high * TWO_64;
    into[at] = (long) high;
    into[at + 1] = low >= TWO_63 ? (long) (low - TWO_63) + Long.MIN_VALUE : (long) low;
  }

  /** Adds the sum at {@code from[fromAt]} to the one at {@code into[at]}. */
  public static void add(long[] into, int at, long[] from, int fromAt) {
    long low = into[at + 1] + from[fromAt + 1];
    long carry = Long.compareUnsigned(low, into[at + 1]) < 0 ? 1 : 0;
    into[at] = Math.addExact(Math.addExact(into[at], from[fromAt]), carry);
    into[at + 1] = low;
  }

  /** Takes the sum at {@code from[fromAt]}, at most the one at {@code into[at]}, from it. */
  public static void subtract(long[] into, int at, long[] from, int fromAt) {
    long borrow = Long.compareUnsigned(into[at + 1], from[fromAt + 1]) < 0 ? 1 : 0;
    long high = Math.subtractExact(Math.subtractExact(into[at], from[fromAt]), borrow);
    if (high < 0) {
      throw new ArithmeticException("subtracted more than the sum held");
    }
    into[at] = high;
    into[at + 1] -= from[fromAt + 1];
  }

  /** The sum as a double (relative error below 1e-15). */
  public static double value(long[] sums, int at) {
    long low = sums[at + 1];
    double unsignedLow = low >= 0 ? low : low + TWO_64;
    return (sums[at] * TWO_64 + unsignedLow) * UNIT;
  }
}

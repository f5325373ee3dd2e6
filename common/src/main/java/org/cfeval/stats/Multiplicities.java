package org.cfeval.stats;

/**
 * Poisson(1) bootstrap multiplicities of one resampling unit (a cluster) in every replicate, drawn
 * deterministically from (seed, unit, replicate): the same unit gets the same multiplicities wherever
 * and however often it is seen, which is what makes the bootstrap a cluster bootstrap, computable in
 * one pass, and reproducible. Each draw uses 16 random bits, so probabilities are exact to 1/65536.
 */
public final class Multiplicities {
  private static final byte[] POISSON_1 = poissonTable();

  private Multiplicities() {}

  /** A 64-bit hash of a unit's id, given as UTF-8 bytes (FNV-1a, then mixed). */
  public static long hash(byte[] unit) {
    return hash(unit, unit.length);
  }

  /** {@link #hash(byte[])} of the first {@code length} bytes of {@code unit}. */
  public static long hash(byte[] unit, int length) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < length; i++) {
      h ^= unit[i] & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** Fills {@code out} with the unit's multiplicity in replicates 0 .. out.length - 1. */
  public static void fill(long seed, long unitHash, double[] out) {
    long state = mix(seed ^ unitHash);
    int whole = out.length & ~3;
    for (int r = 0; r < whole; r += 4) { // four 16-bit draws per 64-bit hash, unrolled
      long bits = mix(state + (r + 1) * 0x9E3779B97F4A7C15L);
      out[r] = POISSON_1[(int) bits & 0xFFFF];
      out[r + 1] = POISSON_1[(int) (bits >>> 16) & 0xFFFF];
      out[r + 2] = POISSON_1[(int) (bits >>> 32) & 0xFFFF];
      out[r + 3] = POISSON_1[(int) (bits >>> 48)];
    }
    if (whole < out.length) {
      long bits = mix(state + (whole + 1) * 0x9E3779B97F4A7C15L);
      for (int r = whole; r < out.length; r++) {
        out[r] = POISSON_1[(int) (bits >>> (16 * (r - whole))) & 0xFFFF];
      }
    }
  }

  /** The inverse CDF of Poisson(1) on 16-bit uniforms: entry u is k for u in [F(k-1), F(k)) x 65536. */
  private static byte[] poissonTable() {
    byte[] table = new byte[1 << 16];
    double cdf = 0;
    double pmf = Math.exp(-1);
    int k = 0;
    for (int u = 0; u < table.length; u++) {
      while ((u + 0.5) / table.length >= cdf + pmf && k < 20) {
        cdf += pmf;
        k++;
        pmf /= k;
      }
      table[u] = (byte) k;
    }
    return table;
  }

  /** The splitmix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}

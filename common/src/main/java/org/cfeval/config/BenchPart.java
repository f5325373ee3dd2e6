package org.cfeval.config;

/** What {@code cfeval bench} times. */
public enum BenchPart {
  /** evaluate against a plain scan and MLlib, on a 60-day world. */
  EVALUATE,
  /** The whole nightly with the nowcast against nightly without it, on a 180-day world. */
  NIGHTLY,
  /** The nightly of a new day on 360 days of history against the same on 90 days. */
  HISTORY,
  /** All three. */
  ALL
}

package org.cfeval.config;

/** What {@code cfeval bench} times. */
public enum BenchPart {
  /** evaluate against a plain scan and MLlib, on a 60-day world. */
  EVALUATE,
  /** The whole nightly with the nowcast against nightly without it, on a 180-day world. */
  NIGHTLY,
  /** Both. */
  ALL
}

package org.cfeval.contract;

import java.util.Locale;

/** The formats a source can be read from (and the simulator can write). */
public enum InputFormat {
  DELTA, PARQUET, JSON, CSV;

  /** The name Spark's DataFrameReader uses. */
  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

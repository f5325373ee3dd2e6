package org.cfeval.config;

import java.util.Locale;

/** A type an extra column of the decision log can be declared to have (--column-types). */
public enum ColumnType {
  DOUBLE("double"), LONG("bigint"), BOOLEAN("boolean"), STRING("string"), DATE("date"), TIMESTAMP("timestamp");

  private final String ddl;

  ColumnType(String ddl) {
    this.ddl = ddl;
  }

  /** The type's name in Spark SQL. */
  public String ddl() {
    return ddl;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}

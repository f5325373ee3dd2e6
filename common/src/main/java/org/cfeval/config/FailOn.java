package org.cfeval.config;

/** Which fired monitoring rules make a run exit with status 4 (--fail-on-alert). */
public enum FailOn {
  NONE,
  CRITICAL,
  WARNING;

  /** Whether a fired rule of {@code severity} fails the run: WARNING fails on critical rules too. */
  public boolean fails(Severity severity) {
    return switch (this) {
      case NONE -> false;
      case CRITICAL -> severity == Severity.CRITICAL;
      case WARNING -> severity != Severity.OFF;
    };
  }
}

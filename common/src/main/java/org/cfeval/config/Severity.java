package org.cfeval.config;

/** How much a fired monitoring rule matters; a rule set to OFF is not evaluated. */
public enum Severity {
  CRITICAL,
  WARNING,
  OFF
}

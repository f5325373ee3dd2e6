package org.cfeval.config;

/** What train does to the chosen model's probabilities before saving it. */
public enum Calibration {
  /** The classifier's own probabilities. */
  NONE,
  /** An isotonic (monotone) map fitted on the validation window, weighted as the fit was. */
  ISOTONIC
}

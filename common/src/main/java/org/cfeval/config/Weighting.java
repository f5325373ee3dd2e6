package org.cfeval.config;

/** How train weights the labelled decisions. */
public enum Weighting {
  /** 1 / p_allow: the labelled decisions stand for every decision, blocked ones included. */
  IPW,
  /** Every labelled decision once: the biased labelled population, kept for comparison. */
  NONE
}

package org.cfeval.config;

/** The model families train can fit. */
public enum ModelFamily {
  LOGISTIC, GBT, RANDOM_FOREST
}

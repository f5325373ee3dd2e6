package org.cfeval.config;

/** A configuration key or value that cannot be used; the message names the key, value and origin. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}

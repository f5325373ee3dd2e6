package org.cfeval.contract;

/** A source that cannot be read under its contract at all (a missing required column, an unusable type). */
public class ContractException extends RuntimeException {
  public ContractException(String message) {
    super(message);
  }
}

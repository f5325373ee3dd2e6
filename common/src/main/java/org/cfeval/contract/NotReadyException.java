package org.cfeval.contract;

/**
 * Input the run needs has not arrived yet: the as-of date's decisions, or a table an earlier step
 * writes. Unlike a {@link ContractException}, running again later can succeed.
 */
public class NotReadyException extends RuntimeException {
  public NotReadyException(String message) {
    super(message);
  }
}

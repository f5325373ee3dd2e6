package org.cfeval.contract;

/**
 * The evaluated window ends before the first decision: a young deployment whose labels have not
 * matured yet. Steps that only add to the night's work skip the evaluation; steps that need it are not
 * ready.
 */
public class NoMaturedWindowException extends NotReadyException {
  public NoMaturedWindowException(String message) {
    super(message);
  }
}

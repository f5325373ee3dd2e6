package org.cfeval.contract;

/** A source that cannot be read under its contract at all (a missing required column, an unusable type). */
public class ContractException extends RuntimeException {
  public ContractException(String message) {
    super(message);
  }

  /**
   * A Spark job's failure as the ContractException a task threw, if one did (Spark wraps task failures,
   * the checked SparkException among them), so the user sees its message and exit status.
   */
  public static RuntimeException unwrap(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ContractException contract) {
        return new ContractException(contract.getMessage());
      }
    }
    return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
  }
}

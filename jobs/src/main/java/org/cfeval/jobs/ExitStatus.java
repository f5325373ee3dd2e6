package org.cfeval.jobs;

import org.cfeval.config.ConfigException;
import org.cfeval.contract.ContractException;
import org.cfeval.contract.NotReadyException;

/**
 * What a job's exit status tells a scheduler, chosen so that a retry is tried only where it can help.
 * The README's table of exit statuses is generated from these constants.
 */
enum ExitStatus {
  SUCCESS(0, false, "success (also when a young deployment has no matured window yet and the evaluation was skipped)",
      "no"),
  BUG(1, true, "an internal error: cfeval prints the stack trace and says it is a bug; a lost executor, a storage"
      + " outage or a conflicting concurrent write to the same table ends here too", "yes, a few times with backoff;"
      + " report it if it repeats"),
  USAGE(2, false, "bad usage: an option, a --conf file or a SQL statement is wrong; nothing was written", "no"),
  INPUT_INVALID(3, false, "input invalid: a source breaks the data contract (a missing column, an empty file, rejects"
      + " over the limit); nothing was written", "no; fix the export"),
  ALERT(4, false, "a monitoring rule of --fail-on-alert's severity fired (nightly, alerts), or a challenger failed the"
      + " promotion gate under --fail-on-gate true (compare): every table was written first, and the fired rules or"
      + " failed criteria are printed", "no; the alert is the news"),
  NOT_READY(5, true, "input not ready: the as-of date's data, or a table an earlier job writes, is not there yet",
      "yes, later");

  final int code;
  /** Whether a scheduler should retry after it: the Airflow DAG fails without retry otherwise. */
  final boolean retried;
  final String meaning;
  final String retry;

  ExitStatus(int code, boolean retried, String meaning, String retry) {
    this.code = code;
    this.retried = retried;
    this.meaning = meaning;
    this.retry = retry;
  }

  /** The status a failure maps to: anything not known to be the user's or the input's is a bug. */
  static ExitStatus of(Throwable failure) {
    if (failure instanceof ConfigException) {
      return USAGE;
    }
    if (failure instanceof ContractException) {
      return INPUT_INVALID;
    }
    if (failure instanceof NotReadyException) {
      return NOT_READY;
    }
    return BUG;
  }
}

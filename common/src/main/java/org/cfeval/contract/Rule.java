package org.cfeval.contract;

import org.apache.spark.sql.Column;

/** A contract check on typed columns: rows where {@code broken} is true are rejected with {@code detail}. */
public record Rule(RejectReason reason, Column broken, Column detail) {}

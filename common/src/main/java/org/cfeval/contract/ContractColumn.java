package org.cfeval.contract;

import org.apache.spark.sql.types.DataType;

/** One column of an input contract: its name, the type enforced on read, and whether it must exist. */
public record ContractColumn(String name, DataType type, boolean required) {}

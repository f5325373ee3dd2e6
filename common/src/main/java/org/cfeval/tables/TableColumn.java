package org.cfeval.tables;

import org.apache.spark.sql.types.DataType;

/** One column of an output table: name, type and the meaning stored as the column's comment. */
public record TableColumn(String name, DataType type, String comment) {}

package org.cfeval.tables;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a record-typed component of a row: one struct column holding the record's components as fields,
 * where a convention readers know has one (Lakehouse Monitoring's {@code ks_test}), rather than a column
 * per component.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Struct {}

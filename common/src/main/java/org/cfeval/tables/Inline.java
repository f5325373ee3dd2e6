package org.cfeval.tables;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a record-typed component of a row: its columns stand in the row under their own names. Without it
 * they are prefixed with the component's name ({@code validation} + {@code pr_auc} is
 * {@code validation_pr_auc}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Inline {}

package org.cfeval.tables;

import java.time.Instant;
import java.time.LocalDate;

/** A row of {@code source_files}. */
public record SourceFileRow(
    @Doc("decisions or chargebacks") String source,
    @Doc("the --decisions or --labels path the file is under") String sourcePath,
    @Doc("the file, as Spark names it (a Delta source's data file, or a file under a folder)") String file,
    @Doc("its size when read") Long sizeBytes,
    @Doc("its modification time when read, UTC: a file rewritten since is read again") Instant modifiedAt,
    @Doc("rows read from it") Long rows,
    @Doc("the earliest as-of date of a label run that read it with every row at or before that date: label runs for"
        + " later dates skip it") LocalDate labelAsOf) {}

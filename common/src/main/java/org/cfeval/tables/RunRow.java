package org.cfeval.tables;

import java.time.Instant;
import java.util.Map;

/**
 * A row of {@code runs}: one job run that wrote tables. Its id, cfeval's version and the inputs it read are
 * the provenance columns every table ends with.
 */
public record RunRow(
    @Doc("the job that ran (nightly, label, train, ...)") String job,
    @Doc("when the run started, UTC") Instant startedAt,
    @Doc("when it ended, UTC") Instant endedAt,
    @Doc("its exit status (see Exit statuses): 0 success, 1 internal error, 4 a rule fired or the gate failed, ...")
    Long exitStatus,
    @Doc("the options not at their default, by key, as the command line or a --conf file gave them") Map<String, String> settings,
    @Doc("the version each table had after the run's last write to it: what cfeval sql --run reads")
    Map<String, Long> tableVersions,
    @Doc("rows the run wrote to each table, from Delta's operation metrics: rows written by a replace, rows inserted"
        + " plus rows updated by a merge") Map<String, Long> rowsWritten) {}

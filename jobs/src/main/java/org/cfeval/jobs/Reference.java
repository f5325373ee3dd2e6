package org.cfeval.jobs;

import java.util.List;
import java.util.stream.Collectors;
import org.cfeval.config.Keys;
import org.cfeval.config.Setting;
import org.cfeval.contract.RejectReason;
import org.cfeval.monitoring.AlertRule;
import org.cfeval.tables.Provenance;
import org.cfeval.tables.TableColumn;
import org.cfeval.tables.TableSpec;
import org.cfeval.tables.Tables;
import org.cfeval.tables.ViewSpec;

/**
 * The README's reference, generated from the definitions in the code: the exit statuses, the monitoring
 * rules, the jobs with their options, every option, the reject reasons and every output table. ReadmeTest
 * keeps the README's copy, between {@link #BEGIN} and {@link #END}, equal to this.
 */
final class Reference {
  static final String BEGIN = "<!-- BEGIN GENERATED REFERENCE: edit the code, not this; see Testing -->";
  static final String END = "<!-- END GENERATED REFERENCE -->";

  static final String DAG_BEGIN = "# BEGIN GENERATED EXIT STATUSES: edit ExitStatus.java, not this (ReadmeTest)";
  static final String DAG_END = "# END GENERATED EXIT STATUSES";

  private Reference() {}

  /** The exit statuses as the Airflow DAG reads them: status to (retried, meaning), a Python literal. */
  static String dagExitStatuses() {
    StringBuilder py = new StringBuilder(DAG_BEGIN).append("\nEXIT_STATUSES = {\n");
    for (ExitStatus status : ExitStatus.values()) {
      py.append(String.format("    %d: (%s, \"%s\"),%n", status.code, status.retried ? "True" : "False",
          status.meaning.replace("\\", "\\\\").replace("\"", "\\\"")));
    }
    return py.append("}\n").append(DAG_END).toString();
  }

  static String markdown() {
    StringBuilder md = new StringBuilder(BEGIN).append("\n\n");
    md.append("### Exit statuses\n\n| status | meaning | retry? |\n| --- | --- | --- |\n");
    for (ExitStatus status : ExitStatus.values()) {
      md.append(String.format("| %d | %s | %s |%n", status.code, status.meaning, status.retry));
    }
    md.append("\n### Monitoring rules\n\nEach rule writes one `alerts` row per run, reading its table's rows for the"
        + " as-of date and the logged score; `--alert-<rule>` sets its severity, `off` leaves it out.\n\n"
        + "| rule | severity (default) | reads | fires when | threshold | watches |\n| --- | --- | --- | --- | --- | --- |\n");
    for (AlertRule rule : AlertRule.values()) {
      // A table of one figure per row holds the rule's metric as a value of its metric column.
      String reads = rule.column() != null
          ? String.format("`%s`.`%s` where `metric` = '%s'", rule.table().name(), rule.column(), rule.metric())
          : String.format("`%s`.`%s`", rule.table().name(), rule.metric());
      md.append(String.format("| `%s` | `--%s` (`%s`) | %s | %s | %s | %s |%n", rule.columnValue(),
          rule.severity().name(), rule.severity().defaultText(), reads,
          switch (rule.comparison()) {
            case ABOVE -> "its interval (or value) is wholly above the threshold";
            case BELOW -> "its interval is wholly below the threshold";
            case OUTSIDE -> "the threshold is outside its interval";
          }, cell(rule.threshold()), cell(rule.meaning())));
    }
    md.append("\n### Jobs\n\n`scripts/cfeval <job> --help` prints the same, with each option's meaning.\n");
    for (Job job : Cfeval.JOBS) {
      md.append("\n#### ").append(job.name()).append("\n\n").append(capitalized(job.summary())).append(".\n\n");
      if (!job.required().isEmpty()) {
        md.append("Required: ").append(options(job.required(), job)).append(". ");
      }
      List<Setting<?>> others = job.options().stream().filter(o -> !job.required().contains(o)).toList();
      md.append("Options: ").append(options(others, job)).append(".\n");
    }
    md.append("\n### Options\n\nEvery option is also a key of a `--conf` properties file (`maturity-days=60`);"
        + " the command line wins over the files, a later file over an earlier one.\n\n"
        + "| option | value | default | meaning |\n| --- | --- | --- | --- |\n");
    for (Setting<?> key : Keys.all()) {
      String defaultText = key.defaultText() == null || key.defaultText().isEmpty() ? "" : "`" + key.defaultText() + "`";
      md.append(String.format("| `--%s` | %s | %s | %s |%n", key.name(), key.valueName(), defaultText,
          cell(key.description())));
    }
    md.append("\n### Reject reasons\n\n| reason | the row ... |\n| --- | --- |\n");
    for (RejectReason reason : RejectReason.values()) {
      md.append(String.format("| `%s` | %s |%n", reason.code(), cell(reason.meaning())));
    }
    md.append("\n### Output tables\n\nEvery table ends with the provenance columns, which trace each row to the run"
        + " that wrote it (see `runs`), the code and the inputs:\n\n| column | type | meaning |\n| --- | --- | --- |\n");
    for (TableColumn column : Provenance.COLUMNS) {
      md.append(String.format("| `%s` | %s | %s |%n", column.name(), column.type().simpleString(), cell(column.comment())));
    }
    for (TableSpec<?> table : Tables.EVERY_TABLE) {
      md.append("\n#### `").append(table.name()).append("`\n\nOne row: ").append(table.rowMeaning()).append(". ")
          .append(table.mergeKeys().isEmpty() ? "A run replaces the rows of its as-of date."
              : "Rows are upserted on " + table.mergeKeys().stream().map(k -> "`" + k + "`")
                  .collect(Collectors.joining(", ")) + ".")
          .append("\n\n| column | type | meaning |\n| --- | --- | --- |\n");
      for (TableColumn column : table.columns()) {
        md.append(String.format("| `%s` | %s | %s |%n", column.name(), column.type().simpleString(),
            cell(column.comment())));
      }
    }
    md.append("\n### Views\n\nRegistered beside their tables (by every job, so `cfeval sql` reads them).\n");
    for (ViewSpec view : Tables.EVERY_VIEW) {
      md.append("\n#### `").append(view.name()).append("`\n\nOne row: ").append(view.rowMeaning()).append(".\n\n```sql\n")
          .append(view.sqlOver(view.over().name())).append("\n```\n");
    }
    return md.append('\n').append(END).toString();
  }

  private static String options(List<Setting<?>> options, Job job) {
    return options.stream().map(o -> o == job.positional() ? "the statement `<" + o.name() + ">`" : "`--" + o.name() + "`")
        .collect(Collectors.joining(", "));
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}

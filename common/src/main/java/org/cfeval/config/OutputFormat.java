package org.cfeval.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How {@code cfeval sql} prints a result. */
public enum OutputFormat {
  /** Aligned columns with a row count, for people; at most 1,000 rows a statement. */
  TABLE,
  /** A header line, then one line per row (RFC 4180 quoting; null an empty field, empty text ""). */
  CSV,
  /** One JSON object per row (JSON lines), as Spark writes them: nulls left out, maps as objects. */
  JSON;

  /**
   * One CSV line: a field with a comma, quote or line break is quoted, its quotes doubled; null is an empty
   * field and the empty text a quoted one, so the two stay apart.
   */
  public static String csvLine(Object[] cells) {
    return Arrays.stream(cells).map(cell -> {
      String text = cell == null ? "" : cell.toString();
      return cell != null && (text.isEmpty() || text.matches("(?s).*[,\"\\r\\n].*"))
          ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }).collect(Collectors.joining(","));
  }
}

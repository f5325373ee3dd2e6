package org.cfeval.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A file of SQL statements as {@code cfeval sql --file} runs them (and the notebook test reads them): split at semicolons that end a
 * statement, not those inside quotes ('...', "...", `...`, raw r'...') or comments (-- to the end of
 * the line, /* ... *&#47;, nested), and at the cell separators of a Databricks SQL notebook (a line
 * {@value #CELL}), whose cells need no semicolon. Comments stay in the statement text (Spark skips
 * them); statements holding nothing but comments and blanks (a notebook's markdown cells) are dropped.
 */
public final class SqlScript {
  /** The line that separates the cells of a notebook exported in Databricks' SQL source format. */
  public static final String CELL = "-- COMMAND ----------";

  private SqlScript() {}

  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean meaningful = false; // the current statement holds more than comments and blanks
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      int end = i + 1;
      if (c == '-' && script.startsWith(CELL, i) && (i == 0 || script.charAt(i - 1) == '\n')
          && script.substring(i, indexOrEnd(script, "\n", i)).strip().equals(CELL)) {
        add(statements, current, meaningful);
        current.setLength(0);
        meaningful = false;
        i = indexOrEnd(script, "\n", i);
        continue;
      } else if (c == '-' && script.startsWith("--", i)) {
        end = indexOrEnd(script, "\n", i);
      } else if (c == '/' && script.startsWith("/*", i)) {
        end = commentEnd(script, i);
      } else if ((c == 'r' || c == 'R') && i + 1 < script.length() && "'\"".indexOf(script.charAt(i + 1)) >= 0
          && (i == 0 || !Character.isLetterOrDigit(script.charAt(i - 1)) && script.charAt(i - 1) != '_')) {
        end = rawEnd(script, i + 1); // r'C:\dir\': a backslash is itself
        meaningful = true;
      } else if (c == '\'' || c == '"' || c == '`') {
        end = closingQuote(script, i);
        meaningful = true;
      } else if (c == ';') {
        add(statements, current, meaningful);
        current.setLength(0);
        meaningful = false;
        i++;
        continue;
      } else if (!Character.isWhitespace(c)) {
        meaningful = true;
      }
      current.append(script, i, end);
      i = end;
    }
    add(statements, current, meaningful);
    return statements;
  }

  private static void add(List<String> statements, StringBuilder statement, boolean meaningful) {
    if (meaningful) {
      statements.add(statement.toString().strip());
    }
  }

  private static int indexOrEnd(String text, String what, int from) {
    int at = text.indexOf(what, from);
    return at < 0 ? text.length() : at;
  }

  /** Just past the comment opened at {@code open}; comments nest, as Spark's do. */
  private static int commentEnd(String text, int open) {
    int depth = 0;
    for (int i = open; i + 1 < text.length(); i++) {
      if (text.startsWith("/*", i)) {
        depth++;
        i++;
      } else if (text.startsWith("*/", i)) {
        depth--;
        i++;
        if (depth == 0) {
          return i + 1;
        }
      }
    }
    throw new IllegalArgumentException("a /* comment is not closed");
  }

  /** Just past the quote closing the raw literal's quote at {@code open}: no escapes. */
  private static int rawEnd(String text, int open) {
    int close = text.indexOf(text.charAt(open), open + 1);
    if (close < 0) {
      throw new IllegalArgumentException("a " + text.charAt(open) + " quote is not closed");
    }
    return close + 1;
  }

  /** Just past the quote closing the one at {@code open}; a doubled quote or a backslash escapes one. */
  private static int closingQuote(String text, int open) {
    char quote = text.charAt(open);
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && quote != '`') {
        i++;
      } else if (c == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i++;
        } else {
          return i + 1;
        }
      }
    }
    throw new IllegalArgumentException("a " + quote + " quote is not closed");
  }
}

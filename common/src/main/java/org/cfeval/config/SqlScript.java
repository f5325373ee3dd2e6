package org.cfeval.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A file of SQL statements as {@code cfeval sql --file} runs them (and the notebook test reads them): split at semicolons that end a
 * statement, not those inside quotes ('...', "...", `...`) or comments (-- to the end of the line,
 * /* ... *&#47;). Comments stay in the statement text (Spark skips them); statements holding nothing but
 * comments and blanks are dropped.
 */
public final class SqlScript {
  private SqlScript() {}

  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean meaningful = false; // the current statement holds more than comments and blanks
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      int end = i + 1;
      if (c == '-' && script.startsWith("--", i)) {
        end = indexOrEnd(script, "\n", i);
      } else if (c == '/' && script.startsWith("/*", i)) {
        int close = script.indexOf("*/", i + 2);
        if (close < 0) {
          throw new IllegalArgumentException("a /* comment is not closed");
        }
        end = close + 2;
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

package org.cfeval.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class SqlScriptTest {
  @Test
  void aDatabricksNotebooksCellsAreStatementsAndItsMarkdownCellsAreDropped() {
    String notebook = """
        -- Databricks notebook source
        -- MAGIC %md
        -- MAGIC # Review; with a semicolon

        -- COMMAND ----------

        USE cfeval

        -- COMMAND ----------

        SELECT '-- COMMAND ----------' AS not_a_separator
        -- COMMAND ---------- is only a separator on a line of its own
        FROM t; SELECT 2

        -- COMMAND ----------
        """;
    assertThat(SqlScript.statements(notebook)).containsExactly("USE cfeval",
        "SELECT '-- COMMAND ----------' AS not_a_separator\n-- COMMAND ---------- is only a separator on a line of its"
            + " own\nFROM t", "SELECT 2");
  }

  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    String script = """
        -- Policy review; a header comment with a semicolon
        SELECT 'a;b' AS x, "c;d" AS `e;f` FROM t; /* block; comment */
        SELECT 'it''s' -- trailing; comment
        ;
        ;  -- an empty statement and a comment-only one are dropped
        /* only a comment */ ;
        SELECT 1""";
    assertThat(SqlScript.statements(script)).containsExactly(
        "-- Policy review; a header comment with a semicolon\nSELECT 'a;b' AS x, \"c;d\" AS `e;f` FROM t",
        "/* block; comment */\nSELECT 'it''s' -- trailing; comment",
        "SELECT 1");
    assertThat(SqlScript.statements("  -- nothing but a comment\n")).isEmpty();
    // Spark's raw literals keep a backslash as it is; its comments nest.
    assertThat(SqlScript.statements("SELECT r'C:\\dir\\' AS p; /* a /* nested; */ comment */ SELECT 2"))
        .containsExactly("SELECT r'C:\\dir\\' AS p", "/* a /* nested; */ comment */ SELECT 2");
    assertThat(SqlScript.statements("SELECT 'it\\'s' AS q; SELECT 3")).containsExactly("SELECT 'it\\'s' AS q",
        "SELECT 3");
    assertThatThrownBy(() -> SqlScript.statements("SELECT 'open")).hasMessageContaining("' quote is not closed");
    assertThatThrownBy(() -> SqlScript.statements("SELECT 1 /* open")).hasMessageContaining("comment is not closed");
  }

  @Test
  void csvQuotesWhatNeedsIt() {
    assertThat(OutputFormat.csvLine(new Object[] {"plain", 1.5, null, "", "a,b", "say \"hi\"", "two\nlines"}))
        .isEqualTo("plain,1.5,,\"\",\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"");
  }
}

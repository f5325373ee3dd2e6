package org.cfeval.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.cfeval.SharedSpark;
import org.cfeval.config.SqlScript;

/**
 * What an analyst opens after a demo run, checked as they would use it (by {@link CfevalTest}, on its
 * warehouse): the report the demo wrote, in a real browser (headless Chromium: every chart present and drawn, every table
 * showing the rows it says it has, no console error, a screenshot that is not blank, kept at
 * target/report-screenshot.png with its top at target/report-top.png, of which the README's picture is a
 * copy), and every cell of every
 * exported notebook, run by {@code cfeval sql --file} on the tables.
 */
final class AnalystOutputs {
  /** Every chart of a report on a warehouse that has run nightly past the label horizon. */
  static final List<String> CHARTS = List.of("policy-curve", "cost-curve", "nowcast", "label-delay", "calibration",
      "trend-production", "trend-monitoring", "trend-fairness");
  static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");
  /** The page's top (title, window, the first charts): what the README shows, as notebooks-export/report.png. */
  static final Path TOP = Path.of("target", "report-top.png");
  static final int TOP_HEIGHT = 1400;
  /** The width the README's screenshot is taken at, in CSS pixels. */
  static final int WIDTH = 900;

  private AnalystOutputs() {}

  /** Opens {@code report} in Chromium and checks what it draws; saves the screenshot. */
  static void assertReportDrawsInChromium(Path report) throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.open(report);
      // Per chart: the rows it says it plots, its drawn size, and the vertices of its SVG paths (each plotted point
      // is at least one: a line's, or its marker's); per table: the rows it says it has and those drawn.
      JsonNode charts = browser.evaluate("[...document.querySelectorAll('figure[data-chart]')].map(f => {"
          + " const svg = f.querySelector('svg'); const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};"
          + " return {chart: f.dataset.chart, rows: Number(f.dataset.rows), width: box.width, height: box.height,"
          + " vertices: svg ? [...svg.querySelectorAll('path')].reduce((n, p) =>"
          + " n + ((p.getAttribute('d') || '').match(/[ML]/g) || []).length, 0) : 0,"
          + " caption: (f.querySelector('figcaption') || {}).textContent || ''}; })");
      Set<String> found = new HashSet<>();
      for (JsonNode chart : charts) {
        String name = chart.get("chart").asText();
        found.add(name);
        assertThat(chart.get("rows").asInt()).as(name + " rows").isPositive();
        assertThat(chart.get("width").asDouble()).as(name + " width").isGreaterThan(600);
        assertThat(chart.get("height").asDouble()).as(name + " height").isGreaterThan(300);
        assertThat(chart.get("vertices").asInt()).as(name + " drawn vertices").isGreaterThanOrEqualTo(
            chart.get("rows").asInt());
        assertThat(chart.get("caption").asText()).as(name + " caption").isNotBlank();
      }
      assertThat(found).containsExactlyInAnyOrderElementsOf(CHARTS);
      JsonNode tables = browser.evaluate("[...document.querySelectorAll('table[data-rows]')].map(t =>"
          + " ({table: t.id, rows: Number(t.dataset.rows), drawn: t.querySelectorAll('tr').length - 1}))");
      List<String> tableIds = new ArrayList<>();
      for (JsonNode table : tables) {
        tableIds.add(table.get("table").asText());
        assertThat(table.get("drawn").asInt()).as(table.get("table").asText()).isEqualTo(table.get("rows").asInt());
      }
      assertThat(tableIds).contains("optimal-policies", "slices", "error-breakdown", "fairness", "drift", "alerts",
          "outcomes-production", "outcomes-cheapest_challenge_block");
      assertThat(browser.consoleErrors()).isEmpty();

      Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
      browser.screenshot(SCREENSHOT, WIDTH);
    }
    BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).as("the whole page, charts and tables").isGreaterThan(3000);
    // Not blank: a real share of the page is ink, in many colours (text, lines, bands).
    Set<Integer> colours = new HashSet<>();
    long ink = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        ink += rgb == 0xffffff ? 0 : 1;
      }
    }
    assertThat(colours.size()).isGreaterThan(50);
    assertThat(ink * 4.0 / ((long) image.getWidth() * image.getHeight())).isGreaterThan(0.02);
    ImageIO.write(image.getSubimage(0, 0, WIDTH, TOP_HEIGHT), "png", TOP.toFile());
  }

  /**
   * Every cell of every notebook runs through cfeval sql --file on {@code warehouse}, and each query cell
   * returns rows but those that may rightly find none on a healthy world (logging health failures, rejects,
   * fraud the scores miss).
   */
  static void assertNotebooksRun(String warehouse) throws Exception {
    Map<String, Set<Integer>> mayBeEmpty = Map.of("policy_review.sql", Set.of(1, 5, 6), "nowcast_review.sql",
        Set.of(1, 3), "monitoring_review.sql", Set.of(1));
    try (var files = Files.list(Path.of("..", "notebooks-export"))) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".sql")))
          .containsExactlyInAnyOrderElementsOf(mayBeEmpty.keySet());
    }
    for (Map.Entry<String, Set<Integer>> notebook : mayBeEmpty.entrySet()) {
      Path file = Path.of("..", "notebooks-export", notebook.getKey());
      String text = Files.readString(file);
      assertThat(text).startsWith("-- Databricks notebook source\n").contains("\n" + SqlScript.CELL + "\n");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = Cfeval.run(new String[] {"sql", "--warehouse", warehouse, "--file", file.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(status).as(notebook.getKey() + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
      List<String> statements = SqlScript.statements(text);
      assertThat(statements.get(0)).isEqualTo("USE cfeval");
      // Each statement's printed table ends with its row count, in order.
      Matcher counts = Pattern.compile("(?m)^\\((?:first )?(\\d+) rows?(?: shown)?\\)$")
          .matcher(out.toString(StandardCharsets.UTF_8));
      for (int cell = 1; cell <= statements.size(); cell++) {
        assertThat(counts.find()).as("%s: the row count of statement %d", notebook.getKey(), cell).isTrue();
        if (cell > 1 && !notebook.getValue().contains(cell)) {
          assertThat(Long.parseLong(counts.group(1))).as("%s, statement %d: %s", notebook.getKey(), cell,
              statements.get(cell - 1)).isPositive();
        }
      }
      assertThat(counts.find()).as("more results than statements").isFalse();
    }
    // The policy review's first query shows what the naive view misses; its policies' query, all three (on the
    // tables the last sql run registered).
    SparkSession spark = SharedSpark.session();
    List<String> policyReview = SqlScript.statements(Files.readString(Path.of("..", "notebooks-export",
        "policy_review.sql")));
    Row at50 = spark.sql(policyReview.get(1)).filter("threshold = 50").first();
    assertThat(at50.<Double>getAs("ips_recall")).isGreaterThan(at50.<Double>getAs("naive_recall") + 0.1);
    assertThat(spark.sql(policyReview.get(7)).collectAsList()).hasSize(3);
  }
}

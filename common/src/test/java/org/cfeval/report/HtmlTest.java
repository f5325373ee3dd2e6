package org.cfeval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class HtmlTest {
  @Test
  void aChartsFigureCountsItsPointsAndCarriesItsTitlesLegendAndCaption() {
    Chart chart = new Chart("rates", "Rates <by> threshold", "threshold t (score)", "share (0 to 1)", "What & why.")
        .add(new Chart.Series("precision (IPS)", List.of(new Chart.Point(10, 0.2, 0.1, 0.3),
            new Chart.Point(20, 0.4, 0.3, 0.5), new Chart.Point(30, 0.6, null, null)), false))
        .add(new Chart.Series("precision (naive)", List.of(new Chart.Point(10, 0.1, null, null),
            new Chart.Point(20, 0.2, null, null)), true))
        .mark(new Chart.Marker("production 47.0%", 0.47, false))
        .mark(new Chart.Marker("cheapest_block: block > 20.00", 20, true));
    assertThat(chart.rows()).isEqualTo(5);
    String page = new Html("a <report>").chart(chart).page();
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<title>a &lt;report&gt;</title>",
        "<figure id=\"rates\" data-chart=\"rates\" data-rows=\"5\">", "<figcaption>What &amp; why.</figcaption>",
        "<svg", "threshold t (score)", "share (0 to 1)", "precision (IPS)", "precision (naive)",
        "production 47.0%", "cheapest_block: block &gt; 20.00");
    assertThat(page).doesNotContain("<script").doesNotContain("http://www.w3.org/1999/xlink\" href");
  }

  /** A browser refuses a path with NaN in it: such points and interval ends are not drawn, and not counted. */
  @Test
  void pointsThatAreNotNumbersAreLeftOut() {
    Chart chart = new Chart("delay", "t", "x", "y", "c").add(new Chart.Series("share", List.of(
        new Chart.Point(0, 0.0, 0.0, Double.NaN), new Chart.Point(1, Double.NaN, null, null),
        new Chart.Point(2, 0.5, 0.4, 0.6)), false));
    assertThat(chart.rows()).isEqualTo(2);
    assertThat(chart.svg()).doesNotContain("NaN").doesNotContain("Infinity");
  }

  @Test
  void tablesAndNumbersAreFormattedForPeople() {
    String page = new Html("t").table("policies", "Cheapest policies.", List.of("policy", "cost"),
        List.of(List.of("cheapest_block", Html.amount(1234567.4)), List.of("production", Html.amount(null)))).page();
    assertThat(page).contains("<table id=\"policies\" data-rows=\"2\">", "<caption>Cheapest policies.</caption>",
        "<td>1,234,567</td>", "<td>\u2014</td>");
    assertThat(Html.percent(0.1234)).isEqualTo("12.3%");
    assertThat(Html.percent(null)).isEqualTo("\u2014");
    assertThat(Html.count(1234567L)).isEqualTo("1,234,567");
    assertThat(Html.threshold(19.993408960099227)).isEqualTo("19.99");
  }
}

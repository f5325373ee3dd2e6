package org.cfeval.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * One line chart of the report: series of points against a shared x axis, each with its interval band
 * where it has one, plus labelled markers (a policy's threshold on x, a production figure on y), drawn
 * by JFreeChart into inline SVG.
 */
public final class Chart {
  /** One point: y and its interval (lo and hi null: none; an end that is not a number counts as none). */
  public record Point(double x, double y, Double lo, Double hi) {
    public Point {
      if (lo == null || hi == null || !Double.isFinite(lo) || !Double.isFinite(hi)) {
        lo = null;
        hi = null;
      }
    }
  }

  /**
   * A named line; {@code dashed} draws it dashed (a biased estimate shown for contrast), without a band.
   * Points whose y is not a number are left out: there is nothing to draw for them.
   */
  public record Series(String name, List<Point> points, boolean dashed) {
    public Series {
      points = points.stream().filter(point -> Double.isFinite(point.y())).toList();
    }
  }

  /** A labelled line across the plot at {@code value} of the x axis ({@code onX}) or of the y axis. */
  public record Marker(String label, double value, boolean onX) {}

  /** A date as a value of a dated chart's x axis ({@link #overDates}). */
  public static double day(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  static {
    // Drawn off screen, on drivers without a display.
    System.setProperty("java.awt.headless", "true");
    // Rotated labels (the y axis title) as SVG text, which a reader can select and a test can find, not as glyph
    // outlines: the workaround is for an old Java rendering bug of rotated text on screen.
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private static final int WIDTH = 760;
  private static final int HEIGHT = 380;
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e)};

  private final String id;
  private final String title;
  private final String xTitle;
  private final String yTitle;
  private final String caption;
  private final List<Series> series = new ArrayList<>();
  private final List<Marker> markers = new ArrayList<>();
  private boolean dates;

  /** A chart named {@code id} (its element's id), with a title, axis titles (with units) and a caption. */
  public Chart(String id, String title, String xTitle, String yTitle, String caption) {
    this.id = id;
    this.title = title;
    this.xTitle = xTitle;
    this.yTitle = yTitle;
    this.caption = caption;
  }

  public Chart add(Series line) {
    series.add(line);
    return this;
  }

  public Chart mark(Marker marker) {
    markers.add(marker);
    return this;
  }

  /** The x axis shows dates (UTC days): points' x values are {@link #day(LocalDate)}'s. */
  public Chart overDates() {
    dates = true;
    return this;
  }

  public String id() {
    return id;
  }

  public String caption() {
    return caption;
  }

  /** The data rows the chart plots: its points, over every series. */
  public int rows() {
    return series.stream().mapToInt(s -> s.points().size()).sum();
  }

  /** The middle of the series' x values. */
  private double middleX() {
    double low = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).min().orElse(0);
    double high = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::x).max().orElse(0);
    return (low + high) / 2;
  }

  /** The chart as an {@code <svg>} element, with a legend naming every series. */
  public String svg() {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    DeviationRenderer renderer = new DeviationRenderer(true, true);
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      YIntervalSeries points = new YIntervalSeries(line.name(), false, true);
      for (Point point : line.points()) {
        points.add(point.x(), point.y(), point.lo() == null ? point.y() : point.lo(),
            point.hi() == null ? point.y() : point.hi());
      }
      data.addSeries(points);
      Color color = COLORS[s % COLORS.length];
      renderer.setSeriesPaint(s, color);
      renderer.setSeriesFillPaint(s, color);
      renderer.setSeriesShapesVisible(s, points.getItemCount() < 40);
      renderer.setSeriesStroke(s, line.dashed()
          ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2f));
    }
    renderer.setAlpha(0.18f);
    ValueAxis x;
    if (dates) {
      DateAxis days = new DateAxis(xTitle, TimeZone.getTimeZone(ZoneOffset.UTC), java.util.Locale.ROOT);
      days.setDateFormatOverride(utcDays());
      x = days;
    } else {
      NumberAxis numbers = new NumberAxis(xTitle);
      numbers.setAutoRangeIncludesZero(false);
      x = numbers;
    }
    NumberAxis y = new NumberAxis(yTitle);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    for (int m = 0; m < markers.size(); m++) {
      Marker marker = markers.get(m);
      // Alternate x markers' labels between the top and the bottom (nearby thresholds' labels would overlap), on
      // the line's left in the right half of the plot, so that they stay inside it.
      boolean top = m % 2 == 0;
      boolean left = marker.onX() && marker.value() > middleX();
      ValueMarker line = new ValueMarker(marker.value(), Color.DARK_GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
      line.setLabel(marker.label());
      line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      line.setLabelAnchor(!marker.onX() ? RectangleAnchor.BOTTOM_LEFT
          : top ? (left ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT)
          : (left ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT));
      line.setLabelTextAnchor(!marker.onX() ? TextAnchor.BOTTOM_LEFT
          : top ? (left ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT)
          : (left ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT));
      if (marker.onX()) {
        plot.addDomainMarker(line);
      } else {
        plot.addRangeMarker(line);
      }
    }
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
    chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT));
    return g2.getSVGElement(id + "-svg");
  }

  private static java.text.DateFormat utcDays() {
    java.text.SimpleDateFormat format = new java.text.SimpleDateFormat("yyyy-MM-dd", java.util.Locale.ROOT);
    format.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
    return format;
  }
}

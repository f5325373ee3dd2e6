package org.cfeval.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Text-to-value parsers for {@link Setting}s; each failure message says what was expected. */
final class Parsers {
  private Parsers() {}

  static Function<String, String> text() {
    return s -> {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("expected a non-empty value");
      }
      return s;
    };
  }

  static Function<String, Integer> integer(int min, int max) {
    return s -> {
      int value;
      try {
        value = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number");
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
      }
      return value;
    };
  }

  static Function<String, Long> longInteger(long min) {
    return s -> {
      long value;
      try {
        value = Long.parseLong(s.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number");
      }
      if (value < min) {
        throw new IllegalArgumentException("expected a whole number of at least " + min);
      }
      return value;
    };
  }

  static Function<String, Double> number(double min, double max) {
    return s -> {
      double value = parseFinite(s);
      if (value < min || value > max) {
        throw new IllegalArgumentException("expected a number from " + min + " to " + max);
      }
      return value;
    };
  }

  static Function<String, LocalDate> date() {
    return s -> {
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("expected a date YYYY-MM-DD");
      }
    };
  }

  /** Comma-separated words; empty text is the empty list. */
  static Function<String, List<String>> words() {
    return s -> s.isEmpty() ? List.of()
        : Arrays.stream(s.split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList();
  }

  /** Comma-separated finite numbers; empty text is the empty list. */
  static Function<String, List<Double>> numbers() {
    return s -> words().apply(s).stream().map(Parsers::parseFinite).toList();
  }

  /** Empty text (no range) or "LO,HI" with LO < HI. */
  static Function<String, List<Double>> range() {
    return s -> {
      List<Double> ends = numbers().apply(s);
      if (!ends.isEmpty() && (ends.size() != 2 || ends.get(0) >= ends.get(1))) {
        throw new IllegalArgumentException("expected LO,HI with LO < HI, or nothing");
      }
      return ends;
    };
  }

  static <E extends Enum<E>> Function<String, E> oneOf(Class<E> type) {
    return s -> {
      try {
        return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("expected one of " + Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
      }
    };
  }

  private static double parseFinite(String s) {
    double value;
    try {
      value = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("expected a finite number");
    }
    return value;
  }
}

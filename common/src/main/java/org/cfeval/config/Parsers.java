package org.cfeval.config;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
      String allowed = "expected a whole number from " + min + " to " + max;
      int value;
      try {
        value = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(allowed);
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(allowed);
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
      String allowed = "expected a number from " + min + " to " + max;
      double value;
      try {
        value = parseFinite(s);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(allowed);
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(allowed);
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

  /** Comma-separated column names, each once, none blank and none with a space or backtick; empty text is none. */
  static Function<String, List<String>> columns() {
    return s -> {
      if (s.isEmpty()) {
        return List.of();
      }
      List<String> names = Arrays.stream(s.split(",", -1)).map(String::trim).toList();
      for (String name : names) {
        if (!name.matches("[^\\s`]+")) {
          throw new IllegalArgumentException("expected column names separated by commas, each non-empty and"
              + " without spaces or backticks");
        }
      }
      if (names.stream().distinct().count() < names.size()) {
        throw new IllegalArgumentException("expected each column once");
      }
      return names;
    };
  }

  /**
   * A catalog name (letters, digits and underscores, not starting with a digit), in lower case as the
   * metastore keeps it, or empty text.
   */
  static Function<String, String> identifierOrEmpty() {
    return s -> {
      if (!s.isEmpty() && !s.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("expected a name of letters, digits and underscores, not starting with a"
            + " digit");
      }
      return s.toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** Comma-separated NAME:TYPE pairs, each column once; empty text is none. */
  static Function<String, Map<String, ColumnType>> columnTypes() {
    Function<String, ColumnType> type = oneOf(ColumnType.class);
    return s -> {
      Map<String, ColumnType> types = new LinkedHashMap<>();
      for (String pair : words().apply(s)) {
        String[] parts = pair.split(":", -1);
        if (parts.length != 2 || columns().apply(parts[0].trim()).size() != 1) {
          throw new IllegalArgumentException("expected NAME:TYPE pairs separated by commas, e.g. velocity_1h:double");
        }
        if (types.put(parts[0].trim(), type.apply(parts[1].trim())) != null) {
          throw new IllegalArgumentException("expected each column once");
        }
      }
      return types;
    };
  }

  /** Comma-separated shares strictly between 0 and 1, at least one. */
  static Function<String, List<Double>> openShares() {
    return s -> {
      List<Double> shares = numbers().apply(s);
      if (shares.isEmpty() || shares.stream().anyMatch(x -> x <= 0 || x >= 1)) {
        throw new IllegalArgumentException("expected one or more shares strictly between 0 and 1");
      }
      return shares;
    };
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

  /** Two dates FROM,TO (FROM first, TO exclusive), or nothing. */
  static Function<String, List<LocalDate>> dateRange() {
    return s -> {
      if (s.isBlank()) {
        return List.of();
      }
      String[] ends = s.split(",", -1);
      if (ends.length != 2) {
        throw new IllegalArgumentException("expected FROM,TO (dates YYYY-MM-DD), or nothing");
      }
      LocalDate from = date().apply(ends[0].trim());
      LocalDate to = date().apply(ends[1].trim());
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("expected FROM before TO, got " + s);
      }
      return List.of(from, to);
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

  /** One of {@code allowed}, by its lower-case name. */
  @SafeVarargs
  static <E extends Enum<E>> Function<String, E> oneOf(E... allowed) {
    List<String> names = Arrays.stream(allowed).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    return s -> {
      int at = names.indexOf(s.toLowerCase(Locale.ROOT));
      if (at < 0) {
        throw new IllegalArgumentException("expected one of " + names);
      }
      return allowed[at];
    };
  }

  static Function<String, Boolean> bool() {
    return s -> switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  /** One of {@code allowed} as written, or nothing. */
  static Function<String, String> choice(List<String> allowed) {
    return s -> {
      if (!s.isEmpty() && !allowed.contains(s)) {
        throw new IllegalArgumentException("expected one of " + allowed + ", or nothing");
      }
      return s;
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

package org.cfeval.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its name (the command-line option {@code --name} and the key in a
 * {@code --conf} file are the same word), how its text is parsed, its default and what it means.
 * Every key is declared once, in {@link Keys}.
 */
public final class Setting<T> {
  private final String name;
  private final String valueName;
  private final String defaultText;
  private final String description;
  private final Function<String, T> parser;

  Setting(String name, String valueName, String defaultText, String description, Function<String, T> parser) {
    this.name = Objects.requireNonNull(name);
    this.valueName = valueName;
    this.defaultText = defaultText;
    this.description = description;
    this.parser = parser;
  }

  public String name() {
    return name;
  }

  /** Placeholder shown in help, e.g. {@code N} or {@code YYYY-MM-DD}. */
  public String valueName() {
    return valueName;
  }

  /** The default as text, or null when the key has no default. */
  public String defaultText() {
    return defaultText;
  }

  /**
   * This key with another default, for a job whose own default differs: the job's --help shows it, and
   * the job applies it where {@link Settings#isDefault} holds (the README's option table shows the key's
   * own default).
   */
  public Setting<T> withDefault(String jobDefault) {
    parse(jobDefault, "the job's default");
    return new Setting<>(name, valueName, jobDefault, description, parser);
  }

  public String description() {
    return description;
  }

  /** Parses {@code text}; a bad value fails with a message naming the key, the value and its origin. */
  public T parse(String text, String origin) {
    try {
      return parser.apply(text.trim());
    } catch (RuntimeException e) {
      throw new ConfigException(String.format("%s: %s, got '%s' (from %s)",
          name, e.getMessage() == null ? "bad value" : e.getMessage(), text, origin));
    }
  }

  /** Keys are one per name: a job's variant with its own default ({@link #withDefault}) is the same key. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Setting<?> setting && setting.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}

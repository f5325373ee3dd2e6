package org.cfeval.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of one run: each key's text with where it came from. Precedence, highest first:
 * the command line, the {@code --conf} files (a later one over an earlier one), the default declared in
 * {@link Keys}.
 */
public final class Settings {
  private record Value(String text, String origin) {}

  private final Map<String, Value> values;

  private Settings(Map<String, Value> values) {
    this.values = values;
  }

  /** Settings from command-line values (key name to text), reading the {@code --conf} file if one is named. */
  public static Settings resolve(Map<String, String> commandLine) {
    Map<String, Value> values = new LinkedHashMap<>();
    for (Setting<?> key : Keys.all()) {
      if (key.defaultText() != null) {
        values.put(key.name(), new Value(key.defaultText(), "default"));
      }
    }
    String conf = commandLine.get(Keys.CONF.name());
    if (conf != null) {
      Keys.CONF.parse(conf, "--" + Keys.CONF.name());
      for (String file : conf.split(",")) {
        readFile(Path.of(file.trim())).forEach((k, v) -> values.put(k, new Value(v, file.trim())));
      }
    }
    commandLine.forEach((k, v) -> values.put(k, new Value(v, "--" + k)));
    return new Settings(values);
  }

  /** Only the defaults: for library callers and tests. */
  public static Settings defaults() {
    return resolve(Map.of());
  }

  /** A copy with {@code key} set to {@code text}, as if given on the command line. */
  public Settings with(Setting<?> key, String text) {
    Map<String, Value> copy = new LinkedHashMap<>(values);
    copy.put(key.name(), new Value(text, "--" + key.name()));
    return new Settings(copy);
  }

  /** The key's value; fails naming the option when it has neither a value nor a default. */
  public <T> T get(Setting<T> key) {
    return find(key).orElseThrow(() -> missing(key));
  }

  /** Parses every value present, from the command line, the --conf files and the defaults: a bad one fails here. */
  public void validate() {
    values.forEach((name, value) -> Keys.named(name).parse(value.text, value.origin));
  }

  /** Fails naming {@code key} unless it has a non-blank value. */
  public void require(Setting<?> key) {
    Value value = values.get(key.name());
    if (value == null || value.text.isBlank()) {
      throw missing(key);
    }
  }

  private static ConfigException missing(Setting<?> key) {
    return new ConfigException(String.format("%s: missing; give --%s %s or set it in a --conf file", key.name(),
        key.name(), key.valueName()));
  }

  /** The options not at their default, by key, as given (command line or --conf file). */
  public Map<String, String> given() {
    Map<String, String> given = new LinkedHashMap<>();
    values.forEach((name, value) -> {
      if (!value.origin.equals("default")) {
        given.put(name, value.text);
      }
    });
    return given;
  }

  /** Whether {@code key} has its default value: neither the command line nor a --conf file gave one. */
  public boolean isDefault(Setting<?> key) {
    Value value = values.get(key.name());
    return value == null || value.origin.equals("default");
  }

  public <T> Optional<T> find(Setting<T> key) {
    Value value = values.get(key.name());
    return value == null ? Optional.empty() : Optional.of(key.parse(value.text, value.origin));
  }

  /**
   * Every key as a properties file a {@code --conf} can read: its meaning, where a value not from the
   * defaults came from, and the value (commented out when there is none). {@code cfeval config} prints
   * it; conf/cfeval.properties is the rendering of the defaults.
   */
  public String render() {
    StringBuilder out = new StringBuilder("# cfeval settings: every key with its value, as 'scripts/cfeval config'"
        + " prints them.\n# Copy, edit and pass with --conf FILE; options given on the command line win.\n");
    for (Setting<?> key : Keys.all()) {
      if (key == Keys.CONF || key == Keys.QUERY) {
        continue;
      }
      Value value = values.get(key.name());
      out.append("\n# ").append(key.description());
      if (value != null && !value.origin.equals("default")) {
        out.append(" [from ").append(value.origin).append(']');
      }
      out.append('\n').append(value == null ? "#" + key.name() + "=" : key.name() + "=" + value.text).append('\n');
    }
    return out.toString();
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigException("conf: no such file " + file.toAbsolutePath());
    } catch (IOException e) {
      throw new ConfigException("conf: cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (Keys.find(name).isEmpty() || name.equals(Keys.CONF.name())) {
        throw new ConfigException(String.format("%s: unknown key '%s'", file, name));
      }
      values.put(name, properties.getProperty(name));
    }
    return values;
  }
}

package org.cfeval.config;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scopt.DefaultOParserSetup;
import scopt.OEffect;
import scopt.OParser$;
import scopt.OParser;
import scopt.OParserBuilder;
import scopt.Read$;

/**
 * The one bridge from Java to scopt: turns a job's {@link Setting}s into {@code --name VALUE} options
 * (plus at most one positional argument) and parses a command line into {@link Settings}, every value
 * checked: an option given twice, a bad value on the command line or in a --conf file, or a missing
 * required option ends parsing with exit status 2 before any work.
 */
public final class CommandLine {
  /** What parsing decided: settings to run with, or an exit code after help or an error was printed. */
  public record Parsed(Settings settings, int exitCode) {
    public boolean shouldRun() {
      return settings != null;
    }
  }

  private final String program;
  private final String summary;
  private final List<Setting<?>> options;
  private final List<Setting<?>> required;
  private final Setting<?> positional;
  private final String notes;

  /** {@code required} options must have a non-blank value, from the command line or a --conf file. */
  public CommandLine(String program, String summary, List<Setting<?>> options, List<Setting<?>> required,
      Setting<?> positional, String notes) {
    this.program = program;
    this.summary = summary;
    this.options = options;
    this.required = required;
    this.positional = positional;
    this.notes = notes;
  }

  /** Parses {@code args}; help goes to {@code out}, errors to {@code err}. */
  public Parsed parse(String[] args, PrintStream out, PrintStream err) {
    Optional<String> repeated = repeatedOption(args);
    if (repeated.isPresent()) {
      err.println("Error: option --" + repeated.get() + " is given more than once; give each option once");
      return new Parsed(null, 2);
    }
    Tuple2<scala.Option<Map<String, String>>, scala.collection.immutable.List<OEffect>> result =
        OParser$.MODULE$.runParser(parser(), toSeq(Arrays.asList(args)), Map.of(), new DefaultOParserSetup() {});
    int exitCode = 0;
    boolean terminated = false;
    for (OEffect effect : CollectionConverters.asJava(result._2())) {
      if (effect instanceof OEffect.DisplayToOut e) {
        out.println(e.msg());
      } else if (effect instanceof OEffect.DisplayToErr e) {
        err.println(e.msg());
      } else if (effect instanceof OEffect.ReportError e) {
        err.println("Error: " + e.msg());
        exitCode = 2;
      } else if (effect instanceof OEffect.ReportWarning e) {
        err.println("Warning: " + e.msg());
      } else if (effect instanceof OEffect.Terminate e) {
        terminated = true;
        exitCode = e.exitState().isLeft() ? 2 : 0;
      }
    }
    if (terminated) {
      return new Parsed(null, exitCode);
    }
    if (result._1().isEmpty()) {
      return new Parsed(null, 2);
    }
    try {
      Settings settings = Settings.resolve(result._1().get());
      settings.validate();
      required.forEach(settings::require);
      return new Parsed(settings, 0);
    } catch (ConfigException e) {
      err.println("Error: " + e.getMessage());
      return new Parsed(null, 2);
    }
  }

  /** The usage text, as {@code --help} prints it. */
  public String usage() {
    return OParser$.MODULE$.usage(parser());
  }

  private OParser<?, Map<String, String>> parser() {
    OParserBuilder<Map<String, String>> builder = OParser$.MODULE$.builder();
    List<OParser<?, Map<String, String>>> parts = new ArrayList<>();
    parts.add(builder.programName(program));
    parts.add(builder.head(toSeq(List.of(summary))));
    if (positional != null) {
      // Optional to scopt: a missing value is reported by Settings, like any other missing setting.
      parts.add(builder.arg("<" + positional.name() + ">", Read$.MODULE$.stringRead())
          .optional()
          .action((value, map) -> put(map, positional.name(), value))
          .text(positional.description()));
    }
    for (Setting<?> key : options) {
      String text = (required.contains(key) ? "REQUIRED. " : "") + key.description() + (key.defaultText() == null || key.defaultText().isEmpty()
          ? "" : " (default: " + key.defaultText() + ")");
      parts.add(builder.opt(key.name(), Read$.MODULE$.stringRead())
          .valueName(key.valueName())
          .action((value, map) -> put(map, key.name(), value))
          .text(text));
    }
    parts.add(builder.help("help").text("print this usage and exit"));
    if (notes != null) {
      parts.add(builder.note("\n" + notes));
    }
    return OParser$.MODULE$.sequence(parts.get(0), toSeq(parts.subList(1, parts.size())));
  }

  /** The first option named twice; a value that looks like an option is not taken for one. */
  private static Optional<String> repeatedOption(String[] args) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && args[i].length() > 2) {
        String name = args[i].substring(2).split("[=:]", 2)[0];
        if (!seen.add(name)) {
          return Optional.of(name);
        }
        if (!args[i].contains("=") && !name.equals("help")) {
          i++;
        }
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> put(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(map);
    copy.put(key, value);
    return copy;
  }

  private static <T> Seq<T> toSeq(List<T> list) {
    return CollectionConverters.asScala(list).toSeq();
  }
}

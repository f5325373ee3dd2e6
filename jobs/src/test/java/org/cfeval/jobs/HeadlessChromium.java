package org.cfeval.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A headless Chromium driven over the DevTools protocol (a WebSocket, JSON messages): opens a page,
 * evaluates expressions in it, collects its console errors and uncaught exceptions, and takes a
 * full-page screenshot. Installs Debian's chromium package with apt-get when no browser is found and
 * the user may; otherwise fails, naming what it looked for: a missing browser is a failed test, not a
 * skipped one.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final List<String> consoleErrors = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  private HeadlessChromium(Process process, Path profile, WebSocket.Builder builder, URI page) throws Exception {
    this.process = process;
    this.profile = profile;
    this.socket = builder.buildAsync(page, new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    call("Runtime.enable", null);
    call("Log.enable", null);
    call("Page.enable", null);
  }

  /** Starts the browser (installing it if it must), on a fresh profile, with one blank page to drive. */
  static HeadlessChromium start() throws Exception {
    Path binary = find();
    Path profile = Files.createTempDirectory("cfeval-chromium");
    // The flags of a closed network: without the background-networking ones it keeps trying to reach Google.
    Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", "--remote-allow-origins=*", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "--window-size=1000,800", "about:blank")
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(binary + " did not start: " + Files.readString(profile.resolve("chromium.log")));
      }
      Thread.sleep(50);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
    for (JsonNode target : targets) {
      if ("page".equals(target.path("type").asText())) {
        return new HeadlessChromium(process, profile, http.newWebSocketBuilder(),
            URI.create(target.get("webSocketDebuggerUrl").asText()));
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("chromium has no page to drive: " + targets);
  }

  /** Opens {@code file} and waits for its load event. */
  void open(Path file) throws Exception {
    loaded = new CompletableFuture<>();
    call("Page.navigate", JSON.createObjectNode().put("url", file.toUri().toString()));
    loaded.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The value of a JavaScript expression in the page (JSON: numbers, strings, arrays, objects). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode reply = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true));
    if (reply.has("exceptionDetails")) {
      throw new IllegalStateException("evaluating " + expression + ": " + reply.get("exceptionDetails"));
    }
    return reply.path("result").path("value");
  }

  /** Errors the page logged: console.error calls, uncaught exceptions, failed loads and the browser's own. */
  List<String> consoleErrors() {
    return List.copyOf(consoleErrors);
  }

  /** A PNG of the whole page, {@code width} CSS pixels wide. */
  void screenshot(Path png, int width) throws Exception {
    JsonNode size = call("Page.getLayoutMetrics", null).path("cssContentSize");
    call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width)
        .put("height", (int) Math.ceil(size.path("height").asDouble())).put("deviceScaleFactor", 1).put("mobile", false));
    JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
        .put("captureBeyondViewport", true));
    Files.write(png, Base64.getDecoder().decode(shot.get("data").asText()));
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  /** Replies to calls, and the events a test asks about: load, console errors, exceptions, log entries. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        handle(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    private void handle(String message) {
      try {
        JsonNode node = JSON.readTree(message);
        if (node.has("id")) {
          CompletableFuture<JsonNode> reply = replies.remove(node.get("id").asInt());
          if (reply != null) {
            reply.complete(node);
          }
          return;
        }
        JsonNode params = node.path("params");
        switch (node.path("method").asText()) {
          case "Page.loadEventFired" -> loaded.complete(null);
          case "Runtime.consoleAPICalled" -> {
            if ("error".equals(params.path("type").asText())) {
              consoleErrors.add("console.error: " + params.path("args"));
            }
          }
          case "Runtime.exceptionThrown" -> consoleErrors.add("exception: " + params.path("exceptionDetails"));
          case "Log.entryAdded" -> {
            if ("error".equals(params.path("entry").path("level").asText())) {
              consoleErrors.add("log: " + params.path("entry").path("text").asText() + " "
                  + params.path("entry").path("url").asText());
            }
          }
          default -> { }
        }
      } catch (IOException e) {
        consoleErrors.add("unreadable DevTools message: " + message);
      }
    }
  }

  /** $CHROMIUM, else chromium or chromium-browser on the PATH, else Debian's package, installed now if we may. */
  private static Path find() throws IOException, InterruptedException {
    String given = System.getenv("CHROMIUM");
    if (given != null && !given.isEmpty()) {
      return Path.of(given);
    }
    Path found = onPath();
    if (found == null && Files.isExecutable(Path.of("/usr/bin/apt-get")) && "root".equals(System.getProperty("user.name"))) {
      // A fresh machine may not have read the package lists yet: then update them and try again.
      if (!apt("install", "-y", "-q", "chromium")) {
        apt("update", "-q");
        apt("install", "-y", "-q", "chromium");
      }
      found = onPath();
    }
    if (found == null) {
      throw new IllegalStateException("no headless Chromium: set CHROMIUM to its binary, or install Debian's chromium"
          + " package (apt-get install chromium); looked for chromium and chromium-browser on the PATH");
    }
    return found;
  }

  /** Runs apt-get with {@code arguments}, its output discarded; whether it ended well within ten minutes. */
  private static boolean apt(String... arguments) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("apt-get"));
    command.addAll(List.of(arguments));
    Process apt = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return apt.waitFor(10, TimeUnit.MINUTES) && apt.exitValue() == 0;
  }

  private static Path onPath() {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(folder, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}

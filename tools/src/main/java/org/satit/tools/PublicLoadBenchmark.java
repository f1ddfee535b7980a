package org.satit.tools;

import org.satit.api.SatitStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;

/**
 * The public-load benchmark: satit serves a freshly generated source (embedded PostgreSQL, Flink CDC,
 * DuckDB, the public release), and a second process on loopback ({@link LoadGenerator}) drives it for a
 * bounded time. Three loads, side by side: the baseline (a static file from the same server: what Jetty
 * alone does), one public chart's JSON (the cache's best case), and every public chart of every area (the
 * cache holding the whole public site). The server's rate limits are lifted for the run (they are per
 * client address, and the load comes from one).
 */
final class PublicLoadBenchmark {

  record Options(EmisGenerator.Scale scale, long seed, int seconds, int connections, Path dir) {
  }

  record Load(String name, long requests, long errors, int seconds, double p50Ms, double p99Ms, double maxMs) {
    double perSecond() {
      return requests / (double) seconds;
    }
  }

  record Report(Options options, int paths, List<Load> loads) {
  }

  private PublicLoadBenchmark() {
  }

  static Report run(Options o, PrintWriter out) throws Exception {
    org.satit.tools.bench.BenchSource.deleteRecursively(o.dir());
    Files.createDirectories(o.dir());
    try (EmbeddedSource source = EmbeddedSource.start(o.dir().resolve("source"), 0)) {
      out.println("public load: generating a " + o.scale().name().toLowerCase() + "-scale source …");
      out.flush();
      SourceLoader.generate(source.target(), new EmisGenerator(EmisGenerator.Options.of(o.scale(), o.seed())),
          EmisGenerator.Progress.NONE, true);
      try (SatitStack stack = DemoStack.start(o.dir(), source, 0,
          new org.satit.api.ops.RateLimits(10_000_000, 10_000_000, org.satit.api.ops.TrustedProxies.none()))) {
        out.println("public load: satit is snapshotting the source …");
        out.flush();
        stack.awaitSettled();
        stack.releaseNow();
        String base = "http://127.0.0.1:" + stack.port();
        List<String> all = publicPaths(base);
        Path hot = o.dir().resolve("hot.txt");
        Path everything = o.dir().resolve("all.txt");
        Path file = o.dir().resolve("static.txt");
        Files.writeString(file, "/assets/satit.css\n");
        Files.writeString(hot, all.get(0) + "\n");
        Files.write(everything, all);
        List<Load> loads = new ArrayList<>();
        loads.add(drive("baseline: a static file (/assets/satit.css)", base, file, o, out));
        loads.add(drive("one public chart's JSON (cached)", base, hot, o, out));
        loads.add(drive("every public chart x every area (" + all.size() + " URLs)", base, everything, o, out));
        return new Report(o, all.size(), loads);
      }
    } finally {
      org.satit.tools.bench.BenchSource.deleteRecursively(o.dir());
    }
  }

  /** Every public chart for every area (with its level), other parameters at their defaults. */
  static List<String> publicPaths(String base) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    JsonNode dashboard = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/dashboards/public")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    JsonNode areas = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/dimensions/area/values")).build(),
        HttpResponse.BodyHandlers.ofString()).body()).path("values");
    List<String> out = new ArrayList<>();
    for (JsonNode a : areas) {
      for (JsonNode c : dashboard.path("charts")) {
        Map<String, String> q = new LinkedHashMap<>();
        for (JsonNode p : c.path("params")) {
          if (p.asText().equals("area")) {
            q.put("area", a.path("value").asText());
          } else if (p.asText().equals("level")) {
            q.put("level", a.path("attributes").path("level").asText());
          }
        }
        StringBuilder path = new StringBuilder("/api/charts/" + c.path("id").asText() + "/data?");
        q.forEach((k, v) -> path.append(k).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)).append('&'));
        out.add(path.substring(0, path.length() - 1));
      }
    }
    return out;
  }

  private static Load drive(String name, String base, Path paths, Options o, PrintWriter out) throws Exception {
    out.printf("public load: %s, %d connections, %d s …%n", name, o.connections(), o.seconds());
    out.flush();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        LoadGenerator.class.getName(), base, paths.toString(), String.valueOf(o.seconds()), "3",
        String.valueOf(o.connections())).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0 || line.isEmpty()) {
      throw new IllegalStateException("the load generator failed (exit " + p.exitValue() + ")");
    }
    String[] f = line.split(" ");
    return new Load(name, Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
        Double.parseDouble(f[4]), Double.parseDouble(f[5]));
  }

  static void print(PrintWriter out, Report r) {
    out.println();
    out.printf("satit bench public: %s scale (seed %d); load from a second process on loopback, %d connections, %d s"
        + " each after 3 s warm-up; %d cores%n", r.options().scale().name().toLowerCase(), r.options().seed(),
        r.options().connections(), r.options().seconds(), Runtime.getRuntime().availableProcessors());
    out.printf("%-52s %10s %9s %9s %8s %12s%n", "load", "req/s", "p50", "p99", "errors", "vs baseline");
    Load baseline = r.loads().get(0);
    for (Load l : r.loads()) {
      out.printf("%-52s %,10.0f %6.2f ms %6.2f ms %8d %11.2fx%n", l.name(), l.perSecond(), l.p50Ms(), l.p99Ms(), l.errors(),
          l.perSecond() / baseline.perSecond());
    }
    out.flush();
  }
}

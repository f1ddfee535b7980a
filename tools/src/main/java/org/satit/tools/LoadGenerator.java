package org.satit.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The public-load benchmark's client, run as its own process (so it does not share a JVM, heap or GC with the
 * server it measures): {@code connections} threads ask the paths in a file (one per line, each request a
 * random one) in a closed loop, first {@code warmup} seconds unmeasured, then {@code seconds} measured.
 * Prints one line: {@code requests errors seconds p50_ms p99_ms max_ms}.
 *
 * <pre>java -cp satit.jar:satit-tools.jar org.satit.tools.LoadGenerator BASE_URL PATHS_FILE SECONDS WARMUP CONNECTIONS</pre>
 */
public final class LoadGenerator {

  private LoadGenerator() {
  }

  public static void main(String[] args) throws Exception {
    String base = args[0];
    List<String> paths = Files.readAllLines(Path.of(args[1])).stream().filter(l -> !l.isBlank()).toList();
    int seconds = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Recorder latencies = new Recorder(3);
    AtomicLong errors = new AtomicLong();
    AtomicLong requests = new AtomicLong();
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    Thread[] threads = new Thread[connections];
    for (int i = 0; i < connections; i++) {
      threads[i] = new Thread(() -> {
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= end) {
            return;
          }
          String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
          boolean ok;
          try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
            ok = r.statusCode() == 200;
          } catch (Exception e) {
            ok = false;
          }
          long t1 = System.nanoTime();
          if (t0 >= measureFrom) {
            latencies.recordValue(Math.max(1, (t1 - t0) / 1000)); // microseconds
            requests.incrementAndGet();
            if (!ok) {
              errors.incrementAndGet();
            }
          }
        }
      }, "load-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    var h = latencies.getIntervalHistogram();
    System.out.printf(java.util.Locale.ROOT, "%d %d %d %.3f %.3f %.3f%n", requests.get(), errors.get(), seconds,
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
  }
}

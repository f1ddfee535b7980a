package org.satit.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The public's view, exhaustively: every public chart asked, as the public, with every allowed value of
 * every parameter it takes (each area with its own level; each test with each of its grades and subjects;
 * every year). Every row must either show a group of at least {@code k} takers or be hidden with no number
 * at all. Returns what it checked and every violation (none expected).
 */
public final class PublicSweep {

  public record Result(int requests, int shown, int hidden, List<String> violations) {
  }

  private PublicSweep() {
  }

  public static Result run(Http anyone, int k, int threads) throws Exception {
    List<JsonNode> charts = new ArrayList<>();
    anyone.get("/api/dashboards/public").body().path("charts").forEach(charts::add);
    List<JsonNode> areas = values(anyone, "area", "");
    List<String> years = codes(values(anyone, "year", ""));
    Map<String, List<String>> grades = new LinkedHashMap<>();
    Map<String, List<String>> subjects = new LinkedHashMap<>();
    for (String t : codes(values(anyone, "test", ""))) {
      grades.put(t, codes(values(anyone, "grade", "test=" + t)));
      subjects.put(t, codes(values(anyone, "subject", "test=" + t)));
    }
    List<String> paths = new ArrayList<>();
    for (JsonNode chart : charts) {
      List<String> takes = new ArrayList<>();
      chart.path("params").forEach(p -> takes.add(p.asText()));
      for (JsonNode area : areas) {
        for (var test : grades.entrySet()) {
          for (String grade : test.getValue()) {
            for (String subject : takes.contains("subject") ? subjects.get(test.getKey()) : List.of("")) {
              for (String year : takes.contains("year") ? years : List.of("")) {
                StringBuilder q = new StringBuilder("/api/charts/" + chart.path("id").asText() + "/data?area="
                    + Http.q(area.path("value").asText()) + "&test=" + test.getKey() + "&grade=" + grade);
                if (takes.contains("level")) {
                  q.append("&level=").append(area.path("attributes").path("level").asText());
                }
                if (!subject.isEmpty()) {
                  q.append("&subject=").append(subject);
                }
                if (!year.isEmpty()) {
                  q.append("&year=").append(year);
                }
                paths.add(q.toString());
              }
            }
          }
        }
      }
    }
    AtomicInteger shown = new AtomicInteger();
    AtomicInteger hidden = new AtomicInteger();
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String path : paths) {
        done.add(pool.submit(() -> {
          check(anyone, path, k, shown, hidden, violations);
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    return new Result(paths.size(), shown.get(), hidden.get(), violations);
  }

  private static void check(Http anyone, String path, int k, AtomicInteger shown, AtomicInteger hidden,
                            List<String> violations) throws Exception {
    Http.Reply r = anyone.get(path);
    while (r.status() == 429) { // the server's rate limit: wait as it says
      Thread.sleep(1000L * Long.parseLong(r.header("Retry-After")));
      r = anyone.get(path);
    }
    if (r.status() != 200) {
      violations.add(path + " -> " + r.status() + " " + r.raw());
      return;
    }
    JsonNode cols = r.body().path("columns");
    int suppressed = -1;
    int takers = -1;
    for (int i = 0; i < cols.size(); i++) {
      String name = cols.get(i).path("name").asText();
      suppressed = name.equals("suppressed") ? i : suppressed;
      takers = name.equals("takers") ? i : takers;
    }
    if (suppressed < 0) {
      violations.add(path + ": a public chart without the suppressed flag");
      return;
    }
    for (JsonNode row : r.body().path("rows")) {
      if (row.get(suppressed).asBoolean()) {
        hidden.incrementAndGet();
        for (int i = 0; i < cols.size(); i++) {
          if (cols.get(i).path("measure").asBoolean() && i != suppressed && !row.get(i).isNull()) {
            violations.add(path + ": a hidden row shows " + cols.get(i).path("name").asText() + " = " + row.get(i));
          }
        }
      } else {
        shown.incrementAndGet();
        if (takers >= 0 && row.get(takers).asInt() < k) {
          violations.add(path + ": a shown row of " + row.get(takers) + " takers");
        }
      }
    }
  }

  private static List<JsonNode> values(Http anyone, String dimension, String parents) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    anyone.get("/api/dimensions/" + dimension + "/values" + (parents.isEmpty() ? "" : "?" + parents)).body()
        .path("values").forEach(out::add);
    return out;
  }

  private static List<String> codes(List<JsonNode> values) {
    return values.stream().map(v -> v.path("value").asText()).toList();
  }
}

package org.satit.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generated requests over every route of a running satit, as every kind of caller (the public, each role's
 * login, an API token, forged tokens): valid and hostile path parameters, chart parameters of the right and
 * wrong types, injection strings, huge values, unknown and repeated parameters, broken bodies. What must
 * hold for every answer: no 5xx; every API error is JSON with a message; no stack trace, password hash or
 * listed secret (e.g. citizen IDs of the source) in any body; the public gets no chart that is not public,
 * and in a public chart no hidden row carries a number and no shown row a group under {@code k}.
 */
final class RequestFuzzer {

  record Caller(String name, boolean isPublic, Map<String, String> headers) {
  }

  record Finding(String caller, String request, int status, String problem, String body) {
  }

  record Result(long requests, Map<Integer, Long> byStatus, List<Finding> findings) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> HOSTILE = List.of("' OR '1'='1", "1; DROP TABLE fact_test_score; --", "\" OR \"\"=\"",
      "<script>alert(1)</script>", "../../etc/passwd", "%00", "\u0000", "x".repeat(3000), "ก".repeat(900),
      "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "-1", "1e309", "NaN", "", " ", "null", "[]", "2563 UNION SELECT 1",
      "\uD83D\uDE00", "\\", "%", "*", "99999999999999999999", "true", "0x10", "2563.5");
  static final List<String> BODIES = List.of("", "{}", "[]", "null", "not json", "{\"user\":1}", "{\"chart\":[1]}",
      "{\"token\":\"a.b.c\"}", "{\"days\":\"ten\"}", "{\"role\":\"king\",\"password\":\"x\"}", "{" + "\"a\":{".repeat(300),
      "{\"chart\":\"public_trend\",\"params\":{\"area\":\"' OR 1=1\"}}", "{\"user\":\"" + "y".repeat(20_000) + "\"}");

  private final String base;
  private final List<Caller> callers;
  private final Set<String> citizenIds;
  private final List<String> secrets;
  private final int k;
  private static final java.util.regex.Pattern THIRTEEN = java.util.regex.Pattern.compile("(?<!\\d)\\d{13}(?!\\d)");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<String[]> operations = new ArrayList<>(); // method, path, parameter names joined by ','
  private final Map<String, List<String>> chartParams = new TreeMap<>();
  private final Map<String, Boolean> chartPublic = new TreeMap<>();
  private final Map<String, List<String>> values = new TreeMap<>();

  /** {@code citizenIds}: the source's, none of which may appear; {@code secrets}: texts that may never appear. */
  RequestFuzzer(String base, List<Caller> callers, Set<String> citizenIds, List<String> secrets, int k) {
    this.base = base;
    this.callers = callers;
    this.citizenIds = citizenIds;
    this.secrets = secrets;
    this.k = k;
  }

  /** Learns the routes (the API document), the charts and the parameters' values, as the most privileged caller. */
  void learn(Caller admin) throws Exception {
    JsonNode doc = JSON.readTree(send(admin, "GET", "/api/openapi.json", null).body());
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equals("/api/live")) {
        continue; // a stream that does not end
      }
      for (Iterator<Map.Entry<String, JsonNode>> ops = e.getValue().fields(); ops.hasNext(); ) {
        var op = ops.next();
        List<String> names = new ArrayList<>();
        op.getValue().path("parameters").forEach(p -> names.add(p.path("name").asText()));
        operations.add(new String[] {op.getKey().toUpperCase(), e.getKey(), String.join(",", names)});
      }
    }
    for (JsonNode d : JSON.readTree(send(admin, "GET", "/api/dashboards", null).body()).path("dashboards")) {
      for (JsonNode c : JSON.readTree(send(admin, "GET", "/api/dashboards/" + d.path("id").asText(), null).body())
          .path("charts")) {
        List<String> ps = new ArrayList<>();
        c.path("params").forEach(p -> ps.add(p.asText()));
        chartParams.put(c.path("id").asText(), ps);
        chartPublic.put(c.path("id").asText(), c.path("public").asBoolean());
      }
    }
    for (List<String> ps : chartParams.values()) {
      for (String p : ps) {
        if (!values.containsKey(p)) {
          List<String> vs = new ArrayList<>();
          for (JsonNode v : JSON.readTree(send(admin, "GET", "/api/dimensions/" + p + "/values", null).body()).path("values")) {
            if (vs.size() < 60) {
              vs.add(v.path("value").asText());
            }
          }
          values.put(p, vs);
        }
      }
    }
  }

  Result run(int requests, long seed) throws Exception {
    Random random = new Random(seed);
    Map<Integer, Long> byStatus = new TreeMap<>();
    List<Finding> findings = new ArrayList<>();
    List<String> charts = new ArrayList<>(chartParams.keySet());
    for (int i = 0; i < requests; i++) {
      String[] op = operations.get(random.nextInt(operations.size()));
      Caller caller = callers.get(random.nextInt(callers.size()));
      String method = op[0];
      String path = op[1];
      String chart = null;
      if (path.contains("{id}") || path.contains("{chart}")) {
        boolean charty = path.startsWith("/api/charts/") || path.contains("embed");
        String v = random.nextInt(10) < 8 ? (charty ? charts.get(random.nextInt(charts.size())) : "public")
            : hostile(random);
        chart = charty && chartParams.containsKey(v) ? v : null;
        path = path.replace("{id}", enc(v)).replace("{chart}", enc(v));
      }
      if (path.contains("{name}")) {
        String v = path.startsWith("/api/admin/") ? "fuzz-" + random.nextInt(5) // never a real user
            : random.nextBoolean() ? List.copyOf(values.keySet()).get(random.nextInt(values.size())) : hostile(random);
        path = path.replace("{name}", enc(v));
      }
      path = path.replace("{lang}", random.nextBoolean() ? "th" : enc(hostile(random)));
      StringBuilder q = new StringBuilder();
      if (chart != null) {
        for (String p : chartParams.get(chart)) {
          if (random.nextInt(3) > 0) {
            List<String> vs = values.getOrDefault(p, List.of());
            String v = random.nextInt(4) > 0 && !vs.isEmpty() ? vs.get(random.nextInt(vs.size())) : hostile(random);
            q.append(q.length() == 0 ? "" : "&").append(p).append('=').append(enc(v));
          }
        }
      }
      if (random.nextInt(8) == 0 || (chart == null && !op[2].isEmpty() && random.nextBoolean())) {
        String[] names = op[2].isEmpty() ? new String[] {"colour"} : op[2].split(",");
        String name = random.nextInt(4) == 0 ? enc(hostile(random)) : names[random.nextInt(names.length)];
        q.append(q.length() == 0 ? "" : "&").append(name).append('=').append(enc(hostile(random)));
      }
      if (random.nextInt(20) == 0 && q.length() > 0) {
        q.append('&').append(q); // every parameter twice
      }
      String target = path + (q.length() == 0 ? "" : "?" + q);
      String body = method.equals("GET") || method.equals("DELETE") ? null : BODIES.get(random.nextInt(BODIES.size()));
      HttpResponse<String> r;
      try {
        r = send(caller, method, target, body);
      } catch (java.io.IOException e) {
        try {
          r = send(caller, method, target, body); // a connection the server closed after an early answer
        } catch (java.io.IOException again) {
          findings.add(new Finding(caller.name(), method + " " + cut(target), 0, "no answer: " + again, ""));
          continue;
        }
      }
      byStatus.merge(r.statusCode(), 1L, Long::sum);
      String problem = check(caller, method, target, chart, r);
      if (problem != null) {
        findings.add(new Finding(caller.name(), method + " " + cut(target), r.statusCode(), problem, cut(r.body())));
      }
    }
    return new Result(requests, byStatus, findings);
  }

  private String check(Caller caller, String method, String target, String chart, HttpResponse<String> r) {
    int s = r.statusCode();
    String body = r.body() == null ? "" : r.body();
    if (s >= 500) {
      return "a server error";
    }
    boolean api = target.startsWith("/api/") || target.startsWith("/embed/");
    if (s >= 400 && api && !target.startsWith("/api/jdbc")) {
      try {
        JsonNode e = JSON.readTree(body);
        if (!e.path("error").isTextual() || e.path("status").asInt() != s) {
          return "an error without a JSON message";
        }
      } catch (Exception notJson) {
        return "an error that is not JSON";
      }
    }
    if (body.contains("\tat org.") || body.contains("Exception:") || body.contains("$argon2")) {
      return "a stack trace or password hash in the body";
    }
    for (String secret : secrets) {
      if (body.contains(secret)) {
        return "a secret in the body";
      }
    }
    var m = THIRTEEN.matcher(body);
    while (m.find()) {
      if (citizenIds.contains(m.group())) {
        return "a citizen ID in the body";
      }
    }
    if (s == 200 && chart != null && target.contains("/data") && !target.contains(".csv") && caller.isPublic()) {
      if (!chartPublic.getOrDefault(chart, false)) {
        return "the public got chart " + chart + ", which is not public";
      }
      return disclosure(body);
    }
    return null;
  }

  /** In a public chart's rows: a hidden row shows no number; a shown row is a group of at least k. */
  private String disclosure(String body) {
    try {
      JsonNode d = JSON.readTree(body);
      JsonNode cols = d.path("columns");
      int suppressed = -1;
      int takers = -1;
      for (int i = 0; i < cols.size(); i++) {
        suppressed = cols.get(i).path("name").asText().equals("suppressed") ? i : suppressed;
        takers = cols.get(i).path("name").asText().equals("takers") ? i : takers;
      }
      if (suppressed < 0) {
        // only counts of activities may go without it (public network activity): nothing of results, nothing released
        for (JsonNode col : cols) {
          String name = col.path("name").asText();
          if (name.equals("takers") || name.contains("score") || name.startsWith("share")) {
            return "a public chart of results without the suppressed flag";
          }
        }
        return d.path("release").isMissingNode() || d.path("release").isNull() ? null
            : "a public chart of the release without the suppressed flag";
      }
      for (JsonNode row : d.path("rows")) {
        if (row.get(suppressed).asBoolean()) {
          for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).path("measure").asBoolean() && i != suppressed && !row.get(i).isNull()) {
              return "a hidden row shows " + cols.get(i).path("name").asText();
            }
          }
        } else if (takers >= 0 && row.get(takers).asInt() < k) {
          return "a shown row of " + row.get(takers).asInt() + " takers";
        }
      }
      return null;
    } catch (Exception e) {
      return "a public chart answer that is not JSON";
    }
  }

  private HttpResponse<String> send(Caller caller, String method, String target, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(60));
    caller.headers().forEach(b::header);
    if (body != null) {
      b.header("Content-Type", target.startsWith("/api/jdbc") ? "application/octet-stream" : "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String hostile(Random random) {
    return HOSTILE.get(random.nextInt(HOSTILE.size()));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String cut(String s) {
    return s == null ? "" : s.length() <= 160 ? s : s.substring(0, 160) + "…";
  }

  /** The usual callers of a server whose users file has these logins (name → password), plus forged tokens. */
  static List<Caller> callers(String base, Map<String, String> logins, String apiToken) throws Exception {
    List<Caller> out = new ArrayList<>();
    out.add(new Caller("public", true, Map.of()));
    HttpClient http = HttpClient.newHttpClient();
    for (var e : logins.entrySet()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("user", e.getKey(), "password",
              e.getValue())))).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("login of " + e.getKey() + " failed: " + r.body());
      }
      String session = null;
      String csrf = null;
      for (String c : r.headers().allValues("Set-Cookie")) {
        String pair = c.split(";")[0];
        session = pair.startsWith("satit_session=") ? pair : session;
        csrf = pair.startsWith("satit_csrf=") ? pair.substring("satit_csrf=".length()) : csrf;
      }
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Cookie", session + "; satit_csrf=" + csrf);
      h.put("X-Satit-CSRF", csrf);
      out.add(new Caller(e.getKey(), false, h));
    }
    if (apiToken != null) {
      out.add(new Caller("api token", false, Map.of("Authorization", "Bearer " + apiToken)));
    }
    out.add(new Caller("forged API token", true, Map.of("Authorization", "Bearer satit_forged0000000000000000000000")));
    out.add(new Caller("forged embed token", true, Map.of("Authorization",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJjaGFydCI6ImVzYV9zY2hvb2xzIiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl")));
    out.add(new Caller("session of nobody", true, Map.of("Cookie", "satit_session=forged; satit_csrf=x", "X-Satit-CSRF", "x")));
    return out;
  }
}

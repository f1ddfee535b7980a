package org.satit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small HTTP client for the API tests: a caller (cookie and CSRF token, or headers) sends requests. */
public final class Http {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** An answer: status, the body parsed when it is JSON (else null), the raw body, the response. */
  public record Reply(int status, JsonNode body, String raw, HttpResponse<String> response) {
    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  private final String base;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public Http(String base) {
    this.base = base;
  }

  /** A caller that is logged in as {@code user} (session cookie and CSRF token). */
  public static Http loggedIn(String base, String user, String password) throws Exception {
    Http h = new Http(base);
    Reply r = h.send("POST", "/api/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}");
    if (r.status() != 200) {
      throw new AssertionError("login of " + user + ": " + r.raw());
    }
    String session = null;
    String csrf = null;
    for (String c : r.response().headers().allValues("Set-Cookie")) {
      String pair = c.split(";")[0];
      if (pair.startsWith("satit_session=")) {
        session = pair;
      } else if (pair.startsWith("satit_csrf=")) {
        csrf = pair.substring("satit_csrf=".length());
      }
    }
    h.headers.put("Cookie", session + "; satit_csrf=" + csrf);
    h.headers.put("X-Satit-CSRF", csrf);
    return h;
  }

  /** The same caller with one more header on every request. */
  public Http with(String name, String value) {
    Http h = new Http(base);
    h.headers.putAll(headers);
    h.headers.put(name, value);
    return h;
  }

  public Reply get(String path) throws Exception {
    return send("GET", path, null);
  }

  public Reply send(String method, String path, String json) throws Exception {
    return send(CLIENT, method, path, json);
  }

  /**
   * The same on a new connection: after the server closed a connection (as it does after answering a bad
   * request early), the JDK client may reuse it for a POST/PUT/DELETE and report "received no bytes".
   */
  public Reply sendOnNewConnection(String method, String path, String json) throws Exception {
    return send(HttpClient.newHttpClient(), method, path, json);
  }

  private Reply send(HttpClient client, String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    headers.forEach(b::header);
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = null;
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("application/json")) {
      body = JSON.readTree(r.body());
    }
    return new Reply(r.statusCode(), body, r.body(), r);
  }

  public static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}

package org.satit.api.ops;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satit.api.dashboards.ChartDefinition;
import org.satit.api.dashboards.Definitions;

/**
 * The API's OpenAPI 3 document ({@code GET /api/openapi.json}), made from the routes as the server
 * declares them and from the chart definitions (every chart id and the parameters it takes), and a
 * Swagger UI page over it ({@code GET /api/docs}, Swagger UI from its WebJar).
 */
public final class ApiDocs {

  /** One documented operation; {@code parameters}: name → description (query unless in the path). */
  public record Operation(String method, String path, String summary, String tag, Map<String, String> parameters,
                          String produces) {
  }

  private final List<Operation> operations = new ArrayList<>();
  private final Definitions definitions;
  private final String swaggerUiVersion;

  public ApiDocs(Definitions definitions, String swaggerUiVersion) {
    this.definitions = definitions;
    this.swaggerUiVersion = swaggerUiVersion;
  }

  public void add(Operation o) {
    operations.add(o);
  }

  public Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put("info", Map.of("title", "satit API", "version", "1",
        "description", "Thai basic-education results and academic-network activity, live from the EMIS/OBEC sources. "
            + "Errors are JSON: {\"error\": message, \"status\": code}."));
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Operation o : operations) {
      Map<String, Object> op = new LinkedHashMap<>();
      op.put("summary", o.summary());
      op.put("tags", List.of(o.tag()));
      List<Map<String, Object>> params = new ArrayList<>();
      o.parameters().forEach((name, description) -> params.add(parameter(name, o.path().contains("{" + name + "}")
          ? "path" : "query", description, name.equals("id") && o.path().startsWith("/api/charts/")
          ? new ArrayList<>(definitions.charts().keySet()) : null)));
      if (o.path().startsWith("/api/charts/")) {
        chartParameters(params);
      }
      op.put("parameters", params);
      Map<String, Object> responses = new LinkedHashMap<>();
      responses.put("200", Map.of("description", "OK", "content", Map.of(o.produces(), Map.of())));
      responses.put("4XX", Map.of("description", "bad request, unknown value, login needed or not allowed",
          "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error")))));
      op.put("responses", responses);
      @SuppressWarnings("unchecked")
      Map<String, Object> path = (Map<String, Object>) paths.computeIfAbsent(o.path(), k -> new LinkedHashMap<>());
      path.put(o.method().toLowerCase(java.util.Locale.ROOT), op);
    }
    doc.put("paths", paths);
    doc.put("components", Map.of("schemas", Map.of("Error", Map.of("type", "object", "properties",
        Map.of("error", Map.of("type", "string"), "status", Map.of("type", "integer")))),
        "securitySchemes", Map.of(
            "session", Map.of("type", "apiKey", "in", "cookie", "name", "satit_session",
                "description", "set by POST /api/login; state changes also need the X-Satit-CSRF header"),
            "apiToken", Map.of("type", "http", "scheme", "bearer",
                "description", "an API token (satit_…) made on the admin page; acts as its user"),
            "embedToken", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT",
                "description", "an embed token (POST /api/embed/tokens), for /api/embed/… only"))));
    // without credentials a request is the public's: public charts only
    doc.put("security", List.of(Map.of(), Map.of("session", List.of()), Map.of("apiToken", List.of())));
    return doc;
  }

  /** Each parameter any chart takes, with the charts that take it. */
  private void chartParameters(List<Map<String, Object>> params) {
    Map<String, List<String>> takenBy = new LinkedHashMap<>();
    for (ChartDefinition c : definitions.charts().values()) {
      for (String p : c.params()) {
        takenBy.computeIfAbsent(p, k -> new ArrayList<>()).add(c.id());
      }
    }
    takenBy.forEach((p, charts) -> params.add(parameter(p, "query", "optional (a default is chosen); taken by "
        + String.join(", ", charts) + "; GET /api/dimensions/" + p + "/values lists the allowed values", null)));
  }

  private static Map<String, Object> parameter(String name, String in, String description, List<String> enumeration) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", name);
    p.put("in", in);
    p.put("required", in.equals("path"));
    p.put("description", description);
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "string");
    if (enumeration != null) {
      schema.put("enum", enumeration);
    }
    p.put("schema", schema);
    return p;
  }

  public void json(Context ctx) {
    ctx.json(document());
  }

  public void page(Context ctx) {
    String base = "/webjars/swagger-ui/" + swaggerUiVersion + "/";
    ctx.html("""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>satit API</title>
        <link rel="stylesheet" href="%1$sswagger-ui.css"></head><body><div id="ui"></div>
        <script src="%1$sswagger-ui-bundle.js"></script>
        <script src="/assets/api-docs.js"></script></body></html>
        """.formatted(base));
  }
}

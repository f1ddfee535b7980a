package org.satit.api.dashboards;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.satit.api.ApiError;
import org.satit.warehouse.semantic.Dimension;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.semantic.SemanticModel;

/**
 * The dashboards' JSON API: which dashboards a principal may open, a dashboard's parameters and charts,
 * the values a parameter may take (for the pickers), a chart's data, and the Thai/English labels.
 */
public final class DashboardApi {

  private final Definitions definitions;
  private final DimensionValues dimensions;
  private final ChartService charts;
  private final SemanticModel model;
  private final Function<Context, Principal> principals;
  private final Map<String, Map<String, String>> labels = new LinkedHashMap<>();

  public DashboardApi(Definitions definitions, DimensionValues dimensions, ChartService charts, SemanticModel model,
                      Function<Context, Principal> principals, int minimumGroup) {
    this.definitions = definitions;
    this.dimensions = dimensions;
    this.charts = charts;
    this.model = model;
    this.principals = principals;
    for (String lang : List.of("en", "th")) {
      Map<String, String> l = readLabels(lang);
      // what the disclosure engine hides, in the words of the legend ("fewer than 10 students")
      l.replaceAll((k, v) -> v.replace("{k}", String.valueOf(minimumGroup)));
      labels.put(lang, l);
    }
  }

  /** {@code GET /api/dashboards}. */
  public void list(Context ctx) {
    Principal p = principals.apply(ctx);
    List<Map<String, Object>> out = new ArrayList<>();
    for (DashboardDefinition d : definitions.dashboards().values()) {
      if (d.visibleTo(p.role())) {
        out.add(Map.of("id", d.id(), "title", d.title(), "description", d.description()));
      }
    }
    ctx.json(Map.of("dashboards", out, "role", p.role().id()));
  }

  /** {@code GET /api/dashboards/{id}}: parameters (with labels and defaults) and charts. */
  public void get(Context ctx) {
    Principal p = principals.apply(ctx);
    String id = ctx.pathParam("id");
    DashboardDefinition d = definitions.dashboards().get(id);
    if (d == null) {
      throw ApiError.notFound("unknown dashboard '" + DimensionValues.abbreviate(id) + "'");
    }
    if (!d.visibleTo(p.role())) {
      throw ApiError.notFor(p, "open dashboard " + id);
    }
    List<Map<String, Object>> params = new ArrayList<>();
    for (String name : d.params()) {
      params.add(Map.of("name", name, "label", model.dimensions().get(name).label()));
    }
    List<Map<String, Object>> chartList = new ArrayList<>();
    for (String c : d.charts()) {
      ChartDefinition def = definitions.charts().get(c);
      chartList.add(Map.of("id", def.id(), "title", def.title(), "template", def.template(), "params", def.params(),
          "dataset", def.query().dataset(), "public", def.visibleTo(org.satit.warehouse.query.Role.PUBLIC)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", d.id());
    out.put("title", d.title());
    out.put("description", d.description());
    out.put("params", params);
    out.put("defaults", charts.defaults(p, d.params()));
    out.put("charts", chartList);
    ctx.json(out);
  }

  /** {@code GET /api/dimensions/{name}/values?parent=value…}: what a picker offers. */
  public void values(Context ctx) {
    Principal p = principals.apply(ctx);
    String name = ctx.pathParam("name");
    if (!dimensions.knows(name)) {
      throw ApiError.notFound("unknown dimension '" + DimensionValues.abbreviate(name) + "'");
    }
    Map<String, String> parents = new TreeMap<>();
    for (var e : ctx.queryParamMap().entrySet()) {
      if (!dimensions.knows(e.getKey()) || e.getValue().size() != 1) {
        throw ApiError.badRequest("unknown or repeated parameter '" + DimensionValues.abbreviate(e.getKey()) + "'");
      }
      String value = dimensions.checkForm(e.getKey(), e.getValue().get(0));
      dimensions.require(p, e.getKey(), value, Map.of()); // an unknown parent is a 404, not an empty list
      parents.put(e.getKey(), value);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Dimension.Member v : dimensions.children(p, name, parents)) {
      out.add(Map.of("value", v.value(), "label", v.label(), "attributes", v.attributes()));
    }
    ctx.json(Map.of("dimension", name, "values", out));
  }

  /** {@code GET /api/charts/{id}/data?param=value…}. */
  public void data(Context ctx) {
    Principal p = principals.apply(ctx);
    ctx.json(charts.data(p, ctx.pathParam("id"), ctx.queryParamMap()));
  }

  /** {@code GET /api/charts/{id}/data.csv?param=value…[&lang=th|en]}: what the chart shows, as CSV. */
  public void csv(Context ctx) {
    Principal p = principals.apply(ctx);
    Map<String, List<String>> query = new TreeMap<>(ctx.queryParamMap());
    String lang = ChartCsv.language(query);
    ChartCsv.send(ctx, charts.data(p, ctx.pathParam("id"), query), lang);
  }

  /**
   * {@code GET /api/search?q=…}: areas and schools whose Thai or English name or code contains the text
   * (at most 20, schools last), for the public pages' search box.
   */
  public void search(Context ctx) {
    Principal p = principals.apply(ctx);
    String q = ctx.queryParam("q");
    if (q == null || q.isBlank() || q.length() > 60) {
      throw ApiError.badRequest("q must be 1 to 60 characters");
    }
    if (ctx.queryParamMap().size() != 1 || ctx.queryParams("q").size() != 1) {
      throw ApiError.badRequest("search takes one parameter, q");
    }
    String needle = q.strip().toLowerCase(java.util.Locale.ROOT);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Dimension.Member v : dimensions.values(p, "area")) {
      if (v.value().toLowerCase(java.util.Locale.ROOT).contains(needle)
          || v.label().th().toLowerCase(java.util.Locale.ROOT).contains(needle)
          || v.label().en().toLowerCase(java.util.Locale.ROOT).contains(needle)) {
        out.add(Map.of("level", v.attributes().get("level"), "area", v.value(), "label", v.label()));
        if (out.size() == 20) {
          break;
        }
      }
    }
    ctx.json(Map.of("query", q, "results", out));
  }

  /** {@code GET /api/labels/{lang}}: the interface's words in Thai or English. */
  public void labels(Context ctx) {
    Map<String, String> l = labels.get(ctx.pathParam("lang"));
    if (l == null) {
      throw ApiError.notFound("no labels for language '" + DimensionValues.abbreviate(ctx.pathParam("lang")) + "' (th, en)");
    }
    ctx.header("Cache-Control", "public, max-age=300");
    ctx.json(l);
  }

  private static Map<String, String> readLabels(String lang) {
    Properties p = new Properties();
    try (Reader r = new InputStreamReader(DashboardApi.class.getResourceAsStream("/satit/i18n/labels_" + lang + ".properties"),
        StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("labels_" + lang + ".properties missing", e);
    }
    Map<String, String> out = new TreeMap<>();
    p.forEach((k, v) -> out.put((String) k, (String) v));
    return out;
  }
}

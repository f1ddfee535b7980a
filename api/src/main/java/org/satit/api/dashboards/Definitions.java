package org.satit.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.satit.warehouse.query.Role;
import org.satit.warehouse.semantic.Dataset;
import org.satit.warehouse.semantic.Label;
import org.satit.warehouse.semantic.SemanticModel;
import org.satit.warehouse.semantic.SemanticQuery;

/**
 * The dashboards and charts shipped with satit, read from their definition files
 * ({@code satit/dashboards.yaml} lists the dashboards in menu order; each names its charts) and checked
 * against the semantic model and the dimension values when satit starts: a definition that names an
 * unknown dataset, measure, dimension, parameter or template stops the start with a message naming the
 * file.
 */
public final class Definitions {

  private static final String ROOT = "satit/";
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final Map<String, DashboardDefinition> dashboards;
  private final Map<String, ChartDefinition> charts;

  private Definitions(Map<String, DashboardDefinition> dashboards, Map<String, ChartDefinition> charts) {
    this.dashboards = Collections.unmodifiableMap(dashboards);
    this.charts = Collections.unmodifiableMap(charts);
  }

  public static Definitions load(SemanticModel model, DimensionValues dimensions) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Map<String, DashboardDefinition> dashboards = new LinkedHashMap<>();
    Map<String, ChartDefinition> charts = new LinkedHashMap<>();
    for (JsonNode id : read(yaml, ROOT + "dashboards.yaml").path("dashboards")) {
      String name = id.asText();
      String file = ROOT + "dashboards/" + name + ".yaml";
      require(ID.matcher(name).matches(), "dashboards.yaml: bad dashboard id " + name);
      DashboardDefinition d = dashboard(name, read(yaml, file), file);
      for (String chart : d.charts()) {
        require(ID.matcher(chart).matches(), file + ": bad chart id " + chart);
        if (!charts.containsKey(chart)) {
          String chartFile = ROOT + "charts/" + chart + ".yaml";
          charts.put(chart, chart(chart, read(yaml, chartFile), chartFile, model, dimensions));
        }
        ChartDefinition c = charts.get(chart);
        for (String p : c.params()) {
          require(d.params().contains(p), file + ": chart " + chart + " needs parameter " + p + ", which the dashboard lacks");
        }
        for (Role r : d.roles()) {
          require(c.roles().contains(r), file + ": role " + r.id() + " sees the dashboard but not its chart " + chart);
        }
      }
      d.params().forEach(p -> require(dimensions.knows(p), file + ": unknown parameter " + p));
      dashboards.put(name, d);
    }
    return new Definitions(dashboards, charts);
  }

  public Map<String, DashboardDefinition> dashboards() {
    return dashboards;
  }

  public Map<String, ChartDefinition> charts() {
    return charts;
  }

  private static DashboardDefinition dashboard(String id, JsonNode n, String file) {
    List<String> charts = strings(n.path("charts"));
    require(!charts.isEmpty(), file + ": no charts");
    return new DashboardDefinition(id, label(n.path("title"), file + " title"), label(n.path("description"), file + " description"),
        roles(n.path("roles"), file), strings(n.path("params")), charts);
  }

  private static ChartDefinition chart(String id, JsonNode n, String file, SemanticModel model, DimensionValues dimensions) {
    String template = n.path("template").asText("");
    require(ChartDefinition.TEMPLATES.contains(template), file + ": unknown template '" + template + "' (known: "
        + String.join(", ", ChartDefinition.TEMPLATES) + ")");
    Set<Role> roles = roles(n.path("roles"), file);
    List<String> params = strings(n.path("params"));
    params.forEach(p -> require(dimensions.knows(p), file + ": unknown parameter " + p));
    JsonNode q = n.path("query");
    String datasetName = q.path("dataset").asText("");
    require(model.datasets().containsKey(datasetName), file + ": unknown dataset '" + datasetName + "'");
    Dataset dataset = model.dataset(datasetName);
    for (Role r : roles) {
      require(dataset.roles().contains(r), file + ": role " + r.id() + " may not read dataset " + datasetName);
    }
    List<String> measures = strings(q.path("measures"));
    measures.forEach(m -> require(dataset.measures().containsKey(m), file + ": dataset " + datasetName + " has no measure " + m));
    List<String> groupBy = strings(q.path("groupBy"));
    groupBy.forEach(g -> require(dataset.dimensions().contains(g), file + ": dataset " + datasetName + " has no dimension " + g));
    Map<String, String> filters = filters(q.path("filters"), file, dataset, params);
    List<SemanticQuery.Order> order = new ArrayList<>();
    for (JsonNode o : q.path("orderBy")) {
      String field = o.path("field").asText();
      require(measures.contains(field) || groupBy.contains(field), file + ": orderBy " + field + " is not in the query");
      order.add(new SemanticQuery.Order(field, o.path("descending").asBoolean(false)));
    }
    Integer limit = q.hasNonNull("limit") ? q.get("limit").asInt() : null;
    ChartDefinition.Compare compare = null;
    if (n.has("compare")) {
      JsonNode c = n.get("compare");
      compare = new ChartDefinition.Compare(label(c.path("label"), file + " compare.label"),
          filters(c.path("filters"), file, dataset, params));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> encode = new ObjectMapper().convertValue(n.path("encode"), LinkedHashMap.class);
    require(encode != null && !encode.isEmpty(), file + ": encode missing");
    checkEncode(encode, file, measures, groupBy, compare != null);
    return new ChartDefinition(id, label(n.path("title"), file + " title"), template, roles, params,
        new ChartDefinition.QueryTemplate(datasetName, measures, groupBy, filters, order, limit), compare,
        Collections.unmodifiableMap(encode));
  }

  private static Map<String, String> filters(JsonNode n, String file, Dataset dataset, List<String> params) {
    Map<String, String> filters = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> {
      require(dataset.dimensions().contains(e.getKey()), file + ": filter on unknown dimension " + e.getKey());
      String v = e.getValue().asText();
      var m = ChartDefinition.PARAM_REF.matcher(v);
      if (v.startsWith("$")) {
        require(m.matches() && params.contains(m.group(1)), file + ": filter " + e.getKey() + " names " + v
            + ", not one of the chart's params " + params);
      }
      filters.put(e.getKey(), v);
    });
    return filters;
  }

  /** Every field the encoding names must be a column of the query (or "compare"). */
  private static void checkEncode(Map<String, Object> encode, String file, List<String> measures, List<String> groupBy,
                                  boolean hasCompare) {
    for (var e : encode.entrySet()) {
      List<?> fields = e.getValue() instanceof List<?> l ? l : List.of(e.getValue());
      for (Object f : fields) {
        String field = String.valueOf(f);
        require(measures.contains(field) || groupBy.contains(field) || (hasCompare && field.equals("compare")),
            file + ": encode." + e.getKey() + " names " + field + ", not a column of the query");
      }
    }
  }

  private static Set<Role> roles(JsonNode n, String file) {
    Set<Role> roles = new LinkedHashSet<>();
    for (JsonNode r : n) {
      try {
        roles.add(Role.of(r.asText()));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(file + ": " + e.getMessage());
      }
    }
    require(!roles.isEmpty(), file + ": no roles");
    return Set.copyOf(roles);
  }

  private static Label label(JsonNode n, String where) {
    require(n.hasNonNull("en") && n.hasNonNull("th"), where + " needs en and th");
    return new Label(n.get("en").asText(), n.get("th").asText());
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return List.copyOf(out);
  }

  static JsonNode read(ObjectMapper yaml, String resource) {
    try (InputStream in = Definitions.class.getClassLoader().getResourceAsStream(resource)) {
      require(in != null, "definition file missing: " + resource);
      return yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException("dashboard definitions: " + message);
    }
  }
}

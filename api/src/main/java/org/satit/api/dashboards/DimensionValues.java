package org.satit.api.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.satit.api.ApiError;
import org.satit.warehouse.NamedParameters;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.semantic.Label;

/**
 * The values each dimension may take in a request, with their Thai and English labels
 * ({@code satit/dimensions.yaml}): read through the asking role's views, cached per role scope until a
 * table they are made from changes. Checks a request's value in two steps: its form (a code or an
 * integer, bounded length: a 400), then that it exists and belongs to the parents the request also
 * names (an unknown school is a 404).
 */
public final class DimensionValues {

  /** A value with its label and its parents / attributes (an ESA's province, a school's cluster, size band …). */
  public record Value(String value, Label label, Map<String, String> attributes) {
  }

  enum Type { CODE, INTEGER }

  private record Spec(String name, Type type, String sql, List<Value> list, String defaultSql, String defaultValue,
                      Set<String> reads) {
  }

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

  private final Map<String, Spec> specs;
  private final QueryLayer queries;
  private final TableVersions versions;
  private final Cache<String, List<Value>> cache = Caffeine.newBuilder().maximumSize(2_000).build();
  /** Defaults by scope, dimension, the parameters they depend on and the version of what they read. */
  private final Cache<String, java.util.Optional<String>> defaults = Caffeine.newBuilder().maximumSize(20_000).build();

  public DimensionValues(QueryLayer queries, TableVersions versions) {
    this.queries = queries;
    this.versions = versions;
    this.specs = load();
  }

  public boolean knows(String dimension) {
    return specs.containsKey(dimension);
  }

  /** Every value of the dimension the principal may see. */
  public List<Value> values(Principal principal, String dimension) {
    Spec s = spec(dimension);
    if (s.list() != null) {
      return s.list();
    }
    String key = principal.scope() + "|" + dimension + "|" + versions.versionOf(s.reads());
    return cache.get(key, k -> {
      try {
        QueryLayer.QueryResult r = queries.query(principal, s.sql(), List.of());
        List<Value> out = new ArrayList<>(r.rows().size());
        for (List<Object> row : r.rows()) {
          Map<String, String> attributes = new LinkedHashMap<>();
          for (int i = 3; i < row.size(); i++) {
            attributes.put(r.columns().get(i).toLowerCase(java.util.Locale.ROOT), text(row.get(i)));
          }
          out.add(new Value(text(row.get(0)), new Label(text(row.get(2)), text(row.get(1))),
              Collections.unmodifiableMap(attributes)));
        }
        return List.copyOf(out);
      } catch (SQLException e) {
        throw new IllegalStateException("values of " + dimension + ": " + e.getMessage(), e);
      }
    });
  }

  /** As text; Calcite pads a UNION of string literals of different lengths to one CHAR length. */
  private static String text(Object v) {
    return v == null ? null : String.valueOf(v).strip();
  }

  /** The values whose attributes agree with every given parent value (only parents the values carry count). */
  public List<Value> children(Principal principal, String dimension, Map<String, String> parents) {
    List<Value> all = values(principal, dimension);
    if (parents.isEmpty()) {
      return all;
    }
    List<Value> out = new ArrayList<>();
    for (Value v : all) {
      if (agrees(v, parents)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Checks the form of a raw request value (400 when wrong). */
  public String checkForm(String dimension, String raw) {
    Spec s = spec(dimension);
    if (raw == null || raw.isEmpty()) {
      throw ApiError.badRequest("parameter " + dimension + " is empty");
    }
    boolean ok = switch (s.type()) {
      case CODE -> CODE.matcher(raw).matches();
      case INTEGER -> INTEGER.matcher(raw).matches();
    };
    if (!ok) {
      throw ApiError.badRequest("parameter " + dimension + " must be " + (s.type() == Type.INTEGER
          ? "an integer" : "a code (letters, digits, _ or -, at most 40)") + ", got '" + abbreviate(raw) + "'");
    }
    return s.type() == Type.INTEGER ? String.valueOf(Integer.parseInt(raw)) : raw;
  }

  /** The value itself (404 when unknown; 400 when it lies outside a parent the request names). */
  public Value require(Principal principal, String dimension, String value, Map<String, String> parents) {
    Value found = null;
    for (Value v : values(principal, dimension)) {
      if (v.value().equals(value)) {
        found = v;
        if (agrees(v, parents)) {
          return v;
        }
      }
    }
    if (found == null) {
      throw ApiError.notFound("unknown " + dimension + " '" + value + "'");
    }
    for (var p : parents.entrySet()) {
      String own = found.attributes().get(p.getKey());
      if (own != null && !own.equals(p.getValue())) {
        throw ApiError.badRequest(dimension + " '" + value + "' is not in " + p.getKey() + " '" + p.getValue() + "'");
      }
    }
    return found;
  }

  /** The default of a dimension given the parameters bound so far, or null when it has none. */
  public String defaultValue(Principal principal, String dimension, Map<String, String> bound) {
    Spec s = spec(dimension);
    if (s.defaultValue() != null) {
      return s.defaultValue();
    }
    if (s.defaultSql() == null) {
      return null;
    }
    if (!bound.keySet().containsAll(NamedParameters.names(s.defaultSql()))) {
      return null; // it depends on a parameter not chosen yet
    }
    NamedParameters.Bound sql = NamedParameters.bind(s.defaultSql(), bound);
    String key = principal.scope() + "|" + dimension + "|" + sql.parameters() + "|" + versions.versionOf(s.reads());
    return defaults.get(key, k -> {
      try {
        QueryLayer.QueryResult r = queries.query(principal, sql.sql(), sql.parameters());
        Object v = r.rows().isEmpty() ? null : r.rows().get(0).get(0);
        return java.util.Optional.ofNullable(v == null ? null : String.valueOf(v));
      } catch (SQLException e) {
        throw new IllegalStateException("default of " + dimension + ": " + e.getMessage(), e);
      }
    }).orElse(null);
  }

  /** Labels of the given values (those known), for a chart's response. */
  public Map<String, Label> labels(Principal principal, String dimension, Set<String> wanted) {
    Map<String, Label> out = new LinkedHashMap<>();
    for (Value v : values(principal, dimension)) {
      if (wanted.contains(v.value()) && !out.containsKey(v.value())) {
        out.put(v.value(), v.label());
      }
    }
    return out;
  }

  private static boolean agrees(Value v, Map<String, String> parents) {
    for (var p : parents.entrySet()) {
      String own = v.attributes().get(p.getKey());
      if (own != null && !own.equals(p.getValue())) {
        return false;
      }
    }
    return true;
  }

  private Spec spec(String dimension) {
    Spec s = specs.get(dimension);
    if (s == null) {
      throw ApiError.notFound("unknown dimension '" + abbreviate(dimension) + "'");
    }
    return s;
  }

  public static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static Map<String, Spec> load() {
    JsonNode root = Definitions.read(new ObjectMapper(new YAMLFactory()), "satit/dimensions.yaml");
    Map<String, Spec> out = new LinkedHashMap<>();
    root.fields().forEachRemaining(e -> {
      JsonNode n = e.getValue();
      Type type = Type.valueOf(n.path("type").asText("code").toUpperCase(java.util.Locale.ROOT));
      List<Value> list = null;
      if (n.has("list")) {
        List<Value> values = new ArrayList<>();
        for (JsonNode v : n.get("list")) {
          values.add(new Value(v.path("value").asText(), new Label(v.path("en").asText(), v.path("th").asText()), Map.of()));
        }
        list = List.copyOf(values);
      }
      String sql = n.path("sql").asText(null);
      if ((sql == null) == (list == null)) {
        throw new IllegalStateException("dimensions.yaml: " + e.getKey() + " needs either sql or list");
      }
      String def = n.path("default").asText(null);
      boolean defIsSql = def != null && def.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
      Set<String> reads = new java.util.HashSet<>();
      n.path("reads").forEach(t -> reads.add(t.asText()));
      out.put(e.getKey(), new Spec(e.getKey(), type, sql, list, defIsSql ? def : null, defIsSql ? null : def,
          Set.copyOf(reads)));
    });
    return Collections.unmodifiableMap(out);
  }
}

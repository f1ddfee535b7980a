package org.satit.api.dashboards;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.satit.api.ApiError;
import org.satit.warehouse.NamedParameters;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.semantic.Dimension;
import org.satit.warehouse.semantic.Dimension.Member;
import org.satit.warehouse.semantic.Label;
import org.satit.warehouse.semantic.SemanticModel;

/**
 * The values each dimension may take in a request, with their Thai and English labels (the dimension
 * registry, {@code semantic/dimensions.yaml}): read through the asking role's views, cached per role scope until a
 * table they are made from changes. Checks a request's value in two steps: its form (a code or an
 * integer, bounded length: a 400), then that it exists and belongs to the parents the request also
 * names (an unknown school is a 404); a value is found by its key, never by a scan of all values.
 */
public final class DimensionValues {

  /** The values of a dimension as one principal sees them, in order and by key (a key may have several parents). */
  private record Known(List<Member> all, Map<String, List<Member>> byValue) {
    static Known of(List<Member> all) {
      Map<String, List<Member>> byValue = new HashMap<>(all.size() * 2);
      for (Member m : all) {
        byValue.computeIfAbsent(m.value(), k -> new ArrayList<>(1)).add(m);
      }
      return new Known(List.copyOf(all), byValue);
    }
  }

  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");

  private final Map<String, Dimension> dimensions;
  private final QueryLayer queries;
  private final TableVersions versions;
  private final Cache<String, Known> cache = Caffeine.newBuilder().maximumSize(2_000).build();
  /** Defaults by scope, dimension, the parameters they depend on and the version of what they read. */
  private final Cache<String, java.util.Optional<String>> defaults = Caffeine.newBuilder().maximumSize(20_000).build();

  public DimensionValues(SemanticModel model, QueryLayer queries, TableVersions versions) {
    Map<String, Dimension> params = new LinkedHashMap<>();
    model.dimensions().values().stream().filter(Dimension::isParameter).forEach(d -> params.put(d.name(), d));
    this.dimensions = Collections.unmodifiableMap(params);
    this.queries = queries;
    this.versions = versions;
  }

  public boolean knows(String dimension) {
    return dimensions.containsKey(dimension);
  }

  /** Every value of the dimension the principal may see. */
  public List<Member> values(Principal principal, String dimension) {
    return known(principal, dimension).all();
  }

  private Known known(Principal principal, String dimension) {
    Dimension.Values s = spec(dimension).values();
    if (s.list() != null) {
      return cache.get("|" + dimension, k -> Known.of(s.list()));
    }
    String key = principal.scope() + "|" + dimension + "|" + versions.versionOf(s.reads());
    Known found = cache.getIfPresent(key);
    if (found != null) {
      return found;
    }
    // outside the cache's compute: an areas dimension reads its levels' values through the same cache
    Known computed = Known.of(s.areaLevels() != null ? areas(principal, s.areaLevels()) : query(principal, dimension, s.sql()));
    return cache.asMap().merge(key, computed, (old, mine) -> old);
  }

  /** Every value of each level, with the attribute level. */
  private List<Member> areas(Principal principal, List<String> levels) {
    List<Member> out = new ArrayList<>();
    for (String level : levels) {
      for (Member m : values(principal, level)) {
        out.add(new Member(m.value(), m.label(), Map.of("level", level)));
      }
    }
    return out;
  }

  private List<Member> query(Principal principal, String dimension, String sql) {
    try {
      QueryLayer.QueryResult r = queries.query(principal, sql, List.of());
      List<Member> out = new ArrayList<>(r.rows().size());
      for (List<Object> row : r.rows()) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 3; i < row.size(); i++) {
          attributes.put(r.columns().get(i).toLowerCase(java.util.Locale.ROOT), text(row.get(i)));
        }
        out.add(new Member(text(row.get(0)), new Label(text(row.get(2)), text(row.get(1))),
            Collections.unmodifiableMap(attributes)));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("values of " + dimension + ": " + e.getMessage(), e);
    }
  }

  /** As text; Calcite pads a UNION of string literals of different lengths to one CHAR length. */
  private static String text(Object v) {
    return v == null ? null : String.valueOf(v).strip();
  }

  /** The values whose attributes agree with every given parent value (only parents the values carry count). */
  public List<Member> children(Principal principal, String dimension, Map<String, String> parents) {
    List<Member> all = values(principal, dimension);
    if (parents.isEmpty()) {
      return all;
    }
    List<Member> out = new ArrayList<>();
    for (Member v : all) {
      if (agrees(v, parents)) {
        out.add(v);
      }
    }
    return out;
  }

  /** Checks the form of a raw request value (400 when wrong). */
  public String checkForm(String dimension, String raw) {
    Dimension d = spec(dimension);
    if (raw == null || raw.isEmpty()) {
      throw ApiError.badRequest("parameter " + dimension + " is empty");
    }
    boolean integer = d.type() == Dimension.Type.INTEGER;
    if (!(integer ? INTEGER : CODE).matcher(raw).matches()) {
      throw ApiError.badRequest("parameter " + dimension + " must be " + (integer
          ? "an integer" : "a code (letters, digits, _ or -, at most 40)") + ", got '" + abbreviate(raw) + "'");
    }
    return integer ? String.valueOf(Integer.parseInt(raw)) : raw;
  }

  /** The value itself (404 when unknown; 400 when it lies outside a parent the request names). */
  public Member require(Principal principal, String dimension, String value, Map<String, String> parents) {
    List<Member> same = known(principal, dimension).byValue().getOrDefault(value, List.of());
    for (Member v : same) {
      if (agrees(v, parents)) {
        return v;
      }
    }
    Member found = same.isEmpty() ? null : same.get(0);
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
    Dimension.Values s = spec(dimension).values();
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
    Map<String, List<Member>> byValue = known(principal, dimension).byValue();
    Map<String, Label> out = new LinkedHashMap<>();
    for (String w : wanted) {
      List<Member> found = byValue.get(w);
      if (found != null) {
        out.put(w, found.get(0).label());
      }
    }
    return out;
  }

  private static boolean agrees(Member v, Map<String, String> parents) {
    for (var p : parents.entrySet()) {
      String own = v.attributes().get(p.getKey());
      if (own != null && !own.equals(p.getValue())) {
        return false;
      }
    }
    return true;
  }

  private Dimension spec(String dimension) {
    Dimension s = dimensions.get(dimension);
    if (s == null) {
      throw ApiError.notFound("unknown dimension '" + abbreviate(dimension) + "'");
    }
    return s;
  }

  public static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}

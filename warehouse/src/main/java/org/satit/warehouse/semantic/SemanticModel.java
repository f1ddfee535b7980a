package org.satit.warehouse.semantic;

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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.satit.warehouse.query.Role;

/**
 * The semantic model, read from definition files on the classpath: {@code semantic/dimensions.yaml} (every
 * dimension, once), {@code semantic/model.yaml} (hierarchies) and every {@code semantic/datasets/<name>.yaml} (a dataset's
 * view, roles, dimensions and measures). Checked when loaded: a definition naming something unknown is
 * an error at start-up, not a surprise in a dashboard.
 */
public final class SemanticModel {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final String ROOT = "semantic/";

  private final Map<String, Dimension> dimensions;
  private final Map<String, List<String>> hierarchies;
  private final Map<String, Dataset> datasets;

  SemanticModel(Map<String, Dimension> dimensions, Map<String, List<String>> hierarchies, Map<String, Dataset> datasets) {
    this.dimensions = Collections.unmodifiableMap(dimensions);
    this.hierarchies = Collections.unmodifiableMap(hierarchies);
    this.datasets = Collections.unmodifiableMap(datasets);
  }

  /** The model shipped with satit. */
  public static SemanticModel load() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode model = read(yaml, ROOT + "model.yaml");
    JsonNode definitions = read(yaml, ROOT + "dimensions.yaml");
    Map<String, List<String>> hierarchies = new LinkedHashMap<>();
    model.path("hierarchies").fields().forEachRemaining(e -> {
      List<String> levels = strings(e.getValue());
      levels.forEach(l -> require(definitions.has(l), "hierarchy " + e.getKey() + " names unknown dimension " + l));
      hierarchies.put(e.getKey(), levels);
    });
    Map<String, Dimension> dimensions = new LinkedHashMap<>();
    definitions.fields().forEachRemaining(e -> dimensions.put(e.getKey(), dimension(e.getKey(), e.getValue(), definitions,
        hierarchies)));
    Map<String, Dataset> datasets = new LinkedHashMap<>();
    for (String file : org.satit.warehouse.ResourceFolder.list(ROOT + "datasets", ".yaml")) {
      String name = file.substring(0, file.length() - ".yaml".length());
      datasets.put(name, dataset(name, read(yaml, ROOT + "datasets/" + file), dimensions));
    }
    return new SemanticModel(dimensions, hierarchies, datasets);
  }

  public Map<String, Dimension> dimensions() {
    return dimensions;
  }

  public Map<String, List<String>> hierarchies() {
    return hierarchies;
  }

  public Map<String, Dataset> datasets() {
    return datasets;
  }

  public Dataset dataset(String name) {
    Dataset d = datasets.get(name);
    if (d == null) {
      throw new InvalidQueryException("unknown dataset '" + name + "' (known: " + String.join(", ", datasets.keySet()) + ")");
    }
    return d;
  }

  /** The dimension itself and every finer level of the hierarchies it belongs to. */
  public Set<String> selfAndFiner(String dimension) {
    Set<String> out = new LinkedHashSet<>();
    out.add(dimension);
    for (List<String> levels : hierarchies.values()) {
      int i = levels.indexOf(dimension);
      if (i >= 0) {
        out.addAll(levels.subList(i + 1, levels.size()));
      }
    }
    return out;
  }

  private static Dimension dimension(String name, JsonNode n, JsonNode all, Map<String, List<String>> hierarchies) {
    require(NAME.matcher(name).matches(), "bad dimension name " + name);
    String column = n.hasNonNull("column") ? n.get("column").asText() : null;
    require(column == null || NAME.matcher(column).matches(), "bad column of dimension " + name);
    Dimension.Type type = Dimension.Type.valueOf(n.path("type").asText("string").toUpperCase(Locale.ROOT));
    return new Dimension(name, column, type, label(n.path("label"), "dimension " + name), values(name, n, all, hierarchies));
  }

  /** Where a dimension's values come from (null when it has none): dimensions.yaml's sql, list, levels or areas. */
  private static Dimension.Values values(String name, JsonNode n, JsonNode all, Map<String, List<String>> hierarchies) {
    String where = "dimension " + name;
    List<String> kinds = new ArrayList<>();
    for (String k : List.of("sql", "list", "levels", "areas")) {
      if (n.has(k)) {
        kinds.add(k);
      }
    }
    require(kinds.size() <= 1, where + ": values from one of sql, list, levels or areas, not " + kinds);
    String def = n.path("default").asText(null);
    if (kinds.isEmpty()) {
      require(def == null && !n.has("reads"), where + ": a default or reads without values");
      return null;
    }
    List<Dimension.Member> list = null;
    List<String> areaLevels = null;
    Set<String> reads = new LinkedHashSet<>(strings(n.path("reads")));
    switch (kinds.get(0)) {
      case "list" -> {
        list = new ArrayList<>();
        for (JsonNode v : n.get("list")) {
          list.add(new Dimension.Member(v.path("value").asText(), label(v, where + " value"), Map.of()));
        }
      }
      case "levels" -> {
        List<String> levels = hierarchy(hierarchies, n.get("levels").asText(), where);
        list = new ArrayList<>();
        for (String level : levels) {
          list.add(new Dimension.Member(level, label(all.path(level).path("label"), "dimension " + level), Map.of()));
        }
      }
      case "areas" -> {
        areaLevels = hierarchy(hierarchies, n.get("areas").asText(), where);
        for (String level : areaLevels) {
          JsonNode l = all.path(level);
          require(l.has("sql") || l.has("list"), where + ": level " + level + " has no sql or list of values");
          reads.addAll(strings(l.path("reads")));
        }
      }
      default -> require(!n.get("sql").asText().isBlank(), where + ": empty sql");
    }
    require(kinds.get(0).equals("list") || kinds.get(0).equals("levels") || !reads.isEmpty(),
        where + ": reads (the warehouse tables its values come from) missing");
    boolean defIsSql = def != null && def.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
    return new Dimension.Values(list == null ? null : List.copyOf(list), n.path("sql").asText(null),
        areaLevels == null ? null : List.copyOf(areaLevels), defIsSql ? def : null, defIsSql ? null : def, Set.copyOf(reads));
  }

  private static List<String> hierarchy(Map<String, List<String>> hierarchies, String name, String where) {
    List<String> levels = hierarchies.get(name);
    require(levels != null, where + ": unknown hierarchy " + name);
    return levels;
  }

  private static Dataset dataset(String name, JsonNode n, Map<String, Dimension> dimensions) {
    String where = "dataset " + name;
    String table = n.path("table").asText(null);
    require(table != null && NAME.matcher(table).matches(), where + ": table missing or not a plain name");
    Set<Role> roles = new LinkedHashSet<>();
    strings(n.path("roles")).forEach(r -> roles.add(Role.of(r)));
    require(!roles.isEmpty(), where + ": no roles");
    List<String> dims = strings(n.path("dimensions"));
    dims.forEach(d -> require(dimensions.containsKey(d) && dimensions.get(d).column() != null,
        where + ": unknown dimension " + d));
    Map<String, Measure> measures = new LinkedHashMap<>();
    n.path("measures").fields().forEachRemaining(e -> {
      String m = e.getKey();
      require(NAME.matcher(m).matches(), where + ": bad measure name " + m);
      JsonNode def = e.getValue();
      String sql = def.path("sql").asText(null);
      require(sql != null && !sql.isBlank() && !sql.contains(";"), where + ": measure " + m + " needs one SQL expression");
      List<List<String>> requires = new ArrayList<>();
      for (JsonNode alternatives : def.path("requires")) {
        List<String> alt = strings(alternatives);
        alt.forEach(d -> require(dimensions.containsKey(d), where + ": measure " + m + " requires unknown " + d));
        requires.add(List.copyOf(alt));
      }
      measures.put(m, new Measure(m, sql.strip(), def.path("unit").asText("number"), label(def.path("label"), where + "." + m),
          List.copyOf(requires)));
    });
    require(!measures.isEmpty(), where + ": no measures");
    List<String> reads = strings(n.path("reads"));
    require(!reads.isEmpty(), where + ": reads (the warehouse tables its rows are made from) missing");
    reads.forEach(t -> require(NAME.matcher(t).matches(), where + ": bad table name in reads: " + t));
    return new Dataset(name, table, label(n.path("description"), where), Set.copyOf(roles),
        n.path("aggregate").asBoolean(true), List.copyOf(dims), Collections.unmodifiableMap(measures),
        Set.copyOf(reads));
  }

  private static Label label(JsonNode n, String where) {
    require(n.hasNonNull("en") && n.hasNonNull("th"), where + ": label needs en and th");
    return new Label(n.get("en").asText(), n.get("th").asText());
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static JsonNode read(ObjectMapper yaml, String resource) {
    try (InputStream in = SemanticModel.class.getClassLoader().getResourceAsStream(resource)) {
      require(in != null, "semantic model file missing: " + resource);
      return yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException("semantic model: " + message);
    }
  }
}

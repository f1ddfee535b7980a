package org.satit.ingest.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.satit.ingest.spec.SourceColumn.Check;
import org.satit.ingest.spec.SourceColumn.Transform;

/**
 * The source table specs ({@code emis/tables.yaml}), read once and checked as they are read: a spec naming an
 * unknown transform or check, a key column it does not have, or a check on a column it cannot apply to is an
 * error at start-up.
 */
public final class SourceSpecs {

  private static final String RESOURCE = "emis/tables.yaml";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Pattern SQL_TYPE = Pattern.compile("[A-Z]+( [A-Z]+)?(\\(\\d+(,\\d+)?\\))?( NOT NULL)?");
  private static final Set<String> TABLE_KEYS = Set.of("key", "reference", "warehouse", "current", "constants", "nulls",
      "columns");

  private static volatile List<SourceSpec> all;

  private SourceSpecs() {
  }

  /** Every source table, in the file's order. */
  public static List<SourceSpec> all() {
    List<SourceSpec> specs = all;
    if (specs == null) {
      synchronized (SourceSpecs.class) {
        if (all == null) {
          all = load();
        }
        specs = all;
      }
    }
    return specs;
  }

  /** The spec of a source table, or null when satit does not read it. */
  public static SourceSpec of(String table) {
    for (SourceSpec s : all()) {
      if (s.name().equals(table)) {
        return s;
      }
    }
    return null;
  }

  /** The source tables whose rows become warehouse rows. */
  /** The spec of that table; refused when there is none. */
  public static SourceSpec named(String table) {
    SourceSpec s = of(table);
    if (s == null) {
      throw new IllegalStateException("source table " + table + " has no spec in " + RESOURCE);
    }
    return s;
  }

  public static List<SourceSpec> emisData() {
    return all().stream().filter(SourceSpec::isEmisData).toList();
  }

  /** The reference tables, read first. */
  public static List<SourceSpec> reference() {
    return all().stream().filter(SourceSpec::reference).toList();
  }

  private static List<SourceSpec> load() {
    JsonNode root;
    try (InputStream in = SourceSpecs.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      root = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<SourceSpec> out = new ArrayList<>();
    root.fields().forEachRemaining(e -> out.add(table(e.getKey(), e.getValue())));
    return List.copyOf(out);
  }

  /** One table's spec from its YAML entry, checked (the file's are read by {@link #all()}). */
  public static SourceSpec table(String name, JsonNode n) {
    String where = RESOURCE + ": " + name;
    require(NAME.matcher(name).matches(), where + ": not a plain table name");
    n.fieldNames().forEachRemaining(k -> require(TABLE_KEYS.contains(k), where + ": unknown entry " + k));
    List<SourceColumn> columns = new ArrayList<>();
    n.path("columns").fields().forEachRemaining(c -> columns.add(column(where, c.getKey(), c.getValue())));
    require(!columns.isEmpty(), where + ": no columns");
    List<String> names = columns.stream().map(SourceColumn::name).toList();
    List<String> key = strings(n.path("key"));
    require(!key.isEmpty() && names.containsAll(key), where + ": key " + key + " must name its columns");
    String warehouse = n.path("warehouse").asText(null);
    require(warehouse == null || NAME.matcher(warehouse).matches(), where + ": bad warehouse table");
    Map<String, Object> constants = new LinkedHashMap<>();
    n.path("constants").fields().forEachRemaining(c -> constants.put(c.getKey(),
        c.getValue().isBoolean() ? (Object) c.getValue().asBoolean() : c.getValue().asText()));
    List<String> nulls = strings(n.path("nulls"));
    if (warehouse == null) {
      require(constants.isEmpty() && nulls.isEmpty(), where + ": constants or nulls without a warehouse table");
    }
    for (SourceColumn c : columns) {
      for (Check check : c.checks()) {
        if (check instanceof Check.WithinYear w) {
          require(names.contains(w.yearColumn()), where + "." + c.name() + ": within_year of unknown " + w.yearColumn());
          require(c.transform() == Transform.DATE, where + "." + c.name() + ": within_year on a column that is no date");
        }
        if (check instanceof Check.ValidCitizenId) {
          require(c.transform() == Transform.PERSON_KEY, where + "." + c.name() + ": valid_citizen_id needs person_key");
        }
      }
    }
    return new SourceSpec(name, List.copyOf(key), n.path("reference").asBoolean(false), warehouse,
        n.path("current").asText(null), Collections.unmodifiableMap(constants), List.copyOf(nulls), List.copyOf(columns));
  }

  private static SourceColumn column(String table, String name, JsonNode n) {
    String where = table + "." + name;
    require(NAME.matcher(name).matches(), where + ": not a plain column name");
    String declared = n.isTextual() ? n.asText() : n.path("as").asText(null);
    require(declared != null && declared.strip().contains(" "), where + ": needs \"<transform> <source SQL type>\"");
    String as = declared.strip().substring(0, declared.strip().indexOf(' '));
    String sqlType = declared.strip().substring(as.length()).strip();
    require(SQL_TYPE.matcher(sqlType).matches(), where + ": '" + sqlType + "' is not a source SQL type such as CHAR(10), "
        + "NUMERIC(5,2) NOT NULL (in a {…} map, quote a type with a comma)");
    Transform t;
    try {
      t = Transform.valueOf(as.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": unknown transform " + as);
    }
    String to = switch (t) {
      case DROP -> null;
      case PERSON_KEY, STUDENT_KEY, BIRTH_YEAR -> t.standIn();
      default -> n.path("to").asText(name);
    };
    require(!t.isPersonal() || !n.has("to"), where + ": " + as + " has no 'to' (its column is fixed: " + to + ")");
    List<Check> checks = new ArrayList<>();
    for (JsonNode c : n.path("checks")) {
      checks.add(check(where, c));
    }
    return new SourceColumn(name, sqlType, t, to, List.copyOf(checks));
  }

  private static Check check(String where, JsonNode c) {
    String kind = c.isTextual() ? c.asText() : c.fieldNames().hasNext() ? c.fieldNames().next() : "";
    JsonNode arg = c.isTextual() ? null : c.get(kind);
    return switch (kind) {
      case "required" -> new Check.Required();
      case "valid_citizen_id" -> new Check.ValidCitizenId();
      case "known_school" -> new Check.KnownSchool(arg != null && arg.asText().equals("optional"));
      case "within_year" -> new Check.WithinYear(arg == null ? "" : arg.asText());
      case "range" -> {
        require(arg != null && arg.isArray() && arg.size() == 2, where + ": range needs [lo, hi]");
        yield new Check.Range(new BigDecimal(arg.get(0).asText()), new BigDecimal(arg.get(1).asText()));
      }
      default -> throw new IllegalStateException(where + ": unknown check " + c);
    };
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}

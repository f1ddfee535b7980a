package org.satit.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.satit.warehouse.NamedSql;
import org.satit.warehouse.NamedParameters;
import org.satit.warehouse.semantic.SemanticQuery;

/**
 * The dashboard queries of {@code satit bench query}, from {@code bench/dashboard-queries.yaml}: each a
 * semantic query with the name of its equivalent statement on the source database
 * ({@code bench/dashboard-queries-source.sql}), and the picks: filter values read from the filled
 * warehouse (never written into the file), referred to as {@code :name}.
 */
public final class DashboardQueries {

  public static final String RESOURCE = "bench/dashboard-queries.yaml";
  public static final String SOURCE_SQL = "bench/dashboard-queries-source.sql";

  /** A query as the file gives it: filter values may still be {@code :pick} references. */
  public record Query(String name, String title, SemanticQuery semantic, String sourceSql) {
  }

  private final Map<String, String> picks;
  private final List<Query> queries;

  private DashboardQueries(Map<String, String> picks, List<Query> queries) {
    this.picks = picks;
    this.queries = queries;
  }

  public static DashboardQueries load() {
    JsonNode root;
    try (InputStream in = DashboardQueries.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing on the classpath: " + RESOURCE);
      }
      root = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    Map<String, String> picks = new LinkedHashMap<>();
    root.path("picks").fields().forEachRemaining(e -> picks.put(e.getKey(), e.getValue().asText()));
    NamedSql source = NamedSql.load(SOURCE_SQL);
    List<Query> queries = new ArrayList<>();
    for (JsonNode q : root.path("queries")) {
      String name = require(q, "name");
      Map<String, List<String>> filters = new LinkedHashMap<>();
      q.path("filters").fields().forEachRemaining(f -> filters.put(f.getKey(), strings(f.getValue())));
      List<SemanticQuery.Order> order = new ArrayList<>();
      for (JsonNode o : q.path("orderBy")) {
        order.add(new SemanticQuery.Order(require(o, "field"), o.path("descending").asBoolean(false)));
      }
      SemanticQuery semantic = new SemanticQuery(require(q, "dataset"), strings(q.path("measures")),
          strings(q.path("groupBy")), filters, order, q.hasNonNull("limit") ? q.get("limit").asInt() : null);
      queries.add(new Query(name, q.path("title").asText(name), semantic,
          source.get(q.path("source").asText(name))));
    }
    if (queries.isEmpty()) {
      throw new IllegalStateException(RESOURCE + ": no queries");
    }
    return new DashboardQueries(Collections.unmodifiableMap(picks), List.copyOf(queries));
  }

  public List<Query> queries() {
    return queries;
  }

  /**
   * Reads every pick from the warehouse: {@code analyst} is a DuckDB connection whose search path is
   * the analyst views. A pick that finds nothing is an error (the data has no such slice).
   */
  public Map<String, Object> pick(Connection analyst) throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : picks.entrySet()) {
      NamedParameters.Bound b = NamedParameters.bind(p.getValue(), values);
      try (PreparedStatement ps = analyst.prepareStatement(b.sql())) {
        set(ps, b.parameters());
        try (ResultSet rs = ps.executeQuery()) {
          Object v = rs.next() ? rs.getObject(1) : null;
          if (v == null) {
            throw new IllegalStateException("pick " + p.getKey() + " found nothing in the warehouse: " + p.getValue());
          }
          values.put(p.getKey(), v);
        }
      }
    }
    return values;
  }

  /** The semantic query with every {@code :pick} filter value replaced by the picked value. */
  public static SemanticQuery resolve(SemanticQuery q, Map<String, Object> picks) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    q.filters().forEach((dim, values) -> filters.put(dim, values.stream().map(v -> {
      if (v.startsWith(":")) {
        Object picked = picks.get(v.substring(1));
        if (picked == null) {
          throw new IllegalStateException("filter " + dim + " names unknown pick " + v);
        }
        return String.valueOf(picked);
      }
      return v;
    }).toList()));
    return new SemanticQuery(q.dataset(), q.measures(), q.groupBy(), filters, q.orderBy(), q.limit());
  }

  static void set(PreparedStatement ps, List<?> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      ps.setObject(i + 1, parameters.get(i));
    }
  }

  private static String require(JsonNode n, String field) {
    if (!n.hasNonNull(field)) {
      throw new IllegalStateException(RESOURCE + ": a query needs '" + field + "': " + n);
    }
    return n.get(field).asText();
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }
}

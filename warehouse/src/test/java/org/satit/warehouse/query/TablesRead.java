package org.satit.warehouse.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The warehouse tables a query reads, through every view it names (DuckDB parses each query, and each
 * view's stored SQL, with {@code json_serialize_sql}; names of common table expressions are not tables).
 * What a dataset's or dimension's {@code reads} list should say.
 */
public final class TablesRead {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VIEW_BODY = Pattern.compile("(?is)^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+\\S+\\s+AS\\s+(.*?);?\\s*$");

  private final Connection c;

  public TablesRead(Connection c) {
    this.c = c;
  }

  /** The tables (names without schema) a SELECT reads; unqualified names resolve in {@code schema}, then main. */
  public Set<String> of(String select, String schema) throws SQLException {
    Set<String> out = new TreeSet<>();
    collect(select, schema, out, new HashSet<>());
    return out;
  }

  private void collect(String select, String schema, Set<String> out, Set<String> seenViews) throws SQLException {
    JsonNode tree = parse(select);
    Set<String> ctes = new HashSet<>();
    tree.findValues("cte_map").forEach(m -> m.path("map").forEach(e -> ctes.add(e.path("key").asText())));
    for (JsonNode ref : tree.findParents("table_name")) {
      if (!"BASE_TABLE".equals(ref.path("type").asText())) {
        continue;
      }
      String refSchema = ref.path("schema_name").asText();
      String name = ref.path("table_name").asText();
      if (refSchema.isEmpty() && ctes.contains(name)) {
        continue;
      }
      for (String s : refSchema.isEmpty() ? new String[] {schema, "main"} : new String[] {refSchema}) {
        String view = viewSql(s, name);
        if (view != null) {
          if (seenViews.add(s + "." + name)) {
            collect(view, s, out, seenViews);
          }
          break;
        }
        if (isTable(s, name)) {
          out.add(name);
          break;
        }
      }
    }
  }

  private JsonNode parse(String select) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(?)")) {
      ps.setString(1, select);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        JsonNode tree = JSON.readTree(rs.getString(1));
        if (tree.path("error").asBoolean()) {
          throw new IllegalArgumentException("DuckDB cannot parse " + select + ": " + tree.path("error_message").asText());
        }
        return tree;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private String viewSql(String schema, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT sql FROM duckdb_views() WHERE schema_name = ? AND view_name = ? AND NOT internal")) {
      ps.setString(1, schema);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Matcher m = VIEW_BODY.matcher(rs.getString(1));
        if (!m.matches()) {
          throw new IllegalStateException("unexpected view SQL: " + rs.getString(1));
        }
        return m.group(1);
      }
    }
  }

  private boolean isTable(String schema, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?")) {
      ps.setString(1, schema);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}

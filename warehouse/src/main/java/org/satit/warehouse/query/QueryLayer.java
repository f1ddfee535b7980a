package org.satit.warehouse.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.sql.SqlDialect;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.SqlScript;

/**
 * The governed SQL layer: Apache Calcite over the DuckDB warehouse. A connection opened for a principal
 * has one schema, {@code satit}, made of its role's views (admins also get {@code warehouse}, the raw
 * star schema); Calcite plans the query and pushes filters, joins, aggregates and sorts down to DuckDB
 * as one statement in DuckDB's dialect.
 *
 * <p>{@link #query} serves the server's own predefined queries: it keeps prepared statements per scope
 * and SQL text, because planning costs far more than executing a prepared plan.
 */
public final class QueryLayer implements AutoCloseable {

  static {
    // Without it Calcite writes string literals as _UTF-8'…', which DuckDB rejects (STACK.md).
    if (System.getProperty("calcite.default.charset") == null) {
      System.setProperty("calcite.default.charset", "UTF-8");
    }
  }

  /** The schema every role sees its views in. */
  public static final String SCHEMA = "satit";
  /** The raw warehouse, for admins only. */
  public static final String RAW_SCHEMA = "warehouse";

  private static final SqlDialect DIALECT = DuckDbDialect.INSTANCE;
  private static final int CONNECTIONS_PER_SCOPE = 4;

  private final DuckDBConnection warehouse;
  private final Map<String, BlockingQueue<Prepared>> pools = new ConcurrentHashMap<>();
  private final Map<String, Integer> opened = new HashMap<>();
  private final Map<String, ScopedDataSource> sources = new ConcurrentHashMap<>();

  /** Over the warehouse (migrated); (re)creates the role views, which hold no data. */
  public QueryLayer(DuckDBConnection warehouse) throws SQLException {
    this.warehouse = warehouse;
    try (Connection c = warehouse.duplicate()) {
      installViews(c);
    }
  }

  public static void installViews(Connection c) throws SQLException {
    SqlScript.load("warehouse/query/role_views.sql").run(c);
  }

  /**
   * A JDBC connection scoped to the principal: plain SQL over schema {@code satit}. Identifiers are
   * matched case-insensitively and quoted with double quotes.
   */
  public Connection connect(Principal principal) throws SQLException {
    Properties info = new Properties();
    info.setProperty("quoting", "DOUBLE_QUOTE");
    info.setProperty("unquotedCasing", "UNCHANGED");
    info.setProperty("quotedCasing", "UNCHANGED");
    info.setProperty("caseSensitive", "false");
    Connection connection = DriverManager.getConnection("jdbc:calcite:", info);
    try {
      CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
      SchemaPlus root = calcite.getRootSchema();
      ScopedDataSource source = sources.computeIfAbsent(principal.scope(),
          s -> new ScopedDataSource(warehouse, principal.esaCode()));
      mount(root, SCHEMA, source, principal.role().duckdbSchema());
      if (principal.role() == Role.ADMIN) {
        mount(root, RAW_SCHEMA, source, "main");
      }
      calcite.setSchema(SCHEMA);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static void mount(SchemaPlus root, String name, ScopedDataSource source, String duckdbSchema) {
    JdbcConvention convention = JdbcConvention.of(DIALECT, Schemas.subSchemaExpression(root, name, JdbcSchema.class),
        name);
    root.add(name, new JdbcSchema(source, DIALECT, convention, null, duckdbSchema));
  }

  /** Rows of a query with positional parameters, run with a cached prepared plan of the principal's scope. */
  public QueryResult query(Principal principal, String sql, List<?> parameters) throws SQLException {
    BlockingQueue<Prepared> pool = pools.computeIfAbsent(principal.scope(),
        s -> new ArrayBlockingQueue<>(CONNECTIONS_PER_SCOPE));
    Prepared prepared = borrow(principal, pool);
    try {
      PreparedStatement ps = prepared.statement(sql);
      for (int i = 0; i < parameters.size(); i++) {
        ps.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return QueryResult.read(rs);
      }
    } catch (SQLException | RuntimeException e) {
      prepared.forget(sql);
      throw e;
    } finally {
      pool.offer(prepared);
    }
  }

  private Prepared borrow(Principal principal, BlockingQueue<Prepared> pool) throws SQLException {
    Prepared p = pool.poll();
    if (p != null) {
      return p;
    }
    synchronized (opened) {
      int n = opened.getOrDefault(principal.scope(), 0);
      if (n < CONNECTIONS_PER_SCOPE) {
        opened.put(principal.scope(), n + 1);
        return new Prepared(connect(principal));
      }
    }
    try {
      return pool.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a query connection", e);
    }
  }

  @Override
  public void close() {
    for (BlockingQueue<Prepared> pool : pools.values()) {
      for (Prepared p; (p = pool.poll()) != null; ) {
        p.close();
      }
    }
    sources.values().forEach(ScopedDataSource::close);
  }

  /** One Calcite connection with its prepared statements by SQL text. Used by one thread at a time. */
  private static final class Prepared {
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Prepared(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement statement(String sql) throws SQLException {
      PreparedStatement ps = statements.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        statements.put(sql, ps);
      }
      return ps;
    }

    void forget(String sql) {
      PreparedStatement ps = statements.remove(sql);
      if (ps != null) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // a failed statement is dropped either way
        }
      }
    }

    void close() {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing
      }
    }
  }

  /** Column names and rows of a result, as plain Java values. */
  public record QueryResult(List<String> columns, List<List<Object>> rows) {
    static QueryResult read(ResultSet rs) throws SQLException {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return new QueryResult(List.copyOf(columns), rows);
    }
  }
}

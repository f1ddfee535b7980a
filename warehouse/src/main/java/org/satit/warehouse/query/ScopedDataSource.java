package org.satit.warehouse.query;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;

/**
 * Connections to the one in-process DuckDB warehouse (duplicates of the server's connection: DuckDB
 * allows one process to open the file), each carrying the scope's ESA in the connection variable
 * {@code satit_esa} that the district views filter on. Users never hold these connections: Calcite does,
 * and it only sends the SQL it generated from the role's views.
 *
 * <p>Calcite's JDBC adapter asks for a connection and prepares its SQL on every execution; setting up a
 * DuckDB connection and planning over the views costs milliseconds each time. So connections are pooled
 * per scope (closing one returns it), and each keeps its DuckDB prepared statements by SQL text.
 */
final class ScopedDataSource implements DataSource, AutoCloseable {

  private final DuckDBConnection warehouse;
  private final String esaCode;
  private final ConcurrentLinkedQueue<Pooled> idle = new ConcurrentLinkedQueue<>();

  ScopedDataSource(DuckDBConnection warehouse, String esaCode) {
    this.warehouse = warehouse;
    this.esaCode = esaCode;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Pooled p = idle.poll();
    if (p == null) {
      p = new Pooled(open());
    }
    return p.lend();
  }

  private Connection open() throws SQLException {
    Connection c = warehouse.duplicate();
    try (Statement st = c.createStatement()) {
      // the code is 4 digits (checked by Principal); NULL matches nothing
      st.execute("SET VARIABLE satit_esa = " + (esaCode == null ? "NULL" : "'" + esaCode + "'"));
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  @Override
  public void close() {
    for (Pooled p; (p = idle.poll()) != null; ) {
      p.closeForGood();
    }
  }

  /**
   * One DuckDB connection with its prepared statements; lent to one user at a time. What the user gets
   * are proxies all the way down: a result set's {@code getStatement()} is the statement proxy and its
   * {@code getConnection()} the connection proxy, because Calcite closes a query's resources by walking
   * from the result set to its statement and connection; closing those proxies returns the connection to
   * the pool and keeps the prepared statement for the next execution of the same SQL.
   */
  private final class Pooled {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private boolean lent;

    Pooled(Connection connection) {
      this.connection = connection;
    }

    Connection lend() {
      lent = true;
      return proxy(Connection.class, this::onConnection);
    }

    private Object onConnection(Object self, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close":
          if (lent) {
            lent = false;
            idle.offer(this);
          }
          return null;
        case "isClosed":
          return !lent;
        case "prepareStatement":
          if (args.length == 1) {
            return reused((Connection) self, (String) args[0]);
          }
          break;
        case "createStatement":
          if (args == null || args.length == 0) {
            return new LentStatement<>(Statement.class, (Connection) self, connection.createStatement(), false).proxy;
          }
          break;
        default:
          break;
      }
      return call(connection, method, args);
    }

    private PreparedStatement reused(Connection owner, String sql) throws SQLException {
      PreparedStatement real = prepared.get(sql);
      if (real == null) {
        real = connection.prepareStatement(sql);
        prepared.put(sql, real);
      }
      real.clearParameters();
      return new LentStatement<>(PreparedStatement.class, owner, real, true).proxy;
    }

    void closeForGood() {
      for (PreparedStatement ps : prepared.values()) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // closing
        }
      }
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing
      }
    }
  }

  /**
   * A statement as one user sees it: its results lead back to it, and it leads back to the lent
   * connection. Closing it closes its open result, and the statement itself unless it is a kept one.
   */
  private static final class LentStatement<S extends Statement> {
    final S proxy;
    private final Connection owner;
    private final S real;
    private final boolean kept;
    private ResultSet open;

    LentStatement(Class<S> type, Connection owner, S real, boolean kept) {
      this.owner = owner;
      this.real = real;
      this.kept = kept;
      this.proxy = proxy(type, this::on);
    }

    private Object on(Object self, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close":
          closeOpen();
          if (!kept) {
            real.close();
          }
          return null;
        case "isClosed":
          return kept ? Boolean.FALSE : real.isClosed();
        case "getConnection":
          return owner;
        case "executeQuery":
        case "getResultSet":
          ResultSet rs = (ResultSet) call(real, method, args);
          return rs == null ? null : track(rs);
        default:
          return call(real, method, args);
      }
    }

    private ResultSet track(ResultSet rs) {
      open = rs;
      return proxy(ResultSet.class, (self, method, args) ->
          method.getName().equals("getStatement") ? proxy : call(rs, method, args));
    }

    private void closeOpen() throws SQLException {
      if (open != null) {
        ResultSet rs = open;
        open = null;
        rs.close();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
  }

  @Override
  public void setLoginTimeout(int seconds) {
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}

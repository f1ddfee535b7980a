package org.satit.warehouse.query;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

  /** One DuckDB connection with its prepared statements; lent to one user at a time. */
  private final class Pooled implements InvocationHandler {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private boolean lent;

    Pooled(Connection connection) {
      this.connection = connection;
    }

    Connection lend() {
      lent = true;
      return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
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
            return reused((String) args[0]);
          }
          break;
        default:
          break;
      }
      try {
        return method.invoke(connection, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private PreparedStatement reused(String sql) throws SQLException {
      PreparedStatement ps = prepared.get(sql);
      if (ps == null) {
        ps = connection.prepareStatement(sql);
        prepared.put(sql, ps);
      }
      PreparedStatement real = ps;
      real.clearParameters();
      // closing the statement keeps it for the next execution of the same SQL
      return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
            if (m.getName().equals("close")) {
              return null;
            }
            if (m.getName().equals("isClosed")) {
              return false;
            }
            try {
              return m.invoke(real, a);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
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

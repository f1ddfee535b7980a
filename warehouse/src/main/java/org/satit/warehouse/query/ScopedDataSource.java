package org.satit.warehouse.query;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;

/**
 * Connections to the one in-process DuckDB warehouse (duplicates of the server's connection: DuckDB
 * allows one process to open the file), each carrying the principal's ESA in the connection variable
 * {@code satit_esa} that the district views filter on. Users never hold these connections: Calcite does,
 * and it only sends the SQL it generated from the role's views.
 */
final class ScopedDataSource implements DataSource {

  private final DuckDBConnection warehouse;
  private final String esaCode;

  ScopedDataSource(DuckDBConnection warehouse, Principal principal) {
    this.warehouse = warehouse;
    this.esaCode = principal.esaCode();
  }

  @Override
  public Connection getConnection() throws SQLException {
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

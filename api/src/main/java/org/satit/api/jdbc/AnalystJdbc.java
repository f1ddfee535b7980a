package org.satit.api.jdbc;

import io.javalin.http.Context;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryLayer;

/**
 * JDBC for analysts: the Avatica protocol (protobuf) served from a Javalin route, so any JDBC client
 * (DBeaver, a notebook) can query the role-scoped query layer with
 * {@code jdbc:avatica:remote:url=http://HOST:PORT/api/jdbc;serialization=protobuf} and a satit user name
 * and password. Avatica's own HTTP server is not used (it brings Jetty 9; Javalin runs Jetty 12).
 *
 * <p>Each Avatica connection is opened through an in-process JDBC driver that checks the login and
 * returns a Calcite connection scoped to the user's role; a failed login is an error to the client.
 */
public final class AnalystJdbc implements AutoCloseable {

  private final LoginDriver driver;
  private final JdbcMeta meta;
  private final ProtobufHandler handler;
  private final ProtobufTranslationImpl translation = new ProtobufTranslationImpl();

  public AnalystJdbc(QueryLayer queries, Users users) throws SQLException {
    this.driver = new LoginDriver("jdbc:satit:" + UUID.randomUUID(), queries, users);
    DriverManager.registerDriver(driver);
    this.meta = new JdbcMeta(driver.url, new Properties());
    Service service = new LocalService(meta);
    this.handler = new ProtobufHandler(service, translation, NoopMetricsSystem.getInstance());
  }

  /**
   * {@code POST /api/jdbc}: one Avatica request in, one response out. A body that is not an Avatica
   * protobuf message is a 400 with a JSON message; errors inside a valid request (bad SQL, failed login)
   * are Avatica error responses, which the protocol sends with status 500 so that clients read them.
   */
  public void handle(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    try {
      translation.parseRequest(body);
    } catch (IOException | RuntimeException e) {
      ctx.status(400).json(Map.of("error", "not an Avatica protobuf request: connect with "
          + "jdbc:avatica:remote:url=http://HOST:PORT/api/jdbc;serialization=protobuf", "status", 400));
      return;
    }
    var response = handler.apply(body);
    ctx.status(response.getStatusCode()).contentType("application/octet-stream").result(response.getResponse());
  }

  @Override
  public void close() throws SQLException {
    DriverManager.deregisterDriver(driver);
  }

  /** The driver Avatica's JdbcMeta opens connections with: login, then a role-scoped Calcite connection. */
  private static final class LoginDriver implements Driver {
    private final String url;
    private final QueryLayer queries;
    private final Users users;

    LoginDriver(String url, QueryLayer queries, Users users) {
      this.url = url;
      this.queries = queries;
      this.users = users;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      if (!acceptsURL(url)) {
        return null;
      }
      Principal p;
      try {
        p = users.authenticate(info.getProperty("user"), info.getProperty("password"))
            .orElseThrow(() -> new SQLException("login failed: unknown user or wrong password", "28000"));
      } catch (org.satit.api.auth.PasswordChecks.Busy e) {
        throw new SQLException(e.getMessage(), "08004"); // the server rejected the connection: retry
      }
      return queries.connect(p);
    }

    @Override
    public boolean acceptsURL(String url) {
      return this.url.equals(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }
  }
}

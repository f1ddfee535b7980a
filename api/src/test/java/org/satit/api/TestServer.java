package org.satit.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.satit.api.auth.Users;
import org.satit.api.jdbc.AnalystJdbc;
import org.satit.warehouse.query.QueryLayer;
import org.satit.warehouse.writer.WarehouseWriter;

/** The whole web side over a warehouse, on a free loopback port, as SatitStack wires it (without ingest). */
public final class TestServer implements AutoCloseable {

  public final QueryLayer queries;
  public final AnalystJdbc jdbc;
  public final WarehouseWriter writer;
  public final WebApp web;
  public final SatitServer server;
  /** The key that signs the test server's embed tokens. */
  public static final byte[] KEY = "satit test embed key, 32 bytes or more".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  public TestServer(DuckDBConnection warehouse, Users users) throws SQLException {
    this(warehouse, users, org.satit.api.ops.RateLimits.defaults());
  }

  public TestServer(DuckDBConnection warehouse, Users users, org.satit.api.ops.RateLimits limits) throws SQLException {
    this(warehouse, users, limits, WebApp.Embedding.local(KEY));
  }

  public TestServer(DuckDBConnection warehouse, Users users, org.satit.api.ops.RateLimits limits,
                    WebApp.Embedding embedding) throws SQLException {
    queries = new QueryLayer(warehouse);
    jdbc = new AnalystJdbc(queries, users);
    writer = new WarehouseWriter((DuckDBConnection) warehouse.duplicate());
    web = WebApp.create(warehouse, queries, users, writer, limits, 10, embedding, null);
    server = SatitServer.start("127.0.0.1", 0, web.parts(new HealthApi(() -> duplicate(warehouse), List.of(), null), jdbc,
        org.satit.api.ingest.IngestEndpoint.disabled()));
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  private static Connection duplicate(DuckDBConnection c) {
    try {
      return c.duplicate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    server.close();
    web.close();
    jdbc.close();
    queries.close();
  }
}

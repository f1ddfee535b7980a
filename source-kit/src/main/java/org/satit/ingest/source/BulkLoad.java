package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.satit.warehouse.SqlScript;

/**
 * Streams generated rows into a source database with each engine's bulk path: {@code COPY FROM STDIN}
 * for PostgreSQL, {@code LOAD DATA LOCAL INFILE} from a stream for MySQL/MariaDB. One loader thread
 * and connection per table; the generator hands over 64 KiB buffers through a small bounded queue,
 * so memory stays flat whatever the scale.
 */
public final class BulkLoad implements RowSink, AutoCloseable {

  /** A MySQL LOAD DATA statement (one transaction) is ended after this many bytes. */
  static final long MYSQL_STATEMENT_BYTES = 64L * 1024 * 1024;

  private static final byte[] END = new byte[0];
  private static final byte[] ABORT = new byte[0];

  /** Opens a new connection to the target. */
  public interface ConnectionFactory {
    Connection open() throws SQLException;
  }

  private final SourceDialect dialect;
  private final ConnectionFactory connections;
  private final Map<String, TableLoader> loaders = new java.util.LinkedHashMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public BulkLoad(SourceDialect dialect, ConnectionFactory connections) {
    this.dialect = dialect;
    this.connections = connections;
  }

  @Override
  public RowWriter writer(SourceSpec table) {
    TableLoader l = loaders.get(table.name());
    if (l == null) {
      l = new TableLoader(table);
      loaders.put(table.name(), l);
    }
    return l.encoder;
  }

  /** Rows handed over for one table so far. */
  public long rows(SourceSpec table) {
    TableLoader l = loaders.get(table.name());
    return l == null ? 0 : l.encoder.rows();
  }

  public long totalRows() {
    return loaders.values().stream().mapToLong(l -> l.encoder.rows()).sum();
  }

  /** Flushes everything, waits until every table is loaded, and reports the first failure. */
  public void finish() throws SQLException {
    for (TableLoader l : loaders.values()) {
      l.encoder.flush();
      l.put(END);
    }
    for (TableLoader l : loaders.values()) {
      l.join();
    }
    rethrow();
  }

  private void rethrow() throws SQLException {
    Throwable t = failure.get();
    if (t instanceof SQLException e) {
      throw e;
    }
    if (t != null) {
      throw new SQLException("bulk load failed: " + t.getMessage(), t);
    }
  }

  /** Stops all loaders; what was not finished is rolled back by the database. */
  @Override
  public void close() {
    for (TableLoader l : loaders.values()) {
      if (l.thread.isAlive()) {
        l.queue.clear();
        l.queue.offer(ABORT);
      }
    }
    for (TableLoader l : loaders.values()) {
      l.join();
    }
  }

  private final class TableLoader {
    final SourceSpec table;
    final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(16);
    final DelimitedRowEncoder encoder;
    final Thread thread;

    TableLoader(SourceSpec table) {
      this.table = table;
      this.encoder = new DelimitedRowEncoder(this::put);
      this.thread = new Thread(this::run, "bulk-load-" + table.name());
      this.thread.setDaemon(true);
      this.thread.start();
    }

    void put(byte[] chunk) {
      try {
        while (!queue.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
          if (failure.get() != null || !thread.isAlive()) {
            Throwable cause = failure.get();
            throw new SourceLoadException("bulk load of " + table.name() + " stopped"
                + (cause == null ? "" : ": " + cause.getMessage()), cause);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceLoadException("interrupted while loading " + table.name(), e);
      }
    }

    void join() {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void run() {
      try (Connection c = connections.open()) {
        SqlScript.load(dialect.resource("loader-session.sql")).run(c);
        if (dialect == SourceDialect.POSTGRES) {
          copyIntoPostgres(c);
        } else {
          loadDataIntoMysql(c);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
        queue.clear();
      }
    }

    private String columnList() {
      return "(" + String.join(", ", table.columnNames()) + ")";
    }

    private void copyIntoPostgres(Connection c) throws Exception {
      CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
          .copyIn("COPY " + table.name() + " " + columnList() + " FROM STDIN");
      try {
        while (true) {
          byte[] chunk = queue.take();
          if (chunk == END) {
            copy.endCopy();
            return;
          }
          if (chunk == ABORT) {
            copy.cancelCopy();
            return;
          }
          copy.writeToCopy(chunk, 0, chunk.length);
        }
      } catch (Exception e) {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
        throw e;
      }
    }

    private void loadDataIntoMysql(Connection c) throws Exception {
      String sql = "LOAD DATA LOCAL INFILE 'satit-" + table.name() + ".tsv' INTO TABLE " + table.name()
          + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' "
          + columnList();
      QueueInputStream in = new QueueInputStream();
      while (!in.finished) {
        in.startStatement();
        try (Statement st = c.createStatement()) {
          st.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).setLocalInfileInputStream(in);
          st.execute(sql);
          failOnWarnings(st);
        }
        if (in.aborted) {
          throw new SQLException("load of " + table.name() + " aborted");
        }
      }
    }

    /** LOAD DATA LOCAL turns data errors into warnings; satit treats any as a failure. */
    private void failOnWarnings(Statement st) throws SQLException {
      try (ResultSet rs = st.executeQuery("SHOW WARNINGS LIMIT 3")) {
        StringBuilder sb = new StringBuilder();
        while (rs.next()) {
          sb.append(rs.getString("Level")).append(' ').append(rs.getString("Code")).append(": ")
              .append(rs.getString("Message")).append("; ");
        }
        if (sb.length() > 0) {
          throw new SQLException("LOAD DATA into " + table.name() + " reported: " + sb);
        }
      }
    }

    /** Serves queued buffers to one LOAD DATA statement; ends the statement at a row boundary. */
    private final class QueueInputStream extends InputStream {
      byte[] current = END;
      int pos;
      long servedInStatement;
      boolean finished;
      boolean aborted;

      void startStatement() {
        servedInStatement = 0;
      }

      private boolean advance() throws IOException {
        if (pos < current.length) {
          return true;
        }
        if (finished || servedInStatement >= MYSQL_STATEMENT_BYTES) {
          return false;
        }
        try {
          byte[] next = queue.take();
          if (next == END || next == ABORT) {
            finished = true;
            aborted = next == ABORT;
            if (aborted) {
              throw new IOException("load aborted");
            }
            return false;
          }
          current = next;
          pos = 0;
          servedInStatement += next.length;
          return true;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }

      @Override
      public int read() throws IOException {
        return advance() ? current[pos++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (!advance()) {
          return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }
    }
  }
}

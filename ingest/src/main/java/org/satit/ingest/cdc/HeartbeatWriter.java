package org.satit.ingest.cdc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a heartbeat into every source every few seconds, from the satit server (in local and in cluster mode,
 * whether or not the job runs): one row per source in a small table {@code satit_heartbeat} that the job
 * captures like the EMIS tables. Its arrival in the warehouse is the end-to-end freshness, honest also for an
 * idle source, and the gapless sequence it carries proves the stream lost nothing ({@link HeartbeatLedger}).
 * The table is created when missing (PostgreSQL: and added to satit's publication). A failed write is logged
 * once and reported by {@link #problem}; the freshness then grows until health says the source is stalled.
 */
public final class HeartbeatWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWriter.class);
  /** The heartbeat table's name in every source (the job captures it). */
  public static final String TABLE = "satit_heartbeat";

  private final List<CdcSource> sources;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "satit-heartbeat");
    t.setDaemon(true);
    return t;
  });

  private HeartbeatWriter(List<CdcSource> sources) {
    this.sources = List.copyOf(sources);
  }

  /**
   * Prepares every source (the table, PostgreSQL's publication) and writes a first heartbeat, then one every
   * {@code interval}. A source that cannot be prepared now is tried again at every beat.
   */
  public static HeartbeatWriter start(List<CdcSource> sources, Duration interval) {
    HeartbeatWriter writer = new HeartbeatWriter(sources);
    writer.beatAll();
    writer.executor.scheduleWithFixedDelay(writer::beatAll, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return writer;
  }

  private void beatAll() {
    for (CdcSource s : sources) {
      try {
        beat(s);
        String was = problems.remove(s.name());
        if (was != null) {
          LOG.info("heartbeats into source {} are written again", s.name());
        }
      } catch (SQLException | RuntimeException e) {
        close(connections.remove(s.name()));
        String problem = "cannot write the heartbeat into source " + s.name() + ": " + e.getMessage();
        if (problems.put(s.name(), problem) == null) {
          LOG.warn("{} (trying again at every beat; the source will show as stalled)", problem);
        }
      }
    }
  }

  private void beat(CdcSource s) throws SQLException {
    Connection c = connections.get(s.name());
    if (c == null) {
      c = s.connect();
      c.setAutoCommit(true);
      prepare(c, s);
      connections.put(s.name(), c);
    }
    String engine = s.engine() == CdcSource.Engine.POSTGRES ? "postgres" : "mysql";
    String identity = SourceProbe.identity(c, s.engine());
    try (PreparedStatement ps = c.prepareStatement(SourceProbe.SQL.get(engine + ".beat"))) {
      ps.setString(1, s.name());
      ps.setString(2, identity);
      ps.setObject(3, LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
      ps.executeUpdate();
    }
  }

  /** Creates the heartbeat table if missing; PostgreSQL: makes sure satit's publication carries it. */
  static void prepare(Connection c, CdcSource s) throws SQLException {
    boolean pg = s.engine() == CdcSource.Engine.POSTGRES;
    try (Statement st = c.createStatement()) {
      st.execute(SourceProbe.SQL.get((pg ? "postgres" : "mysql") + ".heartbeat_table"));
    }
    if (pg && SourceProbe.exists(c, "postgres.publication", s.slotName())
        && !SourceProbe.exists(c, "postgres.publication_has_heartbeat", s.slotName())) {
      try (Statement st = c.createStatement()) {
        st.execute("ALTER PUBLICATION " + s.slotName() + " ADD TABLE " + TABLE);
      }
      LOG.info("added {} to publication {} of source {}", TABLE, s.slotName(), s.name());
    }
  }

  /** Why heartbeats cannot be written into the source now, if they cannot. */
  public Optional<String> problem(String sourceName) {
    return Optional.ofNullable(problems.get(sourceName));
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.values().forEach(HeartbeatWriter::close);
    connections.clear();
  }

  private static void close(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // gone already
      }
    }
  }
}

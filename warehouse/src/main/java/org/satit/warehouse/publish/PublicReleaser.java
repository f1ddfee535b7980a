package org.satit.warehouse.publish;

import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the public release current: at start and then every interval, when the warehouse version has moved
 * since the last release, releases again. Public numbers therefore trail the warehouse by up to one interval
 * plus the release time; they never bypass the disclosure engine. A release made under other disclosure
 * rules than the configured ones (a raised k, say) is never served: the releaser releases again before its
 * constructor returns, and should that fail, withholds the public cells until a release succeeds.
 */
public final class PublicReleaser implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PublicReleaser.class);

  private final DuckDBConnection connection;
  private final DisclosureRules rules;
  private final ScheduledExecutorService timer;
  private final java.util.List<java.util.function.Consumer<org.satit.warehouse.writer.WarehouseWriter.Commit>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public PublicReleaser(DuckDBConnection warehouse, DisclosureRules rules, long intervalSeconds) throws SQLException {
    this.connection = (DuckDBConnection) warehouse.duplicate();
    this.rules = rules;
    if (!madeUnderTheseRules()) {
      releaseIfMoved(); // before anything is served: the last release's numbers follow other rules
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "satit-public-release");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::releaseIfMoved, 0, intervalSeconds, TimeUnit.SECONDS);
  }

  private boolean madeUnderTheseRules() throws SQLException {
    return ScoreRelease.releasedRules(connection).filter(rules::equals).isPresent();
  }

  private void releaseIfMoved() {
    boolean sameRules = true;
    try {
      long version = ScoreRelease.warehouseVersion(connection);
      Long released = ScoreRelease.releasedVersion(connection);
      sameRules = madeUnderTheseRules();
      if (released == null || released != version || !sameRules) {
        ScoreRelease.Result r = ScoreRelease.release(connection, rules);
        LOG.info(r.summary());
        var release = new org.satit.warehouse.writer.WarehouseWriter.Commit(version, java.time.Instant.now(),
            java.util.Set.of("published_score_cell"));
        for (var l : listeners) {
          l.accept(release);
        }
      }
    } catch (SQLException | RuntimeException e) {
      // the previous release stays published when it follows these rules; the next round tries again
      LOG.warn("public release failed: {}", e.getMessage(), e);
      if (!sameRules) {
        withhold();
      }
    }
  }

  /** Empties the public cells: a release made under other rules must not be served. */
  private void withhold() {
    try (java.sql.Statement st = connection.createStatement()) {
      st.execute(PublicScoreCells.SQL.get("clear"));
      LOG.warn("public cells withheld: the last release was made under other disclosure rules than {}", rules);
    } catch (SQLException e) {
      LOG.error("could not withhold the public cells released under other rules: {}", e.getMessage(), e);
    }
  }

  /** Releases now (if the warehouse moved since the last release, or the rules differ) and returns when done. */
  public void releaseNow() throws InterruptedException {
    try {
      timer.submit(this::releaseIfMoved).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Called after every release with the released warehouse version (on the releaser's thread). */
  public void onRelease(java.util.function.Consumer<org.satit.warehouse.writer.WarehouseWriter.Commit> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() throws SQLException {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}

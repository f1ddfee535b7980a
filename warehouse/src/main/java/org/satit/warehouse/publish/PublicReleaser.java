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
  /**
   * The tables the release reads (release.sql: school_cells_now): only a commit that changed one of them moves the
   * public numbers. The heartbeats commit every few seconds; releasing for each (17.5 s of a core at country scale)
   * also emptied every cached public chart once a minute.
   */
  public static final java.util.Set<String> READS = java.util.Set.of("rollup_school_score", "dim_school", "dim_province",
      "dim_esa");

  /** From this warehouse version on, every commit is seen ({@link #follow}); before, any move releases. */
  private volatile long followingFrom = Long.MAX_VALUE;
  /** The newest commit seen that changed a table the release reads. */
  private final java.util.concurrent.atomic.AtomicLong newestRelevant = new java.util.concurrent.atomic.AtomicLong(-1);

  /** Why the releases fail, since when; null while they succeed (health reports it: the public pages go stale). */
  private volatile Failing failing;

  /** {@code shown}: the release the public pages still show (its warehouse version), null for none or unknown. */
  private record Failing(java.time.Instant since, String error, Long shown) {
  }

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

  private boolean snapshotRunning() throws SQLException {
    try (java.sql.Statement st = connection.createStatement();
         java.sql.ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("snapshot_running"))) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  private boolean madeUnderTheseRules() throws SQLException {
    return ScoreRelease.lastRelease(connection).map(r -> r.rulesFingerprint().equals(rules.fingerprint())).orElse(false);
  }

  private void releaseIfMoved() {
    boolean sameRules = true;
    try {
      long version = ScoreRelease.warehouseVersion(connection);
      Long released = ScoreRelease.releasedVersion(connection);
      sameRules = madeUnderTheseRules();
      boolean moved = released == null || !sameRules
          || (released < followingFrom ? released != version : newestRelevant.get() > released);
      if (moved && snapshotRunning()) {
        // a snapshot still under way is a warehouse not yet whole: its public numbers would be partial (and, under
        // the release policy, a cell published early could not take in what arrives after it in steps under k)
        LOG.debug("public release waits: a source's snapshot is under way");
        moved = false;
      }
      if (moved) {
        ScoreRelease.Result r = ScoreRelease.release(connection, rules);
        LOG.info(r.summary());
        if (failing != null) {
          LOG.info("public release succeeds again (failing since {})", failing.since());
        }
        var release = new org.satit.warehouse.writer.WarehouseWriter.Commit(version, java.time.Instant.now(),
            java.util.Set.of("published_score_cell"));
        for (var l : listeners) {
          l.accept(release);
        }
      }
      failing = null;
    } catch (SQLException | RuntimeException e) {
      // the previous release stays published when it follows these rules; the next round tries again
      LOG.warn("public release failed: {}", e.getMessage(), e);
      Failing before = failing;
      Long shown = null;
      try {
        shown = ScoreRelease.releasedVersion(connection); // here, on the thread that owns the connection
      } catch (SQLException | RuntimeException unknown) {
        LOG.debug("released version unknown: {}", unknown.getMessage());
      }
      failing = new Failing(before != null ? before.since() : java.time.Instant.now(), String.valueOf(e.getMessage()),
          shown);
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

  /**
   * Follows the writer's commits, so that a release runs only when a table it reads changed. Commits before this call
   * (and those of an earlier run) are covered by releasing once whenever the warehouse moved.
   */
  public void follow(org.satit.warehouse.writer.WarehouseWriter writer) throws SQLException, InterruptedException {
    writer.onCommit(this::seen);
    // read after the listener is in, so no commit falls between; on the releaser's thread, which owns the connection
    try {
      followingFrom = timer.submit(() -> ScoreRelease.warehouseVersion(connection)).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof SQLException q ? q : new SQLException(e.getCause());
    }
  }

  /** A writer commit: remembered when it changed what the release reads. */
  void seen(org.satit.warehouse.writer.WarehouseWriter.Commit commit) {
    if (commit.tables().stream().anyMatch(READS::contains)) {
      newestRelevant.accumulateAndGet(commit.version(), Math::max);
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

  /**
   * Why the public release fails, while it does: since when, the error, and which release the public pages show
   * instead (health reports it as {@code publicStale}).
   */
  public java.util.Optional<String> problem() {
    Failing f = failing;
    if (f == null) {
      return java.util.Optional.empty();
    }
    String shown = f.shown() == null ? "no release (or an unknown one)" : "the release of warehouse version " + f.shown();
    return java.util.Optional.of("the public release fails since " + f.since() + ": " + f.error()
        + "; the public pages show " + shown);
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

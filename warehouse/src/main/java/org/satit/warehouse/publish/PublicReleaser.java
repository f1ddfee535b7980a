package org.satit.warehouse.publish;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the public releases: the first when there is none, then on the schedule ({@link ReleaseSchedule}: daily at a
 * time, or every so long) when a table the release reads changed since the last, and when an admin asks
 * ({@link #publishNow}). Public numbers therefore show the warehouse as of the last release; they never bypass the
 * disclosure engine. A release made under other disclosure rules than the configured ones (a raised k, say) is never
 * served: the releaser releases again before its constructor returns, and should that fail (or a snapshot be under
 * way), withholds the public cells until a release succeeds.
 */
public final class PublicReleaser implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PublicReleaser.class);

  private final DuckDBConnection connection;
  private final DisclosureRules rules;
  private final ReleaseSchedule schedule;
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

  /** The latest scheduled moment a round acted on (released, or found nothing to release); null before the first. */
  private volatile Instant handledDue;

  /** From this warehouse version on, every commit is seen ({@link #follow}); before, any move releases. */
  private volatile long followingFrom = Long.MAX_VALUE;
  /** The newest commit seen that changed a table the release reads. */
  private final java.util.concurrent.atomic.AtomicLong newestRelevant = new java.util.concurrent.atomic.AtomicLong(-1);

  /** Why the releases fail, since when; null while they succeed (health reports it: the public pages go stale). */
  private volatile Failing failing;

  /** {@code shown}: the release the public pages still show (its warehouse version), null for none or unknown. */
  private record Failing(Instant since, String error, Long shown) {
  }

  public PublicReleaser(DuckDBConnection warehouse, DisclosureRules rules, ReleaseSchedule schedule) throws SQLException {
    this.connection = (DuckDBConnection) warehouse.duplicate();
    this.rules = rules;
    this.schedule = schedule;
    if (!madeUnderTheseRules()) {
      releaseIf(Due.NOW); // before anything is served: there is no release, or its numbers follow other rules
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "satit-public-release");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> releaseIf(Due.ON_SCHEDULE), 0, schedule.tick().toMillis(), TimeUnit.MILLISECONDS);
  }

  public ReleaseSchedule schedule() {
    return schedule;
  }

  /** The latest scheduled moment a round acted on (for tests: a change after it waits for the next); null before. */
  Instant momentActedOn() {
    return handledDue;
  }

  /** Whether a round releases: only when its time came, or at once (a start, a tool, an admin). */
  private enum Due {
    ON_SCHEDULE, NOW
  }

  private boolean snapshotRunning() throws SQLException {
    try (java.sql.Statement st = connection.createStatement();
         java.sql.ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("snapshot_running"))) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }

  private boolean holdsResults() throws SQLException {
    try (java.sql.Statement st = connection.createStatement();
         java.sql.ResultSet rs = st.executeQuery(PublicScoreCells.SQL.get("has_school_cells"))) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  private boolean madeUnderTheseRules() throws SQLException {
    return ScoreRelease.lastRelease(connection).map(r -> r.rulesFingerprint().equals(rules.fingerprint())).orElse(false);
  }

  private ScoreRelease.Result releaseIf(Due due) {
    return releaseIf(due, ScoreRelease.Occasion.of(ScoreRelease.Kind.DIRECT));
  }

  /** One round: releases when due and moved (or the rules differ, or there is none); the release made, or null. */
  private ScoreRelease.Result releaseIf(Due due, ScoreRelease.Occasion asked) {
    boolean sameRules = true;
    try {
      long version = ScoreRelease.warehouseVersion(connection);
      Optional<ScoreRelease.Released> last = ScoreRelease.lastRelease(connection);
      Long released = last.map(ScoreRelease.Released::warehouseVersion).orElse(null);
      sameRules = last.map(r -> r.rulesFingerprint().equals(rules.fingerprint())).orElse(false); // read once a round
      boolean moved = released == null || !sameRules
          || (released < followingFrom ? released != version : newestRelevant.get() > released);
      // a scheduled moment passed since the last round that acted on one (at a start: since the last release, so a
      // moment missed while satit was down is caught up once)
      Instant moment = schedule.lastDue(Instant.now());
      Instant handled = handledDue != null ? handledDue : last.map(ScoreRelease.Released::releasedAt).orElse(Instant.EPOCH);
      boolean now = due == Due.NOW || last.isEmpty() || !sameRules || moment.isAfter(handled);
      if (!now) {
        failing = null;
        return null;
      }
      if (!moved) {
        if (due == Due.ON_SCHEDULE) {
          handledDue = moment; // nothing changed by this moment: the next release waits for the next one
        }
        failing = null;
        return null;
      }
      if (last.isEmpty() && !holdsResults()) {
        LOG.debug("the first public release waits: the warehouse holds no results yet");
        failing = null;
        return null;
      }
      if (snapshotRunning()) {
        // a snapshot still under way is a warehouse not yet whole: its public numbers would be partial (and, under
        // the release policy, a cell published early could not take in what arrives after it in steps under k); the
        // next round asks again
        LOG.debug("public release waits: a source's snapshot is under way");
        if (!sameRules && released != null) {
          withhold();
        }
        failing = null;
        return null;
      }
      ScoreRelease.Occasion occasion = last.isEmpty() ? ScoreRelease.Occasion.of(ScoreRelease.Kind.FIRST)
          : !sameRules ? ScoreRelease.Occasion.of(ScoreRelease.Kind.RULES)
          : due == Due.ON_SCHEDULE ? ScoreRelease.Occasion.of(ScoreRelease.Kind.SCHEDULED) : asked;
      ScoreRelease.Result r = ScoreRelease.release(connection, rules, ReleasePolicy.STEPS_OF_K, occasion);
      if (due == Due.ON_SCHEDULE) {
        handledDue = moment;
      }
      LOG.info("{} ({}{})", r.summary(), occasion.kind().id(), occasion.by() == null ? "" : " by " + occasion.by());
      if (failing != null) {
        LOG.info("public release succeeds again (failing since {})", failing.since());
      }
      var release = new org.satit.warehouse.writer.WarehouseWriter.Commit(version, Instant.now(),
          java.util.Set.of("published_score_cell"));
      for (var l : listeners) {
        l.accept(release);
      }
      failing = null;
      return r;
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
      failing = new Failing(before != null ? before.since() : Instant.now(), String.valueOf(e.getMessage()),
          shown);
      if (!sameRules) {
        withhold();
      }
      return null;
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
    onTimer(() -> releaseIf(Due.NOW));
  }

  /**
   * An admin's Publish now: releases if a table the release reads changed since the last release (or the rules
   * differ), recording who asked; returns the release made, or empty when there was nothing new to publish.
   */
  public Optional<ScoreRelease.Result> publishNow(String admin) throws InterruptedException {
    return Optional.ofNullable(onTimer(() -> releaseIf(Due.NOW,
        new ScoreRelease.Occasion(ScoreRelease.Kind.ADMIN, admin))));
  }

  /** The last release as the warehouse records it (read on the releaser's thread, which owns the connection). */
  public Optional<ScoreRelease.Released> last() throws InterruptedException {
    return onTimer(() -> {
      try {
        return ScoreRelease.lastRelease(connection);
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    });
  }

  private <T> T onTimer(java.util.concurrent.Callable<T> work) throws InterruptedException {
    try {
      return timer.submit(work).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Why the public release fails, while it does: since when, the error, and which release the public pages show
   * instead (health reports it as {@code publicStale}).
   */
  public Optional<String> problem() {
    Failing f = failing;
    if (f == null) {
      return Optional.empty();
    }
    String shown = f.shown() == null ? "no release (or an unknown one)" : "the release of warehouse version " + f.shown();
    return Optional.of("the public release fails since " + f.since() + ": " + f.error()
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

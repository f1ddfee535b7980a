package org.satit.ingest.cdc;

import org.satit.ingest.spec.RefusedStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ingest job going, in the local MiniCluster and on a Flink cluster alike. Flink restarts a failing
 * job itself ({@link #restartPolicy}: a source down for a moment costs a few restarts); a job that keeps
 * failing ends, and the supervisor starts it again from its latest retained checkpoint, so ingest never gives
 * up on its own. A job that failed in a way no checkpoint can get past ({@link WedgedCheckpoint}) is started
 * afresh instead: its checkpoints are discarded and the owner snapshots the sources again into the same
 * warehouse (rows replaced, vanished rows swept, quarantine once, pseudonyms kept). A job cancelled by an
 * operator is left alone. Also deletes earlier jobs' checkpoint folders once the running job has its own.
 */
final class JobSupervisor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobSupervisor.class);
  /** Flink restarts a failing job at most this often in {@link #FAILURE_WINDOW} before the job ends. */
  static final int FAILURES_PER_WINDOW = 10;
  static final Duration FAILURE_WINDOW = Duration.ofMinutes(2);
  private static final Duration RESTART_DELAY = Duration.ofSeconds(2);
  private static final Duration RELAUNCH_DELAY = Duration.ofSeconds(5);

  /**
   * Starts the job: from the latest checkpoint under the folder when it is proven against the sources, or afresh
   * ({@link StartPoint}). {@code freshReason}: why the supervisor discarded the checkpoints (null: it did not).
   */
  interface Launch {
    void run(String freshReason) throws Exception;
  }

  /** Cancels the job now running and waits until it has ended (nothing is done when none runs). */
  interface Cancel {
    void run() throws Exception;
  }

  private final String where;
  private final Path checkpointDir;
  private final Launch launch;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "satit-ingest-supervisor");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger relaunches = new AtomicInteger();
  private final AtomicInteger freshStarts = new AtomicInteger();
  private final java.util.Set<String> cancelledHere = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Supplier<String> currentJob;
  private volatile Cancel cancel = () -> { };
  private volatile boolean refuse;
  private volatile String refused;
  private volatile boolean breaking;
  private volatile boolean closed;

  /** {@code currentJob}: the id of the job now running (its checkpoint folder's name), for pruning. */
  JobSupervisor(String where, Path checkpointDir, Launch launch, Supplier<String> currentJob) {
    this.where = where;
    this.checkpointDir = checkpointDir;
    this.launch = launch;
    this.currentJob = currentJob;
    executor.scheduleWithFixedDelay(() -> pruneEarlierJobs(currentJob.get()), 1, 1, TimeUnit.MINUTES);
  }

  /** Flink's own restarts: at most {@link #FAILURES_PER_WINDOW} in {@link #FAILURE_WINDOW}, then the job ends. */
  static void restartPolicy(Configuration conf) {
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, FAILURES_PER_WINDOW);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL, FAILURE_WINDOW);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, RESTART_DELAY);
  }

  /**
   * Watches a started job: {@code ended} completes when it ends (exceptionally with its failure; cancelled when
   * an operator cancelled it).
   */
  void watch(String jobId, CompletableFuture<?> ended) {
    ended.whenComplete((result, failure) -> ended(jobId, failure));
  }

  /** Runs a task every {@code period} on the supervisor's thread until it returns true or the supervisor closes. */
  void every(Duration period, java.util.concurrent.Callable<Boolean> task) {
    try {
      executor.schedule(() -> {
        boolean done;
        try {
          done = task.call();
        } catch (Exception e) {
          LOG.debug("supervision task failed: {}", e.toString());
          done = false;
        }
        if (!done && !closed) {
          every(period, task);
        }
      }, period.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // closed meanwhile
    }
  }

  /** How to cancel the running job, and whether a broken stream stops ingest instead of snapshotting afresh. */
  void breakPolicy(Cancel cancel, boolean refuse) {
    this.cancel = cancel;
    this.refuse = refuse;
  }

  /**
   * A source's stream cannot be trusted any more (reported by the applier): the job is cancelled, its
   * checkpoints discarded and the job started afresh with the reason, or, with {@code refuse}, ingest stops
   * and {@link #refused} says why. Further reports of the same break are ignored.
   */
  void streamBroken(String reason) {
    if (closed || breaking) {
      return;
    }
    breaking = true;
    LOG.error("resnapshot: the stream of the running ingest job cannot be trusted: {}; {}", reason,
        refuse ? "stopping ingest (ingest.onInvalidCheckpoint is refuse)" : "snapshotting the sources afresh");
    try {
      executor.execute(() -> {
        try {
          String running = currentJob.get();
          if (running != null) {
            cancelledHere.add(running);
          }
          cancel.run();
          if (refuse) {
            refused = reason;
            return;
          }
          relaunches.incrementAndGet();
          freshStarts.incrementAndGet();
          discardCheckpoints(checkpointDir);
          launch.run(reason);
        } catch (Exception e) {
          LOG.error("could not start the ingest job afresh; trying again in {} s", RELAUNCH_DELAY.toSeconds(), e);
          scheduleLaunch(reason);
        } finally {
          breaking = false;
        }
      });
    } catch (RejectedExecutionException closing) {
      breaking = false;
    }
  }

  /** Why ingest stopped instead of snapshotting afresh ({@code refuse}), if it did. */
  java.util.Optional<String> refused() {
    return java.util.Optional.ofNullable(refused);
  }

  private void ended(String jobId, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (closed || cancelledHere.remove(jobId)) {
      return;
    }
    if (cause instanceof CancellationException) {
      LOG.warn("ingest job {} was cancelled {}: not starting it again (restart satit to submit it)", jobId, where);
      return;
    }
    boolean wedged = WedgedCheckpoint.recognises(cause);
    java.util.Optional<String> lost = LostLogPosition.reason(cause);
    if (lost.isPresent()) {
      LOG.error("resnapshot: ingest job {} cannot go on from its checkpoints: {}; " + LocalIngest.FRESH_AFTER_WEDGE,
          jobId, lost.get());
      relaunches.incrementAndGet();
      scheduleLaunch(lost.get());
      return;
    }
    if (wedged) {
      LOG.error("ingest job {} cannot go on from its checkpoints (Flink CDC's MySQL source lost track of its"
          + " snapshot after the source restarted at the end of a snapshot: FLINK-40052); " + LocalIngest.FRESH_AFTER_WEDGE,
          jobId, cause);
    } else {
      LOG.error("ingest job {} ended {}{}; starting it again from its latest checkpoint in {} s", jobId, where,
          cause == null ? "" : " after failing " + FAILURES_PER_WINDOW + " times in " + FAILURE_WINDOW,
          RELAUNCH_DELAY.toSeconds(), cause);
    }
    relaunches.incrementAndGet();
    scheduleLaunch(wedged ? WEDGED : null);
  }

  /** The reason recorded for the fresh snapshot after the FLINK-40052 wedge. */
  static final String WEDGED = "the MySQL source's checkpoint is wedged (FLINK-40052)";

  /**
   * Starts the job again on the supervisor's thread (the one that also prunes checkpoints); afresh, its
   * checkpoints discarded, when {@code freshReason} is set.
   */
  private void scheduleLaunch(String freshReason) {
    try {
      executor.schedule(() -> {
        if (closed) {
          return;
        }
        try {
          if (freshReason != null) {
            discardCheckpoints(checkpointDir);
            freshStarts.incrementAndGet();
          }
          launch.run(freshReason);
        } catch (RefusedStart e) {
          refused = e.getMessage();
          LOG.error("ingest stopped: {}", e.getMessage());
        } catch (Exception e) {
          LOG.error("could not start the ingest job again; trying again in {} s", RELAUNCH_DELAY.toSeconds(), e);
          scheduleLaunch(freshReason); // discarding again is harmless: a launch that failed made no checkpoint
        }
      }, RELAUNCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // closed meanwhile
    }
  }

  /** Deletes every retained checkpoint under the folder (the next start snapshots afresh). */
  static void discardCheckpoints(Path checkpointDir) throws IOException {
    if (!Files.isDirectory(checkpointDir)) {
      return;
    }
    try (Stream<Path> jobs = Files.list(checkpointDir)) {
      for (Path dir : jobs.toList()) {
        deleteTree(dir);
      }
    }
  }

  /**
   * Deletes the checkpoint folders of earlier jobs (every start and restart is a new job with its own folder)
   * once the running job has completed a checkpoint of its own, from which any next start resumes.
   */
  private void pruneEarlierJobs(String running) {
    if (running == null || closed) {
      return;
    }
    Path own = checkpointDir.resolve(running);
    try (Stream<Path> chk = Files.isDirectory(own) ? Files.list(own) : Stream.empty()) {
      if (chk.noneMatch(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))) {
        return;
      }
    } catch (IOException e) {
      return;
    }
    try (Stream<Path> jobs = Files.list(checkpointDir)) {
      for (Path dir : jobs.filter(p -> !p.equals(own) && Files.isDirectory(p)).toList()) {
        deleteTree(dir);
        LOG.debug("deleted the checkpoints of an earlier ingest job: {}", dir);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete the checkpoints of earlier ingest jobs under {}: {}", checkpointDir, e.toString());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** How often an ended job was started again by satit (not counting Flink's own restarts). */
  int relaunches() {
    return relaunches.get();
  }

  /** How many of those discarded the checkpoints and snapshotted afresh. */
  int freshStarts() {
    return freshStarts.get();
  }

  /** Stops watching and starting; a job still running keeps running. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }
}

package org.satit.ingest.cdc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingest job in a Flink MiniCluster inside this JVM, with checkpoints retained under the
 * data directory. A start finds the latest retained checkpoint and resumes from it (no re-snapshot);
 * with none, the job snapshots the sources first.
 *
 * <p>Flink restarts a failing job itself (a source down for a moment: a few restarts). A job that keeps
 * failing ends; then this class starts it again from the latest retained checkpoint, so ingest never gives
 * up on its own. A job that fails in a way no checkpoint can get past ({@link WedgedCheckpoint}) is started
 * afresh instead: its checkpoints are discarded and the sources snapshotted again into the warehouse, whose
 * rows are replaced and swept of rows that vanished meanwhile; nothing is lost, the pseudonyms stay.
 */
public final class LocalIngest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalIngest.class);
  /** Flink restarts a failing job at most this often in {@link #FAILURE_WINDOW} before the job ends. */
  static final int FAILURES_PER_WINDOW = 10;
  static final Duration FAILURE_WINDOW = Duration.ofMinutes(2);
  /** What the log says when a wedged job is started afresh (the chaos suite counts it). */
  public static final String FRESH_AFTER_WEDGE = "discarding its checkpoints and snapshotting the sources afresh";
  private static final Duration RESTART_DELAY = Duration.ofSeconds(2);
  private static final Duration RELAUNCH_DELAY = Duration.ofSeconds(5);

  private final Path checkpointDir;
  private final List<CdcSource> sources;
  private final ChangeApplier applier;
  private final IngestJob.Settings settings;
  private final String applierName;
  private final Optional<Path> restoredFrom;
  private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "satit-ingest-supervisor");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger relaunches = new AtomicInteger();
  private final AtomicInteger freshStarts = new AtomicInteger();
  private volatile JobClient job;
  private volatile boolean closed;

  private LocalIngest(Path checkpointDir, List<CdcSource> sources, ChangeApplier applier, IngestJob.Settings settings,
                      Optional<Path> restoredFrom) {
    this.checkpointDir = checkpointDir;
    this.sources = List.copyOf(sources);
    this.applier = applier;
    this.settings = settings;
    this.applierName = "local-" + UUID.randomUUID();
    this.restoredFrom = restoredFrom;
  }

  public static LocalIngest start(Path checkpointDir, List<CdcSource> sources, ChangeApplier applier,
                                  IngestJob.Settings settings) throws Exception {
    Files.createDirectories(checkpointDir);
    LocalIngest ingest = new LocalIngest(checkpointDir, sources, applier, settings, latestCheckpoint(checkpointDir));
    LocalAppliers.register(ingest.applierName, applier);
    try {
      ingest.launch();
      ingest.supervisor.scheduleWithFixedDelay(ingest::pruneEarlierJobs, 1, 1, TimeUnit.MINUTES);
    } catch (Exception e) {
      ingest.close();
      throw e;
    }
    return ingest;
  }

  private synchronized void launch() throws Exception {
    if (closed) {
      return;
    }
    Optional<Path> latest = latestCheckpoint(checkpointDir);
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, FAILURES_PER_WINDOW);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL, FAILURE_WINDOW);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, RESTART_DELAY);
    latest.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
    if (latest.isEmpty()) {
      applier.beforeFreshSnapshot(sources);
      LOG.info("reference tables loaded: {} rows", ReferencePreload.load(sources, applier));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
        Math.max(1, settings.sourceParallelism()), conf);
    IngestJob.define(env, sources, LocalAppliers.factory(applierName), settings);
    JobClient client = env.executeAsync("satit ingest");
    job = client;
    LOG.info("ingest job {} started{}", client.getJobID(),
        latest.map(p -> ", resuming from checkpoint " + p).orElse(" with a fresh snapshot"));
    client.getJobExecutionResult().whenComplete((result, failure) -> ended(client, failure));
  }

  /** The job ended (it never finishes by itself): start it again unless satit is closing. */
  private void ended(JobClient client, Throwable failure) {
    if (closed) {
      return;
    }
    boolean wedged = WedgedCheckpoint.recognises(failure);
    if (wedged) {
      LOG.error("ingest job {} cannot go on from its checkpoints (Flink CDC's MySQL source lost track of its"
          + " snapshot after the source restarted at the end of a snapshot: FLINK-40052); " + FRESH_AFTER_WEDGE,
          client.getJobID(), failure);
    } else {
      LOG.error("ingest job {} ended after failing {} times in {}; starting it again from its latest checkpoint in {} s",
          client.getJobID(), FAILURES_PER_WINDOW, FAILURE_WINDOW, RELAUNCH_DELAY.toSeconds(), failure);
    }
    relaunches.incrementAndGet();
    scheduleLaunch(wedged);
  }

  /** Starts the job again on the supervisor's thread (the one that also prunes checkpoints), afresh if wedged. */
  private void scheduleLaunch(boolean afresh) {
    try {
      supervisor.schedule(() -> {
        try {
          if (afresh) {
            discardCheckpoints();
            freshStarts.incrementAndGet();
          }
          launch();
        } catch (Exception e) {
          LOG.error("could not start the ingest job again; trying again in {} s", RELAUNCH_DELAY.toSeconds(), e);
          scheduleLaunch(afresh && !latestCheckpointGone());
        }
      }, RELAUNCH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // closed meanwhile
    }
  }

  private boolean latestCheckpointGone() {
    try {
      return latestCheckpoint(checkpointDir).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private void discardCheckpoints() throws IOException {
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
  private void pruneEarlierJobs() {
    JobClient running = job;
    if (running == null || closed) {
      return;
    }
    Path own = checkpointDir.resolve(running.getJobID().toString());
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

  /** How often the ended job was started again by this class (not counting Flink's own restarts). */
  public int relaunches() {
    return relaunches.get();
  }

  /** How many of those restarts discarded the checkpoints and snapshotted afresh. */
  public int freshStarts() {
    return freshStarts.get();
  }

  /** The checkpoint this run resumed from, if any. */
  public Optional<Path> restoredFrom() {
    return restoredFrom;
  }

  /** The newest completed checkpoint ({@code chk-N} with its {@code _metadata}) under the directory. */
  public static Optional<Path> latestCheckpoint(Path checkpointDir) throws IOException {
    if (!Files.isDirectory(checkpointDir)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(checkpointDir)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(job -> {
            try {
              return Files.list(job).filter(p -> p.getFileName().toString().startsWith("chk-")
                  && Files.exists(p.resolve("_metadata"))).toList().stream();
            } catch (IOException e) {
              return Stream.empty();
            }
          })
          .max(Comparator.comparingLong(LocalIngest::modified));
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() throws Exception {
    closed = true;
    supervisor.shutdownNow();
    try {
      synchronized (this) {
        JobClient running = job;
        if (running != null) {
          try {
            running.cancel().get(60, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            // the job had ended already (failed, waiting to be started again)
            LOG.debug("ingest job {} was not running: {}", running.getJobID(), e.getMessage());
          }
        }
      }
    } finally {
      LocalAppliers.unregister(applierName);
    }
  }
}

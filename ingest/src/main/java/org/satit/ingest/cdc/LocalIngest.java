package org.satit.ingest.cdc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingest job in a Flink MiniCluster inside this JVM, with checkpoints retained under the
 * data directory. A start finds the latest retained checkpoint and resumes from it (no re-snapshot);
 * with none, the job snapshots the sources first. A {@link JobSupervisor} starts the job again when it
 * ends (from its checkpoint, or afresh when the checkpoint is wedged).
 */
public final class LocalIngest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalIngest.class);
  /** What the log says when a wedged job is started afresh (the chaos suite counts it). */
  public static final String FRESH_AFTER_WEDGE = "discarding its checkpoints and snapshotting the sources afresh";

  private final Path checkpointDir;
  private final List<CdcSource> sources;
  private final ChangeApplier applier;
  private final IngestJob.Settings settings;
  private final String applierName;
  private volatile Optional<Path> restoredFrom;
  private final JobSupervisor supervisor;
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
    this.supervisor = new JobSupervisor("in the local MiniCluster", checkpointDir, this::launch,
        () -> job == null ? null : job.getJobID().toString());
    supervisor.breakPolicy(this::cancelRunning, settings.refuseInvalidCheckpoint());
    applier.onStreamBroken(supervisor::streamBroken);
  }

  public static LocalIngest start(Path checkpointDir, List<CdcSource> sources, ChangeApplier applier,
                                  IngestJob.Settings settings) throws Exception {
    Files.createDirectories(checkpointDir);
    LocalIngest ingest = new LocalIngest(checkpointDir, sources, applier, settings, latestCheckpoint(checkpointDir));
    LocalAppliers.register(ingest.applierName, applier);
    try {
      ingest.launch(null);
    } catch (Exception e) {
      ingest.close();
      throw e;
    }
    return ingest;
  }

  private synchronized void launch(String freshReason) throws Exception {
    if (closed) {
      return;
    }
    Optional<Path> latest = StartPoint.choose(checkpointDir, sources, applier, settings.refuseInvalidCheckpoint(),
        freshReason);
    if (job == null) {
      restoredFrom = latest; // the first start: what it resumed, if anything
    }
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    JobSupervisor.restartPolicy(conf);
    latest.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
        Math.max(1, settings.sourceParallelism()), conf);
    IngestJob.define(env, sources, LocalAppliers.factory(applierName), applier.pseudonymKey(), settings);
    JobClient client = env.executeAsync("satit ingest");
    job = client;
    LOG.info("ingest job {} started{}", client.getJobID(),
        latest.map(p -> ", resuming from checkpoint " + p).orElse(" with a fresh snapshot"));
    supervisor.watch(client.getJobID().toString(), client.getJobExecutionResult());
  }

  /** Cancels the running job, if any, and waits until it has ended. */
  private void cancelRunning() throws Exception {
    JobClient running = job;
    if (running == null) {
      return;
    }
    try {
      running.cancel().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.debug("ingest job {} was not running: {}", running.getJobID(), e.getMessage());
    }
    try {
      running.getJobExecutionResult().get(60, TimeUnit.SECONDS);
    } catch (Exception ended) {
      // cancelled: its end is what was waited for
    }
  }

  /** Why ingest stopped instead of snapshotting afresh (ingest.onInvalidCheckpoint: refuse), if it did. */
  public Optional<String> refused() {
    return supervisor.refused();
  }

  /** How often the ended job was started again by satit (not counting Flink's own restarts). */
  public int relaunches() {
    return supervisor.relaunches();
  }

  /** How many of those restarts discarded the checkpoints and snapshotted afresh. */
  public int freshStarts() {
    return supervisor.freshStarts();
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
    supervisor.close();
    try {
      synchronized (this) {
        JobClient running = job;
        if (running != null) {
          try {
            running.cancel().get(60, TimeUnit.SECONDS);
            awaitEnd(running);
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

  /**
   * Waits until the cancelled job has ended (all its tasks stopped; up to 60 s): a cancel is only acknowledged at
   * once, and a task still stopping could otherwise touch the source after close (Flink CDC makes its publication
   * again when a reader starts).
   */
  private static void awaitEnd(JobClient job) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
               | IllegalStateException gone) {
        return; // the cluster no longer knows the job, or is shut down with it: it ended
      }
      Thread.sleep(100);
    }
    LOG.warn("ingest job {} had not ended 60 s after it was cancelled", job.getJobID());
  }
}

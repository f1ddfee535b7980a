package org.satit.ingest.cdc;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.SerializedThrowable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingest job on a Flink cluster: builds the same job graph as {@link LocalIngest}, with a sink that
 * sends its batches to this server's ingest endpoint ({@link RemoteApplier}), and submits it through the
 * JobManager's REST API. satit's classes must be on the cluster's classpath (the compose deployment puts
 * satit's jar in Flink's {@code lib/}). A job already running under the same name is kept, not submitted
 * twice; otherwise the job resumes from the latest retained checkpoint under {@code checkpointDir} (a
 * folder the JobManager, the TaskManagers and this server share), or loads the reference tables and
 * snapshots afresh. While this server runs, a {@link JobSupervisor} watches the job over REST and submits it
 * again when it ends (from its checkpoint, or afresh when the checkpoint is wedged); a job an operator
 * cancelled is left alone.
 */
public final class ClusterIngest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterIngest.class);
  public static final String JOB_NAME = "satit ingest";
  private static final java.time.Duration POLL = java.time.Duration.ofSeconds(5);

  private final RestClusterClient<StandaloneClusterId> client;
  private final URI restUrl;
  private final Path checkpointDir;
  private final List<CdcSource> sources;
  private final ChangeApplier local;
  private final RemoteApplier.Factory remote;
  private final PseudonymKey key;
  private final IngestJob.Settings settings;
  private final JobSupervisor supervisor;
  private volatile JobID job;
  private volatile Optional<Path> restoredFrom = Optional.empty();
  private volatile boolean attached;

  private ClusterIngest(RestClusterClient<StandaloneClusterId> client, URI restUrl, Path checkpointDir,
                        List<CdcSource> sources, ChangeApplier local, RemoteApplier.Factory remote, PseudonymKey key,
                        IngestJob.Settings settings) {
    this.client = client;
    this.key = key;
    this.restUrl = restUrl;
    this.checkpointDir = checkpointDir;
    this.sources = List.copyOf(sources);
    this.local = local;
    this.remote = remote;
    this.settings = settings;
    this.supervisor = new JobSupervisor("on the Flink cluster at " + restUrl, checkpointDir, this::launch,
        () -> job == null ? null : job.toString());
    supervisor.breakPolicy(this::cancelRunning, settings.refuseInvalidCheckpoint());
    local.onStreamBroken(supervisor::streamBroken);
  }

  /**
   * Submits (or finds) the job and watches it while this server runs. {@code local}: the server's own applier,
   * for what happens before a fresh snapshot (the vanished-row sweep and the reference tables); {@code remote}:
   * what the job's sink uses; {@code key}: where the TaskManagers find the pseudonym key file (the job pseudonymises
   * before its sink, so batches carry nothing personal).
   */
  public static ClusterIngest submit(URI restUrl, Path checkpointDir, List<CdcSource> sources, ChangeApplier local,
                                     RemoteApplier.Factory remote, PseudonymKey key, IngestJob.Settings settings)
      throws Exception {
    Configuration clientConf = new Configuration();
    clientConf.set(RestOptions.ADDRESS, restUrl.getHost());
    clientConf.set(RestOptions.PORT, restUrl.getPort() < 0 ? 8081 : restUrl.getPort());
    RestClusterClient<StandaloneClusterId> client = new RestClusterClient<>(clientConf, StandaloneClusterId.getInstance());
    ClusterIngest ingest = new ClusterIngest(client, restUrl, checkpointDir, sources, local, remote, key, settings);
    try {
      for (JobStatusMessage j : client.listJobs().get()) {
        if (JOB_NAME.equals(j.getJobName()) && !j.getJobState().isGloballyTerminalState()) {
          LOG.info("ingest job {} is already {} on the Flink cluster at {}: keeping it", j.getJobId(), j.getJobState(), restUrl);
          ingest.job = j.getJobId();
          ingest.attached = true;
          ingest.supervisor.watch(j.getJobId().toString(), ingest.endOf(j.getJobId()));
          return ingest;
        }
      }
      java.nio.file.Files.createDirectories(checkpointDir);
      ingest.launch(null);
      return ingest;
    } catch (Exception e) {
      ingest.close();
      throw e;
    }
  }

  private synchronized void launch(String freshReason) throws Exception {
    Optional<Path> latest = StartPoint.choose(checkpointDir, sources, local, settings.refuseInvalidCheckpoint(),
        freshReason);
    if (job == null) {
      restoredFrom = latest;
    }
    Configuration jobConf = new Configuration();
    jobConf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    jobConf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    JobSupervisor.restartPolicy(jobConf);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(jobConf);
    IngestJob.define(env, sources, remote, key, settings);
    org.apache.flink.streaming.api.graph.StreamGraph stream = env.getStreamGraph();
    stream.setJobName(JOB_NAME);
    JobGraph graph = stream.getJobGraph();
    latest.ifPresent(p -> graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(p.toUri().toString(), false)));
    JobID id = client.submitJob(graph).get();
    job = id;
    LOG.info("ingest job {} submitted to the Flink cluster at {}{}", id, restUrl,
        latest.map(p -> ", resuming from checkpoint " + p).orElse(" with a fresh snapshot"));
    supervisor.watch(id.toString(), endOf(id));
  }

  /**
   * Completes when the job ends on the cluster, as its REST API says (polled): exceptionally with the job's
   * failure, cancelled when it was cancelled.
   */
  private CompletableFuture<Void> endOf(JobID id) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    supervisor.every(POLL, () -> {
      JobStatus status = client.getJobStatus(id).get(30, TimeUnit.SECONDS);
      if (!status.isGloballyTerminalState()) {
        return false;
      }
      if (status == JobStatus.CANCELED) {
        ended.cancel(false);
      } else if (status == JobStatus.FAILED) {
        Optional<SerializedThrowable> failure = client.requestJobResult(id).get(30, TimeUnit.SECONDS).getSerializedThrowable();
        ended.completeExceptionally(failure.map(f -> f.deserializeError(ClusterIngest.class.getClassLoader()))
            .orElseGet(() -> new IllegalStateException("the job failed without a cause")));
      } else {
        ended.complete(null);
      }
      return true;
    });
    return ended;
  }

  public JobID jobId() {
    return job;
  }

  /** The checkpoint the first submitted job resumed from, if any (empty also when an existing job was kept). */
  public Optional<Path> restoredFrom() {
    return restoredFrom;
  }

  /** Whether a job already running on the cluster was kept instead of submitting one. */
  public boolean attached() {
    return attached;
  }

  /** How often an ended job was submitted again by this server. */
  public int relaunches() {
    return supervisor.relaunches();
  }

  /** Cancels the job on the cluster, if one runs, and waits until it is cancelled. */
  private void cancelRunning() throws Exception {
    JobID running = job;
    if (running == null) {
      return;
    }
    try {
      client.cancel(running).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      LOG.debug("ingest job {} was not running: {}", running, e.getMessage());
    }
    for (int i = 0; i < 120 && !client.getJobStatus(running).get(30, TimeUnit.SECONDS).isGloballyTerminalState(); i++) {
      Thread.sleep(500);
    }
  }

  /** Why ingest stopped instead of snapshotting afresh (ingest.onInvalidCheckpoint: refuse), if it did. */
  public Optional<String> refused() {
    return supervisor.refused();
  }

  /** Cancels the job on the cluster (its retained checkpoints stay for the next submission). */
  public void cancel() throws Exception {
    client.cancel(job).get();
  }

  /** Lets go of the cluster; the job keeps running there (and waits for this server when it is down). */
  @Override
  public void close() {
    supervisor.close();
    client.close();
  }
}

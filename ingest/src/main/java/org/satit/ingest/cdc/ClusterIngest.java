package org.satit.ingest.cdc;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ingest job on a Flink cluster: builds the same job graph as {@link LocalIngest}, with a sink that
 * sends its batches to this server's ingest endpoint ({@link RemoteApplier}), and submits it through the
 * JobManager's REST API. satit's classes must be on the cluster's classpath (the compose deployment puts
 * satit's jar in Flink's {@code lib/}). A job already running under the same name is kept, not submitted
 * twice; otherwise the job resumes from the latest retained checkpoint under {@code checkpointDir} (a
 * folder the JobManager, the TaskManagers and this server share), or loads the reference tables and
 * snapshots afresh.
 */
public final class ClusterIngest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterIngest.class);
  public static final String JOB_NAME = "satit ingest";

  private final RestClusterClient<StandaloneClusterId> client;
  private final JobID job;
  private final Optional<Path> restoredFrom;
  private final boolean attached;

  private ClusterIngest(RestClusterClient<StandaloneClusterId> client, JobID job, Optional<Path> restoredFrom,
                        boolean attached) {
    this.client = client;
    this.job = job;
    this.restoredFrom = restoredFrom;
    this.attached = attached;
  }

  /**
   * Submits (or finds) the job. {@code local}: the server's own applier, for what happens before a fresh
   * snapshot (the vanished-row sweep and the reference tables); {@code remote}: what the job's sink uses.
   */
  public static ClusterIngest submit(URI restUrl, Path checkpointDir, List<CdcSource> sources, ChangeApplier local,
                                     RemoteApplier.Factory remote, IngestJob.Settings settings) throws Exception {
    Configuration clientConf = new Configuration();
    clientConf.set(RestOptions.ADDRESS, restUrl.getHost());
    clientConf.set(RestOptions.PORT, restUrl.getPort() < 0 ? 8081 : restUrl.getPort());
    RestClusterClient<StandaloneClusterId> client = new RestClusterClient<>(clientConf, StandaloneClusterId.getInstance());
    try {
      for (JobStatusMessage j : client.listJobs().get()) {
        if (JOB_NAME.equals(j.getJobName()) && !j.getJobState().isGloballyTerminalState()) {
          LOG.info("ingest job {} is already {} on the Flink cluster at {}: keeping it", j.getJobId(), j.getJobState(), restUrl);
          return new ClusterIngest(client, j.getJobId(), Optional.empty(), true);
        }
      }
      java.nio.file.Files.createDirectories(checkpointDir);
      Optional<Path> latest = LocalIngest.latestCheckpoint(checkpointDir);
      if (latest.isEmpty()) {
        local.beforeFreshSnapshot(sources);
        LOG.info("reference tables loaded: {} rows", ReferencePreload.load(sources, local));
      }
      Configuration jobConf = new Configuration();
      jobConf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
      jobConf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
      jobConf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      jobConf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
      jobConf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofSeconds(2));
      StreamExecutionEnvironment env = new StreamExecutionEnvironment(jobConf);
      IngestJob.define(env, sources, remote, settings);
      org.apache.flink.streaming.api.graph.StreamGraph stream = env.getStreamGraph();
      stream.setJobName(JOB_NAME);
      JobGraph graph = stream.getJobGraph();
      latest.ifPresent(p -> graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(p.toUri().toString(), false)));
      JobID id = client.submitJob(graph).get();
      LOG.info("ingest job {} submitted to the Flink cluster at {}{}", id, restUrl,
          latest.map(p -> ", resuming from checkpoint " + p).orElse(" with a fresh snapshot"));
      return new ClusterIngest(client, id, latest, false);
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  public JobID jobId() {
    return job;
  }

  /** The checkpoint the submitted job resumed from, if any (empty also when an existing job was kept). */
  public Optional<Path> restoredFrom() {
    return restoredFrom;
  }

  /** Whether a job already running on the cluster was kept instead of submitting one. */
  public boolean attached() {
    return attached;
  }

  /** Cancels the job on the cluster (its retained checkpoints stay for the next submission). */
  public void cancel() throws Exception {
    client.cancel(job).get();
  }

  /** Lets go of the cluster; the job keeps running there (and waits for this server when it is down). */
  @Override
  public void close() {
    client.close();
  }
}

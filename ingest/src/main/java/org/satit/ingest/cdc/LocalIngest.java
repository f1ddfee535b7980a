package org.satit.ingest.cdc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 */
public final class LocalIngest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalIngest.class);

  private final JobClient job;
  private final String applierName;
  private final Optional<Path> restoredFrom;

  private LocalIngest(JobClient job, String applierName, Optional<Path> restoredFrom) {
    this.job = job;
    this.applierName = applierName;
    this.restoredFrom = restoredFrom;
  }

  public static LocalIngest start(Path checkpointDir, List<CdcSource> sources, ChangeApplier applier,
                                  IngestJob.Settings settings) throws Exception {
    Files.createDirectories(checkpointDir);
    Optional<Path> latest = latestCheckpoint(checkpointDir);
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofSeconds(2));
    latest.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString()));
    String applierName = "local-" + UUID.randomUUID();
    LocalAppliers.register(applierName, applier);
    if (latest.isEmpty()) {
      applier.beforeFreshSnapshot(sources);
      LOG.info("reference tables loaded: {} rows", ReferencePreload.load(sources, applier));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
        Math.max(1, settings.sourceParallelism()), conf);
    IngestJob.define(env, sources, LocalAppliers.factory(applierName), settings);
    JobClient client = env.executeAsync("satit ingest");
    LOG.info("ingest job {} started{}", client.getJobID(),
        latest.map(p -> ", resuming from checkpoint " + p).orElse(" with a fresh snapshot"));
    return new LocalIngest(client, applierName, latest);
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
    try {
      job.cancel().get();
    } finally {
      LocalAppliers.unregister(applierName);
    }
  }
}

package org.satit.cli;

import org.satit.api.SatitStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.satit.api.auth.Users;
import org.satit.ingest.cdc.ClusterIngest;
import org.satit.config.SatitConfig;
import org.satit.ingest.cdc.CdcSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run satit against real source databases: the Flink CDC ingest job (local MiniCluster)",
        "into the DuckDB warehouse, and the web server. Everything comes from the --config file",
        "(see docs/satit.example.yaml); source passwords come from environment variables."})
final class ServeCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Mixin
  RunLength runLength;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration file")
  Path config;

  private Users users(SatitConfig c) throws java.io.IOException {
    if (c.users() == null) {
      spec.commandLine().getErr().println("satit: no users file configured (users: in the config): nobody can log in to /api/jdbc");
      return Users.none();
    }
    return Users.load(c.users());
  }

  @Override
  public Integer call() throws Exception {
    runLength.validate();
    SatitConfig c = SatitConfig.load(config);
    List<CdcSource> sources = c.cdcSources(System::getenv);
    if (!Files.isReadable(c.pseudonymKey())) {
      throw new IllegalArgumentException("pseudonym key " + c.pseudonymKey() + " is missing or unreadable; create one"
          + " with: openssl rand -hex 32 > " + c.pseudonymKey() + " && chmod 600 " + c.pseudonymKey());
    }
    byte[] secret = java.util.HexFormat.of().parseHex(Files.readString(c.pseudonymKey()).strip());
    if (secret.length < 16) {
      throw new IllegalArgumentException("pseudonym key " + c.pseudonymKey() + " is too short: use at least 32 bytes"
          + " (64 hex digits)");
    }
    var out = spec.commandLine().getOut();
    try (SatitStack stack = SatitStack.start(new SatitStack.Plan(c.dataDir(), secret, sources, c.host(), c.port(),
        c.ingestSettings(), null, users(c), c.disclosureRules(), c.releaseSchedule(),
        org.satit.api.ops.RateLimits.defaults(c.trustedProxies()),
        new org.satit.api.WebApp.Embedding(c.embedOrigins(), org.satit.ingest.cdc.PseudonymSecret.loadOrCreate(c.embedKey()),
            c.embedTokenLifetime()),
        c.flinkRest().map(rest -> new SatitStack.Cluster(rest, c.ingest().serverUrl(), c.ingestToken(System::getenv),
            c.checkpointDir(), c.taskManagerPseudonymKey(), c.ingestTls(System::getenv).orElse(null),
            c.ingest().tls() == null || c.ingest().tls().taskManagerCertificate() == null ? null
                : Path.of(c.ingest().tls().taskManagerCertificate()))).orElse(null)))) {
      out.println("warehouse (DuckDB): " + c.dataDir().resolve(SatitStack.WAREHOUSE_FILE));
      for (CdcSource s : sources) {
        out.println("source " + s.name() + ": " + s.engine().name().toLowerCase() + " " + s.host() + ":" + s.port() + "/"
            + s.database());
      }
      String where = stack.cluster().map(j -> "on the Flink cluster at " + c.flinkRest().get() + " (job " + j.jobId()
          + (j.attached() ? ", already running" : "") + ")").orElse("in a local MiniCluster");
      boolean kept = stack.cluster().map(ClusterIngest::attached).orElse(false);
      out.println("ingest: Flink CDC job " + where + (kept ? "" : ", "
          + stack.restoredFrom().map(p -> "resumed from checkpoint " + p.getFileName()).orElse("fresh snapshot")));
      out.println("health: http://" + c.host() + ":" + stack.port() + "/api/health");
      out.println("public release: " + c.releaseSchedule().describe() + " (and Publish now on the admin page)");
      out.flush();
      runLength.await(out, stack::statusLine);
    } finally {
      runLength.cleanedUp();
    }
    return 0;
  }
}

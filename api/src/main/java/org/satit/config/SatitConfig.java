package org.satit.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.publish.ReleaseSchedule;
import java.util.function.Function;
import org.satit.ingest.cdc.CdcSource;
import org.satit.ingest.cdc.IngestJob;

/**
 * The configuration of {@code satit serve} (a YAML file; see {@code docs/satit.example.yaml}).
 * Relative paths are resolved against the file's folder. Passwords are never in the file: each
 * source names the environment variable that holds its password.
 */
public record SatitConfig(Path dataDir, Path pseudonymKey, Path users, Disclosure disclosure, Server server, Ingest ingest,
                          List<Source> sources, Embed embed) {

  /**
   * Embedding on other sites: the origins that may frame satit's charts (CSP frame-ancestors), the file
   * holding the key that signs embed tokens (made on first start when missing), and how long a token lives
   * before the embedded page swaps it for a fresh one.
   */
  public record Embed(List<String> origins, Path keyFile, Integer tokenMinutes) {
  }

  public List<String> embedOrigins() {
    return embed == null || embed.origins() == null ? List.of() : embed.origins();
  }

  public Path embedKey() {
    return embed == null || embed.keyFile() == null ? dataDir.resolve("embed.key") : embed.keyFile();
  }

  public Duration embedTokenLifetime() {
    return Duration.ofMinutes(embed == null || embed.tokenMinutes() == null ? 15 : embed.tokenMinutes());
  }

  /**
   * Public output: threshold k (default 10), protection margin (default k), decimals of means and shares, and when the
   * public release is made ({@code release}).
   */
  public record Disclosure(Integer minCount, Integer protectionMargin, Integer meanDecimals, Release release) {
  }

  /**
   * When the public release is made: {@code dailyAt} a time ("02:00", the default) in {@code zone} (default
   * Asia/Bangkok), or {@code every} so long ("5m"; for a demo or a test system), not both.
   */
  public record Release(String dailyAt, String zone, String every) {
  }

  public ReleaseSchedule releaseSchedule() {
    Release r = disclosure == null ? null : disclosure.release();
    if (r == null) {
      return ReleaseSchedule.DEFAULT;
    }
    if (r.every() != null) {
      if (r.dailyAt() != null || r.zone() != null) {
        throw new IllegalArgumentException("release: give dailyAt (and zone) or every, not both");
      }
      return ReleaseSchedule.every(ReleaseSchedule.interval(r.every()));
    }
    java.time.LocalTime at;
    try {
      at = r.dailyAt() == null ? ReleaseSchedule.DEFAULT.dailyAt() : java.time.LocalTime.parse(r.dailyAt());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("release.dailyAt '" + r.dailyAt() + "': write a time as HH:MM, e.g. 02:00");
    }
    java.time.ZoneId zone;
    try {
      zone = r.zone() == null ? ReleaseSchedule.DEFAULT.zone() : java.time.ZoneId.of(r.zone());
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("release.zone '" + r.zone() + "': not a time zone (e.g. Asia/Bangkok)");
    }
    return ReleaseSchedule.daily(at, zone);
  }

  public DisclosureRules disclosureRules() {
    DisclosureRules d = DisclosureRules.defaults();
    if (disclosure == null) {
      return d;
    }
    int k = disclosure.minCount() == null ? d.minCount() : disclosure.minCount();
    return new DisclosureRules(k, disclosure.protectionMargin() == null ? k : disclosure.protectionMargin(),
        disclosure.meanDecimals() == null ? d.meanDecimals() : disclosure.meanDecimals(), d.shareFloorPercent(),
        d.shareCeilingPercent());
  }

  /**
   * Where the web server listens, and the reverse proxies in front of it (addresses or CIDR blocks): only from
   * them is {@code X-Forwarded-For} believed, to tell visitors apart (rate limits).
   */
  public record Server(String host, Integer port, List<String> trustedProxies) {
  }

  /** The reverse proxies in front of satit (none unless configured). */
  public org.satit.api.ops.TrustedProxies trustedProxies() {
    return server == null ? org.satit.api.ops.TrustedProxies.none()
        : org.satit.api.ops.TrustedProxies.of(server.trustedProxies());
  }

  /**
   * Ingest tuning, and where the job runs: in this process (default) or, with {@code flinkRestUrl}, on a Flink
   * cluster, whose TaskManagers send their batches to {@code serverUrl} (how they reach this server) with the
   * token in the environment variable {@code tokenEnv}; {@code checkpointDir} is shared by the cluster and
   * this server (default dataDir/checkpoints). {@code onInvalidCheckpoint}: {@code resnapshot} (default) snapshots
   * afresh when a checkpoint cannot be proven against its source, {@code refuse} stops instead (exit 1 at start);
   * {@code stalledAfterSeconds}: health says {@code stalled} (HTTP 503) when a source's newest heartbeat in the
   * warehouse is older (default 30); {@code taskManagerPseudonymKey}: see {@link #taskManagerPseudonymKey()}.
   */
  public record Ingest(Integer commitIntervalMs, Integer checkpointIntervalMs, Integer maxBatch, String flinkRestUrl,
                       String serverUrl, String tokenEnv, Path checkpointDir, String onInvalidCheckpoint,
                       Integer stalledAfterSeconds, String taskManagerPseudonymKey, Tls tls) {
  }

  /**
   * The TLS listener for the TaskManagers' batches (cluster mode): its port, the PKCS#12 key store with the
   * server's key and certificate, the environment variable holding the key store's password, and where the
   * TaskManagers find the server's certificate (PEM) to trust it by (default: the JDK's trust store).
   */
  public record Tls(Integer port, Path keyStore, String keyStorePasswordEnv, String taskManagerCertificate) {
  }

  /** The ingest endpoint's TLS listener, if configured; the password read through {@code env}. */
  public java.util.Optional<org.satit.api.ingest.IngestTls> ingestTls(Function<String, String> env) {
    if (ingest == null || ingest.tls() == null) {
      return java.util.Optional.empty();
    }
    Tls t = ingest.tls();
    String name = t.keyStorePasswordEnv() == null ? "SATIT_INGEST_TLS_PASSWORD" : t.keyStorePasswordEnv();
    String password = env.apply(name);
    if (password == null) {
      throw new IllegalArgumentException("environment variable " + name + " must hold the password of "
          + t.keyStore() + " (ingest.tls)");
    }
    return java.util.Optional.of(new org.satit.api.ingest.IngestTls(t.port() == null ? 8443 : t.port(), t.keyStore(),
        password));
  }

  /**
   * Where the TaskManagers find the pseudonym key file (cluster mode; the job pseudonymises inside, and carries
   * only this path): {@code ingest.taskManagerPseudonymKey}, by default the server's own {@code pseudonymKey} path.
   */
  public Path taskManagerPseudonymKey() {
    return ingest == null || ingest.taskManagerPseudonymKey() == null ? pseudonymKey
        : Path.of(ingest.taskManagerPseudonymKey());
  }



  /** The Flink cluster's REST address, when the job runs there. */
  public java.util.Optional<java.net.URI> flinkRest() {
    return ingest == null || ingest.flinkRestUrl() == null ? java.util.Optional.empty()
        : java.util.Optional.of(java.net.URI.create(ingest.flinkRestUrl()));
  }

  public Path checkpointDir() {
    return ingest == null || ingest.checkpointDir() == null ? dataDir.resolve("checkpoints") : ingest.checkpointDir();
  }

  /** The ingest token from its environment variable (cluster mode only). */
  public String ingestToken(Function<String, String> env) {
    String name = ingest == null || ingest.tokenEnv() == null ? "SATIT_INGEST_TOKEN" : ingest.tokenEnv();
    String token = env.apply(name);
    if (token == null || token.length() < 32) {
      throw new IllegalArgumentException("environment variable " + name + " must hold the ingest token (at least 32"
          + " characters, e.g. openssl rand -hex 32): the Flink job sends its batches with it");
    }
    return token;
  }

  public record Source(String name, String engine, String host, Integer port, String database, String user,
                       String passwordEnv) {
  }

  /** Reads and checks the file; every problem is an {@link IllegalArgumentException} with a clear message. */
  public static SatitConfig load(Path file) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    SatitConfig c;
    try {
      String text = Files.readString(file);
      if (text.isBlank()) {
        throw new IllegalArgumentException("config file " + file + " is empty");
      }
      c = yaml.readValue(text, SatitConfig.class);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config file " + file + " does not exist");
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException("config file " + file + ": " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("config file " + file + " is not valid YAML: " + e.getOriginalMessage());
    }
    if (c == null) {
      throw new IllegalArgumentException("config file " + file + " is empty");
    }
    Path base = file.toAbsolutePath().getParent();
    return c.resolved(base, file);
  }

  private SatitConfig resolved(Path base, Path file) {
    String where = "config file " + file + ": ";
    if (dataDir == null) {
      throw new IllegalArgumentException(where + "dataDir is required (where the warehouse and checkpoints live)");
    }
    if (pseudonymKey == null) {
      throw new IllegalArgumentException(where + "pseudonymKey is required (a file holding the hex secret of the pseudonyms)");
    }
    if (sources == null || sources.isEmpty()) {
      throw new IllegalArgumentException(where + "sources: at least one source database is required");
    }
    Set<String> names = new HashSet<>();
    for (Source s : sources) {
      if (s.name() == null || !s.name().matches("[a-z][a-z0-9_]{0,30}")) {
        throw new IllegalArgumentException(where + "source name '" + s.name()
            + "' must be lower-case letters, digits and _ (it names the replication slot)");
      }
      if (!names.add(s.name())) {
        throw new IllegalArgumentException(where + "source name '" + s.name() + "' is used twice");
      }
      engine(s, where);
      for (var required : Map.of("host", String.valueOf(s.host()), "database", String.valueOf(s.database()),
          "user", String.valueOf(s.user())).entrySet()) {
        if (required.getValue().equals("null") || required.getValue().isBlank()) {
          throw new IllegalArgumentException(where + "source '" + s.name() + "': " + required.getKey() + " is required");
        }
      }
    }
    if (server != null && server.port() != null && (server.port() < 0 || server.port() > 65535)) {
      throw new IllegalArgumentException(where + "server.port must be 0-65535, got " + server.port());
    }
    try {
      trustedProxies();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "server.trustedProxies: " + e.getMessage());
    }
    if (ingest != null) {
      positive(where + "ingest.commitIntervalMs", ingest.commitIntervalMs());
      positive(where + "ingest.checkpointIntervalMs", ingest.checkpointIntervalMs());
      positive(where + "ingest.maxBatch", ingest.maxBatch());
      positive(where + "ingest.stalledAfterSeconds", ingest.stalledAfterSeconds());
      if (ingest.onInvalidCheckpoint() != null && !List.of("resnapshot", "refuse").contains(ingest.onInvalidCheckpoint())) {
        throw new IllegalArgumentException(where + "ingest.onInvalidCheckpoint must be resnapshot or refuse, not '"
            + ingest.onInvalidCheckpoint() + "'");
      }
      for (String url : java.util.Arrays.asList(ingest.flinkRestUrl(), ingest.serverUrl())) {
        if (url != null && !url.matches("https?://[^/\\s]+(:\\d+)?/?")) {
          throw new IllegalArgumentException(where + "ingest: '" + url + "' must be http(s)://host:port");
        }
      }
      if (ingest.tls() != null && (ingest.flinkRestUrl() == null || ingest.tls().keyStore() == null)) {
        throw new IllegalArgumentException(where + "ingest.tls is for a Flink cluster (set ingest.flinkRestUrl) and"
            + " needs keyStore (a PKCS#12 file)");
      }
      if (ingest.serverUrl() != null && ingest.flinkRestUrl() == null) {
        throw new IllegalArgumentException(where + "ingest.serverUrl is for a Flink cluster: set ingest.flinkRestUrl too");
      }
    }
    if (embed != null) {
      positive(where + "embed.tokenMinutes", embed.tokenMinutes());
      try {
        new org.satit.api.ops.SecurityHeaders(embedOrigins());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "embed.origins: " + e.getMessage());
      }
    }
    try {
      disclosureRules();
      releaseSchedule();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "disclosure: " + e.getMessage());
    }
    Ingest resolvedIngest = ingest == null || ingest.checkpointDir() == null ? ingest
        : new Ingest(ingest.commitIntervalMs(), ingest.checkpointIntervalMs(), ingest.maxBatch(), ingest.flinkRestUrl(),
            ingest.serverUrl(), ingest.tokenEnv(), base.resolve(ingest.checkpointDir()), ingest.onInvalidCheckpoint(),
            ingest.stalledAfterSeconds(), ingest.taskManagerPseudonymKey(), ingest.tls() == null ? null
            : new Tls(ingest.tls().port(), ingest.tls().keyStore() == null ? null : base.resolve(ingest.tls().keyStore()),
                ingest.tls().keyStorePasswordEnv(), ingest.tls().taskManagerCertificate()));
    Embed resolvedEmbed = embed == null ? null : new Embed(embed.origins(),
        embed.keyFile() == null ? null : base.resolve(embed.keyFile()), embed.tokenMinutes());
    return new SatitConfig(base.resolve(dataDir), base.resolve(pseudonymKey), users == null ? null : base.resolve(users),
        disclosure, server, resolvedIngest, sources, resolvedEmbed);
  }

  private static void positive(String what, Integer v) {
    if (v != null && v < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + v);
    }
  }

  private static CdcSource.Engine engine(Source s, String where) {
    return switch (String.valueOf(s.engine()).toLowerCase()) {
      case "postgres", "postgresql" -> CdcSource.Engine.POSTGRES;
      case "mysql", "mariadb" -> CdcSource.Engine.MYSQL;
      default -> throw new IllegalArgumentException(where + "source '" + s.name() + "': engine must be postgres or mysql"
          + " (MySQL and MariaDB), got '" + s.engine() + "'");
    };
  }

  /** The sources as the ingest job needs them, passwords read through {@code env}. */
  public List<CdcSource> cdcSources(Function<String, String> env) {
    return sources.stream().map(s -> {
      CdcSource.Engine engine = engine(s, "");
      String password = null;
      if (s.passwordEnv() != null) {
        password = env.apply(s.passwordEnv());
        if (password == null) {
          throw new IllegalArgumentException("source '" + s.name() + "': environment variable " + s.passwordEnv()
              + " (its password) is not set");
        }
      }
      int port = s.port() != null ? s.port() : engine == CdcSource.Engine.POSTGRES ? 5432 : 3306;
      return new CdcSource(s.name(), engine, s.host(), port, s.database(), s.user(), password);
    }).toList();
  }

  public String host() {
    return server == null || server.host() == null ? "127.0.0.1" : server.host();
  }

  public int port() {
    return server == null || server.port() == null ? 8080 : server.port();
  }

  public IngestJob.Settings ingestSettings() {
    IngestJob.Settings d = IngestJob.Settings.defaults();
    if (ingest == null) {
      return d;
    }
    return new IngestJob.Settings(
        ingest.checkpointIntervalMs() == null ? d.checkpointInterval() : Duration.ofMillis(ingest.checkpointIntervalMs()),
        ingest.commitIntervalMs() == null ? d.commitIntervalMs() : ingest.commitIntervalMs(),
        ingest.maxBatch() == null ? d.maxBatch() : ingest.maxBatch(), d.sourceParallelism(),
        "refuse".equals(ingest.onInvalidCheckpoint()), d.heartbeatInterval(),
        ingest.stalledAfterSeconds() == null ? d.stalledAfter() : Duration.ofSeconds(ingest.stalledAfterSeconds()));
  }
}

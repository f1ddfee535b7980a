package org.satit.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Docker does not run here, so the compose deployment is checked for what it must hold: the services, CDC
 * settings on both sources, a Flink cluster on satit's Flink version with the job jar on its classpath and the
 * checkpoint volume the server shares, the server's config pointing at those very services and ports, secrets
 * only from the environment or secret files, and every variable listed in {@code .env.example}.
 */
class ComposeFileTest {

  static final Path COMPOSE = Path.of("..", "compose");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theDeploymentHoldsTogether() throws Exception {
    JsonNode compose = YAML.readTree(COMPOSE.resolve("docker-compose.yml").toFile());
    JsonNode services = compose.path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrder("emis-postgres", "emis-mariadb", "flink-jobmanager", "flink-taskmanager", "satit");

    // CDC on the sources
    assertThat(services.path("emis-postgres").path("command").asText()).contains("wal_level=logical");
    String cnf = Files.readString(COMPOSE.resolve("mariadb/cdc.cnf"));
    assertThat(cnf).containsPattern("binlog_format\\s*=\\s*ROW").containsPattern("binlog_row_image\\s*=\\s*FULL")
        .containsPattern("log_bin");
    assertThat(services.path("emis-mariadb").path("volumes").toString()).contains("./mariadb/cdc.cnf:/etc/mysql/conf.d/");

    // the Flink cluster: satit's Flink version, the job jar in lib/, the shared checkpoints
    String flinkVersion = pomProperty("flink.version");
    String minor = flinkVersion.substring(0, flinkVersion.lastIndexOf('.'));
    for (String f : List.of("flink-jobmanager", "flink-taskmanager")) {
      JsonNode s = services.path(f);
      assertThat(s.path("image").asText()).as(f).startsWith("flink:" + minor);
      assertThat(s.path("volumes").toString()).as(f).contains("../ingest/target/satit-flink-job.jar:/opt/flink/lib/")
          .contains("satit-checkpoints:/var/lib/satit-checkpoints");
      assertThat(s.path("environment").path("FLINK_PROPERTIES").asText()).contains("jobmanager.rpc.address: flink-jobmanager");
    }
    assertThat(services.path("flink-jobmanager").path("command").asText()).isEqualTo("jobmanager");
    assertThat(services.path("flink-taskmanager").path("command").asText()).isEqualTo("taskmanager");
    assertThat(Files.readString(Path.of("..", "ingest", "pom.xml"))).contains("<finalName>satit-flink-job</finalName>");

    // the server: its image, its data volume, its config pointing at these services
    JsonNode satit = services.path("satit");
    assertThat(COMPOSE.resolve(satit.path("build").path("dockerfile").asText().replace("compose/", ""))).exists();
    assertThat(Files.readString(COMPOSE.resolve("Dockerfile"))).contains("COPY api/target/satit.jar");
    SatitConfig config = SatitConfig.load(COMPOSE.resolve("satit.yaml"));
    String volumes = satit.path("volumes").toString();
    assertThat(volumes).contains("satit-data:" + config.dataDir()).contains("satit-checkpoints:" + config.checkpointDir())
        .contains("./satit.yaml:/etc/satit/satit.yaml");
    assertThat(satit.path("command").toString()).contains("/etc/satit/satit.yaml");
    assertThat(config.flinkRest()).hasValueSatisfying(u -> {
      assertThat(u.getHost()).isEqualTo("flink-jobmanager");
      assertThat(u.getPort()).isEqualTo(8081);
    });
    // the batches: over TLS on the ingest port, inside the compose network; the TaskManager pseudonymises with
    // the same key file and trusts the server by its certificate file
    var tls = config.ingest().tls();
    assertThat(config.ingest().serverUrl()).isEqualTo("https://satit:" + tls.port());
    assertThat(satit.path("expose").toString()).contains(String.valueOf(tls.port()));
    assertThat(satit.path("ports").toString()).doesNotContain(tls.port() + ":");
    assertThat(tls.keyStore().toString()).startsWith("/run/secrets/");
    assertThat(satit.path("secrets").toString()).contains(tls.keyStore().getFileName().toString());
    JsonNode tm = services.path("flink-taskmanager");
    assertThat(tm.path("secrets").toString()).contains(Path.of(tls.taskManagerCertificate()).getFileName().toString())
        .contains(config.taskManagerPseudonymKey().getFileName().toString());
    assertThat(config.taskManagerPseudonymKey().toString()).startsWith("/run/secrets/");
    assertThat(satit.path("ports").toString()).contains(config.port() + ":" + config.port());
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.pseudonymKey().toString()).startsWith("/run/secrets/");
    assertThat(satit.path("secrets").toString()).contains(config.pseudonymKey().getFileName().toString());
    Map<String, String> env = new HashMap<>();
    satit.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    assertThat(config.ingestToken(env::get)).isNotBlank();
    assertThat(config.ingestTls(env::get)).isPresent();
    for (var s : config.sources()) {
      assertThat(names).as("source %s's host is a service", s.name()).contains(s.host());
      assertThat(env).as("source %s's password variable", s.name()).containsKey(s.passwordEnv());
    }
    assertThat(config.cdcSources(env::get)).extracting(c -> c.engine().name()).containsExactlyInAnyOrder("POSTGRES", "MYSQL");
    Set<String> dependsOn = new LinkedHashSet<>();
    satit.path("depends_on").fieldNames().forEachRemaining(dependsOn::add);
    assertThat(dependsOn).containsExactlyInAnyOrder("emis-postgres", "emis-mariadb", "flink-jobmanager", "flink-taskmanager");

    // secrets: only ${VARIABLES} (every one listed in .env.example) and secret files, never a literal
    String text = Files.readString(COMPOSE.resolve("docker-compose.yml"));
    Set<String> example = new LinkedHashSet<>();
    for (String line : Files.readAllLines(COMPOSE.resolve(".env.example"))) {
      if (line.matches("[A-Z_]+=.*")) {
        assertThat(line).as(".env.example holds no value").endsWith("=");
        example.add(line.substring(0, line.indexOf('=')));
      }
    }
    Matcher m = Pattern.compile("\\$\\{([A-Z_]+)").matcher(text);
    while (m.find()) {
      assertThat(example).as("${%s} is listed in .env.example", m.group(1)).contains(m.group(1));
    }
    Matcher secretish = Pattern.compile("(?m)^\\s*[A-Z_]*(PASSWORD|TOKEN|SECRET|KEY)[A-Z_]*:\\s*(.*)$").matcher(text);
    while (secretish.find()) {
      assertThat(secretish.group(2)).as(secretish.group()).startsWith("${");
    }
    assertThat(Files.readString(Path.of("..", ".gitignore"))).contains("compose/.env").contains("compose/secrets/");
  }

  static String pomProperty(String name) throws Exception {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)<").matcher(Files.readString(Path.of("..", "pom.xml")));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}

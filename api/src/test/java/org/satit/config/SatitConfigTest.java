package org.satit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.ingest.cdc.CdcSource;

class SatitConfigTest {

  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    Path f = dir.resolve("satit.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  private static final String MINIMAL = """
      dataDir: data
      pseudonymKey: secrets/key
      sources:
        - name: emis
          engine: postgres
          host: db.example
          database: emis
          user: satit_cdc
          passwordEnv: EMIS_PW
      """;

  @Test
  void theDocumentedExampleLoads() throws Exception {
    SatitConfig c = SatitConfig.load(Path.of("..", "docs", "satit.example.yaml"));
    assertThat(c.sources()).hasSize(1);
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.ingestSettings().commitIntervalMs()).isEqualTo(50);
    assertThat(c.cdcSources(Map.of("SATIT_EMIS_PASSWORD", "pw")::get).get(0).engine())
        .isEqualTo(CdcSource.Engine.POSTGRES);
    assertThat(c.embedOrigins()).containsExactly("https://www.esa5003.go.th", "https://*.obec.go.th");
    assertThat(c.embedKey()).isEqualTo(Path.of("/etc/satit/embed.key"));
    assertThat(c.embedTokenLifetime()).hasMinutes(15);
    assertThat(c.trustedProxies().listed()).containsExactly("127.0.0.1/32", "::1/128");
    assertThat(c.releaseSchedule()).isEqualTo(org.satit.warehouse.publish.ReleaseSchedule.DEFAULT);
  }

  @Test
  void theReleaseScheduleIsDailyByDefaultOrEverySoLongAndBadOnesAreSaid() throws Exception {
    assertThat(SatitConfig.load(write(MINIMAL)).releaseSchedule().describe()).isEqualTo("daily at 02:00 (Asia/Bangkok)");
    assertThat(SatitConfig.load(write(MINIMAL + "disclosure:\n  release: {dailyAt: \"23:30\", zone: UTC}\n"))
        .releaseSchedule().describe()).isEqualTo("daily at 23:30 (UTC)");
    assertThat(SatitConfig.load(write(MINIMAL + "disclosure:\n  release: {every: 5m}\n")).releaseSchedule().describe())
        .isEqualTo("every 5 min");
    for (String bad : List.of("{every: 5m, dailyAt: \"02:00\"}", "{every: 2s}", "{every: often}", "{dailyAt: \"25:00\"}",
        "{zone: Mars/Olympus}")) {
      assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL + "disclosure:\n  release: " + bad + "\n")))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("disclosure");
    }
  }

  @Test
  void trustedProxiesMustBeAddressesOrCidrBlocks() throws Exception {
    assertThat(SatitConfig.load(write(MINIMAL)).trustedProxies().listed()).isEmpty();
    assertThat(SatitConfig.load(write(MINIMAL + "server:\n  trustedProxies: [10.0.0.0/8, \"fd00::/8\"]\n"))
        .trustedProxies().listed()).containsExactly("10.0.0.0/8", "fd00::/8");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL + "server:\n  trustedProxies: [proxy.example]\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server.trustedProxies")
        .hasMessageContaining("proxy.example");
  }

  @Test
  void embedOriginsMustBeOriginsAndDefaultsApply() throws Exception {
    SatitConfig plain = SatitConfig.load(write(MINIMAL));
    assertThat(plain.embedOrigins()).isEmpty();
    assertThat(plain.embedKey()).isEqualTo(dir.resolve("data/embed.key"));
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL + "embed:\n  origins: [\"https://x.go.th; script-src *\"]\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embed.origins");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL + "embed:\n  tokenMinutes: 0\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenMinutes");
  }

  @Test
  void relativePathsResolveAgainstTheFileAndDefaultsApply() throws Exception {
    SatitConfig c = SatitConfig.load(write(MINIMAL));
    assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    assertThat(c.pseudonymKey()).isEqualTo(dir.resolve("secrets/key"));
    assertThat(c.host()).isEqualTo("127.0.0.1");
    CdcSource s = c.cdcSources(Map.of("EMIS_PW", "secret")::get).get(0);
    assertThat(s.port()).isEqualTo(5432);
    assertThat(s.password()).isEqualTo("secret");
    assertThat(s.slotName()).isEqualTo("satit_emis");
  }

  @Test
  void aMissingPasswordVariableIsNamed() throws Exception {
    SatitConfig c = SatitConfig.load(write(MINIMAL));
    assertThatThrownBy(() -> c.cdcSources(Map.<String, String>of()::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EMIS_PW");
  }

  @Test
  void badFilesGetClearMessages() throws Exception {
    assertThatThrownBy(() -> SatitConfig.load(dir.resolve("nope.yaml"))).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> SatitConfig.load(write(""))).hasMessageContaining("is empty");
    assertThatThrownBy(() -> SatitConfig.load(write("dataDir: a: b"))).hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL + "colour: blue\n")))
        .hasMessageContaining("colour").hasMessageContaining("line");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL.replace("dataDir: data\n", ""))))
        .hasMessageContaining("dataDir is required");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL.replace("engine: postgres", "engine: oracle"))))
        .hasMessageContaining("engine must be postgres or mysql");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL.replace("name: emis", "name: EMIS-1"))))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL.replace("    host: db.example\n", ""))))
        .hasMessageContaining("host is required");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL + "ingest: {commitIntervalMs: 0}\n")))
        .hasMessageContaining("commitIntervalMs must be at least 1");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL + "server: {port: 70000}\n")))
        .hasMessageContaining("server.port");
    assertThatThrownBy(() -> SatitConfig.load(write(MINIMAL + "  - name: emis\n    engine: mysql\n    host: h\n"
        + "    database: d\n    user: u\n"))).hasMessageContaining("used twice");
  }
}

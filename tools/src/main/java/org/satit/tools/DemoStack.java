package org.satit.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.satit.api.SatitStack;
import org.satit.api.WebApp;
import org.satit.api.ops.RateLimits;
import org.satit.ingest.cdc.CdcSource;
import org.satit.ingest.cdc.IngestJob;
import org.satit.ingest.cdc.PseudonymSecret;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.warehouse.disclosure.DisclosureRules;
import org.satit.warehouse.publish.ReleaseSchedule;

/**
 * The demo's plan for the server ({@link SatitStack}): its embedded source, the data, the generated pseudonym and
 * embed keys and the demo logins in the data directory, a loopback server.
 */
final class DemoStack {

  /**
   * The demo's public releases: every five minutes, so that the public pages show life (a real system releases daily,
   * {@link ReleaseSchedule#DEFAULT}); the release policy's guarantee does not depend on it.
   */
  static final ReleaseSchedule RELEASES = ReleaseSchedule.every(java.time.Duration.ofMinutes(5));

  /** The demo source's name (its replication slot and health entry). */
  static final String SOURCE_NAME = "emis";

  private DemoStack() {
  }

  static SatitStack start(Path dataDir, EmbeddedSource source, int port) throws Exception {
    return start(dataDir, source, port, RateLimits.defaults());
  }

  /** The same with the given request rate limits (tests that sweep many requests). */
  static SatitStack start(Path dataDir, EmbeddedSource source, int port, RateLimits limits) throws Exception {
    return SatitStack.start(new SatitStack.Plan(dataDir, PseudonymSecret.loadOrCreate(dataDir.resolve("pseudonym.key")),
        List.of(cdcOf(source)), "127.0.0.1", port, IngestJob.Settings.defaults(),
        Map.of("jdbcUrl", source.jdbcUrl()), DemoLogins.ensure(dataDir).users(), DisclosureRules.defaults(), RELEASES,
        limits,
        WebApp.Embedding.local(PseudonymSecret.loadOrCreate(dataDir.resolve("embed.key"))), null));
  }

  /** How the ingest job reaches the demo's embedded source. */
  static CdcSource cdcOf(EmbeddedSource source) {
    return new CdcSource(SOURCE_NAME, CdcSource.Engine.POSTGRES, "127.0.0.1", source.port(), EmbeddedSource.DATABASE,
        EmbeddedSource.USER, null);
  }
}

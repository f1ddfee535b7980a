package org.satit.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.TestServer;
import org.satit.api.auth.Users;
import org.satit.config.SatitConfig;
import org.satit.warehouse.query.QueryFixture;

/**
 * Rate limits behind the TLS proxy: the proxies come from {@code server.trustedProxies} of a configuration
 * file (here the test client's own address, 127.0.0.1, plays the proxy, and 10.0.0.0/8 a second proxy hop);
 * each visitor the proxy names in {@code X-Forwarded-For} has a bucket of its own, a visitor cannot pick a
 * bucket by writing the header itself, and a peer that is not a listed proxy (a raw socket from 127.0.0.2) has
 * its header ignored. The buckets are small (burst 5, then 1 a second) so running dry takes a few requests.
 */
class TrustedProxiesTest {

  @TempDir
  static Path dir;
  static DuckDBConnection warehouse;
  static TestServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path config = dir.resolve("satit.yaml");
    Files.writeString(config, """
        dataDir: data
        pseudonymKey: key
        server:
          trustedProxies: [127.0.0.1/32, 10.0.0.0/8, "::1"]
        sources:
          - {name: emis, engine: postgres, host: db, database: emis, user: satit}
        """);
    warehouse = QueryFixture.warehouse();
    server = new TestServer(warehouse, Users.none(), new RateLimits(1, 5, SatitConfig.load(config).trustedProxies()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    warehouse.close();
  }

  /** A request through the proxy (the test client connects from 127.0.0.1, a listed proxy). */
  static int viaProxy(String xff) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/dashboards")).header("X-Forwarded-For", xff)
        .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** A request from another loopback address (127.0.0.2: not a listed proxy), on a raw socket. */
  static int fromElsewhere(String xff) throws Exception {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress("127.0.0.2", 0));
      socket.connect(new InetSocketAddress("127.0.0.1", server.server.port()));
      OutputStream out = socket.getOutputStream();
      out.write(("GET /api/dashboards HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: " + xff
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(head.substring(9, 12));
    }
  }

  /** Requests until the first 429 (at most 20: a burst of 5 and a refill of 1 a second run dry long before). */
  interface Call {
    int status(int i) throws Exception;
  }

  static List<Integer> untilLimited(Call call) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 20 && !statuses.contains(429); i++) {
      statuses.add(call.status(i));
    }
    return statuses;
  }

  @Test
  void behindTheProxyEachVisitorHasABucket() throws Exception {
    assertThat(untilLimited(i -> viaProxy("203.0.113.1"))).as("visitor 1 runs dry").contains(429);
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      second.add(viaProxy("203.0.113.2"));
    }
    assertThat(second).as("visitor 2 has a full bucket of its own").containsOnly(200);
    // through two proxies (the outer one in 10.0.0.0/8): the visitor is the address the outer proxy saw
    List<Integer> third = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      third.add(viaProxy("203.0.113.3, 10.1.2.3"));
    }
    assertThat(third).as("visitor 3, two hops away").containsOnly(200);
  }

  @Test
  void aVisitorCannotPickABucketByWritingTheHeaderItself() throws Exception {
    // the visitor's own entries sit left of what the proxy appended; a new one each time changes nothing
    assertThat(untilLimited(i -> viaProxy("198.51.100." + i + ", 203.0.113.4")))
        .as("forged entries left of the proxy's").contains(429);
  }

  @Test
  void anUntrustedPeersForwardedForIsIgnored() throws Exception {
    assertThat(untilLimited(i -> fromElsewhere("198.51.100." + i)))
        .as("a new X-Forwarded-For on each request from a peer that is not a proxy").contains(429);
    // and the addresses it named were not charged: through the proxy, 198.51.100.1 has its whole burst
    List<Integer> named = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      named.add(viaProxy("198.51.100.1"));
    }
    assertThat(named).containsOnly(200);
  }

  @Test
  void theClientIsTheRightMostAddressThatIsNotAListedProxy() {
    TrustedProxies p = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"));
    assertThat(p.client("10.0.0.1", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
    assertThat(p.client("10.0.0.1", List.of("6.6.6.6, 203.0.113.9, 10.9.9.9"))).isEqualTo("203.0.113.9");
    assertThat(p.client("10.0.0.1", List.of("6.6.6.6", "203.0.113.9, 192.0.2.7"))).as("header on two lines")
        .isEqualTo("203.0.113.9");
    assertThat(p.client("2001:db8::1", List.of("2001:DB8:0:0::5, 2001:0db8::6"))).as("IPv6: every hop a proxy")
        .isEqualTo("2001:db8::5");
    assertThat(p.client("2001:db8::1", List.of("[2001:db9::1]:443"))).isEqualTo("2001:db9::1");
    assertThat(p.client("10.0.0.1", List.of("203.0.113.9:5555"))).isEqualTo("203.0.113.9");
    assertThat(p.client("10.0.0.1", List.of("garbage, 10.0.0.2"))).as("stops at what is not an address")
        .isEqualTo("10.0.0.2");
    assertThat(p.client("10.0.0.1", List.of())).as("a proxy's own request").isEqualTo("10.0.0.1");
    assertThat(p.client("203.0.113.50", List.of("1.2.3.4"))).as("not a proxy").isEqualTo("203.0.113.50");
    assertThat(p.client("::ffff:10.0.0.1", List.of("203.0.113.9"))).as("IPv4-mapped peer").isEqualTo("203.0.113.9");
    assertThat(TrustedProxies.none().client("10.0.0.1", List.of("203.0.113.9"))).isEqualTo("10.0.0.1");
    for (String bad : List.of("proxy.example", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/x", "")) {
      assertThatThrownBy(() -> TrustedProxies.of(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}

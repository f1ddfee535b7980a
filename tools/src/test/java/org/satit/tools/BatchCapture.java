package org.satit.tools;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.satit.ingest.cdc.ChangeBatchCodec;
import org.satit.ingest.cdc.PersonalData;
import org.satit.ingest.cdc.SourceChange;

/**
 * Stands between the Flink job's sink and the satit server's ingest endpoint, as the network does, and keeps the
 * bytes of every batch that crossed it; then looks in them for the personal data the source holds.
 */
final class BatchCapture implements AutoCloseable {

  private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]{13,}");

  private final HttpServer proxy;
  private final List<byte[]> batches = new CopyOnWriteArrayList<>();
  /** Per batch, in the order they crossed: when, and the status the server answered. */
  private final List<String> answers = new CopyOnWriteArrayList<>();
  private final HttpClient http;

  /** A proxy on a free loopback port forwarding {@code POST /api/ingest/batch} to the server at {@code target}. */
  BatchCapture(String target) throws IOException {
    this(target, HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), HttpClient.newHttpClient());
  }

  /**
   * The same over TLS, as the network between the TaskManagers and a server with {@code ingest.tls} is: the proxy
   * answers with the server's own key store (so the TaskManagers, trusting the server's certificate, trust it) and
   * forwards to the server's https {@code target}, trusting {@code certificate}; it sees the bytes in clear, as a
   * TLS-terminating load balancer would.
   */
  static BatchCapture tls(String target, Path keyStore, String password, Path certificate) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(keyStore)) {
      ks.load(in, password.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password.toCharArray());
    SSLContext serverSide = SSLContext.getInstance("TLS");
    serverSide.init(kmf.getKeyManagers(), null, null);
    HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(serverSide));
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (var in = java.nio.file.Files.newInputStream(certificate)) {
      trust.setCertificateEntry("satit", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext clientSide = SSLContext.getInstance("TLS");
    clientSide.init(null, tmf.getTrustManagers(), null);
    return new BatchCapture(target, https, HttpClient.newBuilder().sslContext(clientSide).build());
  }

  private BatchCapture(String target, HttpServer server, HttpClient client) {
    this.proxy = server;
    this.http = client;
    proxy.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      batches.add(body);
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (String h : List.of("Authorization", "Content-Type")) {
        String v = exchange.getRequestHeaders().getFirst(h);
        if (v != null) {
          forward.header(h, v);
        }
      }
      int status;
      byte[] answer;
      try {
        HttpResponse<byte[]> r = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        status = r.statusCode();
        answer = r.body();
      } catch (IOException | InterruptedException down) {
        status = 502;
        answer = ("{\"error\":\"server unreachable\"}").getBytes(StandardCharsets.UTF_8);
      }
      answers.add(java.time.LocalTime.now() + " HTTP " + status);
      exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    proxy.start();
  }

  /**
   * Every crossing of a change to {@code table} whose key column {@code column} has {@code value}: the batch, when it
   * crossed, what the server answered, the operation and log position (for a change the warehouse lacks).
   */
  List<String> trace(String table, String column, Object value) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < batches.size(); i++) {
      List<SourceChange> changes;
      try {
        changes = ChangeBatchCodec.decode(batches.get(i));
      } catch (IllegalArgumentException notABatch) {
        continue;
      }
      for (SourceChange c : changes) {
        if (c.table.equals(table) && c.key != null && String.valueOf(c.key.get(column)).equals(String.valueOf(value))) {
          out.add("batch " + i + " of " + changes.size() + " (" + (i < answers.size() ? answers.get(i) : "?") + "): " + c);
        }
      }
    }
    return out;
  }

  String url() {
    return (proxy instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + proxy.getAddress().getPort();
  }

  List<byte[]> batches() {
    return batches;
  }

  /** Many changes crossed the proxy, and none carried a citizen ID or a name of the source. */
  void assertNothingPersonalCrossed(Connection source) throws SQLException {
    org.assertj.core.api.Assertions.assertThat(changes()).as("batches crossed the proxy").isGreaterThan(100_000);
    org.assertj.core.api.Assertions.assertThat(personalDataIn(source)).isEmpty();
  }

  /** Changes that crossed the proxy. */
  long changes() {
    long n = 0;
    for (byte[] b : batches) {
      try {
        n += ChangeBatchCodec.decode(b).size();
      } catch (IllegalArgumentException notABatch) {
        // a hostile test request
      }
    }
    return n;
  }

  /**
   * What of the source's personal data is in the captured bytes: any citizen ID (as bytes anywhere), any column
   * that must not leave the job, any value equal to a person's first or last name.
   */
  List<String> personalDataIn(Connection source) throws SQLException {
    Set<String> ids = strings(source, "SELECT citizen_id FROM student WHERE citizen_id IS NOT NULL "
        + "UNION SELECT citizen_id FROM teacher");
    Set<String> names = strings(source, "SELECT first_name_th FROM student UNION SELECT last_name_th FROM student "
        + "UNION SELECT first_name_th FROM teacher UNION SELECT last_name_th FROM teacher "
        + "UNION SELECT first_name_th FROM supervisor UNION SELECT last_name_th FROM supervisor");
    List<String> problems = new ArrayList<>();
    for (byte[] body : batches) {
      // every run of 13 or more digits anywhere in the bytes, each 13-digit window of it looked up
      java.util.regex.Matcher digits = DIGITS.matcher(new String(body, StandardCharsets.ISO_8859_1));
      while (digits.find()) {
        String run = digits.group();
        for (int i = 0; i + 13 <= run.length(); i++) {
          if (ids.contains(run.substring(i, i + 13))) {
            problems.add("citizen ID " + run.substring(i, i + 4) + "… in a batch");
          }
        }
      }
      List<SourceChange> changes;
      try {
        changes = ChangeBatchCodec.decode(body);
      } catch (IllegalArgumentException notABatch) {
        continue;
      }
      for (SourceChange c : changes) {
        for (Map<String, Object> values : java.util.Arrays.asList(c.key, c.row)) {
          if (values == null) {
            continue;
          }
          for (var e : values.entrySet()) {
            if (PersonalData.personalColumns(c.table).contains(e.getKey())) {
              problems.add("column " + c.table + "." + e.getKey() + " in a batch");
            }
            if (e.getValue() instanceof String s && names.contains(s.strip())) {
              problems.add("a person's name in " + c.table + "." + e.getKey());
            }
          }
        }
      }
      if (problems.size() > 20) {
        break;
      }
    }
    return problems;
  }

  private static Set<String> strings(Connection c, String sql) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1).strip());
      }
    }
    return out;
  }

  @Override
  public void close() {
    proxy.stop(0);
  }
}

package org.satit.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.Http;
import org.satit.api.TestServer;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;

/**
 * The 1 MiB limit on request bodies holds however a body is framed: with a Content-Length or chunked
 * ({@code Transfer-Encoding: chunked}, which has no length up front). Over the limit: 413 with the JSON error,
 * and the server goes on serving; a chunked body under the limit is read as before.
 */
class BodyLimitTest {

  @TempDir
  static Path dir;
  static DuckDBConnection warehouse;
  static TestServer server;
  static final ObjectMapper JSON = new ObjectMapper();
  static final int MIB = 1024 * 1024;

  @BeforeAll
  static void start() throws Exception {
    warehouse = QueryFixture.warehouse();
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "ana", Role.ANALYST, null, "ana-secret-123");
    server = new TestServer(warehouse, Users.load(usersFile));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    warehouse.close();
  }

  /** An answer read off the socket: status, headers (lower-case names), body. */
  record Raw(int status, Map<String, String> headers, String body) {
  }

  /**
   * Sends {@code body} to {@code path} on a raw socket, chunked (64 KiB chunks) or with a Content-Length, from a
   * second thread (the server may answer before it has read everything), and reads the answer.
   */
  static Raw post(String path, byte[] body, boolean chunked) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.server.port()));
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n")
          + "Connection: close\r\n\r\n";
      Thread sender = new Thread(() -> {
        try {
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          if (!chunked) {
            out.write(body);
          } else {
            for (int at = 0; at < body.length; at += 64 * 1024) {
              int n = Math.min(64 * 1024, body.length - at);
              out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
              out.write(body, at, n);
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.flush();
        } catch (IOException e) {
          // the server stopped reading and closed: expected once it has answered 413
        }
      });
      sender.start();
      Raw raw = read(socket.getInputStream());
      sender.join(60_000);
      return raw;
    }
  }

  private static Raw read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        all.write(buf, 0, n);
      }
    } catch (IOException e) {
      // a reset after the answer arrived
    }
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    assertThat(end).as("an HTTP answer: %s", text).isPositive();
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      StringBuilder joined = new StringBuilder();
      int at = 0;
      while (true) {
        int eol = body.indexOf("\r\n", at);
        int size = Integer.parseInt(body.substring(at, eol).strip(), 16);
        if (size == 0) {
          break;
        }
        joined.append(body, eol + 2, eol + 2 + size);
        at = eol + 2 + size + 2;
      }
      body = joined.toString();
    }
    return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
  }

  /** A login body of about {@code size} bytes: valid JSON, the password padded out. */
  static byte[] login(int size) {
    String start = "{\"user\":\"ana\",\"password\":\"";
    return (start + "x".repeat(Math.max(0, size - start.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AndTheServerGoesOn() throws Exception {
    for (String path : List.of("/api/login", "/api/embed/refresh", "/api/embed/tokens", "/api/jdbc")) {
      Raw r = post(path, login(2 * MIB), true);
      assertThat(r.status()).as("%s: %s", path, r.body()).isEqualTo(413);
      assertThat(r.headers().get("content-type")).as(path).startsWith("application/json");
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("status").asInt()).as(path).isEqualTo(413);
      assertThat(body.path("error").asText()).as(path).contains("1024 KiB");
    }
    Raw sized = post("/api/login", login(2 * MIB), false);
    assertThat(sized.status()).as("with a Content-Length too").isEqualTo(413);
    assertThat(new Http(server.url()).get("/api/health").status()).as("still serving").isEqualTo(200);
  }

  /**
   * A server that runs its ingest job itself refuses batches (404) before reading them; it must still read the
   * body, or it closes the connection while the client is sending and the client gets no answer at all (the fuzz
   * suite found it: {@code POST /api/ingest/batch} with a 20 KB body, "header parser received no bytes").
   */
  @Test
  void aRefusedIngestBatchIsAnsweredNotCutOff() throws Exception {
    Http http = new Http(server.url());
    String body = "{\"user\":\"" + "y".repeat(MIB - 64 * 1024) + "\"}";
    for (int i = 0; i < 20; i++) {
      Http.Reply r = http.sendOnNewConnection("POST", "/api/ingest/batch", body);
      assertThat(r.status()).as("try %d: %s", i, r.raw()).isEqualTo(404);
      assertThat(r.body().path("error").asText()).contains("takes no batches");
    }
  }

  @Test
  void aChunkedBodyUnderTheLimitIsReadAsBefore() throws Exception {
    Raw ok = post("/api/login", "{\"user\":\"ana\",\"password\":\"ana-secret-123\"}".getBytes(StandardCharsets.UTF_8), true);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(JSON.readTree(ok.body()).path("role").asText()).isEqualTo("analyst");
    Raw wrong = post("/api/login", login(MIB - 1024), true);
    assertThat(wrong.status()).as("just under the limit: read, and the password is refused").isEqualTo(400);
  }
}

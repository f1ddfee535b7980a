package org.satit.ingest.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The applier of the ingest job when it runs on a Flink cluster: the warehouse has one writer, inside the
 * satit server, so each batch goes to the server's ingest endpoint ({@code POST /api/ingest/batch},
 * authenticated with the shared ingest token) and counts as applied only when the server answers that it
 * committed it. A failure fails the sink; Flink restarts the job from its last checkpoint and the writer,
 * being idempotent, absorbs the replay.
 */
public final class RemoteApplier implements ChangeApplier {

  /**
   * What the sink carries into the job: where the server is, the token (from the submitting server), and for an
   * https server the path of the certificate (PEM) the TaskManagers trust it by (null: the JDK's trust store).
   */
  public record Factory(String serverUrl, String token, String trustedCertificate) implements ChangeApplier.Factory {
    public Factory(String serverUrl, String token) {
      this(serverUrl, token, null);
    }

    @Override
    public ChangeApplier open() {
      return new RemoteApplier(serverUrl, token, trustedCertificate == null ? null : Path.of(trustedCertificate));
    }

    @Override
    public String toString() {
      return "RemoteApplier.Factory[" + serverUrl + "]"; // never the token
    }
  }

  public static final String PATH = "/api/ingest/batch";

  private final URI endpoint;
  private final String token;
  private final HttpClient http;

  public RemoteApplier(String serverUrl, String token) {
    this(serverUrl, token, null);
  }

  /** {@code trusted}: the PEM certificate(s) an https server is trusted by (null: the JDK's trust store). */
  public RemoteApplier(String serverUrl, String token, Path trusted) {
    this.endpoint = URI.create(serverUrl.replaceAll("/+$", "") + PATH);
    this.token = token;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (trusted != null) {
      b.sslContext(trusting(trusted));
    }
    this.http = b.build();
  }

  /** A TLS context that trusts exactly the certificates in the PEM file. */
  static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("satit-" + i++, c);
      }
      if (i == 0) {
        throw new IllegalArgumentException("no certificate in " + pem);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the server certificate in " + pem + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void apply(List<SourceChange> changes) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/x-satit-changes")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ChangeBatchCodec.encode(changes)))
        .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("the satit server refused a batch of " + changes.size() + " changes: HTTP "
          + r.statusCode() + " " + r.body());
    }
  }
}

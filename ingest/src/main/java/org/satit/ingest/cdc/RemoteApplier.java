package org.satit.ingest.cdc;

import java.io.IOException;
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

  /** What the sink carries into the job: where the server is and the token (from the submitting server). */
  public record Factory(String serverUrl, String token) implements ChangeApplier.Factory {
    @Override
    public ChangeApplier open() {
      return new RemoteApplier(serverUrl, token);
    }

    @Override
    public String toString() {
      return "RemoteApplier.Factory[" + serverUrl + "]"; // never the token
    }
  }

  public static final String PATH = "/api/ingest/batch";

  private final URI endpoint;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public RemoteApplier(String serverUrl, String token) {
    this.endpoint = URI.create(serverUrl.replaceAll("/+$", "") + PATH);
    this.token = token;
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

package org.satit.api.ingest;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.satit.api.ApiError;
import org.satit.ingest.cdc.ChangeApplier;
import org.satit.ingest.cdc.ChangeBatchCodec;
import org.satit.ingest.cdc.SourceChange;

/**
 * {@code POST /api/ingest/batch}: where the ingest job's sink delivers its batches when the job runs on a
 * Flink cluster ({@link org.satit.ingest.cdc.RemoteApplier}). Only with the shared ingest token; the body is
 * a {@link ChangeBatchCodec} batch; the answer 200 comes after the batch is committed to the warehouse, so
 * the job's checkpoint holds only what is applied. One batch at a time (DuckDB has one writer).
 */
public final class IngestEndpoint {

  /** The largest batch body accepted (a batch of the default 50,000 changes is about 15 MB). */
  public static final long MAX_BODY = 256L * 1024 * 1024;

  private final ChangeApplier applier;
  private final byte[] token;
  private final java.util.Optional<IngestTls> tls;
  private final Object oneAtATime = new Object();

  private IngestEndpoint(ChangeApplier applier, String token, IngestTls tls) {
    this.applier = applier;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.tls = java.util.Optional.ofNullable(tls);
  }

  /** Accepting batches for {@code applier} from callers with {@code token} (at least 32 characters). */
  public static IngestEndpoint accepting(ChangeApplier applier, String token) {
    return accepting(applier, token, null);
  }

  /** The same, over TLS only when {@code tls} is given (null: plain HTTP). */
  public static IngestEndpoint accepting(ChangeApplier applier, String token, IngestTls tls) {
    if (token == null || token.length() < 32) {
      throw new IllegalArgumentException("the ingest token must have at least 32 characters");
    }
    return new IngestEndpoint(applier, token, tls);
  }

  /** No remote ingest (the job runs inside this server): every batch is refused. */
  public static IngestEndpoint disabled() {
    return new IngestEndpoint(null, null, null);
  }

  /** The TLS listener the server must open for the batches, if configured. */
  public java.util.Optional<IngestTls> tls() {
    return tls;
  }

  public void batch(Context ctx) throws Exception {
    if (token == null) {
      drainSmall(ctx);
      throw ApiError.notFound("this satit runs its ingest job itself: it takes no batches over the network");
    }
    if (tls.isPresent() && !ctx.req().isSecure()) {
      drainSmall(ctx);
      throw ApiError.forbidden("ingest batches are taken only over TLS (ingest.tls)");
    }
    String auth = ctx.header("Authorization");
    byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      drainSmall(ctx);
      throw ApiError.unauthorized("missing or wrong ingest token");
    }
    List<SourceChange> changes;
    try {
      changes = ChangeBatchCodec.decode(body(ctx));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("not a change batch: " + e.getMessage());
    }
    synchronized (oneAtATime) {
      try {
        applier.apply(changes);
      } catch (org.satit.ingest.cdc.StreamBrokenException e) {
        // nothing applied; this server snapshots afresh (the job is cancelled and submitted again)
        throw new ApiError(409, e.getMessage());
      }
    }
    ctx.json(Map.of("applied", changes.size()));
  }

  /**
   * Reads up to 1 MiB of a refused request's body, so an HTTP/1.1 client still sending it gets the answer rather
   * than a closed connection (a larger body is not read: the connection closes after the answer).
   */
  private static void drainSmall(Context ctx) {
    try {
      ctx.bodyInputStream().readNBytes(1024 * 1024);
    } catch (java.io.IOException | RuntimeException gone) {
      // the client went away: nothing to answer
    }
  }

  /** The batch, read here rather than by Javalin (which stops every other body at 1 MiB), up to MAX_BODY. */
  private static byte[] body(Context ctx) throws java.io.IOException {
    byte[] body = ctx.bodyInputStream().readNBytes((int) MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw ApiError.tooLarge(MAX_BODY);
    }
    return body;
  }
}

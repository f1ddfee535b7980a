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
  private final Object oneAtATime = new Object();

  private IngestEndpoint(ChangeApplier applier, String token) {
    this.applier = applier;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Accepting batches for {@code applier} from callers with {@code token} (at least 32 characters). */
  public static IngestEndpoint accepting(ChangeApplier applier, String token) {
    if (token == null || token.length() < 32) {
      throw new IllegalArgumentException("the ingest token must have at least 32 characters");
    }
    return new IngestEndpoint(applier, token);
  }

  /** No remote ingest (the job runs inside this server): every batch is refused. */
  public static IngestEndpoint disabled() {
    return new IngestEndpoint(null, null);
  }

  public void batch(Context ctx) throws Exception {
    if (token == null) {
      throw ApiError.notFound("this satit runs its ingest job itself: it takes no batches over the network");
    }
    String auth = ctx.header("Authorization");
    byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      throw ApiError.unauthorized("missing or wrong ingest token");
    }
    List<SourceChange> changes;
    try {
      changes = ChangeBatchCodec.decode(ctx.bodyAsBytes());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("not a change batch: " + e.getMessage());
    }
    synchronized (oneAtATime) {
      applier.apply(changes);
    }
    ctx.json(Map.of("applied", changes.size()));
  }
}

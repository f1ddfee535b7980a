package org.satit.ingest.cdc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA-256) that stand in for people in the warehouse. Without the secret nobody
 * can go from a pseudonym back to a citizen ID or a source record, nor test a guessed ID.
 */
public final class Pseudonyms implements org.satit.ingest.spec.PersonKeys {

  private final byte[] secret;
  private final ThreadLocal<Mac> mac;

  public Pseudonyms(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the pseudonym secret must have at least 32 bytes");
    }
    this.secret = secret.clone();
    this.mac = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(secret, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  private byte[] hmac(String message) {
    return mac.get().doFinal(message.getBytes(StandardCharsets.UTF_8));
  }

  /** The warehouse key of a source student record (64 bits of the HMAC). */
  @Override
  public long studentKey(long sourceStudentId) {
    return ByteBuffer.wrap(hmac("student:" + sourceStudentId)).getLong();
  }

  /** A handle by which a task of a job in this JVM finds this secret (the handle carries no secret). */
  public PseudonymKey inThisJvm() {
    return PseudonymKey.inThisJvm(secret);
  }

  /** The pseudonym of a citizen ID (128 bits of the HMAC, hex). */
  @Override
  public String personKey(String citizenId) {
    return HexFormat.of().formatHex(hmac("citizen:" + citizenId), 0, 16);
  }
}

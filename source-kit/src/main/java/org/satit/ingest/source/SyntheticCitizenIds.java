package org.satit.ingest.source;

import org.satit.ingest.spec.CitizenId;

/**
 * The demo's citizen identification numbers, made from an entity's key by a bijection, so two keys never
 * share a number; valid by {@link CitizenId}'s check digit unless made wrong on purpose.
 */
public final class SyntheticCitizenIds {

  private static final long MOD = 100_000_000_000L; // eleven digits
  private static final long MULTIPLIER = 91_234_567L; // odd, not a multiple of 5: a bijection mod 10^11; key * MULTIPLIER < 2^63

  private SyntheticCitizenIds() {
  }

  /**
   * A valid ID for key (0 ≤ key < 10^11). Type digit 1: Thai national registered at birth after 1984
   * (students); 3: registered in the 1984 census (older teachers).
   */
  public static String of(int typeDigit, long key, long salt) {
    if (key < 0 || key >= MOD) {
      throw new IllegalArgumentException("citizen key out of range: " + key);
    }
    long body = Math.floorMod(Math.floorMod(key * MULTIPLIER, MOD) + salt, MOD);
    String first12 = typeDigit + String.format("%011d", body);
    return first12 + CitizenId.checkDigit(first12);
  }

  /** The same number with a wrong check digit: what a mistyped source record holds. */
  public static String withWrongCheckDigit(String valid) {
    int wrong = (valid.charAt(12) - '0' + 1 + (valid.charAt(5) - '0') % 8) % 10;
    return valid.substring(0, 12) + wrong;
  }
}

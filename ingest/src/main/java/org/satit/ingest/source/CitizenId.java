package org.satit.ingest.source;

/**
 * Thai 13-digit citizen identification numbers: a type digit, eleven digits, and a mod-11 check
 * digit. Numbers are made from an entity's key by a bijection, so two keys never share a number.
 */
public final class CitizenId {

  private static final long MOD = 100_000_000_000L; // eleven digits
  private static final long MULTIPLIER = 91_234_567L; // odd, not a multiple of 5: a bijection mod 10^11; key * MULTIPLIER < 2^63

  private CitizenId() {
  }

  /** The check digit of the first twelve digits. */
  public static int checkDigit(CharSequence first12) {
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += (first12.charAt(i) - '0') * (13 - i);
    }
    return (11 - sum % 11) % 10;
  }

  public static boolean isValid(String id) {
    if (id == null || id.length() != 13) {
      return false;
    }
    for (int i = 0; i < 13; i++) {
      if (!Character.isDigit(id.charAt(i))) {
        return false;
      }
    }
    return id.charAt(0) != '0' && checkDigit(id) == id.charAt(12) - '0';
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
    return first12 + checkDigit(first12);
  }

  /** The same number with a wrong check digit: what a mistyped source record holds. */
  public static String withWrongCheckDigit(String valid) {
    int wrong = (valid.charAt(12) - '0' + 1 + (valid.charAt(5) - '0') % 8) % 10;
    return valid.substring(0, 12) + wrong;
  }
}

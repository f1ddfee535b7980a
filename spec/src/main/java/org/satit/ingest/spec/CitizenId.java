package org.satit.ingest.spec;

/**
 * Thai 13-digit citizen identification numbers: a type digit, eleven digits, and a mod-11 check
 * digit: what the ingest job checks ({@code valid_citizen_id}). The demo's numbers are made by
 * {@code SyntheticCitizenIds} (source-kit).
 */
public final class CitizenId {

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
}

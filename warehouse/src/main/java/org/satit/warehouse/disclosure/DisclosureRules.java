package org.satit.warehouse.disclosure;

/**
 * The disclosure policy of public output.
 *
 * @param minCount            k: a group with 1 ≤ count < k is never shown
 * @param protectionMargin    a hidden cell's count must stay uncertain over at least this many students: the
 *                            feasible interval an attacker can derive from everything published is at least this
 *                            wide (max − min ≥ margin, and never a single value)
 * @param meanDecimals        decimals of published means and shares (rounded half-up)
 * @param shareFloorPercent   a share below this is published only as a code like {@code "<5%"}
 * @param shareCeilingPercent a share above this is published only as a code like {@code ">95%"}
 */
public record DisclosureRules(int minCount, int protectionMargin, int meanDecimals, double shareFloorPercent,
                              double shareCeilingPercent) {

  public DisclosureRules {
    if (minCount < 1) {
      throw new IllegalArgumentException("minCount must be at least 1, was " + minCount);
    }
    if (protectionMargin < 0) {
      throw new IllegalArgumentException("protectionMargin must not be negative, was " + protectionMargin);
    }
    if (meanDecimals < 0 || meanDecimals > 6) {
      throw new IllegalArgumentException("meanDecimals must be 0..6, was " + meanDecimals);
    }
    if (!(0 <= shareFloorPercent && shareFloorPercent <= shareCeilingPercent && shareCeilingPercent <= 100)) {
      throw new IllegalArgumentException("need 0 ≤ shareFloorPercent ≤ shareCeilingPercent ≤ 100, was "
          + shareFloorPercent + " and " + shareCeilingPercent);
    }
  }

  /**
   * The rules' fingerprint: the first 16 hex digits of the SHA-256 of their canonical text (every rule, named, in a
   * fixed order). A release records it; equal rules give equal fingerprints on every machine and version of satit.
   */
  public String fingerprint() {
    String canonical = "k=" + minCount + ";margin=" + protectionMargin + ";decimals=" + meanDecimals + ";floor="
        + java.math.BigDecimal.valueOf(shareFloorPercent).stripTrailingZeros().toPlainString() + ";ceiling="
        + java.math.BigDecimal.valueOf(shareCeilingPercent).stripTrailingZeros().toPlainString();
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
  }

  /** k = 10, margin 10, one decimal, shares coded below 5% and above 95%. */
  public static DisclosureRules defaults() {
    return withMinCount(10);
  }

  /** The defaults with threshold {@code k} and a protection margin of {@code k}. */
  public static DisclosureRules withMinCount(int k) {
    return new DisclosureRules(k, k, 1, 5, 95);
  }
}

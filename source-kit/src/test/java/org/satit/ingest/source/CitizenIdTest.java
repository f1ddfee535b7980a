package org.satit.ingest.source;

import org.satit.ingest.spec.CitizenId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CitizenIdTest {

  @Test
  void knownNumberHasTheRightCheckDigit() {
    // 1-1037-02071-81-1: digits weighted 13..2, sum 141, 11 - 141 % 11 = 2 ... computed by hand below
    String first12 = "110370207181";
    int sum = 0;
    for (int i = 0; i < 12; i++) {
      sum += (first12.charAt(i) - '0') * (13 - i);
    }
    int expected = (11 - sum % 11) % 10;
    assertThat(CitizenId.checkDigit(first12)).isEqualTo(expected);
    assertThat(CitizenId.isValid(first12 + expected)).isTrue();
    assertThat(CitizenId.isValid(first12 + (expected + 1) % 10)).isFalse();
  }

  @Test
  void generatedNumbersAreValidDistinctAndOfTheirType() {
    Set<String> seen = new HashSet<>();
    for (long key = 0; key < 200_000; key += 1) {
      String id = SyntheticCitizenIds.of(1, key * 499_979L % 100_000_000_000L, 3_141_592_653L);
      assertThat(id).hasSize(13).startsWith("1");
      assertThat(CitizenId.isValid(id)).as(id).isTrue();
      assertThat(seen.add(id)).as("duplicate %s", id).isTrue();
    }
  }

  @Test
  void wrongCheckDigitIsInvalid() {
    String valid = SyntheticCitizenIds.of(3, 123_456_789L, 7L);
    assertThat(CitizenId.isValid(valid)).isTrue();
    assertThat(CitizenId.isValid(SyntheticCitizenIds.withWrongCheckDigit(valid))).isFalse();
    assertThat(CitizenId.isValid("12345")).isFalse();
    assertThat(CitizenId.isValid("0123456789012")).isFalse();
  }
}

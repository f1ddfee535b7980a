package io.debezium.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** satit's copy of Debezium's Predicates is the one loaded, and remembers answers that equal the regex's own. */
class PredicatesPatchTest {

  @Test
  void theCopyLoadedIsSatitsAndAnswersAsTheRegexesDoEveryTime() throws Exception {
    assertThat(Predicates.class.getField("SATIT_PATCH").getBoolean(null)).isTrue();
    Predicate<String> included = Predicates.includes("public\\.onet_score,public\\.nt_.*,emis\\.school", Function.identity());
    List<String> names = List.of("public.onet_score", "PUBLIC.ONET_SCORE", "public.nt_score", "public.onet_scores",
        "public.onetXscore", "emis.school", "other.school", "");
    for (int round = 0; round < 3; round++) { // the first round computes, the next ones remember
      for (String name : names) {
        boolean expected = name.toLowerCase().matches("public\\.onet_score|public\\.nt_.*|emis\\.school");
        assertThat(included.test(name)).as("%s, round %d", name, round).isEqualTo(expected);
      }
    }
  }

  @Test
  void eachStringIsMatchedAgainstThePatternsOnce() {
    java.util.concurrent.atomic.AtomicInteger matched = new java.util.concurrent.atomic.AtomicInteger();
    List<java.util.regex.Pattern> compiled = List.of(java.util.regex.Pattern.compile("public\\..*", java.util.regex.Pattern.CASE_INSENSITIVE));
    java.util.Collection<java.util.regex.Pattern> counting = new java.util.AbstractList<>() {
      @Override
      public java.util.regex.Pattern get(int i) {
        return compiled.get(i);
      }

      @Override
      public int size() {
        return compiled.size();
      }

      @Override
      public java.util.Iterator<java.util.regex.Pattern> iterator() {
        matched.incrementAndGet();
        return super.iterator();
      }
    };
    Predicate<String> included = Predicates.includedInPatterns(counting, Function.identity());
    for (int i = 0; i < 1000; i++) {
      assertThat(included.test("public.onet_score")).isTrue();
      assertThat(included.test("other.school")).isFalse();
    }
    assertThat(matched.get()).as("regex rounds for two strings asked 1,000 times each").isEqualTo(2);
  }

  @Test
  void pastItsLimitItStillAnswersRight() {
    Predicate<String> included = Predicates.includes("t[0-9]*5", Function.identity());
    for (int i = 0; i < Predicates.SATIT_MEMO_LIMIT + 500; i++) {
      assertThat(included.test("t" + i)).isEqualTo(String.valueOf(i).endsWith("5"));
    }
    assertThat(included.test("t" + (Predicates.SATIT_MEMO_LIMIT + 405))).isTrue();
  }
}

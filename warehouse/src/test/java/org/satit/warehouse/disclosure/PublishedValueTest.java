package org.satit.warehouse.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PublishedValueTest {

  private static final DisclosureRules RULES = DisclosureRules.defaults();

  @Test
  void roundsMeansHalfUpOnTheDecimalValue() {
    assertThat(PublishedValue.mean(4, 9, false, RULES).value()).isEqualTo(2.3);     // 2.25
    assertThat(PublishedValue.mean(20, 1, false, RULES).value()).isEqualTo(0.1);    // 0.05
    assertThat(PublishedValue.mean(3, 0.45 * 3, false, RULES).value()).isEqualTo(0.5); // 0.45, not 0.4499…
    assertThat(PublishedValue.mean(3, 200, false, RULES).value()).isEqualTo(66.7);
    assertThat(PublishedValue.mean(8, 20, false, new DisclosureRules(10, 10, 0, 5, 95)).value()).isEqualTo(3.0); // 2.5
    assertThat(PublishedValue.mean(10, 725, false, RULES).text()).isEqualTo("72.5");
    assertThat(PublishedValue.mean(10, 700, false, RULES).text()).isEqualTo("70");
  }

  @Test
  void hiddenAndEmptyGroupsShowCodesNotNumbers() {
    assertThat(PublishedValue.mean(12, 600, true, RULES)).isEqualTo(new PublishedValue(null, "suppressed"));
    assertThat(PublishedValue.count(3, true).text()).isEqualTo("suppressed");
    assertThat(PublishedValue.count(0, false).value()).isEqualTo(0.0);
    assertThat(PublishedValue.mean(0, 0, false, RULES).code()).isEqualTo(PublishedValue.NO_STUDENTS);
    assertThat(PublishedValue.share(0, 0, false, RULES).code()).isEqualTo(PublishedValue.NO_STUDENTS);
    assertThat(PublishedValue.count(42, false).isNumber()).isTrue();
    assertThatThrownBy(() -> new PublishedValue(1.0, "x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void codesSharesNearTheEndsOnTheExactShare() {
    assertThat(PublishedValue.share(20, 0, false, RULES).code()).isEqualTo("<5%");   // nobody passed
    assertThat(PublishedValue.share(20, 1, false, RULES).value()).isEqualTo(5.0);    // exactly the floor: shown
    assertThat(PublishedValue.share(21, 1, false, RULES).code()).isEqualTo("<5%");   // 4.76%
    assertThat(PublishedValue.share(2500, 124, false, RULES).code()).isEqualTo("<5%"); // 4.96% would round to 5.0
    assertThat(PublishedValue.share(20, 19, false, RULES).value()).isEqualTo(95.0);  // exactly the ceiling: shown
    assertThat(PublishedValue.share(40, 39, false, RULES).code()).isEqualTo(">95%"); // 97.5%
    assertThat(PublishedValue.share(20, 20, false, RULES).code()).isEqualTo(">95%"); // everybody passed
    assertThat(PublishedValue.share(3, 1, false, RULES).value()).isEqualTo(33.3);
    assertThat(PublishedValue.share(200, 1, false, new DisclosureRules(10, 10, 1, 0.25, 99.5)).value())
        .isEqualTo(0.5);
    assertThat(PublishedValue.share(400, 1, false, new DisclosureRules(10, 10, 1, 2.5, 97.5)).text())
        .isEqualTo("<2.5%");
    assertThat(PublishedValue.share(20, 0, true, RULES).code()).isEqualTo(PublishedValue.SUPPRESSED);
    assertThatThrownBy(() -> PublishedValue.share(10, 11, false, RULES)).isInstanceOf(IllegalArgumentException.class);
  }
}

package org.satit.warehouse.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellTableTest {

  @Test
  void buildsFromCellsAndAdditivitiesInAnyOrder() {
    CellTable table = CellTable.builder()
        .additivity("cluster", "s1", "s2")
        .cell("s1", 4, 200).cell("s2", 6, 540.5).cell("cluster", 10, 740.5)
        .build();

    assertThat(table.cells()).containsOnlyKeys("s1", "s2", "cluster");
    assertThat(table.cell("s2").sum()).isEqualTo(540.5);
    assertThat(table.additivities()).containsExactly(new Additivity("cluster", List.of("s1", "s2")));
  }

  @Test
  void rejectsTablesThatCannotBePublishedConsistently() {
    assertThatThrownBy(() -> CellTable.builder().cell("c", 5).cell("s1", 5).additivity("c", "s1", "s2").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("additivity of c names unknown cell s2");
    assertThatThrownBy(() -> CellTable.builder().cell("c", 5).cell("s1", 2).cell("s2", 2)
        .additivity("c", "s1", "s2").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("count of c is 5 but its parts [s1, s2] add up to 4");
    assertThatThrownBy(() -> CellTable.builder().cell("c", 4, 100).cell("s1", 2, 60).cell("s2", 2, 60)
        .additivity("c", "s1", "s2").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum of c is 100.0");
    assertThatThrownBy(() -> CellTable.builder().cell("c", 5).cell("c", 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cell c added twice");
    assertThatThrownBy(() -> new CellTable(Map.of("x", Cell.ofCount("y", 1)), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cell y is stored under id x");
  }

  @Test
  void rejectsCellsAndRelationsThatMakeNoSense() {
    assertThatThrownBy(() -> Cell.ofCount("s", -1)).hasMessageContaining("negative count");
    assertThatThrownBy(() -> new Cell("s", 2, 201)).hasMessageContaining("outside 0..100 × count 2");
    assertThatThrownBy(() -> new Cell("s", 0, 5)).hasMessageContaining("outside");
    assertThatThrownBy(() -> Additivity.of("c", "c", "s")).hasMessageContaining("lists its total among its parts");
    assertThatThrownBy(() -> Additivity.of("c", "s", "s")).hasMessageContaining("lists part s twice");
    assertThatThrownBy(() -> Additivity.of("c")).hasMessageContaining("has no parts");
    assertThatThrownBy(() -> new DisclosureRules(0, 10, 1, 5, 95)).hasMessageContaining("minCount");
    assertThatThrownBy(() -> new DisclosureRules(10, 10, 1, 96, 95)).hasMessageContaining("shareFloorPercent");
  }
}

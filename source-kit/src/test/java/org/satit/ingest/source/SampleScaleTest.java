package org.satit.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.satit.ingest.source.EmisGenerator.Options;
import org.satit.ingest.source.EmisGenerator.Scale;
import org.satit.ingest.source.Geography.EsaOffice;

/** The demo's sample scale: one primary office per region, one secondary, the default ESA among them. */
class SampleScaleTest {

  @Test
  void theSampleHoldsOnePrimaryOfficeInEachRegionAndOneSecondary() {
    List<EsaOffice> offices = new EmisGenerator(Options.of(Scale.SAMPLE, 7)).populatedOffices();
    Map<String, Long> primariesByRegion = offices.stream().filter(EsaOffice::primary)
        .collect(Collectors.groupingBy(e -> e.seat().region(), Collectors.counting()));
    Map<String, Long> allRegions = Geography.get().provinces().stream()
        .collect(Collectors.groupingBy(Geography.Province::region, Collectors.counting()));
    assertThat(primariesByRegion.keySet()).isEqualTo(allRegions.keySet()).hasSize(6);
    assertThat(primariesByRegion.values()).containsOnly(1L);
    assertThat(offices.stream().filter(e -> !e.primary()).count()).isEqualTo(1);
    assertThat(offices).extracting(EsaOffice::code).contains(Options.DEFAULT_ESA);
  }

  @Test
  void theSampleIsTheSameOfficesAsTheirOwnEsaRunsSoAnEsaLooksAlikeInBoth() {
    EmisGenerator sample = new EmisGenerator(Options.of(Scale.SAMPLE, 7));
    EmisGenerator esa = new EmisGenerator(Options.of(Scale.ESA, 7));
    assertThat(sample.planEsa(Geography.get().office("5003")).schools())
        .isEqualTo(esa.planEsa(Geography.get().office("5003")).schools());
    assertThat(sample.plannedSchools()).isBetween(400, 2_000);
  }

  @Test
  void anUnknownScaleNamesTheKnownOnes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scale.parse("town"))
        .hasMessageContaining("esa, sample, province or country");
  }
}

package org.satit.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DashboardLabelsTest {

  static Properties load(String lang) throws Exception {
    Properties p = new Properties();
    try (var in = new InputStreamReader(
        DashboardLabelsTest.class.getResourceAsStream("/satit/i18n/labels_" + lang + ".properties"), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  @Test
  void thaiAndEnglishDefineTheSameLabels() throws Exception {
    Properties th = load("th");
    Properties en = load("en");
    assertThat(th.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
    assertThat(th.getProperty("subject.MAT")).isEqualTo("คณิตศาสตร์");
    th.stringPropertyNames().forEach(k -> assertThat(th.getProperty(k)).as(k).isNotBlank());
  }
}

package org.satit.api.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.satit.api.TestServer;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;
import org.satit.warehouse.semantic.Dataset;
import org.satit.warehouse.semantic.SemanticModel;
import org.satit.warehouse.writer.Batch;
import org.satit.warehouse.writer.RowChange;
import org.satit.warehouse.writer.WarehouseTable;

/**
 * An enrollment change moves a school's size band (dim_school), so every chart that reads dim_school must
 * hear of it: the real writer applies the change, the live stream names those datasets and the chart cache
 * answers with the new band.
 */
class SizeBandChangeTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String EQUITY = "/api/charts/equity_size/data?esa=5003&test=ONET&grade=P6&subject=MAT&year=2563";

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // bounds the wait on the event stream; nothing is timed
  void anEnrollmentChangeThatMovesASizeBandIsAnnouncedToEveryDatasetReadingDimSchoolAndRefreshesItsCharts()
      throws Exception {
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "ana", Role.ANALYST, null, "ana-secret");
    try (DuckDBConnection warehouse = QueryFixture.warehouse();
         TestServer server = new TestServer(warehouse, Users.load(usersFile))) {
      String cookie = login(server, "ana", "ana-secret");
      // ESA 5003: school 1 is small (4 takers, 160 points), schools 2 and 3 medium (32 takers, 1480 points)
      Map<String, Integer> before = takersByBand(get(server, EQUITY, cookie));
      assertThat(before).containsExactly(Map.entry("medium", 32), Map.entry("small", 4));
      assertThat(takersByBand(get(server, EQUITY, cookie))).isEqualTo(before); // answered from the cache

      HttpResponse<Stream<String>> live = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/live"))
          .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
      Iterator<String> events = live.body().iterator();
      nextEvent(events); // the current version, sent on joining

      // 130 pupils enrolled at school 1 in AY 2563: a primary school of 130 is medium
      Batch enrollment = new Batch();
      for (long student = 1; student <= 130; student++) {
        enrollment.add(RowChange.upsert(WarehouseTable.FACT_ENROLLMENT, 2563, 9_000 + student, "1050000001", "P6", 1,
            LocalDateTime.of(2020, 6, 10, 8, 0)));
      }
      long version = server.writer.apply(enrollment);

      Set<String> announced = new TreeSet<>();
      JsonNode event;
      do {
        event = nextEvent(events);
        event.path("datasets").forEach(d -> announced.add(d.asText()));
      } while (event.path("version").asLong() < version);
      live.body().close();
      Set<String> readingDimSchool = SemanticModel.load().datasets().values().stream()
          .filter(d -> d.reads().contains("dim_school")).map(Dataset::name).collect(Collectors.toCollection(TreeSet::new));
      assertThat(readingDimSchool).contains("scores");
      assertThat(announced).as("datasets announced for the enrollment commit").containsAll(readingDimSchool);

      JsonNode after = get(server, EQUITY, cookie);
      assertThat(after.path("version").asLong()).as("version of the chart's data").isEqualTo(version);
      assertThat(takersByBand(after)).containsExactly(Map.entry("medium", 36));
    }
  }

  private static Map<String, Integer> takersByBand(JsonNode chart) {
    int band = -1;
    int takers = -1;
    for (int i = 0; i < chart.path("columns").size(); i++) {
      String name = chart.path("columns").get(i).path("name").asText();
      band = name.equals("size_band") ? i : band;
      takers = name.equals("takers") ? i : takers;
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (JsonNode row : chart.path("rows")) {
      out.put(row.get(band).asText(), row.get(takers).asInt());
    }
    return new java.util.TreeMap<>(out);
  }

  private static JsonNode get(TestServer server, String path, String cookie) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Cookie", cookie)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String login(TestServer server, String user, String password) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  private static JsonNode nextEvent(Iterator<String> lines) throws Exception {
    while (lines.hasNext()) {
      String line = lines.next();
      if (line.startsWith("data:")) {
        return JSON.readTree(line.substring(5).trim());
      }
    }
    throw new AssertionError("the live stream ended");
  }
}

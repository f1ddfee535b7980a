package org.satit.tools;

import org.satit.api.SatitStack;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.satit.ingest.source.EmbeddedSource;
import org.satit.ingest.source.EmisGenerator;
import org.satit.ingest.source.SourceLoader;

/**
 * The dashboards as a person sees them, in Debian's headless Chromium: satit runs over a freshly generated
 * ESA-scale source (real embedded PostgreSQL, Flink CDC, DuckDB); the test logs in as the demo analyst and
 * opens every dashboard: every chart must draw data (a canvas with series data, or a table with rows).
 * Then the language switch must change the labels, and a change committed in the source must reach an
 * open page without a reload. Screenshots go to target/screenshots.
 */
@org.junit.jupiter.api.Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  static final List<String> DASHBOARDS = List.of("national", "esa", "cluster", "school", "weakness", "network",
      "equity", "quality");

  @TempDir
  static Path dir;
  static EmbeddedSource source;
  static SatitStack stack;
  static WebDriver browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    org.satit.api.Chromium.assumeInstalled();
    source = EmbeddedSource.start(dir.resolve("source"), 0);
    SourceLoader.generate(source.target(), new EmisGenerator(EmisGenerator.Options.of(EmisGenerator.Scale.ESA, 7)),
        EmisGenerator.Progress.NONE, true);
    // a few bad rows, so the data-quality dashboard has quarantine to show
    org.satit.warehouse.NamedSql bad = org.satit.warehouse.NamedSql.load("bench/bad-rows.sql");
    try (Connection c = source.target().connect(); Statement st = c.createStatement()) {
      for (String name : List.of("onet_score.out_of_range", "onet_score.unknown_school", "supervision_visit.impossible_date")) {
        st.executeUpdate(bad.get(name));
      }
    }
    // generous request limits: the public sweep below asks thousands of questions from one address
    stack = DemoStack.start(dir, source, 0, new org.satit.api.ops.RateLimits(10_000, 10_000,
        org.satit.api.ops.TrustedProxies.none()));
    base = "http://127.0.0.1:" + stack.port();
    awaitSnapshot();
    // one streamed change, so the freshness charts have a source commit to measure the lag of
    try (Connection c = source.target().connect(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE onet_score SET score = score WHERE score_id = (SELECT MIN(score_id) FROM onet_score)");
    }
    awaitLag();
    browser = org.satit.api.Chromium.start(dir.resolve("chromium"), dir.resolve("downloads"));
    login();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (stack != null) {
      stack.close();
    }
    if (source != null) {
      source.close();
    }
  }

  /** Until the warehouse holds the snapshot: scores of every school. */
  static void awaitSnapshot() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      String health = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(health);
      long rows = 0;
      for (var t : json.path("tables")) {
        rows += t.path("rows").asLong();
      }
      if (rows >= 287_000 && json.path("quarantined").asLong() >= 3) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the snapshot did not finish in 3 minutes");
  }

  static void awaitLag() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
          URI.create(base + "/api/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
      for (var t : json.path("tables")) {
        if (t.path("name").asText().equals("onet_score") && !t.path("lagMs").isNull()) {
          return;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the streamed change did not arrive in a minute");
  }

  static String password(String user) throws Exception {
    for (String line : Files.readAllLines(dir.resolve(DemoLogins.LOGINS_FILE))) {
      if (line.startsWith(user + " ")) {
        return line.split(" ")[3];
      }
    }
    throw new AssertionError("no demo login " + user);
  }

  static void login() throws Exception {
    String password = password("analyst");
    browser.get(base + "/?d=network");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // a re-rendered element
    wait.until(d -> !d.findElements(By.cssSelector("#who button")).isEmpty());
    // a dashboard that needs a login opens the login dialog by itself
    wait.until(d -> Boolean.TRUE.equals(js("return document.getElementById('login-dialog').open")));
    browser.findElement(By.name("user")).sendKeys("analyst");
    browser.findElement(By.name("password")).sendKeys(password);
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    wait.until(d -> d.findElement(By.id("who")).getText().contains("analyst"));
  }

  /** Opens a dashboard and waits until every chart has answered; returns what the page reports per chart. */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> open(String dashboard) {
    browser.get(base + "/?d=" + dashboard);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // a re-rendered element
    wait.until(d -> {
      Object n = js("return document.querySelectorAll('#charts .card').length");
      Object done = js("return Object.keys(window.satit && window.satit.charts || {}).length");
      return ((Number) n).intValue() > 0 && ((Number) n).intValue() == ((Number) done).intValue();
    });
    Object slow = js("return performance.getEntriesByType('resource').filter(e => e.duration > 1000)"
        + ".map(e => Math.round(e.duration) + ' ms ' + e.name.replace(location.origin, '')).join('; ')");
    if (slow != null && !slow.toString().isEmpty()) {
      System.out.println("slow requests on " + dashboard + ": " + slow);
    }
    return (Map<String, Map<String, Object>>) js("return window.satit.charts");
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  static void shot(String name) throws Exception {
    org.satit.api.Chromium.shot(browser, name);
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void everyDashboardDrawsDataInEveryChart() throws Exception {
    StringBuilder loads = new StringBuilder();
    for (String d : DASHBOARDS) {
      long t0 = System.nanoTime();
      Map<String, Map<String, Object>> charts = open(d);
      loads.append(String.format(" %s %d ms;", d, (System.nanoTime() - t0) / 1_000_000));
      assertThat(charts).as("charts of %s", d).isNotEmpty();
      for (var e : charts.entrySet()) {
        assertThat(e.getValue().get("drawn")).as("%s / %s drew data: %s", d, e.getKey(), e.getValue()).isEqualTo(true);
        // not an empty canvas: the chart's first series holds points, or the table holds rows
        Number points = (Number) js("""
            const el = document.querySelector('[data-chart="' + arguments[0] + '"] .chart');
            const table = el.querySelectorAll('tbody tr').length;
            if (table) return table;
            const inst = echarts.getInstanceByDom(el);
            return inst ? inst.getOption().series.reduce((n, s) => n + s.data.filter(v => v !== null).length, 0) : 0;
            """, e.getKey());
        assertThat(points.intValue()).as("%s / %s has points on screen", d, e.getKey()).isPositive();
      }
      shot(d + "-th");
    }
    // navigation -> every chart answered and drawn (cold caches: the first visit of each dashboard)
    System.out.println("page load:" + loads);
  }

  @Test
  @org.junit.jupiter.api.Order(6)
  void thePublicPageWorksWithoutLoginHidesSmallGroupsAndFindsSchools() throws Exception {
    // the public release follows the warehouse once a minute: wait for the first one after the snapshot
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 120_000;
    while (true) {
      String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/charts/public_subjects/data")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      if (new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("rows").size() > 0) {
        break;
      }
      assertThat(System.currentTimeMillis()).as("a public release within two minutes").isLessThan(deadline);
      Thread.sleep(1000);
    }
    browser.manage().deleteAllCookies();
    browser.get(base + "/public/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // a re-rendered element
    wait.until(d -> Boolean.TRUE.equals(js("return !!(window.satit && window.satit.charts.public_subjects"
        + " && window.satit.charts.public_children && window.satit.charts.public_trend)")));
    assertThat(browser.findElement(By.cssSelector("#intro h1")).getText()).isEqualTo("ผลการทดสอบสาธารณะ");
    // the public menu: the published results, and the network activity that is not about children
    assertThat(browser.findElements(By.cssSelector("#menu a"))).hasSize(2);
    // find a cluster by part of its name, open it: its schools, the small ones hidden with the legend
    browser.findElement(By.id("find")).sendKeys("เครือข่าย");
    wait.until(d -> !d.findElements(By.cssSelector("#found li a")).isEmpty());
    browser.findElement(By.cssSelector("#found li a")).click();
    wait.until(d -> String.valueOf(js("return location.search")).contains("level=cluster"));
    Map<String, Map<String, Object>> charts = open(String.valueOf(js("return location.search")).substring(3));
    assertThat(charts.get("public_subjects").get("drawn")).isEqualTo(true);
    assertThat(charts.get("public_children").get("drawn")).isEqualTo(true);
    List<?> hidden = (List<?>) js("return [...document.querySelectorAll('[data-chart=public_children] td.hidden')].map(e => e.textContent)");
    assertThat(hidden).as("a cluster's smallest schools are hidden").isNotEmpty();
    assertThat(browser.findElement(By.cssSelector("[data-chart=public_children] p.note.disclosure")).getText())
        .contains("น้อยกว่า 10 คน");
    shot("public-cluster");
  }

  @Test
  @org.junit.jupiter.api.Order(5)
  void aPhoneWidthPageHasOneColumnAndNoSidewaysScrolling() throws Exception {
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 1600));
    try {
      Map<String, Map<String, Object>> charts = open("school");
      assertThat(charts.values()).allSatisfy(c -> assertThat(c.get("drawn")).isEqualTo(true));
      shot("school-phone");
      Number overflow = (Number) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
      Object wide = js("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
          + " > document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id"
          + " + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')");
      assertThat(overflow.intValue()).as("sideways scrolling at phone width; too wide: %s", wide).isLessThanOrEqualTo(0);
      Number columns = (Number) js("return getComputedStyle(document.getElementById('charts')).gridTemplateColumns.split(' ').length");
      assertThat(columns.intValue()).isEqualTo(1);
      shot("school-phone");
    } finally {
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1360, 1800));
    }
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void theNetworkDashboardShowsThePlantedEffect() throws Exception {
    Map<String, Map<String, Object>> charts = open("network");
    double slope = ((Number) charts.get("network_effect_pd").get("slope")).doubleValue();
    // EmisGenerator.GAIN_PER_PD_HOUR = 0.10 points per PD hour per teacher; one ESA's 424 school-years are noisy
    assertThat(slope).as("fitted points per PD hour").isBetween(0.04, 0.16);
    double visits = ((Number) charts.get("network_effect_visits").get("slope")).doubleValue();
    assertThat(visits).as("fitted points per supervision visit (planted 0.8)").isBetween(0.3, 1.3);
    String subtitle = (String) js("return echarts.getInstanceByDom(document.querySelector('[data-chart=network_effect_pd] .chart')).getOption().title[0].text");
    assertThat(subtitle).contains("n = 424");
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  void theLanguageSwitchChangesTheLabels() throws Exception {
    open("school");
    String thai = browser.findElement(By.cssSelector("#intro h1")).getText();
    assertThat(thai).isEqualTo("รายงานผลโรงเรียน");
    browser.findElement(By.id("lang")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("#intro h1")).getText()
        .equals("School report card"));
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("[data-chart=school_subjects] h2"))
        .getText().equals("Each subject against the ESA and the nation"));
    assertThat(browser.findElement(By.cssSelector("#params label span")).getText()).isEqualTo("Educational service area");
    String axis = (String) js("return echarts.getInstanceByDom(document.querySelector('[data-chart=school_subjects] .chart')).getOption().series[0].name");
    assertThat(axis).isEqualTo("Mean score");
    assertThat(browser.findElement(By.id("live")).getText()).startsWith("Live");
    shot("school-en");
    browser.findElement(By.id("lang")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("#intro h1")).getText()
        .equals("รายงานผลโรงเรียน"));
  }

  @Test
  @org.junit.jupiter.api.Order(4)
  void aChangeInTheSourceAppearsOnTheOpenPageWithoutReload() throws Exception {
    open("school");
    String school = (String) js("return new URLSearchParams(location.search).get('school')");
    String year = (String) js("return new URLSearchParams(location.search).get('year')");
    js("window.satitMarker = 'same page'");
    String read = "return echarts.getInstanceByDom(document.querySelector('[data-chart=school_subjects] .chart'))"
        + ".getOption().series[0].data.join(',')";
    String before = (String) js(read);
    long committed;
    try (Connection c = source.target().connect(); Statement st = c.createStatement()) {
      // a score correction: every O-NET P6 score of the school that year rises to 100
      int n = st.executeUpdate("UPDATE onet_score SET score = 100 WHERE school_code = '" + school
          + "' AND academic_year = " + year + " AND grade = 'P6' AND score < 100");
      assertThat(n).isPositive();
      committed = System.nanoTime();
    }
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // a re-rendered element
    wait.pollingEvery(Duration.ofMillis(20));
    wait.until(d -> !before.equals(js(read)));
    long millis = (System.nanoTime() - committed) / 1_000_000;
    System.out.printf("change-to-screen: %d ms from the source commit to the redrawn chart%n", millis);
    assertThat(js("return window.satitMarker")).as("no reload").isEqualTo("same page");
    String after = (String) js(read);
    assertThat(after.split(",")).allSatisfy(v -> assertThat(Double.parseDouble(v)).isEqualTo(100.0));
    shot("school-live");
  }

  @Test
  @org.junit.jupiter.api.Order(7)
  void atEsaScaleNoPublicChartShowsAGroupUnderTheThresholdForAnyAllowedParameterValue() throws Exception {
    // after test 6, the public release holds the whole ESA
    long t0 = System.nanoTime();
    org.satit.api.PublicSweep.Result sweep = org.satit.api.PublicSweep.run(new org.satit.api.Http(base), 10, 4);
    System.out.printf("public sweep at ESA scale: %,d requests (every public chart x every allowed parameter value),"
        + " %,d rows shown, %,d hidden, %d violations, %.1f s%n", sweep.requests(), sweep.shown(), sweep.hidden(),
        sweep.violations().size(), (System.nanoTime() - t0) / 1e9);
    assertThat(sweep.violations()).as("public rows of a group under 10").isEmpty();
    assertThat(sweep.requests()).isGreaterThan(10_000);
    assertThat(sweep.hidden()).isPositive();
    assertThat(sweep.shown()).isPositive();
  }

  @Test
  @org.junit.jupiter.api.Order(8)
  void anAdminLogsInOnTheLoginPageAndManagesUsersAndTokens() throws Exception {
    browser.manage().deleteAllCookies();
    browser.get(base + "/login");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // a re-rendered element
    wait.until(d -> Boolean.TRUE.equals(js("return document.getElementById('login-dialog').open")));
    browser.findElement(By.name("user")).sendKeys("admin");
    browser.findElement(By.name("password")).sendKeys(password("admin"));
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    wait.until(d -> d.findElement(By.id("who")).getText().contains("admin"));
    browser.findElement(By.cssSelector("#menu a[href='/admin']")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#users tbody tr")).isEmpty());
    int before = browser.findElements(By.cssSelector("#users tbody tr")).size();
    browser.findElement(By.cssSelector("#user-form input[name=name]")).sendKeys("nida");
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#user-form select[name=role]")))
        .selectByValue("district");
    browser.findElement(By.cssSelector("#user-form input[name=esa]")).sendKeys("5003");
    browser.findElement(By.cssSelector("#user-form input[name=password]")).sendKeys("nida-password-2569");
    browser.findElement(By.cssSelector("#user-form button[type=submit]")).click();
    wait.until(d -> d.findElements(By.cssSelector("#users tbody tr")).size() == before + 1);
    // the new user logs in at once
    org.satit.api.Http nida = org.satit.api.Http.loggedIn(base, "nida", "nida-password-2569");
    assertThat(nida.get("/api/me").body().path("esa").asText()).isEqualTo("5003");
    // an API token for her reporting script, shown once
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("#token-form select[name=user]")))
        .selectByValue("nida");
    browser.findElement(By.cssSelector("#token-form input[name=label]")).sendKeys("รายงานประจำเดือน");
    browser.findElement(By.cssSelector("#token-form button[type=submit]")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#new-token .once")).isEmpty());
    String token = browser.findElement(By.cssSelector("#new-token .once")).getText();
    assertThat(token).startsWith("satit_");
    org.satit.api.Http script = new org.satit.api.Http(base).with("Authorization", "Bearer " + token);
    assertThat(script.get("/api/charts/esa_trend/data").status()).isEqualTo(200);
    shot("admin");
    // revoke it from the page
    browser.findElement(By.cssSelector("#tokens tbody tr:last-child button")).click();
    wait.until(d -> d.findElements(By.cssSelector("#tokens tbody tr")).isEmpty());
    assertThat(script.get("/api/charts/esa_trend/data").status()).isEqualTo(401);
  }
}

package org.satit.api.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.satit.api.Chromium;
import org.satit.api.Http;
import org.satit.api.TestServer;
import org.satit.api.WebApp;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.QueryFixture;
import org.satit.warehouse.query.Role;

/**
 * Embedding as a district webmaster and a reader see it, in headless Chromium: a district website (another
 * origin: a second local port) pastes the script and two {@code <satit-chart>} elements, a public chart and
 * a token-protected one; a site not on the list is refused by the browser; a token past its short life is
 * swapped by the page, one whose grant ended shows why; CSV and PNG downloads, hidden cells staying empty.
 */
@org.junit.jupiter.api.Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class EmbedBrowserTest {

  @TempDir
  static Path dir;
  static DuckDBConnection warehouse;
  static TestServer server;
  /** The district office's staff intranet (marked internal at the start: the token charts go there). */
  static HttpServer site;
  /** A site on no list: the browser refuses to frame satit's charts in it. */
  static HttpServer otherSite;
  /** The district office's public website: on the embed list, for public charts only. */
  static HttpServer publicSite;
  /** A second staff site, internal only once the admin marks it so in the admin page. */
  static HttpServer intranet;
  static final Map<String, String> PAGES = new ConcurrentHashMap<>();
  static WebDriver browser;
  static String token;
  static String grantId;

  static final String SCHOOLS = "year=2563&test=ONET&grade=P6&subject=MAT";

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeInstalled();
    warehouse = QueryFixture.warehouse();
    Path usersFile = dir.resolve("users.yaml");
    Users.add(usersFile, "dao", Role.DISTRICT, "5101", "dao-secret-123");
    Users.add(usersFile, "root", Role.ADMIN, null, "root-secret-123");
    try (DuckDBConnection c = (DuckDBConnection) warehouse.duplicate()) {
      org.satit.warehouse.publish.ScoreRelease.release(c, org.satit.warehouse.disclosure.DisclosureRules.defaults());
    }
    site = host();
    otherSite = host();
    publicSite = host();
    intranet = host();
    // the district's public website is on the embed list; its intranet is marked internal by the admin; tokens live
    // 6 seconds, so the test sees a swap
    server = new TestServer(warehouse, Users.load(usersFile), org.satit.api.ops.RateLimits.defaults(),
        new WebApp.Embedding(List.of(origin(publicSite)), TestServer.KEY, Duration.ofSeconds(6)));
    Http root = Http.loggedIn(server.url(), "root", "root-secret-123");
    Http.Reply marked = root.send("PUT", "/api/admin/embeds/sites", "{\"site\":\"" + origin(site) + "\",\"internal\":true}");
    assertThat(marked.status()).as(marked.raw()).isEqualTo(200);
    Http dao = Http.loggedIn(server.url(), "dao", "dao-secret-123");
    Http.Reply grant = dao.send("POST", "/api/embed/tokens", "{\"chart\":\"esa_schools\",\"params\":{\"year\":2563,"
        + "\"test\":\"ONET\",\"grade\":\"P6\",\"subject\":\"MAT\"},\"days\":1,\"site\":\"" + origin(site) + "\"}");
    assertThat(grant.status()).as(grant.raw()).isEqualTo(200);
    token = grant.body().path("token").asText();
    grantId = grant.body().path("grant").asText();
    browser = Chromium.start(dir.resolve("chromium"), dir.resolve("downloads"));
  }

  static String origin(HttpServer h) {
    return "http://127.0.0.1:" + h.getAddress().getPort();
  }

  /** A district website: serves whatever page the test puts under a name. */
  static HttpServer host() throws Exception {
    HttpServer h = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    h.createContext("/", ex -> {
      String page = PAGES.getOrDefault(ex.getRequestURI().getPath(), "<!doctype html><title>none</title>");
      byte[] body = page.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    h.start();
    return h;
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    for (HttpServer h : new HttpServer[] {site, otherSite, publicSite, intranet}) {
      if (h != null) {
        h.stop(0);
      }
    }
    if (server != null) {
      server.close();
      warehouse.close();
    }
  }

  /** What a district webmaster pastes: the script once, one element per chart. */
  static String page(String... charts) {
    return "<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>สพป.ลำพูน เขต 1</title>"
        + "<script src=\"" + server.url() + "/embed.js\" async></script></head><body style=\"font-family:sans-serif;max-width:900px\">"
        + "<h1>สพป.ลำพูน เขต 1 · ผลการทดสอบ</h1>" + String.join("\n", charts) + "</body></html>";
  }

  static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /** Inside the frame of the element with this id, until the embedded page says what happened. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> frameState(String id, Duration wait) {
    WebDriverWait w = new WebDriverWait(browser, wait);
    return w.until(d -> {
      d.switchTo().defaultContent();
      List<WebElement> frames = d.findElements(By.cssSelector("#" + id + " iframe"));
      if (frames.isEmpty()) {
        return null;
      }
      d.switchTo().frame(frames.get(0));
      Object s = js("return window.satit && (window.satit.drawn || window.satit.error) ? window.satit : null");
      d.switchTo().defaultContent();
      return (Map<String, Object>) s;
    });
  }

  /** The frame's state once its chart has drawn (an error on the way, such as an expired token, is waited out). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> frameDrawn(String id, Duration wait) {
    return new WebDriverWait(browser, wait).until(d -> {
      d.switchTo().defaultContent();
      List<WebElement> frames = d.findElements(By.cssSelector("#" + id + " iframe"));
      if (frames.isEmpty()) {
        return null;
      }
      d.switchTo().frame(frames.get(0));
      Object s = js("return window.satit && window.satit.drawn ? window.satit : null");
      d.switchTo().defaultContent();
      return (Map<String, Object>) s;
    });
  }

  @Test
  void aDistrictWebsiteShowsAPublicAndATokenChartAndThePageSwapsTheToken() throws Exception {
    PAGES.put("/results.html", page(
        "<satit-chart id=\"pub\" chart=\"public_trend\" params=\"level=nation&area=TH&test=ONET&grade=P6\"></satit-chart>",
        "<satit-chart id=\"esa\" chart=\"esa_schools\" params=\"" + SCHOOLS + "\" lang=\"en\" token=\"" + token + "\"></satit-chart>"));
    browser.get("http://127.0.0.1:" + site.getAddress().getPort() + "/results.html");
    Map<String, Object> pub = frameState("pub", Duration.ofSeconds(30));
    assertThat(pub.get("drawn")).as("public chart: %s", pub).isEqualTo(true);
    assertThat(((Number) pub.get("rows")).intValue()).isPositive();
    // drawn, not just answered: the 6-second token may have run out before the page opened (a busy machine), and
    // its first answer is then the 401 that makes the page swap it
    Map<String, Object> esa = frameDrawn("esa", Duration.ofSeconds(30));
    assertThat(esa.get("drawn")).as("token chart: %s", esa).isEqualTo(true);
    assertThat(((Number) esa.get("rows")).intValue()).as("ESA 5101's two schools").isEqualTo(2);
    // the frame fits its content (the embedded page reports its height)
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !"440".equals(
        d.findElement(By.cssSelector("#pub iframe")).getAttribute("height")));
    Chromium.shot(browser, "embed-district-site");
    // the 6-second token is swapped before it runs out, and the chart keeps answering
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
      d.switchTo().frame(d.findElement(By.cssSelector("#esa iframe")));
      Number n = (Number) js("return window.satit.refreshes");
      d.switchTo().defaultContent();
      return n.intValue() >= 2;
    });
    browser.switchTo().frame(browser.findElement(By.cssSelector("#esa iframe")));
    Object reloaded = ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[0]; import('/assets/embed-page.js').then(() => done(window.satit.drawn && !window.satit.error))");
    assertThat(reloaded).isEqualTo(true);
    browser.switchTo().defaultContent();
    // one live stream for both frames: a warehouse commit reaches both, the server counts one client
    assertThat(server.web.live().clients()).isEqualTo(1);
    Thread.sleep(300);
    server.web.live().committed(new org.satit.warehouse.writer.WarehouseWriter.Commit(5_000, Instant.now(),
        java.util.Set.of("published_score_cell", "fact_test_score", "rollup_school_score")));
    for (String id : List.of("pub", "esa")) {
      new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> {
        d.switchTo().frame(d.findElement(By.cssSelector("#" + id + " iframe")));
        Object seen = js("return window.satit.liveVersion || 0");
        d.switchTo().defaultContent();
        return ((Number) seen).longValue() == 5_000;
      });
    }
    browser.switchTo().frame(browser.findElement(By.cssSelector("#esa iframe")));
    // CSV from inside the embed: the token chart's rows
    Path downloads = dir.resolve("downloads");
    browser.findElement(By.id("csv")).click();
    Path csv = awaitFile(downloads, "esa_schools", ".csv");
    assertThat(parse(Files.readString(csv))).hasSize(2);
    browser.switchTo().defaultContent();
  }

  @Test
  void aSiteNotOnTheListIsRefusedByTheBrowser() throws Exception {
    PAGES.put("/copy.html", page("<satit-chart id=\"pub\" chart=\"public_trend\" params=\"level=nation&area=TH\"></satit-chart>"));
    browser.get("http://127.0.0.1:" + otherSite.getAddress().getPort() + "/copy.html");
    WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(20));
    w.until(d -> !d.findElements(By.cssSelector("#pub iframe")).isEmpty());
    Thread.sleep(3000); // time enough for the chart to draw, were it allowed (it draws in under a second above)
    browser.switchTo().frame(browser.findElement(By.cssSelector("#pub iframe")));
    Object inside = js("return {href: location.href, chart: !!document.getElementById('chart'), satit: typeof window.satit}");
    browser.switchTo().defaultContent();
    assertThat(String.valueOf(inside)).as("the refused frame").contains("chart=false").doesNotContain("satit=object");
    Chromium.shot(browser, "embed-refused-site");
  }

  @Test
  void anExpiredTokenIsSwappedOnLoadAndAnEndedGrantSaysSo() throws Exception {
    Principal dao = new Principal("dao", Role.DISTRICT, "5101");
    Instant now = Instant.now();
    EmbedTokens hourAgo = new EmbedTokens(TestServer.KEY, Duration.ofMinutes(15), Clock.fixed(now.minus(1, ChronoUnit.HOURS), ZoneOffset.UTC),
        Users.load(dir.resolve("users.yaml"))::account);
    Map<String, String> locked = Map.of("year", "2563", "test", "ONET", "grade", "P6", "subject", "MAT");
    String stale = hourAgo.issue(new EmbedTokens.Grant("esa_schools", locked, dao, "dao", now.plus(1, ChronoUnit.DAYS),
        grantId, origin(site)));
    String ended = hourAgo.issue(new EmbedTokens.Grant("esa_schools", locked, dao, "dao", now.minus(1, ChronoUnit.MINUTES),
        grantId, origin(site)));
    PAGES.put("/old.html", page(
        "<satit-chart id=\"stale\" chart=\"esa_schools\" params=\"" + SCHOOLS + "\" token=\"" + stale + "\"></satit-chart>",
        "<satit-chart id=\"ended\" chart=\"esa_schools\" params=\"" + SCHOOLS + "\" lang=\"en\" token=\"" + ended + "\"></satit-chart>"));
    browser.get("http://127.0.0.1:" + site.getAddress().getPort() + "/old.html");
    Map<String, Object> swapped = frameState("stale", Duration.ofSeconds(30));
    assertThat(swapped.get("drawn")).as("%s", swapped).isEqualTo(true);
    assertThat(((Number) swapped.get("refreshes")).intValue()).isGreaterThanOrEqualTo(1);
    Map<String, Object> refused = frameState("ended", Duration.ofSeconds(30));
    assertThat(refused.get("drawn")).isEqualTo(false);
    assertThat(((Number) refused.get("status")).intValue()).isEqualTo(401);
    browser.switchTo().frame(browser.findElement(By.cssSelector("#ended iframe")));
    assertThat(browser.findElement(By.cssSelector("#chart p.empty")).getText()).contains("needs a new embed code");
    browser.switchTo().defaultContent();
    Chromium.shot(browser, "embed-expired");
  }

  /**
   * A school computer whose clock runs a minute slow: the page cannot tell from its own clock that a token has
   * run out, so the server's 401 makes it swap the token and ask again, and it swaps on the token's own life
   * (issued to expiry), not on the clock. The CI failure this guards: a token that ran out on the way to the
   * server left the chart on its error until the next warehouse commit.
   */
  @Test
  void aBrowserWhoseClockIsAMinuteSlowStillSwapsTheTokenAndDraws() throws Exception {
    org.openqa.selenium.chrome.ChromeDriver cd = (org.openqa.selenium.chrome.ChromeDriver) browser;
    Map<String, Object> slow = cd.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "(() => { const now = Date.now.bind(Date); Date.now = () => now() - 60000; })()"));
    try {
      Principal dao = new Principal("dao", Role.DISTRICT, "5101");
      Instant now = Instant.now();
      EmbedTokens eightSecondsAgo = new EmbedTokens(TestServer.KEY, Duration.ofSeconds(6),
          Clock.fixed(now.minusSeconds(8), ZoneOffset.UTC), Users.load(dir.resolve("users.yaml"))::account);
      Map<String, String> locked = Map.of("year", "2563", "test", "ONET", "grade", "P6", "subject", "MAT");
      String ranOut = eightSecondsAgo.issue(new EmbedTokens.Grant("esa_schools", locked, dao, "dao",
          now.plus(1, ChronoUnit.DAYS), grantId, origin(site)));
      PAGES.put("/slow-clock.html", page(
          "<satit-chart id=\"slow\" chart=\"esa_schools\" params=\"" + SCHOOLS + "\" token=\"" + ranOut + "\"></satit-chart>"));
      browser.get("http://127.0.0.1:" + site.getAddress().getPort() + "/slow-clock.html");
      Map<String, Object> drawn = frameDrawn("slow", Duration.ofSeconds(30));
      assertThat(((Number) drawn.get("rows")).intValue()).as("%s", drawn).isEqualTo(2);
      assertThat(((Number) drawn.get("refreshes")).intValue()).isGreaterThanOrEqualTo(1);
      // the fresh 6-second token is swapped every few seconds although the page's clock calls it a minute young
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
        d.switchTo().frame(d.findElement(By.cssSelector("#slow iframe")));
        Number n = (Number) js("return window.satit.error ? -1 : window.satit.refreshes");
        d.switchTo().defaultContent();
        return n.intValue() >= 3;
      });
    } finally {
      browser.switchTo().defaultContent();
      cd.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", slow.get("identifier")));
    }
  }

  /** Logs the browser in as {@code user} on the login page. */
  static void logIn(String user, String password) {
    browser.manage().deleteAllCookies();
    browser.get(server.url() + "/login");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // the header is drawn again on login
    wait.until(d -> Boolean.TRUE.equals(js("return document.getElementById('login-dialog').open")));
    browser.findElement(By.name("user")).sendKeys(user);
    browser.findElement(By.name("password")).sendKeys(password);
    browser.findElement(By.cssSelector("#login button[type=submit]")).click();
    wait.until(d -> d.findElement(By.id("who")).getText().contains(user));
  }

  /** The embed dialog of a chart on a dashboard: asks for a code for {@code siteOrigin}; the dialog's error or code. */
  static String askForCode(String siteOrigin) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    browser.get(server.url() + "/?d=esa&year=2563&test=ONET&grade=P6&subject=MAT");
    wait.until(d -> Boolean.TRUE.equals(js("return !!(window.satit && window.satit.charts.esa_schools"
        + " && window.satit.charts.esa_schools.drawn)")));
    browser.findElement(By.cssSelector("[data-chart=esa_schools] button.embed")).click();
    WebElement input = wait.until(d -> d.findElement(By.id("embed-site")));
    input.clear();
    input.sendKeys(siteOrigin);
    browser.findElement(By.id("embed-make")).click();
    return wait.until(d -> {
      String err = d.findElement(By.cssSelector("#embed-dialog p.error")).getText();
      String code = d.findElement(By.id("embed-code")).getAttribute("value");
      return !err.isEmpty() ? "error: " + err : code.contains("token=") ? code : null;
    });
  }

  /**
   * Embeds know their audience, as the people involved see it: a district user cannot give a chart that is not public
   * to a site nobody marked internal (the dialog says why); the admin marks the intranet internal on the admin page,
   * the code then works there, is listed with its grantor, chart, choices, site and end, and is revoked with one button,
   * after which the intranet's chart says so; an old code (made before sites were recorded) for a chart that is not
   * public, pasted on the public website, shows the clear message.
   */
  @Test
  void aChartThatIsNotPublicGoesOnlyWhereAnAdminSaidInternalAndIsRevocable() throws Exception {
    logIn("dao", "dao-secret-123");
    String refused = askForCode(origin(intranet));
    assertThat(refused).startsWith("error: ").contains("is not marked internal");
    assertThat(browser.findElement(By.id("embed-code")).getAttribute("value")).isEmpty();
    Chromium.shot(browser, "embed-dialog-refused");

    // the admin marks the intranet internal on the admin page
    logIn("root", "root-secret-123");
    browser.get(server.url() + "/admin");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.until(d -> !d.findElements(By.id("site-origin")).isEmpty());
    browser.findElement(By.id("site-origin")).sendKeys(origin(intranet));
    browser.findElement(By.id("site-note")).sendKeys("สพป.ลำพูน เขต 1 intranet");
    browser.findElement(By.cssSelector("#site-form button[type=submit]")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#embed-sites tr[data-site='" + origin(intranet) + "']")).isEmpty());

    // the district user's code for the intranet now works there
    logIn("dao", "dao-secret-123");
    String code = askForCode(origin(intranet));
    assertThat(code).contains("<satit-chart chart=\"esa_schools\"").contains("token=");
    PAGES.put("/staff.html", page(code.substring(code.indexOf("<satit-chart")).replace("<satit-chart ",
        "<satit-chart id=\"staff\" ")));
    browser.get(origin(intranet) + "/staff.html");
    Map<String, Object> drawn = frameDrawn("staff", Duration.ofSeconds(30));
    assertThat(((Number) drawn.get("rows")).intValue()).as("ESA 5101's two schools: %s", drawn).isEqualTo(2);

    // listed on the admin page; revoked there
    logIn("root", "root-secret-123");
    browser.get(server.url() + "/admin");
    wait.until(d -> !d.findElements(By.cssSelector("#embed-grants tbody tr")).isEmpty());
    WebElement row = browser.findElements(By.cssSelector("#embed-grants tbody tr")).stream()
        .filter(r -> r.getText().contains(origin(intranet))).findFirst().orElseThrow();
    assertThat(row.getText()).contains("dao").contains("5101").contains("esa_schools").contains("year=2563")
        .contains(origin(intranet));
    Chromium.shot(browser, "admin-embeds");
    String id = row.getAttribute("data-grant");
    row.findElement(By.cssSelector("button.revoke")).click();
    wait.until(d -> d.findElement(By.cssSelector("#embed-grants tr[data-grant='" + id + "'] td.status")).getText()
        .contains("root"));
    browser.get(origin(intranet) + "/staff.html");
    Map<String, Object> revoked = frameState("staff", Duration.ofSeconds(30));
    assertThat(revoked.get("drawn")).as("%s", revoked).isEqualTo(false);
    browser.switchTo().frame(browser.findElement(By.cssSelector("#staff iframe")));
    assertThat(browser.findElement(By.cssSelector("#chart p.empty")).getText()).contains("revoked");
    browser.switchTo().defaultContent();

    // an old code for a chart that is not public, on the public website
    Principal dao = new Principal("dao", Role.DISTRICT, "5101");
    EmbedTokens before = new EmbedTokens(TestServer.KEY, Duration.ofMinutes(15), Clock.systemUTC(),
        Users.load(dir.resolve("users.yaml"))::account);
    String old = before.issue(new EmbedTokens.Grant("esa_schools", Map.of("year", "2563", "test", "ONET", "grade", "P6",
        "subject", "MAT", "esa", "5101"), dao, "dao", Instant.now().plus(200, ChronoUnit.DAYS), null, null));
    PAGES.put("/old-code.html", page("<satit-chart id=\"old\" chart=\"esa_schools\" lang=\"en\" token=\"" + old
        + "\"></satit-chart>"));
    browser.get(origin(publicSite) + "/old-code.html");
    Map<String, Object> stopped = frameState("old", Duration.ofSeconds(30));
    assertThat(stopped.get("drawn")).as("%s", stopped).isEqualTo(false);
    browser.switchTo().frame(browser.findElement(By.cssSelector("#old iframe")));
    assertThat(browser.findElement(By.cssSelector("#chart p.empty")).getText()).contains("before satit knew which site")
        .contains("internal");
    browser.switchTo().defaultContent();
    Chromium.shot(browser, "embed-old-code");
    browser.get(server.url() + "/api/me");
    browser.manage().deleteAllCookies(); // the other tests read satit as the public
  }

  @Test
  void csvAndPngExportsOfThePublicPageKeepHiddenCellsHidden() throws Exception {
    Path downloads = dir.resolve("downloads");
    browser.get(server.url() + "/public/?d=public&level=cluster&area=1&test=ONET&grade=P6&subject=MAT&year=2563");
    WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(30));
    w.until(d -> Boolean.TRUE.equals(js("return !!(window.satit && window.satit.charts.public_children"
        + " && window.satit.charts.public_children.drawn && window.satit.charts.public_trend)")));
    assertThat(browser.findElements(By.cssSelector("[data-chart=public_children] td.hidden"))).isNotEmpty();
    browser.findElement(By.cssSelector("[data-chart=public_children] a.csv")).click();
    Path csv = awaitFile(downloads, "public_children", ".csv");
    List<CSVRecord> rows = parse(Files.readString(csv));
    assertThat(rows).anySatisfy(r -> {
      assertThat(r.get("suppressed")).isEqualTo("true");
      assertThat(r.get("takers")).isEmpty();
      assertThat(r.get("mean_score")).isEmpty();
    });
    assertThat(rows).allSatisfy(r -> assertThat(r.get("suppressed").equals("true") || Integer.parseInt(r.get("takers")) >= 10).isTrue());
    assertThat(rows).anySatisfy(r -> assertThat(r.get("area_name")).isEqualTo("โรงเรียนบ้านสอง"));
    browser.findElement(By.cssSelector("[data-chart=public_trend] button.png")).click();
    Path png = awaitFile(downloads, "public_trend", ".png");
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
    assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    assertThat(Files.size(png)).isGreaterThan(5_000);
    assertThat(browser.findElement(By.cssSelector("[data-chart=public_children] button.png")).isDisplayed())
        .as("a table has no picture: its CSV").isFalse();
    // the embed dialog gives a public chart's code without a token
    browser.findElement(By.cssSelector("[data-chart=public_trend] button.embed")).click();
    String code = browser.findElement(By.id("embed-code")).getAttribute("value");
    assertThat(code).contains("/embed.js").contains("<satit-chart chart=\"public_trend\"").doesNotContain("token=");
    Chromium.shot(browser, "public-embed-dialog");
  }

  static Path awaitFile(Path folder, String prefix, String suffix) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      try (var files = Files.list(folder)) {
        var found = files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(suffix))
            .findFirst();
        if (found.isPresent() && Files.size(found.get()) > 0) {
          return found.get();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + prefix + "*" + suffix + " downloaded");
  }

  static List<CSVRecord> parse(String csv) throws Exception {
    return EmbedApiTest.parse(csv);
  }
}

package org.satit.api;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium through its chromedriver, for the browser tests; screenshots in target/screenshots. */
public final class Chromium {

  public static final Path SHOTS = Path.of("target", "screenshots");

  private Chromium() {
  }

  /** Skips the calling test class when the driver is not installed (.ci/setup-test-env installs it). */
  public static void assumeInstalled() {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/chromedriver")))
        .as("SKIPPED: Debian's chromium-driver is not installed (.ci/setup-test-env installs it)").isTrue();
  }

  /** A fresh browser with its own profile; files it downloads land in {@code downloads}. */
  public static WebDriver start(Path profile, Path downloads) throws Exception {
    Files.createDirectories(SHOTS);
    Files.createDirectories(downloads);
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1360,1800", "--user-data-dir=" + profile);
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
        "download.prompt_for_download", false, "profile.default_content_setting_values.automatic_downloads", 1));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  public static void shot(WebDriver browser, String name) throws Exception {
    Thread.sleep(500); // let a chart's 300 ms transition finish before the picture
    Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}

package io.vrrpd.rehearse.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/**
 * A page opened in Debian's chromium, headless, through its chromedriver (no driver or browser
 * is downloaded: both come from the packages {@code chromium} and {@code chromium-driver}, which
 * {@code bin/test} installs). It records what the page logged to the console and every request
 * the browser made for it, so a test can assert that a report loads with no error and fetches
 * nothing. Skips, naming the package, when either is missing.
 */
public final class ReportPage implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChromeDriver driver;
    private final Path profile;
    private final String url;

    private ReportPage(ChromeDriver driver, Path profile, String url) {
        this.driver = driver;
        this.profile = profile;
        this.url = url;
    }

    /** Whether chromium and its driver are installed (a lab test checks its run's page only then). */
    public static boolean chromiumInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the test unless chromium and its driver are installed. */
    public static void assumeChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "the report's browser test needs chromium (apt-get install chromium)");
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "the report's browser test needs chromedriver (apt-get install chromium-driver)");
    }

    /** Opens {@code html} in a fresh headless chromium with a fresh profile, {@code width} pixels wide. */
    public static ReportPage open(Path html, int width) throws IOException {
        assumeChromium();
        Path profile = Files.createTempDirectory("chromium-profile-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        // without the background-networking flags chromium reaches out to Google's services
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--user-data-dir=" + profile, "--window-size=" + width + ",1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        // the browser opens on its own new-tab page: what it loads is not the report's, so drop its logs
        driver.get("about:blank");
        driver.manage().logs().get(LogType.PERFORMANCE);
        driver.manage().logs().get(LogType.BROWSER);
        String url = html.toAbsolutePath().toUri().toString();
        driver.get(url);
        return new ReportPage(driver, profile, url);
    }

    public String url() {
        return url;
    }

    /** What the page logged at warning or worse (console errors, uncaught exceptions, refused loads). */
    public List<String> consoleProblems() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                out.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return out;
    }

    /** The URL of every request the browser sent for the page since it opened (the page's own load included). */
    public List<String> requests() throws IOException {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode m = JSON.readTree(e.getMessage()).path("message");
            if (m.path("method").asText().equals("Network.requestWillBeSent")) {
                out.add(m.path("params").path("request").path("url").asText());
            }
        }
        return out;
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** Moves the mouse onto {@code e}'s centre, as a person hovering would. */
    public void hover(WebElement e) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", e);
        new Actions(driver).moveToElement(e).perform();
    }

    /** Saves the whole page (not just the window) as a PNG at {@code png}. */
    public void screenshot(Path png) throws IOException {
        Number w = (Number) driver.executeScript("return Math.max(document.documentElement.scrollWidth, 1200)");
        driver.manage().window().setSize(new Dimension(w.intValue() + 40, 1000));
        // the height once the width is set (the tables and the legend wrap by the width)
        Number h = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(w.intValue() + 40, Math.min(h.intValue() + 120, 8000)));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}

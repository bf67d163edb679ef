package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.rtsp.session.GstRtspServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser: Debian's Chromium (headless) through its chromedriver, against the
 * daemon as a child process recording a real camera. Clicking the timeline plays recorded video,
 * the live button plays the recording in progress (and goes on playing it across a restart of the
 * daemon, even one that numbers the live playlist lower), and the clock on screen shows the wall time of
 * the frame being shown; an H.265 camera gets the download link and the sentence saying why it is
 * not played inline. Screenshots go to target/webui-screenshots/ (also when a step fails).
 */
class WebUiIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "webui-screenshots");
    static final String HEVC_SENTENCE = "This camera records H.265, which this browser cannot play. Download the clip to watch it in VLC or mpv.";

    /** Selenium warns that it has no CDP for this Chromium: nothing here uses CDP. Held: loggers are weak. */
    private static final List<java.util.logging.Logger> CDP_LOGS = List.of(java.util.logging.Logger.getLogger("org.openqa.selenium.devtools"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    static {
        CDP_LOGS.forEach(l -> l.setLevel(Level.SEVERE));
    }

    @TempDir
    Path tmp;

    @Test
    void timelineClickPlaysTheRecordingAndLiveButtonPlaysNow() throws Exception {
        int port = VigilProcess.freePort();
        Path storage = tmp.resolve("demo");
        try (VigilProcess vigil = VigilProcess.start(tmp.resolve("demo.log"), port, "demo", "--storage", storage.toString(),
                "--http-port", Integer.toString(port), "--segment-duration", "10s");
                Browser b = Browser.open("h264")) {
            vigil.awaitHealthy();
            DaemonIT.awaitSegments(storage.resolve("demo-1"), 1); // one closed 10 s segment, the next one open
            b.step(() -> {
                b.driver.get("http://127.0.0.1:" + port + "/");

                // The camera list, with its live state.
                b.waitFor("the camera listed", () -> !b.driver.findElements(By.cssSelector("li[data-camera='demo-1']")).isEmpty());
                WebElement item = b.driver.findElement(By.cssSelector("li[data-camera='demo-1']"));
                b.waitFor("the camera's state shown as recording", () -> item.findElement(By.cssSelector(".state")).getText().equals("recording"));
                assertThat(item.getText()).contains("demo-1").contains("H.264").contains("640×360");

                // Zoomed to 10 min (a 10 s run is a fraction of a pixel on 24 h), a click inside the run.
                b.driver.findElement(By.cssSelector(".zoom button[data-span='600000']")).click();
                b.waitFor("a recorded run drawn at least 8 px wide", () -> runs(b).stream().anyMatch(r -> r.getSize().getWidth() >= 8));
                WebElement run = runs(b).stream().filter(r -> r.getSize().getWidth() >= 8).findFirst().orElseThrow();
                long runStart = Long.parseLong(run.getAttribute("data-start-ms"));
                long runEnd = Long.parseLong(run.getAttribute("data-end-ms"));
                new Actions(b.driver).moveToElement(run).click().perform();

                b.waitFor("the player to start from the clicked instant", () -> b.js("return document.getElementById('player-area').dataset.playFromMs || null") != null);
                long playFrom = Long.parseLong((String) b.js("return document.getElementById('player-area').dataset.playFromMs"));
                assertThat(playFrom).as("clicked instant").isBetween(runStart, runEnd);
                awaitPlaying(b);
                assertThat(videoWidth(b)).as("videoWidth of the recorded clip").isEqualTo(640);
                Map<String, Object> clock = clock(b);
                long shown = ((Number) clock.get("ms")).longValue();
                assertThat(shown).as("wall time of the frame on screen, recorded clip").isBetween(Math.max(runStart, playFrom - 1000), runEnd);
                assertClockText(b, clock);
                b.screenshot("h264-recorded");

                // Live: the recording in progress.
                b.driver.findElement(By.id("live")).click();
                b.waitFor("the live view to start", () -> ((String) b.js("return document.getElementById('status').textContent")).startsWith("Live"));
                assertThat(b.driver.findElement(By.id("live-badge")).isDisplayed()).isTrue();
                awaitPlaying(b);
                assertThat(videoWidth(b)).as("videoWidth of the live view").isEqualTo(640);
                Map<String, Object> live = clock(b);
                long lag = ((Number) live.get("now")).longValue() - ((Number) live.get("ms")).longValue();
                assertThat(lag).as("live: now minus the wall time of the frame on screen, ms").isBetween(-1000L, 8000L);
                assertClockText(b, live);
                b.screenshot("h264-live");

                // A phone's width: one column, nothing wider than the screen, the player still there.
                b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                b.waitFor("the page to fit a 390 px wide window",
                        () -> (Boolean) b.js("return document.documentElement.scrollWidth <= window.innerWidth && window.innerWidth <= 400"));
                assertThat(b.driver.findElement(By.id("video")).isDisplayed()).isTrue();
                assertThat(b.driver.findElement(By.id("live")).isDisplayed()).isTrue();
                b.screenshot("h264-phone");
                b.assertNoConsoleErrors();

                // The daemon gone: a readable message, not a blank page.
                assertThat(vigil.terminate()).isZero();
                b.waitFor("the banner saying the camera list cannot be loaded",
                        () -> b.driver.findElement(By.id("banner")).isDisplayed()
                                && b.driver.findElement(By.id("banner")).getText().startsWith("Cannot load the camera list"));
                assertThat(b.driver.findElement(By.cssSelector("li[data-camera='demo-1']")).isDisplayed()).isTrue();
                b.screenshot("h264-daemon-gone");

                // The live view waits for it rather than ending, and goes on once it is back (restarted on
                // the same port and storage, as systemd would), without a reload of the page.
                b.waitFor("the live view to say it is reconnecting", () -> statusText(b).startsWith("Live: demo-1, reconnecting"));
                long restartedAt = System.currentTimeMillis();
                try (VigilProcess again = VigilProcess.start(tmp.resolve("demo-again.log"), port, "demo", "--storage", storage.toString(),
                        "--http-port", Integer.toString(port), "--segment-duration", "10s")) {
                    again.awaitHealthy();
                    b.waitFor("the banner to go", () -> !b.driver.findElement(By.id("banner")).isDisplayed());
                    b.waitFor("the live view to be back", () -> statusText(b).equals("Live: demo-1"));
                    b.waitFor("a frame recorded after the restart on screen", () -> ((Number) clock(b).get("ms")).longValue() > restartedAt);
                    awaitPlaying(b);
                    Map<String, Object> after = clock(b);
                    long lagAfter = ((Number) after.get("now")).longValue() - ((Number) after.get("ms")).longValue();
                    assertThat(lagAfter).as("live after the restart: now minus the wall time of the frame on screen, ms").isBetween(-1000L, 8000L);
                    b.screenshot("h264-live-after-restart");

                    // A recorder that numbers its live playlist lower than before (restarted with its
                    // clock set back), played by rewriting the numbers in the page: the view goes on.
                    b.js("""
                            const real = window.fetch;
                            window.fetch = async (url, options) => {
                              const r = await real(url, options);
                              if (!String(url).includes('live.m3u8') || !r.ok) return r;
                              const text = (await r.text()).replace(/#EXT-X-MEDIA-SEQUENCE:(\\d+)/,
                                  (m, n) => '#EXT-X-MEDIA-SEQUENCE:' + (Number(n) - 1000000000));
                              return new Response(text, {status: r.status, headers: r.headers});
                            };""");
                    long renumberedAt = System.currentTimeMillis();
                    b.waitFor("a frame recorded 2 s after the numbers went back on screen",
                            () -> ((Number) clock(b).get("ms")).longValue() > renumberedAt + 2000);
                    assertThat(statusText(b)).isEqualTo("Live: demo-1");
                    assertThat(again.terminate()).isZero();
                }
            });
        }
    }

    static String statusText(Browser b) {
        return b.js("return document.getElementById('status').textContent");
    }

    @Test
    void anH265CameraOffersTheDownloadAndSaysWhyItIsNotPlayed() throws Exception {
        try (GstRtspServer gst = GstRtspServer.start()) {
            int port = VigilProcess.freePort();
            Path storage = tmp.resolve("archive");
            Path config = Files.writeString(tmp.resolve("vigil.yaml"), """
                    storageRoot: %s
                    httpBind: 127.0.0.1:%d
                    segmentDuration: 3s
                    cameras:
                      - {name: gate, url: "%s"}
                    """.formatted(storage, port, gst.url("h265")));
            try (VigilProcess vigil = VigilProcess.start(tmp.resolve("hevc.log"), port, "run", "--config", config.toString());
                    Browser b = Browser.open("h265")) {
                vigil.awaitHealthy();
                DaemonIT.awaitSegments(storage.resolve("gate"), 1);
                b.step(() -> {
                    b.driver.get("http://127.0.0.1:" + port + "/");
                    b.waitFor("the camera listed", () -> !b.driver.findElements(By.cssSelector("li[data-camera='gate']")).isEmpty());
                    WebElement item = b.driver.findElement(By.cssSelector("li[data-camera='gate']"));
                    b.waitFor("the camera listed as recording H.265",
                            () -> item.getText().contains("H.265") && item.findElement(By.cssSelector(".state")).getText().equals("recording"));
                    WebElement notice = b.driver.findElement(By.id("hevc"));
                    b.waitFor("the H.265 notice", notice::isDisplayed);
                    assertThat(b.driver.findElement(By.id("hevc-text")).getText()).isEqualTo(HEVC_SENTENCE);
                    WebElement link = b.driver.findElement(By.id("hevc-download"));
                    b.waitFor("the download link", link::isDisplayed);
                    String href = link.getAttribute("href");
                    assertThat(href).contains("/api/cameras/gate/view.mp4?").contains("download=1");
                    assertThat(b.driver.findElement(By.id("player-area")).isDisplayed()).as("inline player shown").isFalse();
                    assertThat(b.driver.findElement(By.id("live")).isDisplayed()).as("live button shown").isFalse();
                    b.screenshot("h265");

                    // Choosing an instant on the timeline moves the download, and still plays nothing.
                    b.driver.findElement(By.cssSelector(".zoom button[data-span='600000']")).click();
                    b.waitFor("a recorded run drawn", () -> runs(b).stream().anyMatch(r -> r.getSize().getWidth() >= 8));
                    WebElement run = runs(b).stream().filter(r -> r.getSize().getWidth() >= 8).findFirst().orElseThrow();
                    new Actions(b.driver).moveToElement(run).click().perform();
                    b.waitFor("the download link to start at the clicked instant", () -> !link.getAttribute("href").equals(href));
                    Map<String, Object> video = b.js("""
                            const v = document.getElementById('video');
                            return {src: v.currentSrc, paused: v.paused, readyState: v.readyState, currentTime: v.currentTime};""");
                    assertThat(video).containsEntry("src", "").containsEntry("paused", true).containsEntry("readyState", 0L);

                    // The link downloads an H.265 MP4.
                    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(link.getAttribute("href"))).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
                    String head = new String(r.body(), 0, Math.min(r.body().length, 8192), StandardCharsets.ISO_8859_1);
                    assertThat(head.substring(4, 8)).isEqualTo("ftyp");
                    assertThat(head).contains("hvcC");
                    b.assertNoConsoleErrors();
                    b.screenshot("h265-chosen");
                });
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<WebElement> runs(Browser b) {
        return b.driver.findElements(By.cssSelector("#timeline rect.run"));
    }

    static long videoWidth(Browser b) {
        return ((Number) b.js("return document.getElementById('video').videoWidth")).longValue();
    }

    /** Waits for currentTime to advance twice: the video plays (decodes and presents frames). */
    static void awaitPlaying(Browser b) {
        b.waitFor("the video to have frames", () -> ((Number) b.js("return document.getElementById('video').readyState")).intValue() >= 2);
        double first = currentTime(b);
        b.waitFor("currentTime to advance past " + first, () -> currentTime(b) > first);
        double second = currentTime(b);
        b.waitFor("currentTime to advance past " + second, () -> currentTime(b) > second);
    }

    static double currentTime(Browser b) {
        return ((Number) b.js("return document.getElementById('video').currentTime")).doubleValue();
    }

    /** The clock overlay's text and the wall time it stands for, read together, with the browser's now. */
    static Map<String, Object> clock(Browser b) {
        return b.js("""
                const c = document.getElementById('clock');
                return {hidden: c.hidden, text: c.textContent, ms: Number(c.dataset.ms), now: Date.now(),
                        zone: Intl.DateTimeFormat().resolvedOptions().timeZone};""");
    }

    static void assertClockText(Browser b, Map<String, Object> clock) {
        assertThat(clock.get("hidden")).as("clock hidden").isEqualTo(false);
        String expected = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of((String) clock.get("zone")))
                .format(Instant.ofEpochMilli(((Number) clock.get("ms")).longValue()));
        assertThat(clock.get("text")).as("clock overlay text").isEqualTo(expected);
    }

    /** A headless Debian Chromium through Debian's chromedriver: nothing downloaded, nothing from the internet. */
    static final class Browser implements AutoCloseable {
        final ChromeDriver driver;
        final String name;

        private Browser(ChromeDriver driver, String name) {
            this.driver = driver;
            this.name = name;
        }

        static Browser open(String name) {
            List<String> missing = new ArrayList<>();
            if (!Files.isExecutable(CHROMIUM)) missing.add(CHROMIUM.toString());
            if (!Files.isExecutable(CHROMEDRIVER)) missing.add(CHROMEDRIVER.toString());
            if (!missing.isEmpty()) {
                throw new AssertionError("WebUiIT needs Debian's Chromium and its driver (missing " + String.join(", ", missing)
                        + "): apt-get install chromium chromium-driver");
            }
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                    "--window-size=1280,800", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            return new Browser(new ChromeDriver(service, options), name);
        }

        @SuppressWarnings("unchecked")
        <T> T js(String script) {
            return (T) ((JavascriptExecutor) driver).executeScript(script);
        }

        /** Waits (a hang guard of 30 s, not a speed claim) until the condition holds. */
        void waitFor(String what, java.util.function.BooleanSupplier condition) {
            new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(200)).withMessage("waited for " + what)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> condition.getAsBoolean());
        }

        interface Step {
            void run() throws Exception;
        }

        /** Runs the steps; on any failure, a screenshot of the page as it was, then the failure. */
        void step(Step step) throws Exception {
            try {
                step.run();
            } catch (Throwable t) {
                try {
                    Path shot = screenshot(name + "-FAILED");
                    t.addSuppressed(new Exception("screenshot of the failure: " + shot.toAbsolutePath() + "\npage status: "
                            + js("return (document.getElementById('status')||{}).textContent + ' | ' + (document.getElementById('banner')||{}).textContent")));
                } catch (RuntimeException | java.io.IOException ignored) {
                    t.addSuppressed(ignored);
                }
                throw t;
            }
        }

        Path screenshot(String label) throws java.io.IOException {
            Files.createDirectories(SHOTS);
            Path file = SHOTS.resolve(label + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        }

        void assertNoConsoleErrors() {
            List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(errors).as("console errors").isEmpty();
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}

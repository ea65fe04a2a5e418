package io.retentionplatform.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless browser (Debian's chromium and chromedriver) over the running services with the
 * demo portfolio: the page loads it through the GraphQL API, the scatter has one point per placed account, the silent
 * audit marks the pilot cohort and starts a pilot, clicking a point opens that account's page, and a score change
 * posted to scoring-service appears on the open page without a reload (a subscription). Screenshots are kept in
 * {@code target/screenshots}.
 */
@QuarkusTest
@QuarkusTestResource(value = ServiceProcesses.class, restrictToAnnotatedClass = true)
class DashboardBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @ConfigProperty(name = ServiceProcesses.SCORING_URL)
    String scoringUrl;

    @ConfigProperty(name = ServiceProcesses.SEGMENTATION_URL)
    String segmentationUrl;

    @TestHTTPResource("/")
    URL page;

    private WebDriver browser;

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            screenshot("last"); // what the page showed when the test ended, passed or not
            browser.quit();
        }
    }

    @Test
    void theDashboardShowsThePortfolioOpensAnAccountAndFollowsItLive() throws IOException {
        String prefix = DemoPortfolios.prefix("ui");
        DemoPortfolios.load(scoringUrl, segmentationUrl, prefix);
        // The gateway's first GraphQL request loads the GraphQL engine's classes; on a loaded machine it may time out.
        org.awaitility.Awaitility.await("the gateway answers GraphQL").atMost(Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> GraphQLApiEndToEndTest.graphQL("{ __typename }").getString("data.__typename") != null);
        int placed = placedAccounts();

        browser = chrome();
        browser.get(page + "#token=" + TestTokens.token("ui-lead", Roles.MANAGER));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

        // The portfolio: one point per account with a quadrant, the KPIs, the audit with its cohort marked.
        WebElement scatter = browser.findElement(By.id("scatter"));
        wait.until(b -> String.valueOf(placed).equals(scatter.getAttribute("data-points")));
        wait.until(b -> !browser.findElements(By.cssSelector("#silent-table tbody tr")).isEmpty());
        assertThat(browser.findElement(By.id("kpis")).getText()).contains("NRR").contains("GRR");
        assertThat(browser.findElements(By.cssSelector("#silent-table tbody tr.cohort"))).isNotEmpty();
        assertThat(browser.findElement(By.id("silent-table")).getText()).contains("pilot cohort");
        wait.until(b -> browser.findElement(By.id("live")).getText().equals("live"));
        screenshot("1-portfolio");

        // The pilot button starts a pilot through the mutation.
        browser.findElement(By.id("start-pilot")).click();
        wait.until(b -> !browser.findElement(By.id("pilot-result")).getText().isBlank());
        assertThat(browser.findElement(By.id("pilot-result")).getText()).startsWith("Pilot p-");

        // Click a demo account's bubble that nothing drawn over it covers (the databases hold other tests' accounts
        // too), and land on its page. The chart wholly in view first: a pointer offset is taken from the centre of
        // the element's visible part.
        js("document.getElementById('scatter').scrollIntoView({block: 'center'});");
        @SuppressWarnings("unchecked")
        List<Object> target = (List<Object>) js("const c = echarts.getInstanceByDom(document.getElementById('scatter'));"
                + "const d = c.getOption().series[0].data; const px = d.map(p => c.convertToPixel({seriesIndex: 0}, p.value));"
                + "let best = -1, clearance = -1e9;"
                + "for (let i = 0; i < d.length; i++) { if (!d[i].id.startsWith(arguments[0])) continue;"
                + "  let free = 1e9; for (let j = i + 1; j < d.length; j++) {"
                + "    free = Math.min(free, Math.hypot(px[i][0] - px[j][0], px[i][1] - px[j][1]) - d[j].symbolSize / 2); }"
                + "  if (free > clearance) { clearance = free; best = i; } }"
                + "return [d[best].id, d[best].name, px[best][0], px[best][1]];", prefix);
        String accountId = (String) target.get(0);
        Number x = (Number) target.get(2);
        Number y = (Number) target.get(3);
        new Actions(browser).moveToElement(scatter, (int) Math.round(x.doubleValue() - scatter.getSize().getWidth() / 2.0),
                (int) Math.round(y.doubleValue() - scatter.getSize().getHeight() / 2.0)).click().perform();
        wait.until(b -> browser.findElement(By.id("account")).isDisplayed());
        assertThat((String) js("return location.hash;")).isEqualTo("#account=" + accountId);
        wait.until(b -> browser.findElement(By.id("account-name")).getText().equals(target.get(1)));
        wait.until(b -> !browser.findElement(By.id("account-score")).getText().isBlank());
        assertThat(browser.findElement(By.id("account-explanation")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("eligibility")).getText()).containsIgnoringCase("eligible");
        assertThat(browser.findElement(By.id("nurture")).getText()).isNotBlank();
        screenshot("2-account");

        // A score change posted to scoring-service appears on the open page, without a reload.
        long version = Long.parseLong(browser.findElement(By.id("account-score")).getAttribute("data-version"));
        js("window.__sameDocument = true;");
        wait.until(b -> browser.findElement(By.id("live")).getText().equals("live"));
        given().baseUri(scoringUrl).contentType(ContentType.JSON)
                .body(Map.of("id", "evt-" + UUID.randomUUID(), "accountId", accountId, "type", "usage.feature_used",
                        "occurredAt", Instant.now().toString(), "attributes", Map.of("feature", "reports")))
                .post("/events").then().statusCode(202);
        wait.until(b -> Long.parseLong(browser.findElement(By.id("account-score")).getAttribute("data-version")) > version);
        assertThat(js("return window.__sameDocument === true;")).isEqualTo(true);
        screenshot("3-account-live");
    }

    /** Accounts with a quadrant, as the GraphQL API lists them (the test databases hold other tests' accounts too). */
    private int placedAccounts() {
        int placed = 0;
        String after = null;
        do {
            JsonPath page = GraphQLApiEndToEndTest.graphQL("{ accounts(first: 200" + (after == null ? "" : ", after: \"" + after
                    + "\"") + ") { pageInfo { hasNextPage endCursor } nodes { quadrant { current } signals { activeDays30 } } } }");
            List<Map<String, Object>> nodes = page.getList("data.accounts.nodes");
            placed += (int) nodes.stream().filter(n -> n.get("quadrant") != null && n.get("signals") != null).count();
            after = page.getBoolean("data.accounts.pageInfo.hasNextPage") ? page.getString("data.accounts.pageInfo.endCursor") : null;
        } while (after != null);
        return placed;
    }

    private Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Debian's chromium through Debian's chromedriver; no browser or driver is downloaded. */
    private static WebDriver chrome() throws IOException {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
        Path driver = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            throw new IllegalStateException("The browser test needs Debian's chromium and chromium-driver (" + chromium + ", "
                    + driver + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1100", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}

package io.kanthorq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.EventQuery;
import io.kanthorq.core.management.TaskFilter;
import io.kanthorq.dashboard.app.DashboardTestApplication;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.test.KanthorqTestKit;
import io.kanthorq.test.spring.KanthorqTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in real headless Chromium, logged in through the application's own form login, with
 * CSRF protection on: what an operator does, step by step. Screenshots go to {@code target/screenshots}.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@KanthorqTest
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Autowired
    KanthorqTestKit kit;

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    Kanthorq kanthorq;

    Browser browser;
    WebDriver driver;

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
        driver = browser.driver();
        DashboardTestApplication.Shop.GATEWAY_DOWN.set(false);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        DashboardTestApplication.Shop.GATEWAY_DOWN.set(false);
    }

    @Test
    void theOverviewShowsAConsumersLagFallToZeroAsItsTasksRun() {
        login("admin", "admin-pw");
        for (int i = 0; i < 5; i++) {
            publisher.publish("order_update", "order.created", "{\"order\":" + (100 + i) + "}");
        }
        open("#/");
        waitForText(By.cssSelector("tr[data-consumer=send_email] td.lag"), "5");

        kit.drainAll();

        // live refresh, every 5 seconds
        waitForText(By.cssSelector("tr[data-consumer=send_email] td.lag"), "0");
        assertThat(text(By.cssSelector("tr[data-consumer=send_email] td.completed")))
                .contains("5");
        // the chart: the engine adds its counts to the per-minute rollup every 10 seconds
        waiting(Duration.ofSeconds(40))
                .until(d -> d.findElements(By.cssSelector("tr[data-consumer=send_email] td.spark svg")).stream()
                        .anyMatch(svg ->
                                String.valueOf(svg.getAttribute("aria-label")).contains(": 5 completed")));
        browser.screenshot("overview");
    }

    @Test
    void anAdminReadsADeadLettersErrorRedrivesItAndSeesItCompleted() {
        DashboardTestApplication.Shop.GATEWAY_DOWN.set(true);
        Event cancelled = publisher.publish("order_update", "order.cancelled", "{\"order\":21}");
        kit.drainRetrying("refund_order"); // attempt-max 2: Discarded
        DashboardTestApplication.Shop.GATEWAY_DOWN.set(false);

        login("admin", "admin-pw");
        open("#/consumers/refund_order");
        click(By.cssSelector("tr[data-task='" + cancelled.id() + "'] a"));
        waitForText(By.id("task-state"), "discarded");
        WebElement attempt = wait(By.cssSelector("#errors details:last-child summary"));
        assertThat(attempt.getText()).contains("payment gateway timed out").contains("IllegalStateException");
        attempt.click();
        assertThat(text(By.cssSelector("#errors details:last-child pre"))).contains("DashboardTestApplication");
        assertThat(text(By.id("event-body"))).contains("\"order\": 21");
        browser.screenshot("task");

        click(By.id("redrive"));
        waitForText(By.id("task-state"), "available");
        kit.drainAll();
        driver.navigate().refresh();
        waitForText(By.id("task-state"), "completed");
        assertThat(kanthorq.management()
                        .task("refund_order", cancelled.id())
                        .orElseThrow()
                        .task()
                        .state())
                .isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void everyDeadLetterMatchingAFilterIsRedrivenAfterAConfirmationShowingTheCount() {
        publisher.publish("order_update", "order.cancelled", "{\"order\":13,\"n\":1}");
        publisher.publish("order_update", "order.cancelled", "{\"order\":13,\"n\":2}");
        kit.drainRetrying("refund_order");

        // dead letters of earlier tests count too: the confirmation shows what the database holds
        long discarded = kanthorq.management()
                .countTasks("refund_order", TaskFilter.of(TaskState.DISCARDED).withSubject("order.cancelled"), 1000);
        assertThat(discarded).isGreaterThanOrEqualTo(2);

        login("admin", "admin-pw");
        open("#/consumers/refund_order");
        wait(By.cssSelector("#tasks tr[data-task]"));
        driver.findElement(By.id("filter-subject")).sendKeys("order.cancelled");
        click(By.id("redrive-matching"));
        waitForText(By.id("confirm-text"), "Redrive " + discarded + " discarded task(s) with subject order.cancelled?");
        browser.screenshot("bulk-redrive");
        click(By.id("confirm-yes"));

        waitForText(By.id("toast"), "Redriven: " + discarded + " task(s)");
        assertThat(kanthorq.management().consumer("refund_order").orElseThrow().tasks(TaskState.DISCARDED))
                .isZero();
    }

    @Test
    void anEventsChainShowsEveryEventItCausedWithEachConsumersTask() {
        Event cancelled = publisher.publish("order_update", "order.cancelled", "{\"order\":7}");
        kit.drainAll(); // the refund publishes refund.completed, which gets a receipt

        login("viewer", "viewer-pw");
        open("#/streams/order_update");
        click(By.cssSelector("tr[data-event='" + cancelled.id() + "'] a"));
        WebElement child = wait(By.cssSelector("#chain li[data-event='" + cancelled.id() + "'] ul li"));
        assertThat(child.getText())
                .contains("refund.completed")
                .contains("send_receipt")
                .contains("completed");
        assertThat(text(By.cssSelector("#chain li[data-event='" + cancelled.id() + "']")))
                .contains("order.cancelled")
                .contains("refund_order");
        browser.screenshot("chain");
    }

    @Test
    void anAdminPublishesFromTheUi() {
        login("admin", "admin-pw");
        open("#/publish");
        wait(By.id("publish-subject")).sendKeys("order.created");
        WebElement body = driver.findElement(By.id("publish-body"));
        body.clear();
        body.sendKeys("{\"order\": 42, \"from\": \"the dashboard\"}");
        driver.findElement(By.id("publish-key")).sendKeys("order-42");
        browser.screenshot("publish");
        click(By.id("publish-submit"));

        String id = wait(By.id("published-chain")).getText();
        Event stored = kanthorq.management().event("order_update", id).orElseThrow();
        assertThat(stored.bodyAsString()).isEqualTo("{\"order\":42,\"from\":\"the dashboard\"}");
        assertThat(stored.orderingKey()).isEqualTo("order-42");
    }

    @Test
    void aViewerSeesNoMutatingControls() {
        publisher.publish("order_update", "order.cancelled", "{\"order\":13}");
        kit.drainRetrying("refund_order");
        Event dead = kanthorq.management().events("order_update", EventQuery.first(100)).stream()
                .filter(e -> e.bodyAsString().equals("{\"order\":13}"))
                .reduce((first, last) -> last)
                .orElseThrow();

        login("viewer", "viewer-pw");
        open("#/consumers/refund_order");
        wait(By.cssSelector("#tasks tr[data-task]"));
        assertThat(driver.findElements(By.cssSelector("#bulk button, #pause, #resume, #tasks input[type=checkbox]")))
                .isEmpty();
        open("#/consumers/refund_order/tasks/" + dead.id());
        waitForText(By.id("task-state"), "discarded");
        assertThat(driver.findElements(By.id("redrive"))).isEmpty();
        assertThat(driver.findElement(By.id("nav-publish")).isDisplayed()).isFalse();

        // the API refuses what the page does not offer
        Object status = ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "const c = JSON.parse(document.getElementById('kanthorq-config').textContent);"
                        + "fetch(c.api + '/consumers/refund_order/pause', {method: 'POST', headers: c.csrfHeader"
                        + " ? {[c.csrfHeader]: c.csrfToken} : {}}).then(r => done(r.status));");
        assertThat(status).isEqualTo(403L);
    }

    @Test
    void theOverviewIsUsableByKeyboard() {
        login("admin", "admin-pw");
        open("#/");
        wait(By.cssSelector("tr[data-consumer=send_email] a"));
        for (int i = 0;
                i < 40 && !"send_email".equals(driver.switchTo().activeElement().getText());
                i++) {
            driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("send_email");

        driver.switchTo().activeElement().sendKeys(Keys.ENTER);

        waitForText(By.id("consumer-name"), "send_email");
    }

    @Test
    void everyPageIsReadableAtPhoneWidth() {
        publisher.publish("order_update", "order.created", "{\"order\":1}");
        login("admin", "admin-pw");
        browser.size(390, 844);
        for (String page : List.of("#/", "#/consumers/send_email", "#/streams/order_update", "#/publish")) {
            open(page);
            wait(By.cssSelector("main h1"));
            Long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("horizontal overflow of %s at 390 px", page).isLessThanOrEqualTo(0L);
        }
        open("#/");
        wait(By.cssSelector("tr[data-consumer]"));
        browser.screenshot("overview-phone");
    }

    private void login(String user, String password) {
        driver.get("http://localhost:" + port + "/login");
        wait(By.name("username")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        waiting(WAIT).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    private void open(String hash) {
        driver.get("http://localhost:" + port + "/kanthorq" + hash);
    }

    // the pages re-render every 5 seconds: an element found a moment ago may be replaced, so every wait
    // looks it up again instead of failing on a stale one
    private WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private WebElement wait(By by) {
        return waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void waitForText(By by, String text) {
        waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private void click(By by) {
        waiting(WAIT).until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    private String text(By by) {
        return waiting(WAIT).until(d -> d.findElement(by).getText());
    }
}

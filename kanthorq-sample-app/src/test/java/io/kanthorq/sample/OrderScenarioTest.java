package io.kanthorq.sample;

import static io.kanthorq.core.TaskState.COMPLETED;
import static io.kanthorq.core.TaskState.DISCARDED;
import static io.kanthorq.core.TaskState.RETRYABLE;
import static io.kanthorq.test.KanthorqAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.TaskDetail;
import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.sample.orders.Order;
import io.kanthorq.sample.orders.OrderActions;
import io.kanthorq.sample.orders.OrderEvents.OrderCancelled;
import io.kanthorq.sample.orders.OrderEvents.PaymentRefunded;
import io.kanthorq.sample.orders.OrderView;
import io.kanthorq.test.KanthorqTestKit;
import io.kanthorq.test.TaskRuns;
import io.kanthorq.test.spring.KanthorqTest;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The sample end to end over HTTP with the sample's own KanthorQ configuration (its backoffs of up to
 * 10 s included), driven by the test kit: no worker runs, each test drains the consumers on its own
 * thread, so nothing waits or polls. The gateway's random "busy" answers are switched off to make
 * outcomes exact; its deterministic rules (13.13 flaky, 66.60 broken) stay.
 */
@SpringBootTest(
        classes = SampleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sample.embedded-postgres.enabled=false", "sample.payment-gateway.failure-rate=0"})
@KanthorqTest
class OrderScenarioTest {

    private static final Logger log = LoggerFactory.getLogger(OrderScenarioTest.class);

    @LocalServerPort
    int port;

    @Autowired
    KanthorqTestKit kit;

    @Autowired
    Kanthorq kanthorq;

    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
    }

    @Test
    void aCancelledOrderIsEmailedRefundedAndApologisedFor() {
        Order order = create("ada@example.com", "25.00");
        assertThat(order.status()).isEqualTo(Order.Status.CREATED);
        assertThat(kit.drainAll()).hasOutcomes("send_notification", COMPLETED);
        assertThat(consumersThatActed(order.id())).containsExactly("send_notification");

        ResponseEntity<Order> cancelled =
                post("/orders/" + order.id() + "/cancel", Map.of("reason", "changed my mind"));
        assertThat(cancelled.getStatusCode().value()).isEqualTo(200);
        assertThat(cancelled.getBody().status()).isEqualTo(Order.Status.CANCELLED);
        assertThat(kit.published())
                .hasEvent("order_update", "order.cancelled", OrderCancelled.class)
                .matching(e -> e.orderId() == order.id() && e.reason().equals("changed my mind"))
                .withKey("order-" + order.id())
                .once();

        assertThat(kit.drainAll())
                .allCompleted()
                .hasCompleted("send_cancellation_email")
                .hasCompleted("refund_order")
                .hasCompleted("send_apology_email")
                .hasCompleted("send_receipt");

        OrderView view = get(order.id());
        assertThat(view.status()).isEqualTo(Order.Status.CANCELLED);
        // the chain: the refund published payment.refunded, which got a receipt
        assertThat(view.events())
                .extracting(OrderView.EventView::subject)
                .containsExactly("order.created", "order.cancelled", "payment.refunded");
        OrderView.EventView cancellation = view.events().get(1);
        OrderView.EventView refunded = view.events().get(2);
        assertThat(refunded.causationId()).isEqualTo(cancellation.eventId());
        assertThat(refunded.tasks())
                .singleElement()
                .satisfies(t -> assertThat(t.consumer() + " " + t.state()).isEqualTo("send_receipt COMPLETED"));
        assertThat(kit.published())
                .hasEvent("order_update", "payment.refunded", PaymentRefunded.class)
                .causedBy(kanthorq.management()
                        .event("order_update", cancellation.eventId())
                        .orElseThrow())
                .withKey("order-" + order.id())
                .matching(e -> e.amount().compareTo(new BigDecimal("25.00")) == 0)
                .once();
        assertThat(cancellation.tasks())
                .extracting(OrderView.TaskView::consumer, OrderView.TaskView::state, OrderView.TaskView::attempts)
                .containsExactlyInAnyOrder(
                        Tuple.tuple("send_cancellation_email", "COMPLETED", 1),
                        Tuple.tuple("refund_order", "COMPLETED", 1),
                        Tuple.tuple("send_apology_email", "COMPLETED", 1));
        assertThat(view.actions())
                .filteredOn(a -> a.eventId().equals(cancellation.eventId()))
                .extracting(OrderActions.Action::consumer, OrderActions.Action::action)
                .containsExactlyInAnyOrder(
                        Tuple.tuple(
                                "send_cancellation_email",
                                "sent to ada@example.com: order " + order.id() + " is cancelled: changed my mind"),
                        Tuple.tuple(
                                "refund_order",
                                "refunded 25.00 (rf_" + order.id() + "_"
                                        + Math.abs(cancellation.eventId().hashCode()) + ")"),
                        Tuple.tuple(
                                "send_apology_email",
                                "sent to ada@example.com: sorry that order " + order.id()
                                        + " was cancelled (changed my mind)"));
    }

    @Test
    void aRefundThatFailsTwiceCompletesOnAttemptThree() {
        Order order = create("flaky@example.com", "13.13"); // the gateway times out twice for this amount
        post("/orders/" + order.id() + "/cancel", null);

        long started = System.nanoTime();
        TaskRuns refunds = kit.drainRetrying("refund_order");
        log.info("a refund that fails twice: 3 attempts in {} ms", (System.nanoTime() - started) / 1_000_000);

        assertThat(refunds).hasOutcomes("refund_order", RETRYABLE, RETRYABLE, COMPLETED);
        assertThat(refunds.all().get(0).error()).hasMessageContaining("timed out");
        OrderView.TaskView refund = refundTask(order.id());
        assertThat(refund.attempts()).isEqualTo(3);
        assertThat(refund.errors())
                .hasSize(2)
                .allSatisfy(error -> assertThat(error).contains("timed out"));
        assertThat(get(order.id()).actions())
                .filteredOn(a -> a.consumer().equals("refund_order"))
                .singleElement()
                .satisfies(action -> {
                    assertThat(action.attempt()).isEqualTo(3);
                    assertThat(action.action()).startsWith("refunded 13.13");
                });
    }

    @Test
    void aBrokenRefundIsDiscardedAfterTenAttempts() {
        Order order = create("broken@example.com", "66.60"); // the gateway always times out for this amount
        post("/orders/" + order.id() + "/cancel", null);

        long started = System.nanoTime();
        TaskRuns refunds = kit.drainRetrying("refund_order");
        log.info("a broken refund: 10 attempts in {} ms", (System.nanoTime() - started) / 1_000_000);

        List<TaskState> nineRetries = Collections.nCopies(9, RETRYABLE);
        TaskState[] outcomes = java.util.stream.Stream.concat(
                        nineRetries.stream(), java.util.stream.Stream.of(DISCARDED))
                .toArray(TaskState[]::new);
        assertThat(refunds).hasOutcomes("refund_order", outcomes);
        kit.drainAll();
        assertThat(get(order.id()).actions())
                .extracting(OrderActions.Action::consumer)
                .doesNotContain("refund_order")
                .contains("send_cancellation_email", "send_apology_email");

        // the same dead letter, as an operator sees it through the engine
        TaskRecord task = kanthorq.management()
                .task("refund_order", refunds.last().event().id())
                .map(TaskDetail::task)
                .orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.DISCARDED);
        assertThat(task.attemptCount()).isEqualTo(10);
        assertThat(task.errors())
                .extracting(TaskRecord.AttemptError::attempt)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(task.errors().get(9).exception())
                .isEqualTo("io.kanthorq.sample.payments.PaymentGateway$GatewayUnavailableException");
    }

    @Test
    void aFailedOrderGetsAnApologyOnly() {
        Order order = create("grace@example.com", "9.99");
        ResponseEntity<Order> failed = post("/orders/" + order.id() + "/fail", Map.of("reason", "out of stock"));
        assertThat(failed.getBody().status()).isEqualTo(Order.Status.FAILED);

        assertThat(kit.drainAll()).allCompleted().ran(2); // the notification of its creation, the apology

        OrderView.EventView failure = get(order.id()).events().get(1);
        assertThat(failure.subject()).isEqualTo("order.failed");
        assertThat(failure.tasks()).extracting(OrderView.TaskView::consumer).containsExactly("send_apology_email");
        assertThat(get(order.id()).actions())
                .filteredOn(a -> a.eventId().equals(failure.eventId()))
                .singleElement()
                .satisfies(action -> assertThat(action.action())
                        .isEqualTo("sent to grace@example.com: sorry that order " + order.id()
                                + " could not be completed (out of stock)"));
    }

    @Test
    void anUndeliverableAddressIsDiscardedAtOnce() {
        create("nobody", "1.00");

        TaskRuns runs = kit.drainAll();

        assertThat(runs).hasOutcomes("send_notification", DISCARDED); // DiscardException: no retries
        assertThat(runs.last().error()).hasMessageContaining("undeliverable address 'nobody'");
    }

    @Test
    void onlyACreatedOrderChangesAndNothingIsPublishedOtherwise() {
        Order order = create("twice@example.com", "5.00");
        assertThat(post("/orders/" + order.id() + "/cancel", null)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);

        assertThat(status(http.post().uri("/orders/" + order.id() + "/cancel"))).isEqualTo(409);
        assertThat(status(http.post().uri("/orders/" + order.id() + "/fail"))).isEqualTo(409);
        assertThat(status(http.get().uri("/orders/999999"))).isEqualTo(404);
        assertThat(status(http.post()
                        .uri("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("customerEmail", "x@example.com", "amount", "-1"))))
                .isEqualTo(400);

        // the rejected changes published nothing
        assertThat(kit.published())
                .hasEventCount("order_update", "order.created", 1)
                .hasEventCount("order_update", "order.cancelled", 1)
                .hasNoEvent("order_update", "order.failed");
    }

    @Test
    void everyEventOfAnOrderCarriesTheOrderAsItsOrderingKey() {
        Order order = create("keyed@example.com", "4.00");
        post("/orders/" + order.id() + "/fail", Map.of("reason", "out of stock"));

        assertThat(kit.published()).hasEvent("order_update", "order.created").withKey("order-" + order.id());
        assertThat(kit.published()).hasEvent("order_update", "order.failed").withKey("order-" + order.id());
        assertThat(kanthorq.management()
                        .consumer("send_apology_email")
                        .orElseThrow()
                        .ordering())
                .isEqualTo(io.kanthorq.core.Ordering.KEY);
    }

    @Test
    void healthIsUpAndMetricsCountWhatTheDrainsRan() {
        create("metrics@example.com", "3.00");
        assertThat(kit.drainAll()).hasCompleted("send_notification");

        ResponseEntity<JsonNode> health =
                http.get().uri("/actuator/health").retrieve().toEntity(JsonNode.class);
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        assertThat(health.getBody().path("status").asString()).isEqualTo("UP");
        JsonNode kanthorqHealth = health.getBody().path("components").path("kanthorq");
        assertThat(kanthorqHealth.path("status").asString()).isEqualTo("UP");
        assertThat(kanthorqHealth
                        .path("components")
                        .path("database")
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        assertThat(kanthorqHealth
                        .path("components")
                        .path("consumers")
                        .path("components")
                        .path("refund_order")
                        .path("details")
                        .path("worker")
                        .asString())
                .isEqualTo("manual");
        assertThat(kanthorqHealth
                        .path("components")
                        .path("consumers")
                        .path("components")
                        .propertyNames())
                .containsExactlyInAnyOrder(
                        "send_notification",
                        "send_cancellation_email",
                        "refund_order",
                        "send_receipt",
                        "send_apology_email",
                        "order_report");

        // the kanthorq endpoint: every consumer with its stream, worker and backlog; one consumer by name
        JsonNode overview = http.get().uri("/actuator/kanthorq").retrieve().body(JsonNode.class);
        assertThat(overview.path("streams").path(0).asString()).isEqualTo("order_update");
        JsonNode refunds =
                http.get().uri("/actuator/kanthorq/refund_order").retrieve().body(JsonNode.class);
        assertThat(refunds.path("stream").asString()).isEqualTo("order_update");
        assertThat(refunds.path("worker").asString()).isEqualTo("manual");
        assertThat(status(http.get().uri("/actuator/kanthorq/no_such_consumer")))
                .isEqualTo(404);

        // the drains report to the application's task listeners, so the meters count them
        JsonNode completed = http.get()
                .uri("/actuator/metrics/kanthorq.tasks.completed?tag=consumer:send_notification")
                .retrieve()
                .body(JsonNode.class);
        assertThat(completed.path("measurements").path(0).path("value").asDouble())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void theDashboardIsThereForTheDemoUsersOnly() {
        create("dash@example.com", "2.00");

        assertThat(status(http.get().uri("/kanthorq/api/consumers"))).isEqualTo(401);
        JsonNode consumers = http.get()
                .uri("/kanthorq/api/consumers")
                .headers(h -> h.setBasicAuth("viewer", "viewer"))
                .retrieve()
                .body(JsonNode.class);
        assertThat(consumers.valueStream().map(c -> c.path("name").asString()))
                .contains("send_notification", "refund_order", "order_report");
        assertThat(http.get()
                        .uri("/kanthorq")
                        .headers(h -> h.setBasicAuth("admin", "admin"))
                        .retrieve()
                        .body(String.class))
                .contains("\"admin\":true")
                .contains("\"publish\":true");
        // refused: without a CSRF token the application's chain answers before the dashboard would (which
        // refuses a viewer's change with 403: kanthorq-dashboard's tests)
        assertThat(status(http.post()
                        .uri("/kanthorq/api/consumers/refund_order/pause")
                        .headers(h -> h.setBasicAuth("admin", "admin"))))
                .isIn(401, 403);
        assertThat(kanthorq.management().consumer("refund_order").orElseThrow().paused())
                .isFalse();
    }

    private Order create(String email, String amount) {
        ResponseEntity<Order> created =
                post("/orders", Map.of("customerEmail", email, "amount", new BigDecimal(amount)));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getHeaders().getLocation())
                .hasPath("/orders/" + created.getBody().id());
        return created.getBody();
    }

    private ResponseEntity<Order> post(String path, Object body) {
        RestClient.RequestBodySpec request = http.post().uri(path);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.retrieve().toEntity(Order.class);
    }

    private static int status(RestClient.RequestHeadersSpec<?> request) {
        return request.retrieve().toBodilessEntity().getStatusCode().value();
    }

    private OrderView get(long id) {
        return http.get().uri("/orders/" + id).retrieve().body(OrderView.class);
    }

    private List<String> consumersThatActed(long id) {
        return get(id).actions().stream().map(OrderActions.Action::consumer).toList();
    }

    private OrderView.TaskView refundTask(long id) {
        return get(id).events().stream()
                .flatMap(e -> e.tasks().stream())
                .filter(t -> t.consumer().equals("refund_order"))
                .findFirst()
                .orElseThrow();
    }
}

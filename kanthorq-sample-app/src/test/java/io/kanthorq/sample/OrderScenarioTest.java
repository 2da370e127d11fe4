package io.kanthorq.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.TaskDetail;
import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.sample.orders.Order;
import io.kanthorq.sample.orders.OrderActions;
import io.kanthorq.sample.orders.OrderView;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The sample end to end over HTTP, on real PostgreSQL (a fresh schema from core's test support) with
 * the short-backoff {@code test} profile: the order scenario of the KanthorQ docs, a flaky refund
 * that is retried until it completes, and a broken one that is Discarded after its 10 attempts.
 */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class OrderScenarioTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final TestSchema schema = TestDatabase.newSchema(2);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", schema::jdbcUrl);
        registry.add("spring.datasource.username", () -> schema.server().user());
        registry.add("spring.datasource.password", () -> schema.server().password());
    }

    @LocalServerPort
    int port;

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

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(consumersThatActed(order.id())).containsExactly("send_notification"));

        ResponseEntity<Order> cancelled =
                post("/orders/" + order.id() + "/cancel", Map.of("reason", "changed my mind"));
        assertThat(cancelled.getStatusCode().value()).isEqualTo(200);
        assertThat(cancelled.getBody().status()).isEqualTo(Order.Status.CANCELLED);

        OrderView view = await().atMost(WAIT)
                .until(() -> get(order.id()), v -> v.actions().size() == 4 && allTasksFinal(v));
        assertThat(view.status()).isEqualTo(Order.Status.CANCELLED);
        assertThat(view.events())
                .extracting(OrderView.EventView::subject)
                .containsExactly("order.created", "order.cancelled");
        OrderView.EventView cancellation = view.events().get(1);
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
    void aFlakyRefundIsRetriedAndCompletes() {
        Order order = create("flaky@example.com", "13.13"); // the gateway times out twice for this amount
        post("/orders/" + order.id() + "/cancel", null);

        OrderView.TaskView refund = await().atMost(WAIT)
                .until(
                        () -> refundTask(order.id()),
                        task -> task.isPresent() && task.get().state().equals("COMPLETED"))
                .orElseThrow();
        assertThat(refund.attempts()).isEqualTo(3);
        assertThat(refund.errors())
                .hasSize(2)
                .allSatisfy(error -> assertThat(error).contains("timed out"));

        OrderView view = get(order.id());
        assertThat(view.actions())
                .filteredOn(a -> a.consumer().equals("refund_order"))
                .singleElement()
                .satisfies(action -> {
                    assertThat(action.attempt()).isEqualTo(3);
                    assertThat(action.action()).startsWith("refunded 13.13");
                });
    }

    @Test
    void aRefundThatKeepsFailingIsDiscardedAfterTenAttempts() {
        Order order = create("broken@example.com", "66.60"); // the gateway always times out for this amount
        post("/orders/" + order.id() + "/cancel", null);

        OrderView.TaskView refund = await().atMost(WAIT)
                .until(
                        () -> refundTask(order.id()),
                        task -> task.isPresent() && task.get().state().equals("DISCARDED"))
                .orElseThrow();
        assertThat(refund.stateCode()).isEqualTo(-102);
        assertThat(refund.attempts()).isEqualTo(10);
        assertThat(refund.errors()).hasSize(10);
        assertThat(refund.finalizedAt()).isNotNull();

        OrderView view = get(order.id());
        assertThat(view.actions())
                .extracting(OrderActions.Action::consumer)
                .doesNotContain("refund_order")
                .contains("send_cancellation_email", "send_apology_email");

        // the same dead letter, as an operator sees it through the engine
        String eventId = view.events().get(1).eventId();
        TaskRecord task = kanthorq.management()
                .task("refund_order", eventId)
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

        OrderView view = await().atMost(WAIT)
                .until(() -> get(order.id()), v -> v.actions().size() == 2);
        OrderView.EventView failure = view.events().get(1);
        assertThat(failure.subject()).isEqualTo("order.failed");
        assertThat(failure.tasks()).extracting(OrderView.TaskView::consumer).containsExactly("send_apology_email");
        assertThat(view.actions())
                .filteredOn(a -> a.eventId().equals(failure.eventId()))
                .singleElement()
                .satisfies(action -> assertThat(action.action())
                        .isEqualTo("sent to grace@example.com: sorry that order " + order.id()
                                + " could not be completed (out of stock)"));
    }

    @Test
    void anUndeliverableAddressIsDiscardedAtOnce() {
        Order order = create("nobody", "1.00");

        OrderView view = await().atMost(WAIT)
                .until(() -> get(order.id()), v -> !v.events().get(0).tasks().isEmpty() && allTasksFinal(v));
        assertThat(view.events().get(0).tasks()).singleElement().satisfies(task -> {
            assertThat(task.state()).isEqualTo("DISCARDED");
            assertThat(task.attempts()).isEqualTo(1); // DiscardException: no retries
            assertThat(task.errors()).singleElement().asString().contains("undeliverable address 'nobody'");
        });
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
        assertThat(get(order.id()).events()).hasSize(2); // the rejected changes published nothing

        assertThat(status(http.get().uri("/orders/999999"))).isEqualTo(404);
        assertThat(status(http.post()
                        .uri("/orders")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("customerEmail", "x@example.com", "amount", "-1"))))
                .isEqualTo(400);
    }

    @Test
    void theRecurringOrderReportIsPublishedOncePerTickAndHandled() {
        // the test profile ticks every second
        await().atMost(WAIT)
                .until(() -> kanthorq.management()
                                .consumer("order_report")
                                .orElseThrow()
                                .tasks(io.kanthorq.core.TaskState.COMPLETED)
                        >= 2);
        io.kanthorq.core.management.ScheduleInfo schedule =
                kanthorq.management().schedules().get(0);
        assertThat(schedule.name()).isEqualTo("order_report");
        assertThat(schedule.trigger()).isEqualTo("cron * * * * * * in UTC");
        assertThat(schedule.nextTickAt()).isEqualTo(schedule.lastTickAt().plusSeconds(1));
    }

    @Test
    void everyEventOfAnOrderCarriesTheOrderAsItsOrderingKey() {
        Order order = create("keyed@example.com", "4.00");
        await().atMost(WAIT).until(() -> !consumersThatActed(order.id()).isEmpty());

        assertThat(
                        kanthorq
                                .management()
                                .events("order_update", io.kanthorq.core.management.EventQuery.first(10_000))
                                .stream()
                                .filter(e -> e.subject().equals("order.created")
                                        && ("" + order.id()).equals(e.metadata().get("order_id"))))
                .singleElement()
                .satisfies(e -> assertThat(e.orderingKey()).isEqualTo("order-" + order.id()));
        assertThat(kanthorq.management()
                        .consumer("send_apology_email")
                        .orElseThrow()
                        .ordering())
                .isEqualTo(io.kanthorq.core.Ordering.KEY);
    }

    @Test
    void healthIsUpAndMetricsAreExposed() {
        Order order = create("metrics@example.com", "3.00");
        await().atMost(WAIT).until(() -> !consumersThatActed(order.id()).isEmpty());

        ResponseEntity<JsonNode> health =
                http.get().uri("/actuator/health").retrieve().toEntity(JsonNode.class);
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        assertThat(health.getBody().path("status").asString()).isEqualTo("UP");
        JsonNode kanthorqHealth = health.getBody().path("components").path("kanthorq");
        assertThat(kanthorqHealth.path("status").asString()).isEqualTo("UP");
        assertThat(kanthorqHealth.path("details").path("consumers").propertyNames())
                .containsExactlyInAnyOrder(
                        "send_notification",
                        "send_cancellation_email",
                        "refund_order",
                        "send_apology_email",
                        "order_report");

        // the kanthorq endpoint: every consumer with its stream, worker and backlog; one consumer by name
        JsonNode overview = http.get().uri("/actuator/kanthorq").retrieve().body(JsonNode.class);
        assertThat(overview.path("streams").path(0).asString()).isEqualTo("order_update");
        assertThat(overview.path("consumers").propertyNames())
                .containsExactlyInAnyOrder(
                        "send_notification",
                        "send_cancellation_email",
                        "refund_order",
                        "send_apology_email",
                        "order_report");
        JsonNode refunds =
                http.get().uri("/actuator/kanthorq/refund_order").retrieve().body(JsonNode.class);
        assertThat(refunds.path("stream").asString()).isEqualTo("order_update");
        assertThat(refunds.path("worker").asString()).isEqualTo("running");
        assertThat(status(http.get().uri("/actuator/kanthorq/no_such_consumer")))
                .isEqualTo(404);

        ResponseEntity<JsonNode> completed = http.get()
                .uri("/actuator/metrics/kanthorq.tasks.completed?tag=consumer:send_notification")
                .retrieve()
                .toEntity(JsonNode.class);
        assertThat(completed.getStatusCode().value()).isEqualTo(200);
        assertThat(completed
                        .getBody()
                        .path("measurements")
                        .path(0)
                        .path("value")
                        .asDouble())
                .isGreaterThanOrEqualTo(1);
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

    private Optional<OrderView.TaskView> refundTask(long id) {
        return get(id).events().stream()
                .flatMap(e -> e.tasks().stream())
                .filter(t -> t.consumer().equals("refund_order"))
                .findFirst();
    }

    private static boolean allTasksFinal(OrderView view) {
        return view.events().stream()
                .flatMap(e -> e.tasks().stream())
                .allMatch(t -> t.stateCode() == 101 || t.stateCode() == -102 || t.stateCode() == -101);
    }
}

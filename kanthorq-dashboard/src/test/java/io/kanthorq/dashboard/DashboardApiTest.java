package io.kanthorq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.dashboard.app.DashboardTestApplication;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.test.KanthorqTestKit;
import io.kanthorq.test.spring.KanthorqTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Every endpoint of the JSON API through the application's own security chain (form login, basic, CSRF
 * on): who may read and change, the JSON of DESIGN §11, and a problem naming the field for bad input.
 */
@SpringBootTest(classes = DashboardTestApplication.class, properties = "kanthorq.max-body-size=2KB")
@AutoConfigureMockMvc
@KanthorqTest
class DashboardApiTest {

    private static final String API = "/kanthorq/api";
    private static final RequestPostProcessor VIEWER = httpBasic("viewer", "viewer-pw");
    private static final RequestPostProcessor ADMIN = httpBasic("admin", "admin-pw");
    private static final RequestPostProcessor STRANGER = httpBasic("stranger", "stranger-pw");

    @Autowired
    MockMvc http;

    @Autowired
    KanthorqTestKit kit;

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    Kanthorq kanthorq;

    @Autowired
    MeterRegistry meters;

    @Test
    void readsNeedTheViewerOrAdminAuthorityAndAnonymousRequestsAreUnauthorized() throws Exception {
        http.perform(get(API + "/consumers")).andExpect(status().isUnauthorized());
        http.perform(get(API + "/consumers").with(STRANGER))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("viewer or admin authority")));
        http.perform(get(API + "/consumers").with(VIEWER)).andExpect(status().isOk());
        http.perform(get(API + "/consumers").with(ADMIN)).andExpect(status().isOk());
    }

    @Test
    void streamsAndConsumersCarryTheirFigures() throws Exception {
        publisher.publish("order_update", "order.created", "{\"order\":1}");
        kit.drainAll();

        http.perform(get(API + "/streams").with(VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].name").value("order_update"))
                .andExpect(jsonPath("$[0].consumers").value(3));
        http.perform(get(API + "/consumers").with(VIEWER))
                .andExpect(jsonPath("$[?(@.name == 'send_email')].worker").value(hasItem("manual")))
                .andExpect(jsonPath("$[?(@.name == 'send_email')].lag").value(hasItem(0)));
        http.perform(get(API + "/consumers/send_email").with(VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stream").value("order_update"))
                .andExpect(jsonPath("$.subjects[0]").value("order.>"));
    }

    @Test
    void throughputGivesEveryConsumerAMinuteByMinuteSeries() throws Exception {
        http.perform(get(API + "/throughput?minutes=30").with(VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.send_email.length()").value(30))
                .andExpect(jsonPath("$.refund_order[29].minute").exists())
                .andExpect(jsonPath("$.refund_order[29].completed").isNumber());
        expectProblem(get(API + "/throughput?minutes=5000").with(VIEWER), 400, "minutes");
    }

    @Test
    void aDeadLetterShowsItsAttemptsAndIsRedrivenByAnAdminOnlyWithTheCsrfToken() throws Exception {
        Event event = publisher.publish("order_update", "order.cancelled", "{\"order\":13}");
        kit.drainRetrying("refund_order"); // attempt-max 2: Discarded

        http.perform(get(API + "/consumers/refund_order/tasks?state=discarded").with(VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tasks[0].eventId").value(event.id()))
                .andExpect(jsonPath("$.next").doesNotExist());
        http.perform(get(API + "/consumers/refund_order/tasks/" + event.id()).with(VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("discarded"))
                .andExpect(jsonPath("$.attempt").value(2))
                .andExpect(jsonPath("$.errors[1].message").value("payment gateway timed out refunding {\"order\":13}"))
                .andExpect(jsonPath("$.errors[1].exceptionClass").value("java.lang.IllegalStateException"))
                .andExpect(jsonPath("$.errors[1].at").exists())
                .andExpect(jsonPath("$.event.body").value("{\"order\":13}"))
                .andExpect(jsonPath("$.event.bodyJson").value(true));

        String redrive = API + "/consumers/refund_order/tasks/" + event.id() + "/redrive";
        http.perform(post(redrive).with(VIEWER).with(csrf())).andExpect(status().isForbidden());
        http.perform(post(redrive).with(ADMIN)).andExpect(status().isForbidden()); // the application's CSRF
        http.perform(post(redrive).with(ADMIN).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changed").value(1));
        assertThat(kanthorq.management()
                        .task("refund_order", event.id())
                        .orElseThrow()
                        .task()
                        .state())
                .isEqualTo(TaskState.AVAILABLE);
        http.perform(post(redrive).with(ADMIN).with(csrf()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("not Discarded or Cancelled")));
        if (meters != null) {
            assertThat(meters.get("kanthorq.dashboard.actions")
                            .tag("action", "redrive")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void bulkRedriveByFilterConfirmsTheCountFirst() throws Exception {
        publisher.publish("order_update", "order.cancelled", "{\"order\":13,\"n\":1}");
        publisher.publish("order_update", "order.cancelled", "{\"order\":13,\"n\":2}");
        kit.drainRetrying("refund_order");

        http.perform(get(API + "/consumers/refund_order/tasks/count?state=discarded&subject=order.*")
                        .with(VIEWER))
                .andExpect(jsonPath("$.count").value(2))
                .andExpect(jsonPath("$.atLeast").value(false));
        http.perform(adminPost(
                        API + "/consumers/refund_order/tasks/redrive",
                        "{\"filter\":{\"state\":\"discarded\",\"subject\":\"order.*\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.changed").value(2));
        http.perform(adminPost(API + "/consumers/refund_order/tasks/redrive", "{\"filter\":{\"state\":\"completed\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("filter.state"));
    }

    @Test
    void selectedTasksAreCancelledAndAConsumerIsPausedAndResumed() throws Exception {
        Event event = publisher.publish("order_update", "order.created", "{\"order\":2}");
        kit.advance(java.time.Duration.ZERO); // moves the event into Available tasks

        http.perform(adminPost(API + "/consumers/send_email/tasks/cancel", "{\"eventIds\":[\"" + event.id() + "\"]}"))
                .andExpect(jsonPath("$.changed").value(1));
        http.perform(post(API + "/consumers/send_email/pause").with(ADMIN).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paused").value(true));
        http.perform(post(API + "/consumers/send_email/resume").with(ADMIN).with(csrf()))
                .andExpect(jsonPath("$.paused").value(false));
        http.perform(adminPost(API + "/consumers/send_email/tasks/cancel", "{\"eventIds\":[\"not-an-id\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("eventIds"));
    }

    @Test
    void eventsAreListedByStreamAndSubjectAndAChainShowsEachConsumersTask() throws Exception {
        Event cancelled = publisher.publish("order_update", "order.cancelled", "{\"order\":3}");
        kit.drainAll(); // the refund publishes refund.completed, caused by the cancellation

        http.perform(get(API + "/streams/order_update/events?subject=refund.*").with(VIEWER))
                .andExpect(jsonPath("$.events[0].subject").value("refund.completed"))
                .andExpect(jsonPath("$.events[0].causationId").value(cancelled.id()));
        http.perform(get(API + "/streams/order_update/events/" + cancelled.id()).with(VIEWER))
                .andExpect(jsonPath("$.id").value(cancelled.id()));
        http.perform(get(API + "/streams/order_update/events/" + cancelled.id() + "/chain")
                        .with(VIEWER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.correlationId").value(cancelled.id()))
                .andExpect(jsonPath("$.events.length()").value(2))
                .andExpect(jsonPath("$.events[0].tasks[?(@.consumer == 'refund_order')].state")
                        .value(hasItem("completed")))
                .andExpect(jsonPath("$.events[1].tasks[?(@.consumer == 'send_receipt')].state")
                        .value(hasItem("completed")));
    }

    @Test
    void badInputIsAProblemNamingTheField() throws Exception {
        expectProblem(get(API + "/consumers/refund_order/tasks?state=dead").with(VIEWER), 400, "state");
        expectProblem(get(API + "/consumers/refund_order/tasks?limit=0").with(VIEWER), 400, "limit");
        expectProblem(get(API + "/consumers/refund_order/tasks?after=garbage").with(VIEWER), 400, "after");
        expectProblem(get(API + "/consumers/Bad-Name").with(VIEWER), 400, "consumer");
        expectProblem(get(API + "/streams/order_update/events?subject=order..x").with(VIEWER), 400, "subject");
        expectProblem(get(API + "/streams/order_update/events?since=yesterday").with(VIEWER), 400, "since");
        expectProblem(get(API + "/consumers/refund_order/tasks/123").with(VIEWER), 400, "eventId");
        http.perform(get(API + "/consumers/no_such_consumer").with(VIEWER))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("no consumer 'no_such_consumer'"));
        http.perform(get(API + "/streams/no_such_stream/events").with(VIEWER)).andExpect(status().isNotFound());
        http.perform(get(API + "/consumers/refund_order/tasks/01KA0000000000000000000000")
                        .with(VIEWER))
                .andExpect(status().isNotFound());
    }

    @Test
    void anAdminPublishesAndGetsTheStoredEvent() throws Exception {
        http.perform(adminPost(
                        API + "/streams/order_update/events",
                        "{\"subject\":\"order.created\",\"body\":{\"order\":9},\"metadata\":{\"source\":\"ui\"},"
                                + "\"key\":\"order-9\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/kanthorq/api/streams/order_update/events/")))
                .andExpect(jsonPath("$.subject").value("order.created"))
                .andExpect(jsonPath("$.body").value("{\"order\":9}"))
                .andExpect(jsonPath("$.metadata.source").value("ui"))
                .andExpect(jsonPath("$.orderingKey").value("order-9"))
                .andExpect(jsonPath("$.correlationId").exists())
                .andExpect(jsonPath("$.createdAt").exists());
        http.perform(adminPost(
                        API + "/streams/order_update/events", "{\"subject\":\"order.note\",\"body\":\"plain text\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.body").value("plain text")); // a JSON string is stored without quotes

        assertThat(
                        kanthorq
                                .management()
                                .events("order_update", io.kanthorq.core.management.EventQuery.first(100))
                                .stream()
                                .filter(e -> e.subject().equals("order.note")))
                .singleElement()
                .satisfies(e -> assertThat(e.bodyAsString()).isEqualTo("plain text"));
    }

    @Test
    void aBadPublishIsRejectedWithTheRightStatus() throws Exception {
        String events = API + "/streams/order_update/events";
        expectProblem(adminPost(events, "{\"body\":1}"), 400, "subject");
        expectProblem(adminPost(events, "{\"subject\":\"a..b\",\"body\":1}"), 400, "subject");
        expectProblem(adminPost(events, "{\"subject\":\"a.b\"}"), 400, "body");
        expectProblem(adminPost(events, "{\"subject\":\"a.b\",\"body\":1,\"metadata\":{\"n\":1}}"), 400, "metadata.n");
        expectProblem(adminPost(events, "{\"subject\":\"a.b\",\"body\":1,\"deliverAt\":\"soon\"}"), 400, "deliverAt");
        http.perform(post(events)
                        .with(ADMIN)
                        .with(csrf())
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        String big = "x".repeat(3000); // over kanthorq.max-body-size of 2 KB
        http.perform(adminPost(events, "{\"subject\":\"a.b\",\"body\":\"" + big + "\"}"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.field").value("body"));
        http.perform(adminPost(API + "/streams/no_such_stream/events", "{\"subject\":\"a.b\",\"body\":1}"))
                .andExpect(status().isNotFound());
        http.perform(post(events)
                        .with(VIEWER)
                        .with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"subject\":\"a.b\",\"body\":1}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void thePageIsServedAtThePathWithWhatTheUserMayDo() throws Exception {
        http.perform(get("/kanthorq").with(VIEWER))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andExpect(content().string(containsString("\"admin\":false")))
                .andExpect(content().string(containsString("/kanthorq/assets/dashboard.js")));
        http.perform(get("/kanthorq").with(ADMIN))
                .andExpect(content().string(containsString("\"admin\":true")))
                .andExpect(content().string(containsString("\"csrfToken\":\"")));
        http.perform(get("/kanthorq/assets/dashboard.js").with(VIEWER))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/javascript"));
        http.perform(get("/kanthorq/assets/secret.txt").with(VIEWER)).andExpect(status().isNotFound());
    }

    /** A JSON POST as the admin, with the CSRF token. */
    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder adminPost(
            String path, String json) {
        return post(path)
                .with(ADMIN)
                .with(csrf())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json);
    }

    private void expectProblem(org.springframework.test.web.servlet.RequestBuilder request, int status, String field)
            throws Exception {
        http.perform(request)
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.field").value(field))
                .andExpect(jsonPath("$.detail").exists());
    }
}

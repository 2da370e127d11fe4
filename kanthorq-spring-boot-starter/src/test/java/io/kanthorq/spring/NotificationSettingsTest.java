package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * {@code kanthorq.listen=false} runs without a LISTEN connection and still delivers by polling;
 * {@code kanthorq.direct-connection.*} opens the LISTEN connection there instead of through the data
 * source (for a transaction-pooling PgBouncer in front of the data source).
 */
class NotificationSettingsTest {

    @Test
    void withoutListenEventsAreDeliveredByPolling() throws Exception {
        try (TestSchema schema = TestDatabase.newSchema(4);
                ConfigurableApplicationContext context = start(schema, "kanthorq.listen=false")) {
            publishAndAwait(context);
            assertThat(listeners(schema, schema.name())).isZero();
        }
    }

    @Test
    void aDirectConnectionCarriesTheListenConnection() throws Exception {
        try (TestSchema schema = TestDatabase.newSchema(4);
                ConfigurableApplicationContext context = start(
                        schema,
                        "kanthorq.consumers.polled.poll-interval=30s",
                        // the data source's user and password serve it unless given
                        "kanthorq.direct-connection.url=" + schema.server().jdbcUrl()
                                + (schema.server().jdbcUrl().contains("?") ? "&" : "?")
                                + "currentSchema=" + schema.name() + "&ApplicationName=" + schema.name() + "_direct")) {
            publishAndAwait(context);
            assertThat(listeners(schema, schema.name() + "_direct")).isOne();
            assertThat(listeners(schema, schema.name())).isZero();
        }
    }

    private static ConfigurableApplicationContext start(TestSchema schema, String... properties) {
        List<String> all = new ArrayList<>(List.of(Databases.datasource(schema)));
        all.add("spring.flyway.enabled=false");
        all.add("kanthorq.consumers.polled.stream=order_update");
        all.add("kanthorq.consumers.polled.poll-interval=100ms");
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new))
                .run();
    }

    private static void publishAndAwait(ConfigurableApplicationContext context) {
        String id = context.getBean(KanthorqPublisher.class)
                .publish("order_update", "order.created", "{}")
                .id();
        Received<String> received = context.getBean(Polled.class).received;
        await().atMost(Duration.ofSeconds(10)).until(() -> received.all().contains(id));
    }

    private static long listeners(TestSchema schema, String applicationName) throws Exception {
        return Databases.count(
                schema,
                "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND application_name = '"
                        + applicationName + "'");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Polled.class)
    static class App {}

    @Component
    static class Polled {
        final Received<String> received = new Received<>();

        @KanthorqSubscriber(consumer = "polled")
        void on(io.kanthorq.core.Event event) {
            received.add(event.id());
        }
    }
}

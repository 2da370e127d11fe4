package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import io.kanthorq.spring.test.OrderCancelled;
import io.kanthorq.spring.test.Received;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishing joins the caller's Spring transaction: events commit with the business data or not at
 * all (a transactional outbox), and a publish outside a transaction commits on its own.
 */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(
        classes = TransactionalPublishTest.App.class,
        properties = {
            "spring.flyway.enabled=false",
            "kanthorq.consumers.audit.stream=orders_tx",
            "kanthorq.consumers.audit.poll-interval=100ms"
        })
@DirtiesContext
class TransactionalPublishTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, schema);
    }

    @BeforeAll
    static void createBusinessTable() throws SQLException {
        try (Connection connection = schema.connect();
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE shop_orders (id bigint PRIMARY KEY, status text NOT NULL)");
        }
    }

    @Autowired
    OrderService orders;

    @Autowired
    AuditSubscriber audit;

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    @Test
    void aRolledBackTransactionPublishesNothing() throws SQLException {
        double publishedBefore = published();

        assertThatThrownBy(() -> orders.cancelThenFail(1)).hasMessage("payment service down");
        orders.cancel(2, "order.cancelled");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> audit.received.all().contains(new OrderCancelled(2, "customer")));
        assertThat(audit.received.all()).doesNotContain(new OrderCancelled(1, "customer"));
        assertThat(Databases.count(schema, "SELECT count(*) FROM shop_orders WHERE id = 1"))
                .isZero();
        assertThat(Databases.count(
                        schema, "SELECT count(*) FROM kanthorq_stream_orders_tx WHERE subject = 'order.failed'"))
                .isZero();
        assertThat(Databases.count(
                        schema, "SELECT count(*) FROM kanthorq_consumer_audit WHERE subject = 'order.failed'"))
                .isZero();
        // only the committed event counts as published
        assertThat(published() - publishedBefore).isEqualTo(1.0);
    }

    @Test
    void aPublishInsideATransactionBecomesVisibleAtCommit() throws SQLException {
        transactions.executeWithoutResult(status -> {
            publisher.publish("orders_tx", "order.pending", new OrderCancelled(3, "customer"));
            try {
                // another connection cannot see it yet: it was written on the transaction's connection
                assertThat(Databases.count(
                                schema,
                                "SELECT count(*) FROM kanthorq_stream_orders_tx WHERE subject = 'order.pending'"))
                        .isZero();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(Databases.count(
                        schema, "SELECT count(*) FROM kanthorq_stream_orders_tx WHERE subject = 'order.pending'"))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> audit.received.all().contains(new OrderCancelled(3, "customer")));
    }

    @Test
    void aPublishOutsideATransactionCommitsOnItsOwn() throws SQLException {
        publisher.publish("orders_tx", "order.standalone", new OrderCancelled(4, "customer"));

        assertThat(Databases.count(
                        schema, "SELECT count(*) FROM kanthorq_stream_orders_tx WHERE subject = 'order.standalone'"))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> audit.received.all().contains(new OrderCancelled(4, "customer")));
    }

    private double published() {
        return meters.get("kanthorq.events.published")
                .tag("stream", "orders_tx")
                .counter()
                .count();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({OrderService.class, AuditSubscriber.class})
    static class App {}

    /** Business code as an application writes it: data and event in one transaction. */
    static class OrderService {
        private final JdbcTemplate jdbc;
        private final KanthorqPublisher publisher;

        OrderService(JdbcTemplate jdbc, KanthorqPublisher publisher) {
            this.jdbc = jdbc;
            this.publisher = publisher;
        }

        @Transactional
        public void cancel(long id, String subject) {
            jdbc.update("INSERT INTO shop_orders (id, status) VALUES (?, 'cancelled')", id);
            publisher.publish("orders_tx", subject, new OrderCancelled(id, "customer"));
        }

        @Transactional
        public void cancelThenFail(long id) {
            cancel(id, "order.failed");
            throw new IllegalStateException("payment service down");
        }
    }

    static class AuditSubscriber {
        final Received<OrderCancelled> received = new Received<>();

        @KanthorqSubscriber(consumer = "audit")
        void on(OrderCancelled payload) {
            received.add(payload);
        }
    }
}

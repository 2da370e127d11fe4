package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kanthorq.core.retention.RetentionPolicy;
import io.kanthorq.core.testsupport.PgBouncer;
import io.kanthorq.core.testsupport.TestDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine through a real PgBouncer in transaction-pooling mode: every statement goes through the
 * pooler (no server-side prepared statements, no session state), and new events wake the workers either
 * through a direct {@code LISTEN} connection that bypasses the pooler or by polling alone.
 */
class PgBouncerTest {

    private static final String STREAM = "order_update";

    private final List<AutoCloseable> closing = new ArrayList<>();
    private TestDatabase.Server server;
    private String database;
    private PgBouncer bouncer;

    @BeforeEach
    void startPgBouncerInFrontOfAFreshDatabase() throws Exception {
        server = TestDatabase.server();
        // a database of its own: a pooler cannot keep a per-client search_path, so no schema per test here
        database = "kq_bouncer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        bouncer = PgBouncer.start(server, database);
        Flyway.configure()
                .dataSource(bouncer.jdbcUrl(), server.user(), server.password())
                .locations("classpath:db/kanthorq/migration")
                .table("kanthorq_schema_history")
                .load()
                .migrate();
    }

    @AfterEach
    void stopEverythingAndDropTheDatabase() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (bouncer != null) {
            bouncer.close();
        }
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void deliversEverythingThroughThePoolerWakingWorkersOverADirectListenConnection() throws Exception {
        Kanthorq engine = engine(Kanthorq.builder(ConnectionProvider.of(pooled()))
                .sessionConnections(ConnectionProvider.direct(directUrl(), server.user(), server.password())));
        Set<String> handled = register(engine, Duration.ofSeconds(30));

        // with a poll interval of 30 s, delivery within 5 s comes from notifications
        Event event = engine.publisher().publish(STREAM, NewEvent.of("order.created", "{}".getBytes()));
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains(event.id()));
        assertThat(listeners()).isOne();

        publishAndAwait(engine, handled, 300);
        // retention elects its instance by a lease row, which needs no session either
        assertThat(engine.retention()
                        .run(RetentionPolicy.KEEP_EVERYTHING.withCompletedTasks(Duration.ofDays(1)))
                        .skipped())
                .isFalse();
    }

    @Test
    void pollOnlyDeliversThroughThePoolerWithoutAnyListenConnection() throws Exception {
        Kanthorq engine =
                engine(Kanthorq.builder(ConnectionProvider.of(pooled())).pollOnly());
        Set<String> handled = register(engine, Duration.ofMillis(200));

        publishAndAwait(engine, handled, 300);
        assertThat(listeners()).isZero();
    }

    private Set<String> register(Kanthorq engine, Duration pollInterval) {
        engine.registrar()
                .registerConsumer(ConsumerDefinition.builder("bounced", STREAM)
                        .subjects("order.>")
                        .build());
        Set<String> handled = ConcurrentHashMap.newKeySet();
        engine.startWorker(
                "bounced",
                task -> handled.add(task.event().id()),
                WorkerOptions.DEFAULT.withPollInterval(pollInterval).withShutdownTimeout(Duration.ofSeconds(5)));
        return handled;
    }

    private static void publishAndAwait(Kanthorq engine, Set<String> handled, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i += 50) {
            List<NewEvent> batch = new ArrayList<>();
            for (int j = 0; j < 50; j++) {
                batch.add(NewEvent.of("order.created", ("{\"n\":" + (i + j) + "}").getBytes()));
            }
            engine.publisher().publishAll(STREAM, batch).forEach(e -> ids.add(e.id()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> handled.containsAll(ids));
    }

    private Kanthorq engine(Kanthorq.Builder builder) {
        Kanthorq engine = builder.build();
        closing.add(engine::stop);
        return engine;
    }

    private HikariDataSource pooled() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(bouncer.jdbcUrl());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(10);
        HikariDataSource dataSource = new HikariDataSource(config);
        closing.add(dataSource);
        return dataSource;
    }

    private String directUrl() {
        URI uri = URI.create(server.jdbcUrl().substring("jdbc:".length()));
        return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + "/" + database;
    }

    /** Backends of this database listening for notifications. */
    private long listeners() throws Exception {
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
                var statement = admin.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND query ILIKE 'LISTEN%'")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

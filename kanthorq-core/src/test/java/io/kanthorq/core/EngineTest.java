package io.kanthorq.core;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of engine tests: a fresh migrated schema and an engine over it per test, both removed after.
 * Engines made with {@link #newEngine()} are stopped too.
 */
abstract class EngineTest {

    static final String STREAM = "order_update";

    TestSchema schema;
    Kanthorq kanthorq;
    private final List<Kanthorq> engines = new ArrayList<>();

    @BeforeEach
    void createSchemaAndEngine() {
        schema = TestDatabase.newSchema().migrate();
        kanthorq = newEngine();
    }

    @AfterEach
    void stopEnginesAndDropSchema() {
        engines.forEach(Kanthorq::stop);
        schema.close();
    }

    Kanthorq newEngine() {
        Kanthorq engine = Kanthorq.builder(ConnectionProvider.of(schema.dataSource())).build();
        engines.add(engine);
        return engine;
    }

    static WorkerOptions fastOptions() {
        return WorkerOptions.DEFAULT.withPollInterval(Duration.ofMillis(200)).withShutdownTimeout(Duration.ofSeconds(10));
    }

    ConsumerDefinition.Builder consumer(String name, String... subjects) {
        return ConsumerDefinition.builder(name, STREAM).subjects(subjects)
                .backoff(new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)));
    }

    void register(ConsumerDefinition definition) {
        kanthorq.registrar().registerConsumer(definition);
    }

    Event publish(String subject, String body) {
        return kanthorq.publisher().publish(STREAM, NewEvent.of(subject, body));
    }

    /** Publishes {@code count} events of subject order.created, 1,000 per statement. */
    void publishMany(int count) {
        List<NewEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(NewEvent.of("order.created", "e" + i));
        }
        for (int from = 0; from < count; from += 1000) {
            kanthorq.publisher().publishAll(STREAM, events.subList(from, Math.min(count, from + 1000)));
        }
    }

    /** Creates table {@code handled}, where {@link WorkerProcessMain} records every handler run. */
    void createHandledTable() throws SQLException {
        try (Connection connection = schema.connect()) {
            connection.createStatement().execute("CREATE TABLE handled (event_id text, attempt int, pid bigint)");
        }
    }

    /** Starts {@link WorkerProcessMain} for {@code consumer} in a JVM of its own. */
    Process startWorkerJvm(String consumer, long handlerSleepMs) throws java.io.IOException {
        return new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WorkerProcessMain.class.getName(),
                schema.jdbcUrl(), schema.server().user(), schema.server().password(), consumer,
                String.valueOf(handlerSleepMs))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    TaskRecord task(String consumer, String eventId) {
        return kanthorq.tasks().find(consumer, eventId).orElseThrow(
                () -> new AssertionError("no task for event " + eventId + " in consumer " + consumer));
    }

    Map<TaskState, Long> states(String consumer) {
        return kanthorq.tasks().countByState(consumer);
    }

    long count(String sql) throws SQLException {
        try (Connection connection = schema.connect(); var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

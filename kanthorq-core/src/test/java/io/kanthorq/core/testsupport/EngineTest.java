package io.kanthorq.core.testsupport;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.management.TaskDetail;
import io.kanthorq.core.management.TaskRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of engine tests: a fresh migrated schema and an engine over it per test, both removed after.
 * Engines made with {@link #newEngine()} are stopped too.
 */
public abstract class EngineTest {

    protected static final String STREAM = "order_update";

    protected TestSchema schema;
    protected Kanthorq kanthorq;
    private final List<Kanthorq> engines = new ArrayList<>();

    @BeforeEach
    protected void createSchemaAndEngine() {
        schema = TestDatabase.newSchema().migrate();
        kanthorq = newEngine();
    }

    @AfterEach
    protected void stopEnginesAndDropSchema() {
        engines.forEach(Kanthorq::stop);
        schema.close();
    }

    protected Kanthorq newEngine() {
        Kanthorq engine =
                Kanthorq.builder(ConnectionProvider.of(schema.dataSource())).build();
        engines.add(engine);
        return engine;
    }

    /** Stops {@code engine} after the test, before the schema is dropped. */
    protected void stopAfterTest(Kanthorq engine) {
        engines.add(engine);
    }

    protected static WorkerOptions fastOptions() {
        return WorkerOptions.DEFAULT
                .withPollInterval(Duration.ofMillis(200))
                .withShutdownTimeout(Duration.ofSeconds(10));
    }

    protected ConsumerDefinition.Builder consumer(String name, String... subjects) {
        return ConsumerDefinition.builder(name, STREAM)
                .subjects(subjects)
                .backoff(new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)));
    }

    protected void register(ConsumerDefinition definition) {
        kanthorq.registrar().registerConsumer(definition);
    }

    protected Event publish(String subject, String body) {
        return kanthorq.publisher().publish(STREAM, NewEvent.of(subject, body));
    }

    /** Publishes {@code count} events of subject order.created, 1,000 per statement. */
    protected void publishMany(int count) {
        List<NewEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(NewEvent.of("order.created", "e" + i));
        }
        for (int from = 0; from < count; from += 1000) {
            kanthorq.publisher().publishAll(STREAM, events.subList(from, Math.min(count, from + 1000)));
        }
    }

    /** Creates table {@code handled}, where {@code WorkerProcessMain} records every handler run. */
    protected void createHandledTable() throws SQLException {
        try (Connection connection = schema.connect()) {
            connection.createStatement().execute("CREATE TABLE handled (event_id text, attempt int, pid bigint)");
        }
    }

    /** Starts {@code WorkerProcessMain} for {@code consumer} in a JVM of its own. */
    protected Process startWorkerJvm(String consumer, long handlerSleepMs) throws IOException {
        return startWorkerJvm(consumer, handlerSleepMs, "handled");
    }

    /**
     * Starts {@code WorkerProcessMain} for {@code consumer} in a JVM of its own, recording into table
     * {@code handled} or, with {@code record = "runs"}, {@code handler_runs}.
     */
    protected Process startWorkerJvm(String consumer, long handlerSleepMs, String record) throws IOException {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.kanthorq.core.WorkerProcessMain",
                        schema.jdbcUrl(),
                        schema.server().user(),
                        schema.server().password(),
                        consumer,
                        String.valueOf(handlerSleepMs),
                        record)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    protected TaskRecord task(String consumer, String eventId) {
        return kanthorq.management()
                .task(consumer, eventId)
                .map(TaskDetail::task)
                .orElseThrow(() -> new AssertionError("no task for event " + eventId + " in consumer " + consumer));
    }

    /** The task counts of {@code consumer} by state, states without tasks left out. */
    protected Map<TaskState, Long> states(String consumer) {
        Map<TaskState, Long> states = new EnumMap<>(TaskState.class);
        kanthorq.management().consumer(consumer).orElseThrow().tasks().forEach((state, n) -> {
            if (n > 0) {
                states.put(state, n);
            }
        });
        return states;
    }

    protected long count(String sql) throws SQLException {
        try (Connection connection = schema.connect();
                var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

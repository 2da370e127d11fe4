package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanthorq.core.internal.TableNames;
import io.kanthorq.core.testsupport.EngineTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest extends EngineTest {

    private static final String LONGEST = "a".repeat(44) + "z";

    /** A provider that counts every connection asked for: proof that validation ran before SQL. */
    private static final class CountingProvider implements ConnectionProvider {
        final AtomicInteger acquired = new AtomicInteger();

        @Override
        public Connection acquire() {
            acquired.incrementAndGet();
            throw new AssertionError("no connection may be acquired for invalid input");
        }

        @Override
        public void release(Connection connection) {}
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x; drop table y",
                "Upper",
                "1starts_with_digit",
                "",
                "has-dash",
                "has space",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            })
    void rejectsInvalidNamesBeforeAnySqlNamingTheValue(String name) {
        CountingProvider provider = new CountingProvider();
        Kanthorq engine = Kanthorq.builder(provider).build();

        assertThatThrownBy(() -> engine.registrar().registerStream(name))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + name + "'");
        assertThatThrownBy(() -> ConsumerDefinition.builder(name, "orders").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + name + "'");
        assertThatThrownBy(() -> ConsumerDefinition.builder("orders", name).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + name + "'");
        assertThatThrownBy(() -> engine.publisher().publish(name, NewEvent.of("a.b", "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + name + "'");
        assertThatThrownBy(() -> engine.startWorker(name, task -> {}, WorkerOptions.DEFAULT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + name + "'");
        assertThat(provider.acquired).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "order..created",
                ".order",
                "order.",
                "order created",
                "order.*",
                "order.>",
                "order;drop",
                "ordér",
                "",
                ".",
                "order.created\n"
            })
    void rejectsInvalidSubjectsBeforeAnySql(String subject) {
        CountingProvider provider = new CountingProvider();
        Kanthorq engine = Kanthorq.builder(provider).build();
        assertThatThrownBy(() -> engine.publisher().publish("orders", NewEvent.of(subject, "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + subject + "'");
        assertThat(provider.acquired).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "order.created", "Order-Line_2.v1.x", "0.1"})
    void acceptsDotSeparatedTokens(String subject) {
        assertThat(Subjects.requireValid(subject)).isEqualTo(subject);
        assertThat(Subjects.requireValid("a".repeat(Subjects.MAX_LENGTH))).hasSize(Subjects.MAX_LENGTH);
    }

    @Test
    void rejectsATooLongSubjectAndBadFilters() {
        assertThatThrownBy(() -> Subjects.requireValid("a".repeat(257)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("257 chars");
        for (String filter : List.of("order.>.x", "order.**", "", "order..x", ">x")) {
            assertThatThrownBy(() -> ConsumerDefinition.builder("c", "s")
                            .subjects(filter)
                            .build())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'" + filter + "'");
        }
        assertThatThrownBy(
                        () -> ConsumerDefinition.builder("c", "s").attemptMax(0).build())
                .hasMessageContaining("attempt-max");
    }

    @Test
    void createsEveryIndexForTheLongestNames() throws Exception {
        assertThat(LONGEST).hasSize(Names.MAX_LENGTH);
        register(ConsumerDefinition.builder(LONGEST, LONGEST).subjects(">").build());
        // a second pair with the same 45-character prefix rule must not collide with the first
        String sibling = "a".repeat(44) + "y";
        register(ConsumerDefinition.builder(sibling, sibling).subjects(">").build());

        for (String name : List.of(LONGEST, sibling)) {
            String stream = TableNames.streamTable(name);
            String consumer = TableNames.consumerTable(name);
            assertThat(indexes(stream))
                    .containsExactlyInAnyOrder(
                            TableNames.indexPrefix(stream) + "_pk",
                            TableNames.indexPrefix(stream) + "_txid",
                            TableNames.indexPrefix(stream) + "_created",
                            TableNames.indexPrefix(stream) + "_idem",
                            TableNames.indexPrefix(stream) + "_chain");
            assertThat(indexes(consumer))
                    .containsExactlyInAnyOrder(
                            TableNames.indexPrefix(consumer) + "_pk",
                            TableNames.indexPrefix(consumer) + "_ready",
                            TableNames.indexPrefix(consumer) + "_lease",
                            TableNames.indexPrefix(consumer) + "_finished",
                            TableNames.indexPrefix(consumer) + "_keyq",
                            TableNames.indexPrefix(consumer) + "_keyh");
        }
        // registration is idempotent
        register(ConsumerDefinition.builder(LONGEST, LONGEST).subjects(">").build());
        assertThat(indexes(TableNames.consumerTable(LONGEST))).hasSize(6);
    }

    private List<String> indexes(String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = schema.connect();
                var statement = connection.prepareStatement(
                        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?")) {
            statement.setString(1, table);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}

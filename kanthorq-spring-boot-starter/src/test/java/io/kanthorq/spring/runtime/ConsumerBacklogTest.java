package io.kanthorq.spring.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.subscriber.SubscriberDiscovery;
import io.kanthorq.spring.support.PayloadCodec;
import io.kanthorq.spring.test.Databases;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** Backlog numbers of every consumer come from the database together, at most once per refresh interval. */
class ConsumerBacklogTest {

    @Test
    void readsTheDatabaseAtMostOncePerInterval() {
        try (TestSchema schema = TestDatabase.newSchema(2);
                Kanthorq kanthorq = Databases.inspector(schema)) {
            KanthorqTopology topology = new KanthorqTopology(
                    List.of(),
                    List.of(new KanthorqTopology.ConsumerSettings(
                            ConsumerDefinition.builder("backlog", "events").build(), WorkerOptions.DEFAULT, false)));
            KanthorqInitializer initializer = new KanthorqInitializer(
                    topology,
                    new SubscriberDiscovery(new DefaultListableBeanFactory(), PayloadCodec.NONE),
                    new RegistryMigrator(schema.dataSource()),
                    kanthorq);
            AtomicLong now = new AtomicLong();
            ConsumerBacklog backlog = new ConsumerBacklog(kanthorq, initializer, Duration.ofSeconds(5), now::get);

            assertThat(backlog.snapshot("backlog"))
                    .as("before the schema is ready")
                    .isEqualTo(ConsumerBacklog.Snapshot.UNKNOWN);
            initializer.ensureInitialized();
            assertThat(backlog.snapshot("backlog").unmoved()).isZero();

            kanthorq.publisher().publish("events", NewEvent.of("a.b", "x"));
            now.addAndGet(Duration.ofSeconds(4).toNanos());
            assertThat(backlog.snapshot("backlog").unmoved()).as("cached").isZero();

            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(backlog.snapshot("backlog").unmoved()).as("refreshed").isEqualTo(1);
            assertThat(backlog.snapshot("unknown_consumer"))
                    .as("a failed read")
                    .isEqualTo(ConsumerBacklog.Snapshot.UNKNOWN);
        }
    }
}

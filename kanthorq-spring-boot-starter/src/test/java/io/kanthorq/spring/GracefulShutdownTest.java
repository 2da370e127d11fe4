package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.Worker;
import io.kanthorq.core.management.TaskDetail;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Closing the application lets a running handler finish and records its outcome: no task is left
 * Running. A stopped context (Lifecycle stop) starts its workers again.
 */
class GracefulShutdownTest {

    @Test
    void closingTheContextWaitsForTheInFlightHandlerAndCompletesItsTask() throws Exception {
        try (TestSchema schema = TestDatabase.newSchema(4);
                Kanthorq inspector = Databases.inspector(schema)) {
            List<String> properties = new ArrayList<>(List.of(Databases.datasource(schema)));
            properties.addAll(List.of(
                    "spring.flyway.enabled=false",
                    "kanthorq.shutdown-timeout=20s",
                    "kanthorq.consumers.slow_work.stream=work",
                    "kanthorq.consumers.slow_work.concurrency=1",
                    "kanthorq.consumers.slow_work.poll-interval=50ms"));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .properties(properties.toArray(String[]::new))
                    .run();
            Worker worker = context.getBean(Kanthorq.class).workers().get(0);
            Event event = context.getBean(KanthorqPublisher.class).publish("work", "job.slow", "x");
            assertThat(SlowSubscriber.entered.await(10, TimeUnit.SECONDS))
                    .as("handler started")
                    .isTrue();

            Thread closer = new Thread(context::close, "test-closer");
            closer.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> !worker.isRunning());

            // shutdown has begun and stopped claiming, but waits for the handler
            assertThat(closer.isAlive()).isTrue();
            assertThat(stateOf(inspector, event)).isEqualTo(TaskState.RUNNING);

            SlowSubscriber.release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(20));

            assertThat(closer.isAlive()).as("context closed").isFalse();
            assertThat(SlowSubscriber.finishedNormally).isTrue();
            assertThat(stateOf(inspector, event)).isEqualTo(TaskState.COMPLETED);
            assertThat(inspector.management().backlog("slow_work").running()).isZero();
        }
    }

    @Test
    void aStoppedContextStartsItsWorkersAgain() throws Exception {
        try (TestSchema schema = TestDatabase.newSchema(4)) {
            List<String> properties = new ArrayList<>(List.of(Databases.datasource(schema)));
            properties.addAll(List.of(
                    "spring.flyway.enabled=false",
                    "kanthorq.consumers.echo.stream=work",
                    "kanthorq.consumers.echo.poll-interval=50ms"));
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoApp.class)
                    .web(WebApplicationType.NONE)
                    .properties(properties.toArray(String[]::new))
                    .run()) {
                Kanthorq kanthorq = context.getBean(Kanthorq.class);
                KanthorqPublisher publisher = context.getBean(KanthorqPublisher.class);

                context.stop();
                assertThat(kanthorq.workers()).noneMatch(Worker::isRunning);
                publisher.publish("work", "job.echo", "while stopped");
                context.start();

                await().atMost(Duration.ofSeconds(10))
                        .until(() ->
                                context.getBean(EchoSubscriber.class).received.contains("while stopped"));
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(SlowSubscriber.class)
    static class App {}

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(EchoSubscriber.class)
    static class EchoApp {}

    static class EchoSubscriber {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KanthorqSubscriber(consumer = "echo")
        void on(String body) {
            received.add(body);
        }
    }

    static class SlowSubscriber {
        static final CountDownLatch entered = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);
        static final AtomicBoolean finishedNormally = new AtomicBoolean();

        @KanthorqSubscriber(consumer = "slow_work")
        void on(String body) throws InterruptedException {
            entered.countDown();
            // interrupted if shutdown gave up on it: then finishedNormally stays false
            if (release.await(30, TimeUnit.SECONDS)) {
                finishedNormally.set(true);
            }
        }
    }

    private static TaskState stateOf(Kanthorq inspector, Event event) {
        return inspector
                .management()
                .task("slow_work", event.id())
                .map(TaskDetail::task)
                .orElseThrow()
                .state();
    }
}

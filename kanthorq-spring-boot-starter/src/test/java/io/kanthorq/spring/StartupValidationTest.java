package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.subscriber.SubscriberDefinitionException;
import io.kanthorq.spring.test.Databases;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Invalid configurations stop the application at startup with a message naming the problem, and
 * before any KanthorQ SQL runs or any worker starts: the schema is left without a single table.
 * Every failing application also holds a valid subscriber, whose worker must never start.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupValidationTest {

    private static final String[] VALID_CONSUMER = {
        "kanthorq.consumers.fine.stream=orders", "kanthorq.consumers.fine.poll-interval=50ms"
    };

    @Test
    void twoSubscribersForOneConsumer() throws SQLException {
        SubscriberDefinitionException failure = startupFailure(
                SubscriberDefinitionException.class, TwoForOne.class, "kanthorq.consumers.emails.stream=orders");

        assertThat(failure.problems())
                .singleElement()
                .asString()
                .contains("consumer 'emails' has two subscribers")
                .contains(FirstEmails.class.getName() + ".send(String)")
                .contains(SecondEmails.class.getName() + ".send(String)");
    }

    @Test
    void aSubscriberForAnUnconfiguredConsumer(CapturedOutput output) throws SQLException {
        SubscriberDefinitionException failure = startupFailure(SubscriberDefinitionException.class, Unconfigured.class);

        assertThat(failure.getMessage())
                .contains(GhostSubscriber.class.getName() + ".on(String)")
                .contains("consumer 'ghost' is not configured; declare kanthorq.consumers.ghost");
        // Spring Boot's failure report shows it, through the starter's failure analyzer
        assertThat(output).contains("APPLICATION FAILED TO START").contains("consumer 'ghost' is not configured");
    }

    @Test
    void anInvalidConsumerNameInProperties() throws SQLException {
        InvalidInputException failure = startupFailure(
                InvalidInputException.class, OnlyFine.class, "kanthorq.consumers.orders-v2.stream=orders");

        assertThat(failure.getMessage())
                .contains("kanthorq.consumers.orders-v2")
                .contains("'orders-v2'");
    }

    @Test
    void anInvalidCronExpressionNamesTheSchedulesProperty() throws SQLException {
        InvalidInputException failure = startupFailure(
                InvalidInputException.class,
                OnlyFine.class,
                "kanthorq.schedules.nightly.stream=orders",
                "kanthorq.schedules.nightly.subject=report.due",
                "kanthorq.schedules.nightly.cron=0 0 25 * * *");

        assertThat(failure.getMessage())
                .contains("kanthorq.schedules.nightly.cron")
                .contains("'0 0 25 * * *'");
    }

    @Test
    void aScheduleWithoutSubjectNamesTheMissingProperty() throws SQLException {
        InvalidInputException failure = startupFailure(
                InvalidInputException.class,
                OnlyFine.class,
                "kanthorq.schedules.nightly.stream=orders",
                "kanthorq.schedules.nightly.cron=0 0 2 * * *");

        assertThat(failure.getMessage()).contains("kanthorq.schedules.nightly.subject is required");
    }

    @Test
    void anInvalidStreamNameInProperties() throws SQLException {
        InvalidInputException failure =
                startupFailure(InvalidInputException.class, OnlyFine.class, "kanthorq.streams.Audit=");

        assertThat(failure.getMessage()).contains("kanthorq.streams.Audit").contains("'Audit'");
    }

    @Test
    void aDirectConnectionUrlThatIsNotPostgresJdbc() throws SQLException {
        InvalidInputException failure = startupFailure(
                InvalidInputException.class, OnlyFine.class, "kanthorq.direct-connection.url=postgres://db:5432/app");

        assertThat(failure.getMessage())
                .contains("kanthorq.direct-connection.url")
                .contains("'postgres://db:5432/app'");
    }

    @Test
    void anInvalidSubjectFilterInProperties() throws SQLException {
        InvalidInputException failure = startupFailure(
                InvalidInputException.class,
                OnlyFine.class,
                "kanthorq.consumers.emails.stream=orders",
                "kanthorq.consumers.emails.subjects=order..cancelled");

        assertThat(failure.getMessage()).contains("kanthorq.consumers.emails").contains("'order..cancelled'");
    }

    @Test
    void anInvalidConsumerNameOrPlaceholderInTheAnnotation() throws SQLException {
        SubscriberDefinitionException failure = startupFailure(SubscriberDefinitionException.class, BadNames.class);

        assertThat(failure.problems()).hasSize(2);
        assertThat(failure.getMessage())
                .contains(BadNames.class.getName() + ".upperCase(String)")
                .contains("'Emails'")
                .contains(BadNames.class.getName() + ".unresolved(String)")
                .contains("missing.consumer");
    }

    @Test
    void aBadParameterType() throws SQLException {
        SubscriberDefinitionException failure = startupFailure(
                SubscriberDefinitionException.class,
                BadSignature.class,
                "kanthorq.consumers.emails.stream=orders",
                "kanthorq.consumers.audit.stream=orders");

        assertThat(failure.problems()).hasSize(2);
        assertThat(failure.getMessage())
                .contains(BadSignature.class.getName() + ".twoStrings(String, String)")
                .contains("second parameter is java.lang.String")
                .contains(BadSignature.class.getName() + ".nothing()")
                .contains("takes 0 parameters");
    }

    private static <T extends KanthorqException> T startupFailure(Class<T> expected, Class<?> app, String... properties)
            throws SQLException {
        FineSubscriber.calls.set(0);
        try (TestSchema schema = TestDatabase.newSchema(2)) {
            List<String> all = new ArrayList<>(List.of(Databases.datasource(schema)));
            all.add("spring.flyway.enabled=false");
            all.addAll(List.of(VALID_CONSUMER));
            all.addAll(List.of(properties));
            Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(app)
                    .web(WebApplicationType.NONE)
                    .properties(all.toArray(String[]::new))
                    .run()
                    .close());

            assertThat(thrown).as("startup must fail").isNotNull();
            assertThat(Databases.tables(schema))
                    .as("no SQL ran: no table was created")
                    .isEmpty();
            assertThat(FineSubscriber.calls).hasValue(0);
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().equals("kanthorq-worker-fine"));
            for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
                if (expected.isInstance(cause)) {
                    return expected.cast(cause);
                }
            }
            throw new AssertionError("expected a " + expected.getSimpleName() + " in the failure", thrown);
        }
    }

    @Test
    void aConsumerDeclaredInCodeAndInProperties() throws SQLException {
        InvalidInputException failure = startupFailure(InvalidInputException.class, DeclaresFineAgain.class);

        assertThat(failure.getMessage())
                .contains(
                        "consumer 'fine' is declared twice: under kanthorq.consumers.fine and by the KanthorqConsumers"
                                + " bean");
    }

    @Test
    void aSubscriberMethodForAConsumerDeclaredInCode() throws SQLException {
        SubscriberDefinitionException failure =
                startupFailure(SubscriberDefinitionException.class, CodedWithMethod.class);

        assertThat(failure.getMessage())
                .contains(CodedSubscriber.class.getName() + ".on(String)")
                .contains("consumer 'coded' is declared in code (a KanthorqConsumers bean) with its own handler");
    }

    static class FineSubscriber {
        static final AtomicInteger calls = new AtomicInteger();

        @KanthorqSubscriber(consumer = "fine")
        void on(String body) {
            calls.incrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(FineSubscriber.class)
    static class OnlyFine {}

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(FineSubscriber.class)
    static class DeclaresFineAgain {
        @Bean
        KanthorqConsumers fineAgain() {
            return consumers ->
                    consumers.add(ConsumerDefinition.builder("fine", "orders").build(), task -> {});
        }
    }

    static class CodedSubscriber {
        @KanthorqSubscriber(consumer = "coded")
        void on(String body) {}
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({FineSubscriber.class, CodedSubscriber.class})
    static class CodedWithMethod {
        @Bean
        KanthorqConsumers coded() {
            return consumers ->
                    consumers.add(ConsumerDefinition.builder("coded", "orders").build(), task -> {});
        }
    }

    static class FirstEmails {
        @KanthorqSubscriber(consumer = "emails")
        void send(String body) {}
    }

    static class SecondEmails {
        @KanthorqSubscriber(consumer = "emails")
        void send(String body) {}
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({FineSubscriber.class, FirstEmails.class, SecondEmails.class})
    static class TwoForOne {}

    static class GhostSubscriber {
        @KanthorqSubscriber(consumer = "ghost")
        void on(String body) {}
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({FineSubscriber.class, GhostSubscriber.class})
    static class Unconfigured {}

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(FineSubscriber.class)
    static class BadNames {
        @KanthorqSubscriber(consumer = "Emails")
        void upperCase(String body) {}

        @KanthorqSubscriber(consumer = "${missing.consumer}")
        void unresolved(String body) {}
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(FineSubscriber.class)
    static class BadSignature {
        @KanthorqSubscriber(consumer = "emails")
        void twoStrings(String body, String other) {}

        @KanthorqSubscriber(consumer = "audit")
        void nothing() {}
    }
}

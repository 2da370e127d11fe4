package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.MissingTablesException;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.runtime.KanthorqStartupException;
import io.kanthorq.spring.test.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@code kanthorq.ddl=validate}: an application whose database user may not create tables starts on
 * tables a privileged user created, and is told which command to run while they are missing.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeastPrivilegeStartupTest {

    private static final Queue<String> received = new ConcurrentLinkedQueue<>();

    private final String role = "kq_app_" + UUID.randomUUID().toString().substring(0, 8);
    private TestSchema schema;

    @BeforeEach
    void createRoleThatMayNotCreateTables() throws Exception {
        schema = TestDatabase.newSchema(2);
        admin(
                "CREATE ROLE " + role + " LOGIN PASSWORD 'app'",
                "GRANT USAGE ON SCHEMA " + schema.name() + " TO " + role);
        received.clear();
    }

    @AfterEach
    void dropRoleAndSchema() throws Exception {
        admin("DROP OWNED BY " + role, "DROP ROLE " + role);
        schema.close();
    }

    @Test
    void anUnmigratedRegistryNamesTheMigrateCommandAndCreatesNothing() throws Exception {
        KanthorqStartupException failure = (KanthorqStartupException) causeOf(catchThrowable(this::start));

        assertThat(failure.getMessage())
                .contains("KanthorQ's registry tables at ")
                .contains(" are not created, and this release needs version 4; kanthorq.ddl=validate runs no"
                        + " migrations (pending: [V1 kanthorq registry, ");
        assertThat(failure.action()).contains("kanthorq migrate --url <the same URL>");
        assertThat(Databases.tables(schema)).isEmpty();
    }

    @Test
    void missingTablesAreListedInOneReportWithTheirCommands(CapturedOutput output) throws Exception {
        schema.migrate();
        grantDataAccess();

        Throwable failure = causeOf(catchThrowable(this::start));

        assertThat(failure).isInstanceOf(MissingTablesException.class);
        String report = "Description:\n\n"
                + "KanthorQ runs with kanthorq.ddl=validate and these tables are not ready:\n"
                + "  - table kanthorq_stream_orders of stream 'orders' does not exist (create it: kanthorq stream"
                + " create orders)\n"
                + "  - table kanthorq_consumer_emails of consumer 'emails' does not exist (create it: kanthorq"
                + " consumer create emails --stream orders)\n\n"
                + "Action:\n\n"
                + "Run the commands above once as a database user allowed to create tables (the CLI of this"
                + " release, with the application's URL), or set kanthorq.ddl=auto.";
        assertThat(output).contains("APPLICATION FAILED TO START").contains(report);
        assertThat(Files.readString(Path.of("..", "README.md"))).contains(report);
    }

    @Test
    void startsAndDeliversOnTablesAPrivilegedUserCreated() throws Exception {
        schema.migrate();
        Kanthorq privileged = Databases.inspector(schema);
        privileged
                .registrar()
                .registerConsumer(ConsumerDefinition.builder("emails", "orders").build());
        privileged.stop();
        grantDataAccess();

        try (ConfigurableApplicationContext context = start()) {
            context.getBean(KanthorqPublisher.class).publish("orders", "order.created", "{\"id\":1}");

            await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("{\"id\":1}"));
        }
        assertThat(Databases.count(schema, "SELECT attempt_max FROM kanthorq_consumer_registry"))
                .isEqualTo(3);
    }

    private ConfigurableApplicationContext start() {
        // the test server's URL may name its superuser (user=…), which would win over the username
        String url = schema.jdbcUrl().replaceAll("([?&])user=[^&]*&?", "$1");
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=" + role,
                        "spring.datasource.password=app",
                        "spring.datasource.hikari.maximum-pool-size=10",
                        "spring.flyway.enabled=false",
                        "kanthorq.ddl=validate",
                        "kanthorq.consumers.emails.stream=orders",
                        "kanthorq.consumers.emails.attempt-max=3")
                .run();
    }

    private void grantDataAccess() throws Exception {
        admin(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema.name() + " TO " + role,
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema.name() + " TO " + role);
    }

    private void admin(String... statements) throws Exception {
        try (Connection connection = schema.connect();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Throwable causeOf(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof KanthorqStartupException || cause instanceof MissingTablesException) {
                return cause;
            }
        }
        throw new AssertionError("expected a KanthorQ startup failure, got " + thrown, thrown);
    }

    static class Emails {
        @KanthorqSubscriber(consumer = "emails")
        void send(String body) {
            received.add(body);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Emails.class)
    static class App {}
}

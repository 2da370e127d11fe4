package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.runtime.KanthorqStartupException;
import io.kanthorq.spring.test.Databases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A database KanthorQ cannot use at startup gets one Boot failure report naming the JDBC URL, what
 * KanthorQ was doing and what to do, within seconds; the README shows these reports as produced here.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

    @TempDir
    Path dataDirectory;

    @Test
    void aStoppedServerFailsWithinSecondsNamingTheUrl(CapturedOutput output) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/shop";
        long start = System.nanoTime();

        KanthorqStartupException failure = startupFailure(
                "spring.datasource.url=" + url, "spring.datasource.username=shop", "spring.datasource.password=secret");

        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to fail").isLessThan(15_000);
        assertThat(failure.getMessage())
                .startsWith("KanthorQ could not connect to " + url + " within 5 s (connecting to the database before"
                        + " preparing its tables): ")
                .doesNotContain("secret");
        assertThat(failure.action()).contains("Start the database").contains("kanthorq.startup-connect-timeout");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Action:");
        assertThat(readme()).contains(report(failure).replace(Integer.toString(port), "5433"));
    }

    @Test
    void aWrongPasswordNamesTheUserAndTheProperties(CapturedOutput output) throws Exception {
        try (EmbeddedPostgres server =
                EmbeddedPostgres.builder().setDataDirectory(dataDirectory).start()) {
            requirePasswords(server);
            String url = server.getJdbcUrl("postgres", "postgres").replaceAll("\\?.*", "");

            KanthorqStartupException failure = startupFailure(
                    "spring.datasource.url=" + url,
                    "spring.datasource.username=shop",
                    "spring.datasource.password=wrong");

            assertThat(failure.getMessage())
                    .startsWith("KanthorQ could not log in to " + url + " as user 'shop'")
                    .contains("password authentication failed for user \"shop\"");
            assertThat(failure.action())
                    .isEqualTo("Fix spring.datasource.username and spring.datasource.password, or the server's"
                            + " pg_hba.conf rule for this user.");
            assertThat(output).contains("APPLICATION FAILED TO START");
            assertThat(readme()).contains(report(failure).replace(url, "jdbc:postgresql://localhost:5432/postgres"));
        }
    }

    @Test
    void aUserWhoMayNotCreateTablesIsToldHowToCreateThemOnce() throws Exception {
        String role = "kq_reader_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestSchema schema = TestDatabase.newSchema(2);
                Connection admin = schema.connect();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'reader'");
            // it may use the schema (an application user's usual grant) but not create in it
            statement.execute("GRANT USAGE ON SCHEMA " + schema.name() + " TO " + role);
            try {
                // the test server's URL may name its superuser (user=…), which would win over the username
                String url = schema.jdbcUrl().replaceAll("([?&])user=[^&]*&?", "$1");
                KanthorqStartupException failure = startupFailure(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=" + role,
                        "spring.datasource.password=reader");

                assertThat(failure.getMessage())
                        .startsWith("KanthorQ may not create its tables at ")
                        .contains("as user '" + role + "' (creating or upgrading KanthorQ's tables)")
                        .contains("permission denied");
                assertThat(failure.action()).contains("kanthorq migrate");
                assertThat(Databases.tables(schema)).isEmpty();
            } finally {
                statement.execute("REVOKE USAGE ON SCHEMA " + schema.name() + " FROM " + role);
                statement.execute("DROP ROLE " + role);
            }
        }
    }

    /** The server accepts the superuser without a password and everyone else only with one. */
    private void requirePasswords(EmbeddedPostgres server) throws Exception {
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE shop LOGIN PASSWORD 'right'");
            Files.writeString(
                    dataDirectory.resolve("pg_hba.conf"),
                    String.join(
                            "\n",
                            "local all all trust",
                            "host all postgres 127.0.0.1/32 trust",
                            "host all postgres ::1/128 trust",
                            "host all all 127.0.0.1/32 scram-sha-256",
                            "host all all ::1/128 scram-sha-256",
                            ""));
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private static KanthorqStartupException startupFailure(String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("spring.flyway.enabled=false");
        all.add("spring.datasource.hikari.maximum-pool-size=10");
        all.add("kanthorq.consumers.emails.stream=orders");
        Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new))
                .run()
                .close());
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof KanthorqStartupException startup) {
                return startup;
            }
        }
        throw new AssertionError("expected a KanthorqStartupException, got " + thrown, thrown);
    }

    /** The two paragraphs of Boot's report, as the README quotes them. */
    private static String report(KanthorqStartupException failure) {
        return "Description:\n\n" + failure.getMessage() + "\n\nAction:\n\n" + failure.action();
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    static class Emails {
        @KanthorqSubscriber(consumer = "emails")
        void send(String body) {}
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Emails.class)
    static class App {}
}

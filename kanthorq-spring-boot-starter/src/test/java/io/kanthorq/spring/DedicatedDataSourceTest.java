package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.autoconfigure.KanthorqAutoConfiguration;
import io.kanthorq.spring.runtime.KanthorqStartupException;
import io.kanthorq.spring.test.Databases;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** {@link KanthorqDataSource} gives KanthorQ a data source of its own beside the application's primary one. */
class DedicatedDataSourceTest {

    private static final Queue<String> received = new ConcurrentLinkedQueue<>();

    @Test
    void keepsItsTablesAndEventsOnTheMarkedDataSource() throws Exception {
        try (TestSchema application = TestDatabase.newSchema(2);
                TestSchema queue = TestDatabase.newSchema(4)) {
            runner(application, queue)
                    .withUserConfiguration(DedicatedSources.class, Emails.class)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        context.getBean(KanthorqPublisher.class).publish("orders", "order.created", "dedicated");
                        await().atMost(Duration.ofSeconds(10)).until(() -> received.contains("dedicated"));
                    });

            assertThat(Databases.tables(queue)).contains("kanthorq_stream_orders", "kanthorq_consumer_emails");
            assertThat(Databases.tables(application)).isEmpty();
            assertThat(Databases.count(queue, "SELECT count(*) FROM kanthorq_stream_orders"))
                    .isEqualTo(1);
        }
    }

    @Test
    void twoDataSourcesWithoutAMarkFailNamingTheAnnotation() throws Exception {
        try (TestSchema first = TestDatabase.newSchema(2);
                TestSchema second = TestDatabase.newSchema(2)) {
            runner(first, second)
                    .withUserConfiguration(UnmarkedSources.class)
                    .run(context -> assertThat(context)
                            .getFailure()
                            .rootCause()
                            .hasMessage("KanthorQ found 2 DataSource beans, none of them @Primary or annotated"
                                    + " @KanthorqDataSource: mark the one KanthorQ should use with @KanthorqDataSource (or"
                                    + " set kanthorq.enabled=false)"));
            assertThat(Databases.tables(first)).isEmpty();
            assertThat(Databases.tables(second)).isEmpty();
        }
    }

    @Test
    void startupFailuresNameTheMarkedDataSourceInsteadOfTheSpringDatasourceProperties() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String unreachable = "jdbc:postgresql://127.0.0.1:" + port + "/queue";
        try (TestSchema application = TestDatabase.newSchema(2)) {
            runner(application, application)
                    .withBean("unreachable", String.class, () -> unreachable)
                    .withUserConfiguration(UnreachableQueue.class)
                    .run(context -> {
                        Throwable failure = context.getStartupFailure();
                        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                            if (cause instanceof KanthorqStartupException startup) {
                                assertThat(startup.getMessage())
                                        .startsWith("KanthorQ could not connect to " + unreachable);
                                assertThat(startup.action())
                                        .startsWith("Start the database, or fix the host, port and database in the"
                                                + " @KanthorqDataSource bean's URL;")
                                        .doesNotContain("spring.datasource");
                                return;
                            }
                        }
                        throw new AssertionError("expected a KanthorqStartupException, got " + failure, failure);
                    });
        }
    }

    private static ApplicationContextRunner runner(TestSchema first, TestSchema second) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, KanthorqAutoConfiguration.class))
                // a holder, not the schemas: the context would close (drop) an AutoCloseable bean
                .withBean(Schemas.class, () -> new Schemas(first, second))
                .withPropertyValues(
                        "kanthorq.consumers.emails.stream=orders", "kanthorq.consumers.emails.poll-interval=100ms");
    }

    private static HikariDataSource pool(TestSchema schema) {
        return pool(schema.jdbcUrl(), schema.server().user(), schema.server().password());
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(8);
        return pool;
    }

    record Schemas(TestSchema first, TestSchema second) {}

    /** The application's own, primary data source on the first schema. */
    @Configuration(proxyBeanMethods = false)
    static class ApplicationSource {

        @Bean
        @Primary
        DataSource applicationDataSource(Schemas schemas) {
            return pool(schemas.first());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(ApplicationSource.class)
    static class DedicatedSources {

        @Bean
        @KanthorqDataSource
        DataSource queueDataSource(Schemas schemas) {
            return pool(schemas.second());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(ApplicationSource.class)
    static class UnreachableQueue {

        @Bean
        @KanthorqDataSource
        DataSource queueDataSource(String unreachable) {
            return pool(unreachable, "queue", "secret");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnmarkedSources {

        @Bean
        DataSource oneDataSource(Schemas schemas) {
            return pool(schemas.first());
        }

        @Bean
        DataSource otherDataSource(Schemas schemas) {
            return pool(schemas.second());
        }
    }

    static class Emails {
        @KanthorqSubscriber(consumer = "emails")
        void send(String body) {
            received.add(body);
        }
    }
}

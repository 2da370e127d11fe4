package io.kanthorq.sample.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanthorq.sample.SampleApplication;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The embedded database of the sample: started only without a URL, stopped with the context. */
class EmbeddedPostgresStarterTest {

    private final EmbeddedPostgresStarter starter = new EmbeddedPostgresStarter(supplier -> supplier.get());

    @Test
    void aConfiguredServerIsUsedAsIs() {
        StandardEnvironment environment = environment(Map.of("spring.datasource.url", "jdbc:postgresql://db/shop"));
        SpringApplication application = new SpringApplication(SampleApplication.class);
        int initializers = application.getInitializers().size();

        starter.postProcessEnvironment(environment, application);

        assertThat(environment.getPropertySources().contains(EmbeddedPostgresStarter.PROPERTY_SOURCE))
                .isFalse();
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db/shop");
        assertThat(application.getInitializers()).hasSize(initializers);
    }

    @Test
    void itCanBeSwitchedOff() {
        StandardEnvironment environment = environment(Map.of(EmbeddedPostgresStarter.ENABLED, "false"));

        starter.postProcessEnvironment(environment, new SpringApplication(SampleApplication.class));

        assertThat(environment.getProperty("spring.datasource.url")).isNull();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void withoutAUrlItStartsPostgresAndTheContextStopsIt() throws SQLException {
        StandardEnvironment environment = environment(Map.of());
        SpringApplication application = new SpringApplication(SampleApplication.class);
        int initializers = application.getInitializers().size();

        starter.postProcessEnvironment(environment, application);

        String url = environment.getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:postgresql://localhost:");
        try (Connection connection = DriverManager.getConnection(
                url,
                environment.getProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password"))) {
            assertThat(connection.isValid(2)).isTrue();
        }

        GenericApplicationContext context = new GenericApplicationContext();
        ApplicationContextInitializer initializer = application.getInitializers().stream()
                .skip(initializers)
                .findFirst()
                .orElseThrow();
        initializer.initialize((ConfigurableApplicationContext) context);
        context.refresh();
        context.close();

        assertThatThrownBy(
                        () -> DriverManager.getConnection(url, "postgres", "").close())
                .isInstanceOf(SQLException.class);
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        // only what the test says: a SPRING_DATASOURCE_URL of the machine must not leak in
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}

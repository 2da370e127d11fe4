package io.kanthorq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The Boot 4 Flyway trap is named at startup: migrations on the class path that no Flyway of the application runs. */
class FlywayTrapCheckTest {

    @TempDir
    Path classes;

    @Test
    void migrationsWithoutAFlywayOfTheApplicationAreWarnedAboutNamingTheStarter() throws IOException {
        migration("V1__orders.sql");
        migration("V2__payments.sql");

        assertThat(FlywayTrapCheck.problem(new DefaultListableBeanFactory(), resources(), environment(Map.of())))
                .contains("classpath:db/migration: V1__orders.sql, V2__payments.sql")
                .contains("add spring-boot-starter-flyway")
                .contains("spring.flyway.enabled=false");
    }

    @Test
    void noWarningWhenTheApplicationsFlywayRunsThemOrIsSwitchedOffOrThereAreNone() throws IOException {
        assertThat(FlywayTrapCheck.problem(new DefaultListableBeanFactory(), resources(), environment(Map.of())))
                .as("no migrations")
                .isNull();
        migration("V1__orders.sql");
        DefaultListableBeanFactory withFlyway = new DefaultListableBeanFactory();
        withFlyway.registerSingleton("flyway", Flyway.configure().load());
        assertThat(FlywayTrapCheck.problem(withFlyway, resources(), environment(Map.of())))
                .as("Boot's Flyway bean")
                .isNull();
        assertThat(FlywayTrapCheck.problem(
                        new DefaultListableBeanFactory(),
                        resources(),
                        environment(Map.of("spring.flyway.enabled", "false"))))
                .as("switched off")
                .isNull();
    }

    @Test
    void followsSpringFlywayLocations() throws IOException {
        Files.createDirectories(classes.resolve("sql/app"));
        Files.writeString(classes.resolve("sql/app/V1__init.sql"), "CREATE TABLE t (id int);");

        assertThat(FlywayTrapCheck.problem(
                        new DefaultListableBeanFactory(),
                        resources(),
                        environment(Map.of("spring.flyway.locations", "classpath:sql/app"))))
                .contains("classpath:sql/app: V1__init.sql");
    }

    private void migration(String name) throws IOException {
        Files.createDirectories(classes.resolve("db/migration"));
        Files.writeString(classes.resolve("db/migration").resolve(name), "CREATE TABLE t (id int);");
    }

    private PathMatchingResourcePatternResolver resources() throws IOException {
        // only the temporary directory: the test class path's own resources stay out
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
        return new PathMatchingResourcePatternResolver(loader);
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}

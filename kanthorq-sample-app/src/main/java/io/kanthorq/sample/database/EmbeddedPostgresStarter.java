package io.kanthorq.sample.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts an embedded PostgreSQL when {@code spring.datasource.url} is not set, so the sample runs on
 * a machine with nothing but a JDK; with a URL set (for example {@code --spring.datasource.url=…} or
 * {@code SPRING_DATASOURCE_URL}) it does nothing and the application uses that server.
 * {@code sample.embedded-postgres.enabled=false} switches it off (the tests do, and supply their own
 * database).
 *
 * <p>Registered in {@code META-INF/spring.factories}; runs after {@code application.yml} and the
 * other configuration sources are loaded, so it sees every way a URL can be given. The server's data
 * directory is temporary: orders are gone after a restart. The server stops when the application
 * context closes — after the KanthorQ workers have drained and the connection pool is closed — or
 * when the JVM exits without a context.
 */
public class EmbeddedPostgresStarter implements EnvironmentPostProcessor {

    static final String ENABLED = "sample.embedded-postgres.enabled";
    static final String PROPERTY_SOURCE = "sampleEmbeddedPostgres";

    private final Log log;

    public EmbeddedPostgresStarter(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedPostgresStarter.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))
                || !environment.getProperty(ENABLED, Boolean.class, true)
                || environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            return;
        }
        EmbeddedPostgresServer server;
        try {
            server = EmbeddedPostgresServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the embedded PostgreSQL; set spring.datasource.url to use" + " a server of your own",
                    e);
        }
        log.info("Started embedded PostgreSQL on port " + server.port() + " (user postgres, database postgres;"
                + " data is discarded on exit). Set spring.datasource.url to use your own server.");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", server.jdbcUrl());
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.datasource.password", "");
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
        // Destroyed last (registered before any other disposable bean): after the workers drained
        // and the pool closed.
        application.addInitializers(context -> {
            server.attachedToContext();
            ((DefaultListableBeanFactory) context.getBeanFactory())
                    .registerDisposableBean("sampleEmbeddedPostgres", server::close);
        });
    }
}

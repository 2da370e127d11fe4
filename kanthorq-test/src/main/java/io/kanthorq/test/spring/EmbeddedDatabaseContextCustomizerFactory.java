package io.kanthorq.test.spring;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives the context of a {@link KanthorqTest} (with {@code embeddedDatabase = true}) a fresh schema of
 * the test PostgreSQL as its {@code spring.datasource}, ahead of every other property source, and drops
 * the schema when the context closes. Registered in {@code META-INF/spring.factories}.
 */
public final class EmbeddedDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        KanthorqTest test = TestContextAnnotationUtils.findMergedAnnotation(testClass, KanthorqTest.class);
        return test != null && test.embeddedDatabase() ? new EmbeddedDatabaseCustomizer() : null;
    }

    /** One per context: equal to every other, so that it does not split Spring's context cache. */
    private static final class EmbeddedDatabaseCustomizer implements ContextCustomizer {

        private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseCustomizer.class);

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            EmbeddedPostgres.Schema schema = EmbeddedPostgres.newSchema();
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "kanthorqTestDatabase",
                            Map.of(
                                    "spring.datasource.url", schema.jdbcUrl(),
                                    "spring.datasource.username", schema.user(),
                                    "spring.datasource.password", schema.password())));
            context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
                if (event.getApplicationContext() == context) {
                    try {
                        schema.drop();
                    } catch (RuntimeException e) {
                        log.warn("{}", e.getMessage());
                    }
                }
            });
            log.debug("kanthorq test: context datasource is schema {} ({})", schema.name(), schema.jdbcUrl());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof EmbeddedDatabaseCustomizer;
        }

        @Override
        public int hashCode() {
            return EmbeddedDatabaseCustomizer.class.hashCode();
        }
    }
}

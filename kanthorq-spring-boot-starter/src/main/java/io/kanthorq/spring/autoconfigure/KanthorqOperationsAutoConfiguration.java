package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.management.Management;
import io.kanthorq.core.retention.RetentionPolicy;
import io.kanthorq.spring.metrics.KanthorqRetentionMetrics;
import io.kanthorq.spring.runtime.KanthorqRetention;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operations side of KanthorQ in a Spring application: the {@link Management} API as a bean, and
 * scheduled retention when {@code kanthorq.retention.enabled=true}, with Micrometer counters of what
 * it removed when the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(
        after = KanthorqAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBean(Kanthorq.class)
public final class KanthorqOperationsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Management kanthorqManagement(Kanthorq kanthorq) {
        return kanthorq.management();
    }

    /** Scheduled retention, off unless asked for. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("kanthorq.retention.enabled")
    static class RetentionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KanthorqRetention kanthorqRetention(
                Kanthorq kanthorq, KanthorqProperties properties, ObjectProvider<KanthorqRetentionMetrics> metrics) {
            KanthorqProperties.Retention retention = properties.getRetention();
            RetentionPolicy policy = new RetentionPolicy(
                    retention.getCompletedTasks(),
                    retention.getDiscardedTasks(),
                    retention.getEvents(),
                    retention.getBatchSize());
            if (!policy.enabled()) {
                throw new InvalidInputException("kanthorq.retention.enabled is true but no age is set: set"
                        + " kanthorq.retention.completed-tasks, discarded-tasks and/or events");
            }
            if (retention.getInterval() == null || retention.getInterval().toMillis() < 1) {
                throw new InvalidInputException(
                        "kanthorq.retention.interval must be positive, got " + retention.getInterval());
            }
            KanthorqRetentionMetrics counters = metrics.getIfAvailable();
            return new KanthorqRetention(
                    kanthorq, policy, retention.getInterval(), counters == null ? report -> {} : counters);
        }

        /** Counters of what retention removed, when the application has a {@link MeterRegistry}. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(MeterRegistry.class)
        @ConditionalOnBean(MeterRegistry.class)
        static class RetentionMetricsConfiguration {

            @Bean
            @ConditionalOnMissingBean
            KanthorqRetentionMetrics kanthorqRetentionMetrics(MeterRegistry registry) {
                return new KanthorqRetentionMetrics(registry);
            }
        }
    }
}

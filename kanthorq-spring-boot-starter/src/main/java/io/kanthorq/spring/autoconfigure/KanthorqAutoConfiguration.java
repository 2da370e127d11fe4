package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskListener;
import io.kanthorq.core.observation.KanthorqObservations;
import io.kanthorq.core.observation.KanthorqProcessObservationConvention;
import io.kanthorq.core.observation.KanthorqPublishObservationConvention;
import io.kanthorq.spring.KanthorqConsumers;
import io.kanthorq.spring.KanthorqDataSource;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.spring.endpoint.KanthorqEndpoint;
import io.kanthorq.spring.health.KanthorqHealthContributor;
import io.kanthorq.spring.metrics.KanthorqMetrics;
import io.kanthorq.spring.runtime.ConsumerBacklog;
import io.kanthorq.spring.runtime.KanthorqInitializer;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import io.kanthorq.spring.runtime.RegistryMigrator;
import io.kanthorq.spring.subscriber.SubscriberDiscovery;
import io.kanthorq.spring.support.JacksonPayloadCodec;
import io.kanthorq.spring.support.PayloadCodec;
import io.kanthorq.spring.support.PublishListener;
import io.kanthorq.spring.support.SpringConnectionProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of KanthorQ over the application's {@link DataSource} (the one marked
 * {@link KanthorqDataSource}, else the only or primary one): validated topology
 * from {@code kanthorq.*}, registry migrations with a dedicated Flyway, the engine, the
 * {@link KanthorqPublisher}, {@code @KanthorqSubscriber} workers, and — when the application has
 * them — Micrometer meters and an Actuator health contributor.
 *
 * <p>Nothing here runs SQL while beans are created: the {@link KanthorqInitializer} validates the
 * subscribers, migrates and registers after all singletons exist, and {@link KanthorqWorkers}
 * starts the workers when the context is ready.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "kanthorq.enabled", matchIfMissing = true)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(KanthorqProperties.class)
public final class KanthorqAutoConfiguration {

    /** {@link io.kanthorq.spring.KanthorqTaskDiscarded} events for the application's listeners. */
    @Bean
    TaskListener kanthorqDiscardedTaskEvents(ApplicationEventPublisher events) {
        return new DiscardedTaskEvents(events);
    }

    /** Warns about the Boot 4 Flyway trap once every bean exists (see {@link FlywayTrapCheck}). */
    @Bean
    static SmartInitializingSingleton kanthorqFlywayTrapCheck(
            ConfigurableListableBeanFactory beanFactory, ResourceLoader resourceLoader, Environment environment) {
        return () -> FlywayTrapCheck.warnIfTrapped(
                beanFactory, ResourcePatternUtils.getResourcePatternResolver(resourceLoader), environment);
    }

    @Bean
    @ConditionalOnMissingBean
    KanthorqTopology kanthorqTopology(
            KanthorqProperties properties, Environment environment, ObjectProvider<KanthorqConsumers> declared) {
        return TopologyFactory.create(
                properties,
                Binder.get(environment),
                environment instanceof ConfigurableEnvironment configurable
                        ? configurable.getSystemEnvironment()
                        : Map.of(),
                new HandlerThreads(Threading.VIRTUAL.isActive(environment)),
                declared.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean(ConnectionProvider.class)
    SpringConnectionProvider kanthorqConnectionProvider(
            @KanthorqDataSource ObjectProvider<DataSource> dedicated, ObjectProvider<DataSource> dataSource) {
        return new SpringConnectionProvider(KanthorqDataSources.resolve(dedicated, dataSource));
    }

    @Bean
    @ConditionalOnMissingBean
    Kanthorq kanthorq(
            ConnectionProvider connectionProvider,
            KanthorqProperties properties,
            @KanthorqDataSource ObjectProvider<DataSource> dedicated,
            ObjectProvider<DataSource> dataSource,
            Environment environment,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<KanthorqPublishObservationConvention> publishConvention,
            ObjectProvider<KanthorqProcessObservationConvention> processConvention) {
        long maxBodySize = properties.getMaxBodySize().toBytes();
        if (maxBodySize < 1 || maxBodySize > Integer.MAX_VALUE) {
            throw new InvalidInputException("kanthorq.max-body-size must be between 1B and " + Integer.MAX_VALUE
                    + "B, got " + properties.getMaxBodySize());
        }
        Duration lockTimeout = properties.getRegistrationLockTimeout();
        if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new InvalidInputException("kanthorq.registration-lock-timeout must be positive, got " + lockTimeout);
        }
        int workerConnections = properties.getWorkerConnections();
        // the builder validates the budget (its message names the property) before the pool is judged by it
        Kanthorq.Builder builder = Kanthorq.builder(connectionProvider)
                .maxBodySize((int) maxBodySize)
                .registrationLockTimeout(lockTimeout)
                .workerConnections(workerConnections)
                .ddl(properties.getDdl() == KanthorqProperties.DdlMode.AUTO);
        if (!properties.isListen()) {
            builder.pollOnly();
        }
        KanthorqProperties.DirectConnection direct = properties.getDirectConnection();
        if (direct.getUrl() != null) {
            if (!direct.getUrl().startsWith("jdbc:postgresql:")) {
                throw new InvalidInputException(
                        "kanthorq.direct-connection.url must be a jdbc:postgresql: URL, got '" + direct.getUrl() + "'");
            }
            builder.sessionConnections(ConnectionProvider.direct(
                    direct.getUrl(),
                    direct.getUsername() != null
                            ? direct.getUsername()
                            : environment.getProperty("spring.datasource.username"),
                    direct.getPassword() != null
                            ? direct.getPassword()
                            : environment.getProperty("spring.datasource.password")));
        }
        ObservationRegistry registry = observationRegistry.getIfUnique();
        if (properties.getObservations().isEnabled() && registry != null && !registry.isNoop()) {
            builder.observations(KanthorqObservations.of(
                    registry, publishConvention.getIfUnique(), processConvention.getIfUnique()));
        }
        PoolSizeCheck.warnIfTooSmall(KanthorqDataSources.resolve(dedicated, dataSource), workerConnections);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    RegistryMigrator kanthorqRegistryMigrator(
            @KanthorqDataSource ObjectProvider<DataSource> dedicated,
            ObjectProvider<DataSource> dataSource,
            KanthorqProperties properties) {
        return new RegistryMigrator(
                KanthorqDataSources.resolve(dedicated, dataSource),
                properties.getStartupConnectTimeout(),
                properties.getDdl() == KanthorqProperties.DdlMode.AUTO,
                dedicated.getIfAvailable() != null);
    }

    @Bean
    @ConditionalOnMissingBean
    PayloadCodec kanthorqPayloadCodec() {
        return PayloadCodec.NONE;
    }

    @Bean
    SubscriberDiscovery kanthorqSubscriberDiscovery(ConfigurableListableBeanFactory beanFactory, PayloadCodec codec) {
        return new SubscriberDiscovery(beanFactory, codec);
    }

    @Bean
    KanthorqInitializer kanthorqInitializer(
            KanthorqTopology topology, SubscriberDiscovery discovery, RegistryMigrator migrator, Kanthorq kanthorq) {
        return new KanthorqInitializer(topology, discovery, migrator, kanthorq);
    }

    @Bean
    @ConditionalOnMissingBean(KanthorqPublisher.class)
    DefaultKanthorqPublisher kanthorqPublisher(
            Kanthorq kanthorq,
            KanthorqTopology topology,
            PayloadCodec codec,
            KanthorqInitializer initializer,
            ObjectProvider<PublishListener> listeners) {
        List<PublishListener> all = listeners.orderedStream().toList();
        return new DefaultKanthorqPublisher(
                kanthorq,
                topology,
                codec,
                initializer,
                (stream, count) -> all.forEach(listener -> listener.published(stream, count)));
    }

    @Bean
    KanthorqWorkers kanthorqWorkers(
            Kanthorq kanthorq,
            KanthorqTopology topology,
            KanthorqInitializer initializer,
            ConfigurableListableBeanFactory beanFactory,
            PayloadCodec codec,
            ObjectProvider<TaskListener> listeners,
            KanthorqProperties properties) {
        return new KanthorqWorkers(
                kanthorq,
                topology,
                initializer,
                beanFactory,
                codec,
                new CompositeTaskListener(listeners.orderedStream().toList()),
                properties.getWorkers().isEnabled(),
                properties.getWorkers().getMode() == KanthorqProperties.Workers.Mode.MANUAL,
                properties.getShutdownTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    ConsumerBacklog kanthorqConsumerBacklog(Kanthorq kanthorq, KanthorqInitializer initializer) {
        return new ConsumerBacklog(kanthorq, initializer, ConsumerBacklog.DEFAULT_REFRESH_INTERVAL);
    }

    /** JSON payloads through the application's Jackson 3 {@link JsonMapper}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonCodecConfiguration {

        @Bean
        @ConditionalOnMissingBean(PayloadCodec.class)
        JacksonPayloadCodec kanthorqJsonPayloadCodec(ObjectProvider<JsonMapper> mapper) {
            return new JacksonPayloadCodec(
                    mapper.getIfUnique(() -> JsonMapper.builder().build()));
        }
    }

    /** Meters, when the application has a {@link MeterRegistry}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KanthorqMetrics kanthorqMetrics(
                MeterRegistry registry, KanthorqTopology topology, ConsumerBacklog backlog, Kanthorq kanthorq) {
            return new KanthorqMetrics(registry, topology, backlog, kanthorq.publisher()::idempotentRepeats);
        }
    }

    /** Actuator endpoint {@code kanthorq}, when Spring Boot's Actuator is present and the endpoint exposed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        KanthorqEndpoint kanthorqEndpoint(KanthorqTopology topology, KanthorqWorkers workers, ConsumerBacklog backlog) {
            return new KanthorqEndpoint(topology, workers, backlog);
        }
    }

    /** Health contributor {@code kanthorq}, when Spring Boot's health support is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnEnabledHealthIndicator("kanthorq")
        @ConditionalOnMissingBean(name = "kanthorqHealthContributor")
        KanthorqHealthContributor kanthorqHealthContributor(
                ConnectionProvider connectionProvider,
                KanthorqTopology topology,
                KanthorqWorkers workers,
                ConsumerBacklog backlog) {
            return new KanthorqHealthContributor(connectionProvider, topology, workers, backlog);
        }
    }
}

package io.kanthorq.dashboard;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.spring.autoconfigure.KanthorqProperties;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a Spring MVC application with {@code kanthorq.dashboard.enabled=true}: its routes
 * under {@code kanthorq.dashboard.path}. With Spring Security the application's chain authenticates
 * and the dashboard checks the viewer and admin authorities; without it the dashboard starts only when
 * {@code kanthorq.dashboard.allow-unauthenticated=true}, and then says at startup that it is open.
 */
@AutoConfiguration(afterName = "io.kanthorq.spring.autoconfigure.KanthorqAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnProperty(prefix = "kanthorq.dashboard", name = "enabled", havingValue = "true")
@ConditionalOnBean(Kanthorq.class)
@EnableConfigurationProperties(DashboardProperties.class)
public final class KanthorqDashboardAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KanthorqDashboardAutoConfiguration.class);

    @Bean
    RouterFunction<ServerResponse> kanthorqDashboardRoutes(
            Kanthorq kanthorq,
            KanthorqWorkers workers,
            KanthorqPublisher publisher,
            KanthorqProperties kanthorqProperties,
            DashboardProperties properties,
            ObjectProvider<DashboardAccess> accessProvider,
            ObjectProvider<JsonMapper> mappers,
            ObjectProvider<MeterRegistry> meters) {
        String base = DashboardPaths.base(properties.getPath());
        DashboardAccess access = accessProvider.getIfAvailable();
        if (access == null) {
            if (!properties.isAllowUnauthenticated()) {
                log.warn("kanthorq dashboard: not started: kanthorq.dashboard.enabled=true, but there is no Spring"
                        + " Security to decide who may see it; add spring-boot-starter-security, or set"
                        + " kanthorq.dashboard.allow-unauthenticated=true to serve it to anyone");
                return request -> Optional.empty();
            }
            log.warn(
                    "kanthorq dashboard: serving {} WITHOUT authentication (kanthorq.dashboard.allow-unauthenticated"
                            + "=true): anyone who reaches this application can {}",
                    base,
                    properties.isReadOnly()
                            ? "read every stream and task"
                            : "read every stream and task, redrive, cancel and pause");
            access = DashboardAccess.open();
        }
        JsonMapper mapper = mappers.getIfAvailable(JsonMapper::new);
        DashboardJson json = new DashboardJson(mapper);
        MeterRegistry registry = meters.getIfAvailable();
        DashboardActionLog actionLog =
                registry == null ? DashboardActionLog.withoutMetrics() : DashboardActionLog.counting(registry);
        DashboardReads reads = new DashboardReads(kanthorq, workers, json, access);
        DashboardActions actions =
                new DashboardActions(kanthorq, publisher, reads, json, mapper, access, actionLog, (int)
                        kanthorqProperties.getMaxBodySize().toBytes());
        DashboardPage page = new DashboardPage(base, properties, access, mapper);
        log.info(
                "kanthorq dashboard at {}{}{}",
                base,
                properties.isReadOnly() ? " (read-only)" : "",
                properties.getPublish().isEnabled() && !properties.isReadOnly() ? " (publishing enabled)" : "");
        return DashboardRoutes.of(base, properties, page, reads, actions);
    }

    /** The authorities of the application's Spring Security decide. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.security.core.context.SecurityContextHolder",
                "org.springframework.security.web.csrf.CsrfToken"
            })
    static class WithSpringSecurity {

        @Bean
        @ConditionalOnMissingBean
        DashboardAccess kanthorqDashboardAccess(DashboardProperties properties) {
            return new SpringSecurityAccess(properties.getViewerAuthority(), properties.getAdminAuthority());
        }
    }
}

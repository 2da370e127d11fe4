package io.kanthorq.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * When the dashboard starts: only when enabled; without Spring Security only when
 * {@code allow-unauthenticated} is set, with a warning that it is open, and otherwise not at all, with a
 * warning saying what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardConditionsTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    io.kanthorq.spring.autoconfigure.KanthorqAutoConfiguration.class,
                    KanthorqDashboardAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=" + schema.jdbcUrl(),
                    "spring.datasource.username=" + schema.server().user(),
                    "spring.datasource.password=" + schema.server().password(),
                    "kanthorq.streams.order_update.x=",
                    "kanthorq.workers.enabled=false");

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Test
    void staysOffUnlessEnabled() {
        runner.run(context -> assertThat(context).doesNotHaveBean("kanthorqDashboardRoutes"));
    }

    @Test
    void withoutSpringSecurityItServesNothingAndSaysWhy(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .withPropertyValues("kanthorq.dashboard.enabled=true")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(DashboardAccess.class);
                    assertThat(matches(context.getBean("kanthorqDashboardRoutes", RouterFunction.class), "/kanthorq"))
                            .isFalse();
                    assertThat(output)
                            .contains("kanthorq dashboard: not started")
                            .contains("kanthorq.dashboard.allow-unauthenticated=true");
                });
    }

    @Test
    void withoutSpringSecurityButAllowedItIsOpenAndWarnsSo(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader(SecurityContextHolder.class))
                .withPropertyValues("kanthorq.dashboard.enabled=true", "kanthorq.dashboard.allow-unauthenticated=true")
                .run(context -> {
                    assertThat(matches(context.getBean("kanthorqDashboardRoutes", RouterFunction.class), "/kanthorq"))
                            .isTrue();
                    assertThat(output).contains("serving /kanthorq WITHOUT authentication");
                });
    }

    @Test
    void aPathThatIsNotAPlainPathIsRejectedNamingTheProperty() {
        assertThatThrownBy(() -> DashboardPaths.base("kanthorq"))
                .hasMessageContaining("kanthorq.dashboard.path")
                .hasMessageContaining("'kanthorq'");
        assertThatThrownBy(() -> DashboardPaths.base("/a b")).hasMessageContaining("kanthorq.dashboard.path");
        assertThat(DashboardPaths.base("/ops/queue/")).isEqualTo("/ops/queue");
    }

    private static boolean matches(RouterFunction<?> routes, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        return routes.route(ServerRequest.create(request, List.of())).isPresent();
    }
}

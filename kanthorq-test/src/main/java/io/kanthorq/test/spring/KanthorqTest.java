package io.kanthorq.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@code @SpringBootTest} that drives KanthorQ itself: no worker or schedule starts
 * ({@code kanthorq.workers.mode=manual}), the {@link io.kanthorq.test.KanthorqTestKit} bean is reset
 * before each test (so {@code published()} shows only that test's events), and, unless
 * {@link #embeddedDatabase()} is false, the context gets a fresh schema of an embedded PostgreSQL (no
 * Docker) as its {@code spring.datasource}.
 *
 * <pre>{@code
 * @SpringBootTest
 * @KanthorqTest
 * class CancellingAnOrderTest {
 *     @Autowired KanthorqTestKit kanthorq;
 *     ...
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KanthorqTestExtension.class)
@TestPropertySource(properties = "kanthorq.workers.mode=manual")
public @interface KanthorqTest {

    /**
     * Whether the test context's datasource is a fresh schema of an embedded PostgreSQL (the server
     * given by {@code KANTHORQ_TEST_JDBC_URL} when that is set), dropped when the context closes.
     * False: the application's own datasource, e.g. a Testcontainers {@code @ServiceConnection}.
     */
    boolean embeddedDatabase() default true;
}

package io.kanthorq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.thread.Threading;
import org.springframework.mock.env.MockEnvironment;

/** Handler threads are virtual only when the application asks for them and the runtime has them. */
class HandlerThreadsTest {

    @Test
    void platformThreadsUnlessVirtualThreadsAreEnabled() {
        MockEnvironment environment = new MockEnvironment();

        HandlerThreads threads = new HandlerThreads(Threading.VIRTUAL.isActive(environment));

        assertThat(threads.isVirtual()).isFalse();
        assertThat(threads.factoryFor("emails"))
                .as("core's named platform threads")
                .isNull();
    }

    @Test
    void virtualThreadsWhenEnabledOnJava21OrNewer() throws Exception {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.threads.virtual.enabled", "true");

        HandlerThreads threads = new HandlerThreads(Threading.VIRTUAL.isActive(environment));

        boolean java21 = Runtime.version().feature() >= 21;
        assertThat(threads.isVirtual()).isEqualTo(java21);
        if (java21) {
            ThreadFactory factory = threads.factoryFor("emails");
            Thread thread = factory.newThread(() -> {});
            assertThat((boolean) Thread.class.getMethod("isVirtual").invoke(thread))
                    .isTrue();
            assertThat(thread.getName()).isEqualTo("kanthorq-emails-0");
        } else {
            assertThat(threads.factoryFor("emails")).isNull();
        }
    }
}

package io.kanthorq.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.TaskContext;
import io.kanthorq.spring.KanthorqSubscriber;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The hints an AOT-processed application gets for KanthorQ cover what it reads and invokes at run time. */
class KanthorqRuntimeHintsTest {

    @Test
    void everyMigrationAndLayoutFileIsARegisteredResource() throws IOException {
        RuntimeHints hints = new RuntimeHints();
        SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class)
                .forEach(registrar -> registrar.registerHints(hints, getClass().getClassLoader()));

        Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:db/kanthorq/**/*.sql");
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Resource file : files) {
            String path = file.getURL().toString().replaceAll(".*/(db/kanthorq/.*)$", "$1");
            assertThat(RuntimeHintsPredicates.resource().forResource(path))
                    .as(path)
                    .accepts(hints);
        }
    }

    @Test
    void subscriberMethodsAreInvocableAndTheirPayloadTypesBindable() throws NoSuchMethodException {
        RuntimeHints hints = new RuntimeHints();
        new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Refunds.class, Receipts.class);

        Method refund = Refunds.class.getDeclaredMethod("refund", Refund.class, TaskContext.class);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(refund))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Refund.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(TaskContext.class))
                .rejects(hints);

        Method receipt = Receipts.class.getDeclaredMethod("send", String.class);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(receipt))
                .accepts(hints);
    }

    record Line(String sku, int quantity) {}

    record Refund(long orderId, List<Line> lines) {}

    static class Refunds {
        @KanthorqSubscriber(consumer = "refund_order")
        void refund(Refund refund, TaskContext context) {}
    }

    static class Receipts {
        // repeated: the method carries the container annotation
        @KanthorqSubscriber(consumer = "send_receipt")
        @KanthorqSubscriber(consumer = "send_copy")
        void send(String body) {}
    }
}

package io.kanthorq.spring.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanthorq.core.DiscardException;
import io.kanthorq.core.Event;
import io.kanthorq.core.TaskContext;
import io.kanthorq.spring.support.JacksonPayloadCodec;
import io.kanthorq.spring.support.PayloadCodec;
import io.kanthorq.spring.test.OrderCancelled;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

/** Which subscriber signatures are accepted, and how a task's event fills their parameters. */
class PayloadBindingTest {

    private final PayloadCodec json =
            new JacksonPayloadCodec(JsonMapper.builder().build());

    @Test
    void bindsTypedPayloadsFromJson() {
        PayloadBinding binding = PayloadBinding.of(method("typed"), Handlers.class);
        TaskContext task = task("{\"orderId\":7,\"reason\":\"late\"}");

        assertThat(binding.kind()).isEqualTo(PayloadBinding.Kind.OBJECT);
        assertThat(binding.arguments(task, json)).containsExactly(new OrderCancelled(7, "late"), task);
    }

    @Test
    void bindsGenericPayloadTypes() {
        PayloadBinding binding = PayloadBinding.of(method("list"), Handlers.class);

        assertThat(binding.arguments(task("[{\"orderId\":1,\"reason\":\"a\"}]"), json)[0])
                .isEqualTo(List.of(new OrderCancelled(1, "a")));
    }

    @Test
    void bindsEventStringBytesAndContextAsIs() {
        TaskContext task = task("héllo");

        assertThat(PayloadBinding.of(method("event"), Handlers.class).arguments(task, json))
                .containsExactly(task.event());
        assertThat(PayloadBinding.of(method("string"), Handlers.class).arguments(task, json))
                .containsExactly("héllo");
        assertThat((byte[]) PayloadBinding.of(method("bytes"), Handlers.class).arguments(task, json)[0])
                .isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(PayloadBinding.of(method("contextOnly"), Handlers.class).arguments(task, json))
                .containsExactly(task);
    }

    @Test
    void aMalformedBodyDiscardsTheTaskWithTheReason() {
        PayloadBinding binding = PayloadBinding.of(method("typed"), Handlers.class);

        assertThatThrownBy(() -> binding.arguments(task("not json"), json))
                .isInstanceOf(DiscardException.class)
                .hasMessageContaining("cannot be read as " + OrderCancelled.class.getName())
                .hasMessageContaining("event 01TEST");
    }

    @Test
    void rejectsUnsupportedSignaturesNamingTheReason() {
        assertThatThrownBy(() -> PayloadBinding.of(method("none"), Handlers.class))
                .hasMessageContaining("takes 0 parameters");
        assertThatThrownBy(() -> PayloadBinding.of(method("three"), Handlers.class))
                .hasMessageContaining("takes 3 parameters");
        assertThatThrownBy(() -> PayloadBinding.of(method("secondNotContext"), Handlers.class))
                .hasMessageContaining("second parameter is java.lang.String");
        assertThatThrownBy(() -> PayloadBinding.of(method("contextFirst"), Handlers.class))
                .hasMessageContaining("must come after the payload");
        assertThatThrownBy(() -> PayloadBinding.of(method("async"), Handlers.class))
                .hasMessageContaining("asynchronous subscribers are not supported");
    }

    private static TaskContext task(String body) {
        Event event =
                new Event("01TEST", "order.cancelled", body.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.EPOCH);
        return new TaskContext("test", event, 1, 3);
    }

    private static Method method(String name) {
        for (Method method : ReflectionUtils.getDeclaredMethods(Handlers.class)) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }

    @SuppressWarnings("unused")
    static class Handlers {
        void typed(OrderCancelled payload, TaskContext task) {}

        void list(List<OrderCancelled> payload) {}

        void event(Event event) {}

        void string(String body) {}

        void bytes(byte[] body) {}

        void contextOnly(TaskContext task) {}

        void none() {}

        void three(String a, String b, String c) {}

        void secondNotContext(String a, String b) {}

        void contextFirst(TaskContext task, String body) {}

        CompletableFuture<Void> async(String body) {
            return null;
        }
    }
}

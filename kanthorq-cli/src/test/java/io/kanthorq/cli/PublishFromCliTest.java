package io.kanthorq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events published with {@code kanthorq pub} are handled by the engine like any other. */
class PublishFromCliTest extends CliTest {

    @Test
    void anEventPublishedWithTheCliIsHandledByTheEngine(@TempDir Path dir) throws Exception {
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("handler", STREAM)
                        .subjects("order.>")
                        .build());
        Map<String, Event> handled = new ConcurrentHashMap<>();
        kanthorq.startWorker("handler", task -> handled.put(task.event().id(), task.event()), fastOptions());

        Run fromArgument = cli(
                "pub",
                "--stream",
                STREAM,
                "--subject",
                "order.created",
                "--body",
                "{\"id\":1}",
                "--metadata",
                "source=cli",
                "--metadata",
                "tenant=acme");
        assertThat(fromArgument.exitCode()).isZero();
        String id = fromArgument.out().lines().skip(1).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.containsKey(id));
        Event event = handled.get(id);
        assertThat(event.subject()).isEqualTo("order.created");
        assertThat(event.bodyAsString()).isEqualTo("{\"id\":1}");
        assertThat(event.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("source", "cli", "tenant", "acme"));

        Path file = Files.write(dir.resolve("body.bin"), new byte[] {0, 1, 2, (byte) 0xff});
        Run fromFile = cli("pub", "--stream", STREAM, "--subject", "order.binary", "--file", file.toString(), "--json");
        assertThat(fromFile.exitCode()).isZero();
        String fileId = fromFile.jsonValue("ids").replace("[", "");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.containsKey(fileId));
        assertThat(handled.get(fileId).body()).containsExactly(0, 1, 2, 0xff);

        Run fromStdin = cliWithStdin(
                "piped body", "pub", "--stream", STREAM, "--subject", "order.piped", "-", "--count", "3", "--json");
        assertThat(fromStdin.exitCode()).isZero();
        assertThat(fromStdin.jsonValue("published")).isEqualTo("3");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> handled.values().stream()
                                .filter(e -> e.bodyAsString().equals("piped body"))
                                .count()
                        == 3);
        assertThat(handled).hasSize(5);
    }

    @Test
    void publishingToAStreamThatDoesNotExistFailsWithExitCodeOne() {
        Run run = cli("pub", "--stream", "nowhere", "--subject", "order.created", "--body", "x");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines().toList())
                .singleElement()
                .asString()
                .isEqualTo("kanthorq: stream 'nowhere' is not registered: declare it (or a consumer that reads it)"
                        + " before publishing");
        assertThat(run.out()).isEmpty();
        assertThat(List.of(
                        cli("stream", "create", "nowhere").exitCode(),
                        cli("pub", "--stream", "nowhere", "--subject", "order.created", "--body", "x")
                                .exitCode()))
                .containsExactly(0, 0);
    }
}

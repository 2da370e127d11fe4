package io.kanthorq.cli;

import io.kanthorq.core.Event;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.Subjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kanthorq pub}: publishes events, the body from an argument, a file or standard input. */
@Command(name = "pub", description = "Publish events to a stream (the stream must exist: stream create).")
final class PubCommand extends CliCommand {

    private static final int BATCH = 1000;
    private static final int IDS_SHOWN = 20;

    @Option(names = "--stream", required = true, converter = EntityName.Stream.class)
    String stream;

    @Option(names = "--subject", required = true, description = "dot-separated subject, e.g. order.created")
    String subject;

    @Option(names = "--body", description = "the body as text (UTF-8)")
    String body;

    @Option(names = "--file", description = "read the body from this file")
    Path file;

    @Parameters(arity = "0..1", paramLabel = "-", description = "read the body from standard input")
    String stdin;

    @Option(names = "--metadata", paramLabel = "<key=value>", description = "metadata entry, repeatable")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(
            names = "--key",
            description = "ordering key: consumers with ordering 'key' run one key's events one at a time")
    String key;

    @Option(
            names = "--idempotency-key",
            description = "publish at most once per key and stream: a key published before writes nothing"
                    + " and reports the first event")
    String idempotencyKey;

    @Option(
            names = "--delay",
            converter = Durations.class,
            description = "deliver this long after publishing (database clock), e.g. 30s, 5m")
    Duration delay;

    @Option(
            names = "--at",
            converter = PointInTime.class,
            description = "deliver at this time, e.g. 2026-12-24T18:00:00Z (a time in the past delivers at once)")
    Instant at;

    @Option(names = "--correlation-id", description = "the chain the event joins (opaque text, 1 to 128 characters)")
    String correlationId;

    @Option(
            names = "--count",
            defaultValue = "1",
            description = "publish the event this many times" + " (batches of 1000, each one statement)")
    int count;

    @Override
    void execute() throws IOException {
        Subjects.requireValid(subject);
        if (count < 1) {
            throw new UsageException("--count must be at least 1, got " + count);
        }
        if (delay != null && at != null) {
            throw new UsageException("give at most one of --delay and --at");
        }
        NewEvent event = new NewEvent(subject, body(), metadata, options());
        List<String> ids = new ArrayList<>();
        for (int published = 0; published < count; published += BATCH) {
            int size = Math.min(BATCH, count - published);
            List<NewEvent> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(event);
            }
            kanthorq().publisher().publishAll(stream, batch).stream()
                    .map(Event::id)
                    .forEach(ids::add);
        }
        StringBuilder text = new StringBuilder("published " + ids.size() + " event(s) to " + stream + ":");
        ids.stream().limit(IDS_SHOWN).forEach(id -> text.append('\n').append(id));
        if (ids.size() > IDS_SHOWN) {
            text.append("\n… ").append(ids.get(ids.size() - 1));
        }
        output().message(
                        text.toString(),
                        Output.fields("stream", stream, "subject", subject, "published", ids.size(), "ids", ids));
    }

    private PublishOptions options() {
        PublishOptions options = PublishOptions.DEFAULT;
        if (key != null) {
            options = options.withKey(key);
        }
        if (idempotencyKey != null) {
            options = options.withIdempotencyKey(idempotencyKey);
        }
        if (delay != null) {
            options = options.withDelay(delay);
        }
        if (at != null) {
            options = options.withDeliverAt(at);
        }
        if (correlationId != null) {
            options = options.withCorrelationId(correlationId);
        }
        return options;
    }

    private byte[] body() throws IOException {
        if (stdin != null && !stdin.equals("-")) {
            throw new UsageException("unexpected argument '" + stdin + "': the only argument is - (body from stdin)");
        }
        int sources = (body != null ? 1 : 0) + (file != null ? 1 : 0) + (stdin != null ? 1 : 0);
        if (sources != 1) {
            throw new UsageException("give the body with exactly one of --body <text>, --file <path> or - (stdin)");
        }
        if (body != null) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        if (file != null) {
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new UsageException("no such file: " + file);
            }
        }
        return cli().terminal().in().readAllBytes();
    }
}

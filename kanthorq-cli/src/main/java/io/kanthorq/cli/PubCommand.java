package io.kanthorq.cli;

import io.kanthorq.core.Event;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.Subjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        NewEvent event = new NewEvent(subject, body(), metadata);
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

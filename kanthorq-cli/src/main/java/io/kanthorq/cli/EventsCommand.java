package io.kanthorq.cli;

import io.kanthorq.core.Event;
import io.kanthorq.core.management.EventQuery;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kanthorq events}: events of a stream by publish time and subject, oldest first. */
@Command(
        name = "events",
        description = "Query events of a stream by publish time and subject, oldest first"
                + " (served by the stream's created_at index).")
final class EventsCommand extends CliCommand {

    private static final int PREVIEW = 60;

    @Option(names = "--stream", required = true, converter = EntityName.Stream.class)
    String stream;

    @Option(
            names = "--since",
            converter = PointInTime.class,
            description = "published at or after: ISO-8601 time or how long ago (15m, 2h, 7d)")
    Instant since;

    @Option(names = "--until", converter = PointInTime.class, description = "published before this time")
    Instant until;

    @Option(names = "--subject", paramLabel = "<filter>", description = "subject filter (* and > wildcards)")
    String subject;

    @Option(
            names = "--chain",
            paramLabel = "<correlation>",
            description = "only the events of this chain (a root event's id or an explicit correlation id), in"
                    + " publish order, with their causation")
    String chain;

    @Option(
            names = "--limit",
            defaultValue = "100",
            description = "most events shown, 1 to 10000 (default: ${DEFAULT-VALUE})")
    int limit;

    /** The fields of an event; the body as text when it is UTF-8, else as {@code bodyBase64}. */
    static Map<String, Object> fields(Event event) {
        Map<String, Object> fields = Output.fields(
                "id",
                event.id(),
                "subject",
                event.subject(),
                "createdAt",
                event.createdAt(),
                "metadata",
                event.metadata(),
                "orderingKey",
                event.orderingKey(),
                "correlationId",
                event.correlationId(),
                "causationId",
                event.causationId(),
                "bytes",
                event.body().length);
        String text = utf8(event.body());
        if (text != null) {
            fields.put("body", text);
        } else {
            fields.put("bodyBase64", Base64.getEncoder().encodeToString(event.body()));
        }
        return fields;
    }

    @Override
    void execute() {
        if (chain != null && (since != null || until != null || subject != null)) {
            throw new UsageException("--chain cannot be combined with --since, --until or --subject");
        }
        List<Event> events = chain != null
                ? management().chain(stream, chain).stream().limit(limit).toList()
                : management()
                        .events(
                                stream,
                                EventQuery.first(limit).between(since, until).withSubject(subject));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Event event : events) {
            Map<String, Object> row = fields(event);
            if (!output().json()) {
                String body = row.containsKey("body") ? (String) row.get("body") : "(binary)";
                row.put("body", body.length() > PREVIEW ? body.substring(0, PREVIEW) + "…" : body);
            }
            rows.add(row);
        }
        output().rows(
                        List.of(
                                Output.column("ID", "id"),
                                Output.column("CREATED", "createdAt"),
                                Output.column("SUBJECT", "subject"),
                                chain != null
                                        ? Output.column("CAUSED BY", "causationId")
                                        : Output.column("METADATA", "metadata"),
                                Output.column("BODY", "body")),
                        rows);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

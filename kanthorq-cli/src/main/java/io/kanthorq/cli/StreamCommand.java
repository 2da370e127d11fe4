package io.kanthorq.cli;

import io.kanthorq.core.management.StreamInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kanthorq stream ls|create}. */
@Command(
        name = "stream",
        description = "List and create streams.",
        subcommands = {StreamCommand.Ls.class, StreamCommand.Create.class})
final class StreamCommand {

    private StreamCommand() {}

    @Command(
            name = "ls",
            description = "List streams: events stored (~ marks an estimate, above 100000 events),"
                    + " oldest and newest event, consumers.")
    static final class Ls extends CliCommand {

        @Override
        void execute() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StreamInfo s : management().streams()) {
                Map<String, Object> row = Output.fields(
                        "stream",
                        s.name(),
                        "events",
                        s.eventCount(),
                        "eventsExact",
                        s.eventCountExact(),
                        "oldestEventAt",
                        s.oldestEventAt(),
                        "newestEventAt",
                        s.newestEventAt(),
                        "consumers",
                        s.consumers(),
                        "createdAt",
                        s.createdAt());
                if (!output().json()) {
                    row.put("events", (s.eventCountExact() ? "" : "~") + s.eventCount());
                }
                rows.add(row);
            }
            output().rows(
                            List.of(
                                    Output.column("STREAM", "stream"),
                                    Output.column("EVENTS", "events"),
                                    Output.column("OLDEST", "oldestEventAt"),
                                    Output.column("NEWEST", "newestEventAt"),
                                    Output.column("CONSUMERS", "consumers")),
                            rows);
        }
    }

    @Command(name = "create", description = "Create streams (idempotent): the table and its registry row.")
    static final class Create extends CliCommand {

        @Parameters(
                arity = "1..*",
                paramLabel = "<stream>",
                converter = EntityName.Stream.class,
                description = "stream names (^[a-z][a-z0-9_]{0,44}$)")
        List<String> names;

        @Override
        void execute() throws InterruptedException {
            for (String name : names) {
                kanthorq().registrar().registerStream(name);
            }
            awaitLayoutUpgrades();
            output().message("stream(s) " + String.join(", ", names) + " ready", Output.fields("streams", names));
        }
    }
}

package io.kanthorq.cli;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.OnDiscard;
import io.kanthorq.core.Ordering;
import io.kanthorq.core.StartFrom;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.ConsumerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kanthorq consumer ls|create|describe|pause|resume|replay|rm}. */
@Command(
        name = "consumer",
        description = "List, create, describe, pause, resume, replay and remove consumers.",
        subcommands = {
            ConsumerCommand.Ls.class,
            ConsumerCommand.Create.class,
            ConsumerCommand.Describe.class,
            ConsumerCommand.Pause.class,
            ConsumerCommand.Resume.class,
            ConsumerCommand.Replay.class,
            ConsumerCommand.Remove.class
        })
final class ConsumerCommand {

    private ConsumerCommand() {}

    /** The fields of a consumer, for tables and JSON. */
    static Map<String, Object> fields(ConsumerInfo c) {
        Map<String, Long> tasks = new LinkedHashMap<>();
        for (TaskState state : TaskState.values()) {
            tasks.put(state.name().toLowerCase(Locale.ROOT), c.tasks(state));
        }
        return Output.fields(
                "consumer",
                c.name(),
                "stream",
                c.stream(),
                "status",
                c.paused() ? "paused" : "active",
                "subjects",
                c.subjects(),
                "excludeSubjects",
                c.excludeSubjects(),
                "lag",
                c.lag(),
                "eventsNotMoved",
                c.eventsNotMoved(),
                "ready",
                c.ready(),
                "pending",
                c.tasks(TaskState.PENDING),
                "scheduled",
                c.scheduled(),
                "running",
                c.tasks(TaskState.RUNNING),
                "retryable",
                c.tasks(TaskState.RETRYABLE),
                "discarded",
                c.tasks(TaskState.DISCARDED),
                "completed",
                c.tasks(TaskState.COMPLETED),
                "completedExact",
                c.completedCountExact(),
                "tasks",
                tasks,
                "oldestReadyAgeMs",
                c.oldestReadyAge() == null ? null : c.oldestReadyAge().toMillis(),
                "oldestReadyAge",
                c.oldestReadyAge(),
                "cursor",
                c.cursor(),
                "window",
                c.window(),
                "ordering",
                c.ordering().code(),
                "onDiscard",
                c.onDiscard().code(),
                "attemptMax",
                c.attemptMax(),
                "visibilityTimeoutMs",
                c.visibilityTimeout().toMillis(),
                "backoffInitialMs",
                c.backoff().initial().toMillis(),
                "backoffMultiplier",
                c.backoff().multiplier(),
                "backoffMaxMs",
                c.backoff().max().toMillis(),
                "createdAt",
                c.createdAt(),
                "updatedAt",
                c.updatedAt());
    }

    @Command(
            name = "ls",
            description = "List consumers with their lag: LAG = events not yet moved (UNMOVED) + tasks"
                    + " ready or running; 0 means caught up.")
    static final class Ls extends CliCommand {

        @Override
        void execute() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ConsumerInfo c : management().consumers()) {
                Map<String, Object> row = fields(c);
                if (output().json()) {
                    row.remove("oldestReadyAge");
                }
                rows.add(row);
            }
            output().rows(
                            List.of(
                                    Output.column("CONSUMER", "consumer"),
                                    Output.column("STREAM", "stream"),
                                    Output.column("STATUS", "status"),
                                    Output.column("LAG", "lag"),
                                    Output.column("UNMOVED", "eventsNotMoved"),
                                    Output.column("READY", "ready"),
                                    Output.column("RUNNING", "running"),
                                    Output.column("DISCARDED", "discarded"),
                                    Output.column("COMPLETED", "completed"),
                                    Output.column("OLDEST READY", "oldestReadyAge")),
                            rows);
        }
    }

    @Command(name = "describe", description = "Show a consumer: settings, cursor, lag and tasks per state.")
    static final class Describe extends CliCommand {

        @Parameters(paramLabel = "<consumer>", converter = EntityName.Consumer.class)
        String name;

        @Override
        void execute() {
            ConsumerInfo c = management()
                    .consumer(name)
                    .orElseThrow(() -> new NotFoundException("consumer '" + name + "' is not registered"));
            Map<String, Object> fields = fields(c);
            if (output().json()) {
                fields.remove("oldestReadyAge");
            } else {
                fields.keySet()
                        .removeAll(List.of(
                                "oldestReadyAgeMs",
                                "ready",
                                "pending",
                                "running",
                                "retryable",
                                "discarded",
                                "completed",
                                "completedExact",
                                "visibilityTimeoutMs",
                                "backoffInitialMs",
                                "backoffMultiplier",
                                "backoffMaxMs"));
                fields.put("visibilityTimeout", c.visibilityTimeout());
                fields.put(
                        "backoff",
                        Durations.format(c.backoff().initial()) + " x"
                                + c.backoff().multiplier() + " up to "
                                + Durations.format(c.backoff().max()));
                if (!c.completedCountExact()) {
                    fields.put("note", "the Completed count is an estimate");
                }
            }
            output().object(fields);
        }
    }

    @Command(
            name = "create",
            description = "Register a consumer (and its stream when missing). Refuses an existing"
                    + " consumer unless --update, which applies the given settings and keeps its position.")
    static final class Create extends CliCommand {

        @Parameters(paramLabel = "<consumer>", description = "consumer name (^[a-z][a-z0-9_]{0,44}$)")
        String name;

        @Option(
                names = "--stream",
                required = true,
                converter = EntityName.Stream.class,
                description = "the stream it reads")
        String stream;

        @Option(
                names = "--subject",
                paramLabel = "<filter>",
                description = "subject filter, repeatable (* one token, > trailing tokens; default: every subject)")
        List<String> subjects = new ArrayList<>();

        @Option(names = "--exclude", paramLabel = "<filter>", description = "subject filter to skip, repeatable")
        List<String> excludes = new ArrayList<>();

        @Option(
                names = "--attempt-max",
                defaultValue = "16",
                description = "attempts before Discarded (default: ${DEFAULT-VALUE})")
        int attemptMax;

        @Option(
                names = "--visibility-timeout",
                defaultValue = "5m",
                converter = Durations.class,
                description = "lease of a claimed task (default: ${DEFAULT-VALUE})")
        Duration visibilityTimeout;

        @Option(
                names = "--backoff-initial",
                defaultValue = "1s",
                converter = Durations.class,
                description = "delay after the first failure (default: ${DEFAULT-VALUE})")
        Duration backoffInitial;

        @Option(names = "--backoff-multiplier", defaultValue = "2.0", description = "default: ${DEFAULT-VALUE}")
        double backoffMultiplier;

        @Option(
                names = "--backoff-max",
                defaultValue = "1h",
                converter = Durations.class,
                description = "longest delay (default: ${DEFAULT-VALUE})")
        Duration backoffMax;

        @Option(
                names = "--start-from",
                defaultValue = "earliest",
                description = "where a new consumer begins: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        StartFrom startFrom;

        @Option(
                names = "--ordering",
                defaultValue = "none",
                converter = OrderingOption.class,
                description = "none, or key: one ordering key's tasks one at a time, in delivery order"
                        + " (default: ${DEFAULT-VALUE})")
        Ordering ordering;

        @Option(
                names = "--on-discard",
                defaultValue = "block",
                converter = OnDiscardOption.class,
                description = "with --ordering key, what a Discarded task does to its key: block or continue"
                        + " (default: ${DEFAULT-VALUE})")
        OnDiscard onDiscard;

        @Option(names = "--update", description = "update an existing consumer's settings")
        boolean update;

        @Override
        void execute() throws InterruptedException {
            ConsumerDefinition definition = ConsumerDefinition.builder(name, stream)
                    .subjects(subjects)
                    .excludeSubjects(excludes)
                    .attemptMax(attemptMax)
                    .visibilityTimeout(visibilityTimeout)
                    .backoff(new Backoff(backoffInitial, backoffMultiplier, backoffMax))
                    .startFrom(startFrom)
                    .ordering(ordering)
                    .onDiscard(onDiscard)
                    .build();
            boolean exists = management().consumer(name).isPresent();
            if (exists && !update) {
                throw new UsageException("consumer '" + name + "' already exists: add --update to change its settings"
                        + " (every unset option takes its default)");
            }
            kanthorq().registrar().registerConsumer(definition);
            awaitLayoutUpgrades();
            output().message(
                            (exists ? "updated" : "created") + " consumer " + name + " on stream " + stream,
                            Output.fields("consumer", name, "stream", stream, "created", !exists));
        }
    }

    @Command(
            name = "pause",
            description = "Pause a consumer in every instance: nothing is moved or claimed until it"
                    + " is resumed (running handlers finish).")
    static final class Pause extends CliCommand {

        @Parameters(paramLabel = "<consumer>", converter = EntityName.Consumer.class)
        String name;

        @Override
        void execute() {
            management().pause(name);
            output().message("paused consumer " + name, Output.fields("consumer", name, "status", "paused"));
        }
    }

    @Command(name = "resume", description = "Resume a paused consumer (its workers wake at once).")
    static final class Resume extends CliCommand {

        @Parameters(paramLabel = "<consumer>", converter = EntityName.Consumer.class)
        String name;

        @Override
        void execute() {
            management().resume(name);
            output().message("resumed consumer " + name, Output.fields("consumer", name, "status", "active"));
        }
    }

    @Command(
            name = "replay",
            description =
                    "Deliver again every event published since a time that the consumer's"
                            + " subjects select: their tasks become Available with attempts reset (Running ones are left alone).")
    static final class Replay extends CliCommand {

        @Parameters(paramLabel = "<consumer>", converter = EntityName.Consumer.class)
        String name;

        @Option(
                names = "--since",
                required = true,
                converter = PointInTime.class,
                description = "ISO-8601 time (2025-06-01T10:00:00Z) or how long ago (15m, 2h, 7d)")
        Instant since;

        @Override
        void execute() {
            long queued = management().replayFrom(name, since);
            output().message(
                            "queued " + queued + " task(s) of consumer " + name + " for events since "
                                    + Output.text(since),
                            Output.fields("consumer", name, "since", since, "queued", queued));
        }
    }

    @Command(
            name = "rm",
            description = "Remove a consumer: drop its task table (every task) and its registry row."
                    + " Stop its workers first. A removed consumer no longer holds stream retention back.")
    static final class Remove extends CliCommand {

        @Parameters(paramLabel = "<consumer>", converter = EntityName.Consumer.class)
        String name;

        @Option(names = "--yes", description = "confirm: the consumer's tasks are deleted")
        boolean yes;

        @Override
        void execute() {
            if (!yes) {
                throw new UsageException(
                        "removing consumer '" + name + "' deletes all its tasks: add --yes to confirm");
            }
            management().removeConsumer(name);
            output().message("removed consumer " + name, Output.fields("consumer", name, "removed", true));
        }
    }

    /** {@code none} or {@code key}, as the YAML property spells it. */
    static final class OrderingOption implements CommandLine.ITypeConverter<Ordering> {
        @Override
        public Ordering convert(String value) {
            return byCode(Ordering.values(), Ordering::code, value);
        }
    }

    /** {@code block} or {@code continue}, as the YAML property spells it. */
    static final class OnDiscardOption implements CommandLine.ITypeConverter<OnDiscard> {
        @Override
        public OnDiscard convert(String value) {
            return byCode(OnDiscard.values(), OnDiscard::code, value);
        }
    }

    /** The constant of {@code values} whose {@code code} is {@code value}; else a message naming the choices. */
    private static <E> E byCode(E[] values, java.util.function.Function<E, String> code, String value) {
        for (E candidate : values) {
            if (code.apply(candidate).equals(value)) {
                return candidate;
            }
        }
        throw new CommandLine.TypeConversionException(
                "expected one of " + java.util.Arrays.stream(values).map(code).toList() + ", got '" + value + "'");
    }
}

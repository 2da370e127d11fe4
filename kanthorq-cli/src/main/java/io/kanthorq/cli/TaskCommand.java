package io.kanthorq.cli;

import io.kanthorq.core.Event;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.TaskDetail;
import io.kanthorq.core.management.TaskFilter;
import io.kanthorq.core.management.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kanthorq task ls|show|redrive|cancel}. */
@Command(
        name = "task",
        description = "Inspect, redrive and cancel tasks of a consumer.",
        subcommands = {TaskCommand.Ls.class, TaskCommand.Show.class, TaskCommand.Redrive.class, TaskCommand.Cancel.class
        })
final class TaskCommand {

    private TaskCommand() {}

    static Map<String, Object> fields(TaskRecord t) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (TaskRecord.AttemptError e : t.errors()) {
            errors.add(Output.fields(
                    "attempt",
                    e.attempt(),
                    "at",
                    e.at(),
                    "message",
                    e.message(),
                    "exception",
                    e.exception(),
                    "stack",
                    e.stack()));
        }
        TaskRecord.AttemptError last =
                t.errors().isEmpty() ? null : t.errors().get(t.errors().size() - 1);
        return Output.fields(
                "eventId",
                t.eventId(),
                "subject",
                t.subject(),
                "state",
                t.state(),
                "attempts",
                t.attemptCount(),
                "scheduleAt",
                t.scheduleAt(),
                "attemptedAt",
                t.attemptedAt(),
                "finalizedAt",
                t.finalizedAt(),
                "createdAt",
                t.createdAt(),
                "updatedAt",
                t.updatedAt(),
                "lastError",
                last == null ? null : last.message(),
                "errors",
                errors);
    }

    @Command(name = "ls", description = "List tasks in one state, most recently changed first.")
    static final class Ls extends CliCommand {

        @Option(names = "--consumer", required = true, converter = EntityName.Consumer.class)
        String consumer;

        @Option(
                names = "--state",
                defaultValue = "discarded",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        TaskState state;

        @Option(names = "--subject", paramLabel = "<filter>", description = "subject filter (* and > wildcards)")
        String subject;

        @Option(names = "--since", converter = PointInTime.class, description = "changed at or after this time")
        Instant since;

        @Option(
                names = "--limit",
                defaultValue = "50",
                description = "most tasks shown, 1 to 1000 (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        void execute() {
            if (limit < 1 || limit > 1000) {
                throw new UsageException("--limit must be between 1 and 1000, got " + limit);
            }
            TaskFilter filter = TaskFilter.of(state).withSubject(subject).withUpdated(since, null);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (TaskRecord task : management().tasks(consumer, filter, limit, null)) {
                Map<String, Object> row = fields(task);
                if (!output().json()) {
                    row.remove("errors");
                }
                rows.add(row);
            }
            output().rows(
                            List.of(
                                    Output.column("EVENT ID", "eventId"),
                                    Output.column("SUBJECT", "subject"),
                                    Output.column("STATE", "state"),
                                    Output.column("ATTEMPTS", "attempts"),
                                    Output.column("UPDATED", "updatedAt"),
                                    Output.column("LAST ERROR", "lastError")),
                            rows);
        }
    }

    @Command(name = "show", description = "Show a task with its error history and its event.")
    static final class Show extends CliCommand {

        @Option(names = "--consumer", required = true, converter = EntityName.Consumer.class)
        String consumer;

        @Parameters(paramLabel = "<event-id>")
        String eventId;

        @Override
        void execute() {
            TaskDetail detail = management()
                    .task(consumer, eventId)
                    .orElseThrow(() ->
                            new NotFoundException("consumer '" + consumer + "' has no task for event " + eventId));
            Map<String, Object> fields = fields(detail.task());
            Event event = detail.event();
            Map<String, Object> eventFields = event == null ? null : EventsCommand.fields(event);
            if (output().json()) {
                fields.put("event", eventFields);
                output().object(fields);
                return;
            }
            List<Map<String, Object>> errors = detail.task().errors().stream()
                    .map(e -> Output.fields(
                            "attempt",
                            e.attempt(),
                            "at",
                            e.at(),
                            "exception",
                            e.exception(),
                            "message",
                            e.message(),
                            "stack",
                            e.stack()))
                    .toList();
            fields.remove("errors");
            fields.remove("lastError");
            output().object(fields);
            if (event == null) {
                output().text("event:       no longer in the stream (removed by retention)");
            } else {
                output().text("event:");
                output().object(Output.fields("  metadata", event.metadata(), "  body", event.bodyAsString()));
            }
            output().text("errors:" + (errors.isEmpty() ? "      none" : ""));
            for (Map<String, Object> error : errors) {
                output().text("  #" + error.get("attempt") + " " + Output.text(error.get("at")) + " "
                        + error.get("exception") + ": " + error.get("message"));
                Object stack = error.get("stack");
                if (stack != null && cli().verbose) {
                    stack.toString().lines().forEach(line -> output().text("      " + line));
                }
            }
        }
    }

    @Command(
            name = "redrive",
            description = "Make Discarded (or Cancelled) tasks Available again with attempts reset:"
                    + " given ones, those a filter selects, or --all.")
    static final class Redrive extends CliCommand {

        @Option(names = "--consumer", required = true, converter = EntityName.Consumer.class)
        String consumer;

        @Parameters(arity = "0..*", paramLabel = "<event-id>", description = "tasks to redrive")
        List<String> eventIds = new ArrayList<>();

        @Option(
                names = "--state",
                defaultValue = "discarded",
                description = "state redriven by --all or a filter: discarded or cancelled (default: ${DEFAULT-VALUE})")
        TaskState state;

        @Option(names = "--subject", paramLabel = "<filter>", description = "only subjects matching this filter")
        String subject;

        @Option(
                names = "--since",
                converter = PointInTime.class,
                description = "only tasks changed at or after this time")
        Instant since;

        @Option(names = "--until", converter = PointInTime.class, description = "only tasks changed before this time")
        Instant until;

        @Option(names = "--all", description = "every task in --state")
        boolean all;

        @Override
        void execute() {
            boolean filtered = subject != null || since != null || until != null;
            int modes = (eventIds.isEmpty() ? 0 : 1) + (filtered ? 1 : 0) + (all ? 1 : 0);
            if (modes != 1) {
                throw new UsageException(
                        "give exactly one of: event ids, a filter (--subject/--since/--until) or --all");
            }
            if (state != TaskState.DISCARDED && state != TaskState.CANCELLED) {
                throw new UsageException("only discarded or cancelled tasks can be redriven, not " + state);
            }
            int redriven;
            if (!eventIds.isEmpty()) {
                redriven = management().redrive(consumer, eventIds);
            } else if (all) {
                redriven = management().redriveAll(consumer, state);
            } else {
                redriven = management()
                        .redrive(
                                consumer,
                                TaskFilter.of(state).withSubject(subject).withUpdated(since, until));
            }
            output().message(
                            "redrove " + redriven + " task(s) of consumer " + consumer,
                            Output.fields("consumer", consumer, "redriven", redriven));
        }
    }

    @Command(name = "cancel", description = "Cancel Pending, Available or Retryable tasks (redrive brings them back).")
    static final class Cancel extends CliCommand {

        @Option(names = "--consumer", required = true, converter = EntityName.Consumer.class)
        String consumer;

        @Parameters(arity = "1..*", paramLabel = "<event-id>")
        List<String> eventIds;

        @Override
        void execute() {
            int cancelled = management().cancel(consumer, eventIds);
            output().message(
                            "cancelled " + cancelled + " task(s) of consumer " + consumer,
                            Output.fields("consumer", consumer, "cancelled", cancelled));
        }
    }
}

package io.kanthorq.cli;

import io.kanthorq.core.TaskState;
import io.kanthorq.core.retention.RetentionPolicy;
import io.kanthorq.core.retention.RetentionReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kanthorq retention run}: one retention pass now. */
@Command(
        name = "retention",
        description = "Delete old finished tasks and old events nothing needs any more.",
        subcommands = RetentionCommand.Run.class)
final class RetentionCommand {

    private RetentionCommand() {}

    @Command(
            name = "run",
            description = "Run one retention pass now (skipped when another instance runs one)."
                    + " Only what an option names is deleted.")
    static final class Run extends CliCommand {

        @Option(
                names = "--completed-tasks",
                paramLabel = "<age>",
                converter = Durations.class,
                description = "delete Completed and Cancelled tasks older than this (e.g. 7d)")
        Duration completedTasks;

        @Option(
                names = "--discarded-tasks",
                paramLabel = "<age>",
                converter = Durations.class,
                description = "delete Discarded tasks older than this (e.g. 30d)")
        Duration discardedTasks;

        @Option(
                names = "--events",
                paramLabel = "<age>",
                converter = Durations.class,
                description = "delete events older than this that every consumer moved past and whose tasks are all"
                        + " Completed (e.g. 30d)")
        Duration events;

        @Option(
                names = "--batch-size",
                defaultValue = "1000",
                description = "rows per statement (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Override
        void execute() {
            RetentionPolicy policy = new RetentionPolicy(completedTasks, discardedTasks, events, batchSize);
            if (!policy.enabled()) {
                throw new UsageException(
                        "nothing to delete: give --completed-tasks, --discarded-tasks and/or --events");
            }
            RetentionReport report = kanthorq().retention().run(policy);
            if (report.skipped()) {
                output().message(
                                "skipped: another instance is running a retention pass",
                                Output.fields("skipped", true));
                return;
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            report.tasksRemoved()
                    .forEach((consumer, counts) -> rows.add(Output.fields(
                            "kind",
                            "consumer",
                            "name",
                            consumer,
                            "completed",
                            counts.get(TaskState.COMPLETED),
                            "cancelled",
                            counts.get(TaskState.CANCELLED),
                            "discarded",
                            counts.get(TaskState.DISCARDED),
                            "events",
                            null))); // null: not part of the policy
            report.eventsRemoved()
                    .forEach((stream, count) -> rows.add(Output.fields(
                            "kind",
                            "stream",
                            "name",
                            stream,
                            "completed",
                            null,
                            "cancelled",
                            null,
                            "discarded",
                            null,
                            "events",
                            count)));
            rows.sort(Comparator.comparing(row -> row.get("kind") + ":" + row.get("name")));
            if (output().json()) {
                output().object(Output.fields(
                        "skipped",
                        false,
                        "tookMs",
                        report.took().toMillis(),
                        "tasksRemoved",
                        report.totalTasksRemoved(),
                        "eventsRemoved",
                        report.totalEventsRemoved(),
                        "removed",
                        rows));
                return;
            }
            output().rows(
                            List.of(
                                    Output.column("KIND", "kind"),
                                    Output.column("NAME", "name"),
                                    Output.column("COMPLETED", "completed"),
                                    Output.column("CANCELLED", "cancelled"),
                                    Output.column("DISCARDED", "discarded"),
                                    Output.column("EVENTS", "events")),
                            rows);
            output().text("removed " + report.totalTasksRemoved() + " task(s) and " + report.totalEventsRemoved()
                    + " event(s) in " + Durations.format(report.took()));
        }
    }
}

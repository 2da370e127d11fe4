package io.kanthorq.cli;

import io.kanthorq.core.management.ScheduleInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code kanthorq schedule ls}: the recurring events registered by applications. */
@Command(
        name = "schedule",
        description = "List the schedules of recurring events (declared by applications under kanthorq.schedules).",
        subcommands = {ScheduleCommand.Ls.class})
final class ScheduleCommand {

    private ScheduleCommand() {}

    @Command(name = "ls", description = "List schedules: trigger, last tick published, its event, next tick.")
    static final class Ls extends CliCommand {

        @Override
        void execute() {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ScheduleInfo s : management().schedules()) {
                rows.add(Output.fields(
                        "schedule",
                        s.name(),
                        "stream",
                        s.stream(),
                        "subject",
                        s.subject(),
                        "trigger",
                        s.trigger(),
                        "lastTickAt",
                        s.lastTickAt(),
                        "lastEventId",
                        s.lastEventId(),
                        "nextTickAt",
                        s.nextTickAt()));
            }
            output().rows(
                            List.of(
                                    Output.column("SCHEDULE", "schedule"),
                                    Output.column("STREAM", "stream"),
                                    Output.column("SUBJECT", "subject"),
                                    Output.column("TRIGGER", "trigger"),
                                    Output.column("LAST TICK", "lastTickAt"),
                                    Output.column("NEXT TICK", "nextTickAt")),
                            rows);
        }
    }
}

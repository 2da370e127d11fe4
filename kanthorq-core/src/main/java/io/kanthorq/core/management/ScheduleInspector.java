package io.kanthorq.core.management;

import io.kanthorq.core.internal.Jdbc;
import java.util.List;

/** Reads the registered schedules of recurring events. */
final class ScheduleInspector {

    private static final String SCHEDULES = """
            SELECT name, stream_name, subject, trigger, last_tick_at, last_event_id, next_tick_at, created_at,
                   updated_at
            FROM kanthorq_schedule_registry
            ORDER BY name
            """;

    private final Jdbc jdbc;

    ScheduleInspector(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    List<ScheduleInfo> schedules() {
        return jdbc.detachedStatement(
                "list schedules",
                connection -> Jdbc.query(
                        connection,
                        SCHEDULES,
                        rs -> new ScheduleInfo(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                TaskOperations.instant(Jdbc.getLong(rs, 5)),
                                rs.getString(6),
                                TaskOperations.instant(Jdbc.getLong(rs, 7)),
                                TaskOperations.instant(Jdbc.getLong(rs, 8)),
                                TaskOperations.instant(Jdbc.getLong(rs, 9)))));
    }
}

package io.kanthorq.core.schedule;

import io.kanthorq.core.Names;
import io.kanthorq.core.Subjects;
import java.util.Objects;

/**
 * A recurring event: at every tick of {@code trigger}, one event of {@code subject} on {@code stream},
 * published once across all instances that run the schedule.
 *
 * @param name    schedule name ({@code ^[a-z][a-z0-9_]{0,44}$})
 * @param stream  the stream the events go to
 * @param subject the events' subject
 * @param body    the events' body; null for the default, {@code {"schedule":"<name>","tick":"<instant>"}}
 * @param trigger when the ticks are
 */
public record ScheduleDefinition(String name, String stream, String subject, byte[] body, Trigger trigger) {

    /** Validates the names and the subject; errors name the schedule and the bad value. */
    public ScheduleDefinition {
        Names.requireValid("schedule", name);
        Names.requireValid("stream", stream);
        Subjects.requireValid(subject);
        Objects.requireNonNull(trigger, "trigger");
    }
}

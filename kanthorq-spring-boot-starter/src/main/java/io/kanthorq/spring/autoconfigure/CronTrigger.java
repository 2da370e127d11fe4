package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.schedule.Trigger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/** A core {@link Trigger} from a Spring cron expression read in a fixed time zone. */
final class CronTrigger implements Trigger {

    private final String expression;
    private final CronExpression cron;
    private final ZoneId zone;

    /** Parses {@code expression}; a bad one fails with Spring's message naming the field at fault. */
    CronTrigger(String expression, ZoneId zone) {
        this.expression = expression;
        this.cron = CronExpression.parse(expression);
        this.zone = zone;
    }

    @Override
    public Instant next(Instant time) {
        ZonedDateTime next = cron.next(time.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    @Override
    public String description() {
        return "cron " + expression + " in " + zone.getId();
    }
}

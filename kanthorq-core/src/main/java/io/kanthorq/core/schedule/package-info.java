/**
 * Recurring events: a {@link io.kanthorq.core.schedule.ScheduleDefinition} names a stream, a subject and
 * a {@link io.kanthorq.core.schedule.Trigger}; {@link io.kanthorq.core.Kanthorq#startSchedules} runs them
 * with a {@link io.kanthorq.core.schedule.RecurringPublisher}, which publishes one event per tick across
 * every instance. Applications use the definition, the trigger and the publisher's metadata keys.
 */
package io.kanthorq.core.schedule;

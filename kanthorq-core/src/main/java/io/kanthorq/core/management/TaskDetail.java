package io.kanthorq.core.management;

import io.kanthorq.core.Event;

/**
 * A task with the event it handles, for inspection.
 *
 * @param task  the task with its error history
 * @param event the event, or null when it is no longer in the stream (removed by retention)
 */
public record TaskDetail(TaskRecord task, Event event) {}

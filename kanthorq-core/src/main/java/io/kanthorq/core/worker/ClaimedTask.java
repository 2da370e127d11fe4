package io.kanthorq.core.worker;

import io.kanthorq.core.TaskContext;

/**
 * A task a worker claimed: the fencing token ({@code claim}) must accompany every acknowledgement.
 *
 * @param context             what the handler sees
 * @param claim               the claim token set by this claim
 * @param visibilityTimeoutMs the lease length at claim time
 * @param eventMissing        whether the event is no longer in the stream (nothing to hand over)
 */
record ClaimedTask(TaskContext context, long claim, long visibilityTimeoutMs, boolean eventMissing) {

    String eventId() {
        return context.event().id();
    }
}

package io.kanthorq.core;

/** The states of a consumer task, with the fixed codes stored in the {@code state} column. */
public enum TaskState {
    /** Attempts exhausted or discarded by the handler: the dead-letter set. */
    DISCARDED(-102),
    /** Cancelled by an operator before it ran to completion. */
    CANCELLED(-101),
    /** Waiting behind its ordering key's head (consumers ordered by key); promoted when the head finishes. */
    PENDING(0),
    /** Ready to be claimed once {@code schedule_at} has passed. */
    AVAILABLE(1),
    /** Claimed by a worker; {@code schedule_at} holds the lease deadline. */
    RUNNING(2),
    /** Handled successfully. */
    COMPLETED(101),
    /** Failed, waiting for its next attempt at {@code schedule_at}. */
    RETRYABLE(102);

    private final short code;

    TaskState(int code) {
        this.code = (short) code;
    }

    /** The code stored in the database. */
    public short code() {
        return code;
    }

    /** The state for a stored code. */
    public static TaskState fromCode(int code) {
        for (TaskState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown task state code " + code);
    }
}

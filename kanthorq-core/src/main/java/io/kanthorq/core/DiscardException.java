package io.kanthorq.core;

/**
 * Thrown by a handler to discard its task at once (dead-letter it) whatever attempts remain, for
 * input that can never succeed. The message and cause are recorded in the task's error history.
 */
public class DiscardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Discards the task, recording {@code message}. */
    public DiscardException(String message) {
        super(message);
    }

    /** Discards the task, recording {@code message} and {@code cause}. */
    public DiscardException(String message, Throwable cause) {
        super(message, cause);
    }
}

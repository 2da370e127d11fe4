package io.kanthorq.core.worker;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Builds the record of a failed attempt that {@link TaskFinisher} writes into a task's error history:
 * the message (the exception's text when it has no message), the exception class and a short stack,
 * each cut to a size that keeps the history small and free of characters PostgreSQL text cannot hold.
 */
final class FailedAttempt {

    private static final int STACK_FRAMES = 12;
    private static final int MAX_TEXT = 4000;

    private FailedAttempt() {}

    /**
     * The failure of {@code task}: {@code discard} ends it at once, {@code delayMs} (null: the
     * consumer's backoff) schedules the next attempt.
     */
    static TaskFinisher.Failure of(ClaimedTask task, boolean discard, Long delayMs, Throwable error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        return new TaskFinisher.Failure(
                task, discard, delayMs, truncate(message), error.getClass().getName(), shortStack(error));
    }

    static String shortStack(Throwable error) {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        writer.println(error);
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
            writer.println("\tat " + frames[i]);
        }
        if (frames.length > STACK_FRAMES) {
            writer.println("\t... " + (frames.length - STACK_FRAMES) + " more");
        }
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            writer.println("Caused by: " + cause);
        }
        writer.flush();
        return truncate(out.toString());
    }

    static String truncate(String text) {
        // PostgreSQL text cannot hold NUL characters
        String clean = text.replace('\0', ' ');
        return clean.length() <= MAX_TEXT ? clean : clean.substring(0, MAX_TEXT) + "…";
    }
}

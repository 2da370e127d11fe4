package io.kanthorq.core;

/** What a Discarded task of a consumer with {@link Ordering#KEY} does to the tasks of its key behind it. */
public enum OnDiscard {
    /**
     * The tasks behind it wait until the Discarded task is redriven (it runs again, still ahead of them)
     * or cancelled (they go on). The default: an ordered consumer exists because a later event of a key
     * must not be handled before an earlier one, and skipping a dead letter silently would do just that.
     */
    BLOCK,
    /** The next task of the key runs; the Discarded one stays a dead letter (a redrive runs it out of order). */
    CONTINUE;

    /** The registry's spelling ({@code block}, {@code continue}). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.kanthorq.core;

/**
 * How a consumer orders its tasks. The setting lives in the consumer registry and applies to tasks
 * the mover creates after it changed; tasks that exist keep the order they were created with.
 */
public enum Ordering {
    /** Tasks run in parallel, in no guaranteed order (the default). */
    NONE,
    /**
     * Tasks of one ordering key run one at a time, in the order the stream delivered them (the mover's
     * order: transaction visibility, then id); tasks of different keys run in parallel across threads
     * and instances. An event without a key is its own key. A failing task holds its key through its
     * retries; what a Discarded one does is {@link OnDiscard}.
     */
    KEY;

    /** The registry's spelling ({@code none}, {@code key}). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

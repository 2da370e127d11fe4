package io.kanthorq.core;

/** Where a new consumer begins in its stream. Only used when the consumer is first registered. */
public enum StartFrom {
    /** Every event of the stream, including those published before the consumer existed. */
    EARLIEST,
    /** Only events whose transactions commit after the consumer is registered. */
    LATEST
}

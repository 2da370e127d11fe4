package io.kanthorq.spring.support;

/** Told about published events once they are committed (for metrics). Must be fast and must not throw. */
public interface PublishListener {

    /** No-op listener. */
    PublishListener NONE = (stream, count) -> {};

    /** {@code count} events were published to {@code stream} and committed. */
    void published(String stream, int count);
}

package io.kanthorq.core.internal;

import java.sql.Connection;

/**
 * How the publisher tells its own engine's workers about what it commits, so that they start at
 * once rather than when the notification has made its trip through the server. Implemented by the
 * worker room; the publisher calls it only for statements that commit on their own (auto-commit).
 */
public interface LocalPublishes {

    /** For an engine without workers. */
    LocalPublishes NONE = new LocalPublishes() {
        @Override
        public int starting(Connection connection, String stream) {
            return 0;
        }

        @Override
        public void finished(int started, String stream, boolean committed) {}
    };

    /**
     * Before a publish statement on {@code stream} runs in auto-commit on {@code connection}; returns
     * what to pass to {@link #finished}.
     */
    int starting(Connection connection, String stream);

    /** After it: {@code committed} when the statement succeeded. Wakes the workers of {@code stream}. */
    void finished(int started, String stream, boolean committed);
}

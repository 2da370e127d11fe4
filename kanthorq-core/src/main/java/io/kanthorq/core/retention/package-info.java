/**
 * Retention: deleting old finished tasks and old events nothing needs any more, by a
 * {@link io.kanthorq.core.retention.RetentionPolicy}, once ({@link io.kanthorq.core.retention.Retention},
 * reached through {@link io.kanthorq.core.Kanthorq#retention()}) or periodically
 * ({@link io.kanthorq.core.retention.RetentionScheduler}); a pass answers with a
 * {@link io.kanthorq.core.retention.RetentionReport}. The delete statements behind it are
 * package-private. Off unless asked for: streams are kept until they are removed.
 */
package io.kanthorq.core.retention;

package io.kanthorq.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The persistent settings of a consumer: its stream, subject filters and retry policy.
 * Re-registering a consumer with other settings updates them (the cursor never changes); changing
 * its stream is rejected.
 *
 * @param name              consumer name ({@code ^[a-z][a-z0-9_]{0,44}$})
 * @param stream            the stream it reads
 * @param subjects          subject filters (NATS {@code *} and {@code >}); empty means every subject
 * @param excludeSubjects   subject filters whose matches are skipped even when included
 * @param attemptMax        attempts before a task is Discarded
 * @param visibilityTimeout lease of a claimed task; extended while its handler runs
 * @param backoff           delay between failed attempts
 * @param startFrom         where a new consumer begins
 * @param ordering          whether the tasks of one ordering key run one at a time, in delivery order
 * @param onDiscard         with {@link Ordering#KEY}: whether a Discarded task holds back the tasks of its
 *                          key behind it ({@link OnDiscard#BLOCK}, the default) or lets the next one run
 */
public record ConsumerDefinition(
        String name,
        String stream,
        List<String> subjects,
        List<String> excludeSubjects,
        int attemptMax,
        Duration visibilityTimeout,
        Backoff backoff,
        StartFrom startFrom,
        Ordering ordering,
        OnDiscard onDiscard) {

    /** Default attempts: 16. */
    public static final int DEFAULT_ATTEMPT_MAX = 16;
    /** Default visibility timeout: 5 minutes. */
    public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofMinutes(5);
    /** Shortest visibility timeout accepted: 1 second. */
    public static final Duration MIN_VISIBILITY_TIMEOUT = Duration.ofSeconds(1);

    /** Validates every field; errors name the consumer and the bad value. */
    public ConsumerDefinition {
        Names.requireValid("consumer", name);
        Names.requireValid("stream", stream);
        subjects = Subjects.requireValidFilters(subjects);
        excludeSubjects = Subjects.requireValidFilters(excludeSubjects);
        if (attemptMax < 1 || attemptMax > Short.MAX_VALUE) {
            throw new InvalidInputException("consumer '" + name + "': attempt-max must be between 1 and "
                    + Short.MAX_VALUE + ", got " + attemptMax);
        }
        Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
        if (visibilityTimeout.compareTo(MIN_VISIBILITY_TIMEOUT) < 0) {
            throw new InvalidInputException(
                    "consumer '" + name + "': visibility-timeout must be at least 1s, got " + visibilityTimeout);
        }
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
        startFrom = startFrom == null ? StartFrom.EARLIEST : startFrom;
        ordering = ordering == null ? Ordering.NONE : ordering;
        onDiscard = onDiscard == null ? OnDiscard.BLOCK : onDiscard;
    }

    /** A definition with neither ordering nor its discard rule set (the defaults). */
    public ConsumerDefinition(
            String name,
            String stream,
            List<String> subjects,
            List<String> excludeSubjects,
            int attemptMax,
            Duration visibilityTimeout,
            Backoff backoff,
            StartFrom startFrom) {
        this(name, stream, subjects, excludeSubjects, attemptMax, visibilityTimeout, backoff, startFrom, null, null);
    }

    /** A builder with the defaults for consumer {@code name} of {@code stream}. */
    public static Builder builder(String name, String stream) {
        return new Builder(name, stream);
    }

    /** Builds a {@link ConsumerDefinition}; unset values take the documented defaults. */
    public static final class Builder {
        private final String name;
        private final String stream;
        private List<String> subjects = List.of();
        private List<String> excludeSubjects = List.of();
        private int attemptMax = DEFAULT_ATTEMPT_MAX;
        private Duration visibilityTimeout = DEFAULT_VISIBILITY_TIMEOUT;
        private Backoff backoff = Backoff.DEFAULT;
        private StartFrom startFrom = StartFrom.EARLIEST;
        private Ordering ordering = Ordering.NONE;
        private OnDiscard onDiscard = OnDiscard.BLOCK;

        private Builder(String name, String stream) {
            this.name = name;
            this.stream = stream;
        }

        /** Subject filters; none means every subject. */
        public Builder subjects(String... subjects) {
            this.subjects = List.of(subjects);
            return this;
        }

        /** Subject filters; none means every subject. */
        public Builder subjects(List<String> subjects) {
            this.subjects = subjects;
            return this;
        }

        /** Filters whose matches are skipped. */
        public Builder excludeSubjects(String... excludeSubjects) {
            this.excludeSubjects = List.of(excludeSubjects);
            return this;
        }

        /** Filters whose matches are skipped. */
        public Builder excludeSubjects(List<String> excludeSubjects) {
            this.excludeSubjects = excludeSubjects;
            return this;
        }

        /** Attempts before a task is Discarded. */
        public Builder attemptMax(int attemptMax) {
            this.attemptMax = attemptMax;
            return this;
        }

        /** Lease of a claimed task. */
        public Builder visibilityTimeout(Duration visibilityTimeout) {
            this.visibilityTimeout = visibilityTimeout;
            return this;
        }

        /** Delay between failed attempts. */
        public Builder backoff(Backoff backoff) {
            this.backoff = backoff;
            return this;
        }

        /** Where a new consumer begins. */
        public Builder startFrom(StartFrom startFrom) {
            this.startFrom = startFrom;
            return this;
        }

        /** Whether the tasks of one ordering key run one at a time, in delivery order. */
        public Builder ordering(Ordering ordering) {
            this.ordering = ordering;
            return this;
        }

        /** What a Discarded task does to the tasks of its key behind it (with {@link Ordering#KEY}). */
        public Builder onDiscard(OnDiscard onDiscard) {
            this.onDiscard = onDiscard;
            return this;
        }

        /** The validated definition. */
        public ConsumerDefinition build() {
            return new ConsumerDefinition(
                    name,
                    stream,
                    subjects,
                    excludeSubjects,
                    attemptMax,
                    visibilityTimeout,
                    backoff,
                    startFrom,
                    ordering,
                    onDiscard);
        }
    }
}

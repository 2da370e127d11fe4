package io.kanthorq.test;

import io.kanthorq.core.Subjects;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The events committed to any stream since the test kit's mark (the start of the test), in publish
 * order. Read from the database, so it holds what was really committed: an event whose transaction
 * rolled back is not here, one published by a handler during a drain is. A snapshot: ask the kit again
 * to see later events.
 */
public final class PublishedEvents implements Iterable<PublishedEvent> {

    private final List<PublishedEvent> events;

    PublishedEvents(List<PublishedEvent> events) {
        this.events = List.copyOf(events);
    }

    /** Every event, in publish order. */
    public List<PublishedEvent> all() {
        return events;
    }

    /** The events of {@code stream}. */
    public PublishedEvents inStream(String stream) {
        return filter(e -> e.stream().equals(stream));
    }

    /** The events whose subject matches {@code filter} (NATS wildcards {@code *} and {@code >} allowed). */
    public PublishedEvents withSubject(String filter) {
        Subjects.requireValidFilter(filter);
        return filter(e -> Subjects.matches(filter, e.subject()));
    }

    /** The payloads of the events of {@code stream} whose subject matches {@code subject}, read as {@code type}. */
    public <T> List<T> payloads(String stream, String subject, Class<T> type) {
        return inStream(stream).withSubject(subject).events.stream()
                .map(e -> e.payload(type))
                .toList();
    }

    /** How many events there are. */
    public int size() {
        return events.size();
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return events.isEmpty();
    }

    /** The events matching {@code condition}. */
    public PublishedEvents filter(Predicate<? super PublishedEvent> condition) {
        return new PublishedEvents(events.stream().filter(condition).toList());
    }

    @Override
    public Iterator<PublishedEvent> iterator() {
        return events.iterator();
    }

    /** One line per event, for failure messages. */
    public String describe() {
        if (events.isEmpty()) {
            return "  (none)";
        }
        return events.stream().map(e -> "  " + e.describe()).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return events.size() + " published event(s)\n" + describe();
    }
}

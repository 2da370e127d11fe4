package io.kanthorq.test;

import io.kanthorq.core.Event;
import io.kanthorq.core.Subjects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on {@link PublishedEvents}: which events of which stream and subject were published. */
public final class PublishedEventsAssert extends AbstractAssert<PublishedEventsAssert, PublishedEvents> {

    PublishedEventsAssert(PublishedEvents actual) {
        super(actual, PublishedEventsAssert.class);
    }

    /**
     * Asserts that at least one event of {@code stream} with a subject matching {@code subject}
     * (wildcards allowed) was published; returns assertions that narrow those events down.
     */
    public PublishedEventAssert<Event> hasEvent(String stream, String subject) {
        return hasEvent(stream, subject, Event.class);
    }

    /** The same, with each event's body read as {@code type} for {@link PublishedEventAssert#matching}. */
    public <T> PublishedEventAssert<T> hasEvent(String stream, String subject, Class<T> type) {
        isNotNull();
        Subjects.requireValidFilter(subject);
        PublishedEvents found = actual.inStream(stream).withSubject(subject);
        if (found.isEmpty()) {
            failWithMessage(
                    "%nExpected an event \"%s\" in stream \"%s\", but the test published %s:%n%s",
                    subject, stream, count(actual), actual.describe());
        }
        return new PublishedEventAssert<>(found, type, "\"" + subject + "\" events in stream \"" + stream + "\"");
    }

    /** Asserts that exactly {@code count} events of {@code stream} matching {@code subject} were published. */
    public PublishedEventsAssert hasEventCount(String stream, String subject, int count) {
        isNotNull();
        PublishedEvents found = actual.inStream(stream).withSubject(subject);
        if (found.size() != count) {
            failWithMessage(
                    "%nExpected %s \"%s\" event(s) in stream \"%s\" but found %s; the test published %s:%n%s",
                    count, subject, stream, found.size(), count(actual), actual.describe());
        }
        return this;
    }

    /** Asserts that no event of {@code stream} matching {@code subject} was published. */
    public PublishedEventsAssert hasNoEvent(String stream, String subject) {
        isNotNull();
        PublishedEvents found = actual.inStream(stream).withSubject(subject);
        if (!found.isEmpty()) {
            failWithMessage(
                    "%nExpected no event \"%s\" in stream \"%s\", but found %s:%n%s",
                    subject, stream, count(found), found.describe());
        }
        return this;
    }

    /** Asserts that nothing at all was published. */
    public PublishedEventsAssert hasNoEvents() {
        isNotNull();
        if (!actual.isEmpty()) {
            failWithMessage("%nExpected no published event, but found %s:%n%s", count(actual), actual.describe());
        }
        return this;
    }

    static String count(PublishedEvents events) {
        return events.size() == 1 ? "1 event" : events.size() + " events";
    }
}

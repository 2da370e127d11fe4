package io.kanthorq.spring.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a test subscriber received, in order; thread-safe. */
public final class Received<T> {

    private final List<T> items = new CopyOnWriteArrayList<>();

    /** Records {@code item}. */
    public void add(T item) {
        items.add(item);
    }

    /** Everything received so far. */
    public List<T> all() {
        return List.copyOf(items);
    }
}

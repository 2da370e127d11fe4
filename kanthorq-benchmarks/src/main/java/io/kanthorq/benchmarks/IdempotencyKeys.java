package io.kanthorq.benchmarks;

import com.github.f4b6a3.ulid.UlidCreator;
import java.util.UUID;

/**
 * The shape of the idempotency keys a scenario publishes, the same for the engine and its raw loop: the
 * key's place in the stream's unique index decides what an insert costs there.
 */
enum IdempotencyKeys {
    /** Keys that grow with time, like an order number or a time-ordered id: inserted at the index's end. */
    ASCENDING("ascending keys (a time-ordered id)") {
        @Override
        String next(String prefix) {
            return prefix + UlidCreator.getMonotonicUlid();
        }
    },
    /** Random UUIDs, as many clients send: each insert lands anywhere in the index. */
    RANDOM("random keys (UUIDs)") {
        @Override
        String next(String prefix) {
            return prefix + UUID.randomUUID();
        }
    };

    private final String description;

    IdempotencyKeys(String description) {
        this.description = description;
    }

    /** A key never used before, starting with {@code prefix}. */
    abstract String next(String prefix);

    /** What the keys look like, for a measurement's name. */
    String description() {
        return description;
    }
}

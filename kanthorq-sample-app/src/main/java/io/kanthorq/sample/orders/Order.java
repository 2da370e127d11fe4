package io.kanthorq.sample.orders;

import java.math.BigDecimal;
import java.time.Instant;

/** An order as stored in the application's own table. */
public record Order(
        long id,
        String customerEmail,
        BigDecimal amount,
        Status status,
        String reason,
        Instant createdAt,
        Instant updatedAt) {

    /** Where an order is in its (short) life. */
    public enum Status {
        CREATED,
        CANCELLED,
        FAILED
    }
}

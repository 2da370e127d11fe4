package io.kanthorq.sample.orders;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The orders table and the ids of the events published for each order. */
@Repository
public class OrderRepository {

    private final JdbcClient jdbc;

    public OrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Order insert(String customerEmail, BigDecimal amount) {
        return jdbc.sql("""
                        INSERT INTO orders (customer_email, amount, status) VALUES (?, ?, 'CREATED')
                        RETURNING id, customer_email, amount, status, reason, created_at, updated_at
                        """)
                .params(customerEmail, amount)
                .query(OrderRepository::map)
                .single();
    }

    public Optional<Order> find(long id) {
        return jdbc.sql("SELECT id, customer_email, amount, status, reason, created_at, updated_at FROM orders"
                        + " WHERE id = ?")
                .param(id)
                .query(OrderRepository::map)
                .optional();
    }

    /** The order, locked until the end of the current transaction. */
    public Optional<Order> findForUpdate(long id) {
        return jdbc.sql("SELECT id, customer_email, amount, status, reason, created_at, updated_at FROM orders"
                        + " WHERE id = ? FOR UPDATE")
                .param(id)
                .query(OrderRepository::map)
                .optional();
    }

    public Order updateStatus(long id, Order.Status status, String reason) {
        return jdbc.sql("""
                        UPDATE orders SET status = ?, reason = ?, updated_at = now() WHERE id = ?
                        RETURNING id, customer_email, amount, status, reason, created_at, updated_at
                        """)
                .params(status.name(), reason, id)
                .query(OrderRepository::map)
                .single();
    }

    /** How many orders are in each status (statuses without orders left out). */
    public java.util.Map<Order.Status, Long> countByStatus() {
        java.util.Map<Order.Status, Long> counts = new java.util.EnumMap<>(Order.Status.class);
        jdbc.sql("SELECT status, count(*) FROM orders GROUP BY status")
                .query((rs, n) -> counts.put(Order.Status.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        return counts;
    }

    public void recordEvent(long orderId, String eventId, String subject) {
        jdbc.sql("INSERT INTO order_events (event_id, order_id, subject) VALUES (?, ?, ?)")
                .params(eventId, orderId, subject)
                .update();
    }

    /** The events published for an order, oldest first. */
    public List<PublishedEvent> events(long orderId) {
        return jdbc.sql("SELECT event_id, subject, published_at FROM order_events WHERE order_id = ? ORDER BY event_id")
                .param(orderId)
                .query((rs, n) -> new PublishedEvent(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3))))
                .list();
    }

    /** An event published for an order. */
    public record PublishedEvent(String eventId, String subject, Instant publishedAt) {}

    private static Order map(ResultSet rs, int row) throws SQLException {
        return new Order(
                rs.getLong("id"),
                rs.getString("customer_email"),
                rs.getBigDecimal("amount"),
                Order.Status.valueOf(rs.getString("status")),
                rs.getString("reason"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

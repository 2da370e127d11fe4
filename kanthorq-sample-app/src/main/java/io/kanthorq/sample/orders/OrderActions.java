package io.kanthorq.sample.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What each consumer did for an order, one row per (event, consumer). Delivery is at-least-once: a
 * handler checks {@link #find} before acting and {@link #record} ignores a second row for the same
 * (event, consumer), so a task that runs twice does not refund twice.
 */
@Repository
public class OrderActions {

    private final JdbcClient jdbc;

    public OrderActions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an action; returns false when this consumer had already recorded one for the event. */
    public boolean record(String eventId, String consumer, long orderId, int attempt, String action) {
        return jdbc.sql("""
                        INSERT INTO order_actions (event_id, consumer, order_id, attempt, action) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (event_id, consumer) DO NOTHING
                        """).params(eventId, consumer, orderId, attempt, action).update() == 1;
    }

    /** The action this consumer recorded for the event, if any. */
    public Optional<Action> find(String eventId, String consumer) {
        return jdbc.sql("SELECT event_id, consumer, attempt, action, done_at FROM order_actions"
                        + " WHERE event_id = ? AND consumer = ?")
                .params(eventId, consumer)
                .query(OrderActions::map)
                .optional();
    }

    /** Every action recorded for an order, in the order they were done. */
    public List<Action> forOrder(long orderId) {
        return jdbc.sql("SELECT event_id, consumer, attempt, action, done_at FROM order_actions WHERE order_id = ?"
                        + " ORDER BY done_at, consumer")
                .param(orderId)
                .query(OrderActions::map)
                .list();
    }

    /** One recorded action. */
    public record Action(String eventId, String consumer, int attempt, String action, Instant doneAt) {}

    private static Action map(ResultSet rs, int row) throws SQLException {
        Timestamp doneAt = rs.getTimestamp("done_at");
        return new Action(
                rs.getString("event_id"),
                rs.getString("consumer"),
                rs.getInt("attempt"),
                rs.getString("action"),
                doneAt.toInstant());
    }
}

package io.kanthorq.core.internal;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.KanthorqException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's small JDBC helper: borrows connections from the {@link ConnectionProvider}, binds
 * every value as a parameter, runs work in a transaction, and turns {@link SQLException} into
 * {@link KanthorqException} naming the operation.
 */
public final class Jdbc {

    /**
     * SQLSTATE of a unique violation: what a statement inserting without {@code ON CONFLICT} raises when
     * a row exists, and what its callers (an idempotent publish, a move after a replay) answer by
     * running it again with the conflict clause.
     */
    public static final String UNIQUE_VIOLATION = "23505";

    /** Work on a connection that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A typed SQL array parameter, created on the statement's connection. */
    public record SqlArray(String type, Object[] values) {}

    private final ConnectionProvider provider;

    public Jdbc(ConnectionProvider provider) {
        this.provider = provider;
    }

    public ConnectionProvider provider() {
        return provider;
    }

    /** Runs {@code work} in a transaction of its own on a detached connection. */
    public <T> T detached(String operation, Work<T> work) {
        return onDetached(operation, connection -> inTransaction(connection, work));
    }

    /**
     * Runs a single statement on a detached connection in auto-commit mode: one round trip, no
     * BEGIN/COMMIT, for work that is atomic on its own.
     */
    public <T> T detachedStatement(String operation, Work<T> work) {
        return onDetached(operation, work);
    }

    private <T> T onDetached(String operation, Work<T> work) {
        Connection connection = null;
        try {
            connection = provider.acquireDetached();
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(operation, e);
        } finally {
            if (connection != null) {
                try {
                    provider.releaseDetached(connection);
                } catch (SQLException e) {
                    // the work's own outcome matters more than a failed hand-back
                }
            }
        }
    }

    /**
     * Runs {@code work} on {@code connection}: inside the transaction already open on it, or in a
     * new one (committed on success, rolled back on failure) when it is in auto-commit mode.
     */
    public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return work.run(connection);
        }
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    public static KanthorqException failure(String operation, SQLException e) {
        return new KanthorqException(
                "kanthorq: " + operation + " failed: " + e.getMessage()
                        + (e.getSQLState() == null ? "" : " [SQLState " + e.getSQLState() + "]"),
                e);
    }

    public static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(connection, statement, params);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    public static void bind(Connection connection, PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object param = params[i];
            if (param instanceof SqlArray array) {
                Array sqlArray = connection.createArrayOf(array.type(), array.values());
                statement.setArray(i + 1, sqlArray);
            } else {
                statement.setObject(i + 1, param);
            }
        }
    }

    public static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    public static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    /** The single row of a query, or null when it returns none; more than one row is a bug and fails. */
    public static <T> T queryOne(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            T row = mapper.map(rs);
            if (rs.next()) {
                throw new IllegalStateException("kanthorq: expected at most one row, got more from: " + sql);
            }
            return row;
        }
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** A nullable long column by position. */
    public static Long getLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** A nullable long column. */
    public static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}

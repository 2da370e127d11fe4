package io.kanthorq.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A data source that counts the transactions run through it: each statement executed in auto-commit
 * mode, and each commit or rollback otherwise. PostgreSQL's own counter ({@code pg_stat_database}) is
 * no use at a few transactions per second: a backend that stays connected reports its counts late
 * (here: 3 of 20 transactions after 12 s, all 22 once it disconnected), so idle load is counted on the
 * client, where every transaction the engine asks for passes.
 */
final class CountingDataSource {

    private final DataSource target;
    private final AtomicLong transactions = new AtomicLong();

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    /** Transactions run so far. */
    long transactions() {
        return transactions.get();
    }

    /** The counting data source. */
    DataSource dataSource() {
        return proxy(DataSource.class, target, (method, result) -> {
            if (result instanceof Connection connection) {
                return connection(connection);
            }
            return result;
        });
    }

    private Connection connection(Connection real) {
        return proxy(Connection.class, real, (method, result) -> {
            String name = method.getName();
            if (name.equals("commit") || name.equals("rollback")) {
                transactions.incrementAndGet();
            } else if (result instanceof Statement statement
                    && (name.equals("createStatement") || name.startsWith("prepare"))) {
                return statement(statement, real);
            }
            return result;
        });
    }

    private Statement statement(Statement real, Connection connection) {
        Class<? extends Statement> type =
                real instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
        return proxy(type, real, (method, result) -> {
            if (method.getName().startsWith("execute") && connection.getAutoCommit()) {
                transactions.incrementAndGet();
            }
            return result;
        });
    }

    @FunctionalInterface
    private interface After {
        Object apply(Method method, Object result) throws Exception;
    }

    private static <T> T proxy(Class<? extends T> type, T target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.apply(method, result);
        };
        @SuppressWarnings("unchecked")
        T proxied = (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
        return proxied;
    }
}

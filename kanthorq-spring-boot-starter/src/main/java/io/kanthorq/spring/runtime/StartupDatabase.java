package io.kanthorq.spring.runtime;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * KanthorQ's first contact with the database at startup, made short and explained. A pool waits up
 * to its connection timeout (Hikari: 30 s) for a server that is down and then fails with a long stack;
 * this opens one connection of its own with the pool's URL and credentials under a short timeout, and
 * turns the usual failures (unreachable, authentication, no such database, missing privilege) into a
 * {@link KanthorqStartupException} that names the URL and what to do.
 */
final class StartupDatabase {

    private final DataSource dataSource;
    private final Duration connectTimeout;
    private final String urlSetting;
    private final String credentialSettings;

    /**
     * {@code dedicated}: the data source is the application's {@code @KanthorqDataSource} bean, so the
     * failure messages name it instead of the {@code spring.datasource.*} properties.
     */
    StartupDatabase(DataSource dataSource, Duration connectTimeout, boolean dedicated) {
        this.dataSource = dataSource;
        this.connectTimeout = connectTimeout;
        this.urlSetting = dedicated ? "the @KanthorqDataSource bean's URL" : "spring.datasource.url";
        this.credentialSettings = dedicated
                ? "the @KanthorqDataSource bean's username and password"
                : "spring.datasource.username and spring.datasource.password";
    }

    /** Connects once (then disconnects); fails with a {@link KanthorqStartupException} when it cannot. */
    void checkReachable() {
        Target target = Target.of(dataSource);
        if (target == null) {
            return; // not a pool whose URL can be read: its own timeout and error apply
        }
        Properties properties = new Properties();
        if (target.user() != null) {
            properties.setProperty("user", target.user());
        }
        if (target.password() != null) {
            properties.setProperty("password", target.password());
        }
        long seconds = Math.max(1, connectTimeout.toSeconds());
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("loginTimeout", Long.toString(seconds));
        try (Connection ignored = DriverManager.getConnection(target.url(), properties)) {
            // reachable, and the credentials are accepted
        } catch (SQLException e) {
            throw explain(e, target, "connecting to the database before preparing its tables");
        }
    }

    /** The pool's URL without its password, or a description when the pool does not say. */
    String displayUrl() {
        Target target = Target.of(dataSource);
        return target == null ? "the application's data source" : target.displayUrl();
    }

    /** {@code e}, raised while {@code doing}, as a startup failure when it is one of the known kinds. */
    RuntimeException explain(SQLException e, String doing) {
        Target target = Target.of(dataSource);
        return explain(e, target == null ? new Target("the application's data source", null, null) : target, doing);
    }

    private RuntimeException explain(SQLException e, Target target, String doing) {
        String url = target.displayUrl();
        String asUser = target.user() == null ? "" : " as user '" + target.user() + "'";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage();
        if (state.startsWith("28")) {
            return new KanthorqStartupException(
                    "KanthorQ could not log in to " + url + asUser + " (" + doing + "): " + message,
                    "Fix " + credentialSettings + ", or the server's pg_hba.conf" + " rule for this user.",
                    e);
        }
        if (state.equals("3D000")) {
            return new KanthorqStartupException(
                    "KanthorQ could not connect to " + url + " (" + doing + "): " + message,
                    "Create the database (CREATE DATABASE …) or fix the database name in " + urlSetting + ".",
                    e);
        }
        if (state.equals("42501")) {
            return new KanthorqStartupException(
                    "KanthorQ may not create its tables at " + url + asUser + " (" + doing + "): " + message,
                    "Grant the user CREATE on the schema of " + urlSetting + ", or create KanthorQ's tables"
                            + " once as a user who may: kanthorq migrate --url <the same URL> --user <owner>.",
                    e);
        }
        if (state.startsWith("08") || hasCause(e, ConnectException.class) || hasCause(e, UnknownHostException.class)) {
            return new KanthorqStartupException(
                    "KanthorQ could not connect to " + url + " within " + Math.max(1, connectTimeout.toSeconds())
                            + " s (" + doing + "): " + message,
                    "Start the database, or fix the host, port and database in " + urlSetting + "; the wait is"
                            + " kanthorq.startup-connect-timeout.",
                    e);
        }
        return new KanthorqStartupException(
                "KanthorQ failed at " + url + " (" + doing + "): " + message,
                "See the cause below; the SQL state is " + (state.isEmpty() ? "unknown" : state) + ".",
                e);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Where the pool connects: its URL and credentials (Hikari; other pools are not read). */
    private record Target(String url, String user, String password) {

        static Target of(DataSource dataSource) {
            try {
                if (!dataSource.isWrapperFor(com.zaxxer.hikari.HikariDataSource.class)) {
                    return null;
                }
                com.zaxxer.hikari.HikariDataSource hikari = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
                return hikari.getJdbcUrl() == null
                        ? null
                        : new Target(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
            } catch (SQLException | LinkageError e) {
                return null; // no Hikari on the class path, or a pool that does not say
            }
        }

        /** The URL without a password parameter. */
        String displayUrl() {
            return url.replaceAll("(?i)([?&;]password=)[^&;]*", "$1****");
        }
    }
}

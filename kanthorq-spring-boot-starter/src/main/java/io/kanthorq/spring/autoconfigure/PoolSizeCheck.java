package io.kanthorq.spring.autoconfigure;

import com.zaxxer.hikari.HikariConfigMXBean;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * Warns at startup when the application's Hikari pool cannot serve the engine's connection budget (its
 * workers' connections, the {@code LISTEN} connection) and leave room for the application: a pool that
 * small starves silently, publishers and workers waiting for connections with nothing in the log.
 */
final class PoolSizeCheck {

    private static final Logger log = LoggerFactory.getLogger(PoolSizeCheck.class);

    /** Connections left for the application's own work (its publishes among them). */
    static final int APPLICATION_ROOM = 2;

    private PoolSizeCheck() {}

    /** The warning for {@code dataSource}, or null when it has room (or is not a Hikari pool). */
    static String problem(DataSource dataSource, int workerConnections) {
        if (!ClassUtils.isPresent("com.zaxxer.hikari.HikariConfigMXBean", PoolSizeCheck.class.getClassLoader())) {
            return null;
        }
        int poolSize;
        try {
            if (!dataSource.isWrapperFor(HikariConfigMXBean.class)) {
                return null;
            }
            poolSize = dataSource.unwrap(HikariConfigMXBean.class).getMaximumPoolSize();
        } catch (SQLException e) {
            return null;
        }
        int needed = workerConnections + 1 + APPLICATION_ROOM;
        if (poolSize >= needed) {
            return null;
        }
        return "kanthorq: the connection pool (spring.datasource.hikari.maximum-pool-size = " + poolSize
                + ") is smaller than kanthorq.worker-connections (" + workerConnections + ") + 1 LISTEN + "
                + APPLICATION_ROOM + " for the application = " + needed
                + ": workers and publishers will wait for connections; raise the pool or lower kanthorq.worker-connections";
    }

    static void warnIfTooSmall(DataSource dataSource, int workerConnections) {
        String problem = problem(dataSource, workerConnections);
        if (problem != null) {
            log.warn(problem);
        }
    }
}

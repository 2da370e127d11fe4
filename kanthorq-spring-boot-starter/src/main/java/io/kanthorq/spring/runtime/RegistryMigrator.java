package io.kanthorq.spring.runtime;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the registry migrations shipped in the core jar with a Flyway instance of its own and
 * history table {@code kanthorq_schema_history}, so the application's own Flyway (if any) and its
 * history are untouched.
 */
public class RegistryMigrator {

    /** Where core ships the registry migrations. */
    public static final String LOCATION = "classpath:db/kanthorq/migration";

    /** The history table of the registry migrations. */
    public static final String HISTORY_TABLE = "kanthorq_schema_history";

    private static final Logger log = LoggerFactory.getLogger(RegistryMigrator.class);

    /** Default of the first connection's timeout: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final StartupDatabase database;

    /** A migrator over {@code dataSource}; migrations go to its connections' current schema. */
    public RegistryMigrator(DataSource dataSource) {
        this(dataSource, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * The same, whose first connection gives up after {@code connectTimeout} with a startup failure that
     * names the URL, instead of waiting for the pool's own timeout.
     */
    public RegistryMigrator(DataSource dataSource, Duration connectTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.database = new StartupDatabase(dataSource, Objects.requireNonNull(connectTimeout, "connectTimeout"));
    }

    /**
     * Applies pending migrations (idempotent; Flyway serializes concurrent instances). An unreachable
     * database, refused credentials, a missing database or a missing privilege fail with a
     * {@link KanthorqStartupException}.
     */
    public void migrate() {
        database.checkReachable();
        try {
            run();
        } catch (FlywayException e) {
            SQLException sql = sqlCause(e);
            if (sql == null) {
                throw e;
            }
            throw database.explain(sql, "creating or upgrading KanthorQ's tables");
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private void run() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                // The schema usually holds the application's tables already. Flyway would refuse a
                // non-empty schema without our history; a baseline at version 0 (rather than the
                // default 1, which would mark V1 as applied and skip it) lets V1 run there.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("<< KanthorQ baseline >>")
                .placeholderReplacement(false)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info(
                    "kanthorq: applied {} registry migration(s), now at version {}",
                    result.migrationsExecuted,
                    result.targetSchemaVersion);
        }
    }
}

package io.kanthorq.spring.runtime;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
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
    private final boolean ddl;

    /** A migrator over {@code dataSource}; migrations go to its connections' current schema. */
    public RegistryMigrator(DataSource dataSource) {
        this(dataSource, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * The same, whose first connection gives up after {@code connectTimeout} with a startup failure that
     * names the URL, instead of waiting for the pool's own timeout.
     */
    public RegistryMigrator(DataSource dataSource, Duration connectTimeout) {
        this(dataSource, connectTimeout, true, false);
    }

    /**
     * The same; with {@code ddl} false {@link #prepare} only {@linkplain #validate validates}, for
     * {@code kanthorq.ddl=validate}; {@code dedicated} when {@code dataSource} is the application's
     * {@code @KanthorqDataSource} bean, which the failure reports then name instead of
     * {@code spring.datasource.*}.
     */
    public RegistryMigrator(DataSource dataSource, Duration connectTimeout, boolean ddl, boolean dedicated) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.database =
                new StartupDatabase(dataSource, Objects.requireNonNull(connectTimeout, "connectTimeout"), dedicated);
        this.ddl = ddl;
    }

    /** What startup runs: {@link #migrate} when DDL is allowed, else {@link #validate}. */
    public void prepare() {
        if (ddl) {
            migrate();
        } else {
            validate();
        }
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
            throw explain(e, "creating or upgrading KanthorQ's tables");
        }
    }

    /**
     * Runs no DDL: checks that every registry migration of this release is applied, and fails with a
     * {@link KanthorqStartupException} naming the pending ones and {@code kanthorq migrate} when not.
     * For {@code kanthorq.ddl=validate}.
     */
    public void validate() {
        database.checkReachable();
        MigrationInfoService info;
        try {
            info = flyway().info();
        } catch (FlywayException e) {
            throw explain(e, "checking KanthorQ's registry version");
        }
        MigrationInfo[] pending = info.pending();
        if (pending.length > 0) {
            MigrationInfo current = info.current();
            throw new KanthorqStartupException(
                    "KanthorQ's registry tables at " + database.displayUrl() + " are "
                            + (current == null
                                            || current.getVersion().getVersion().equals("0")
                                    ? "not created"
                                    : "at version " + current.getVersion().getVersion())
                            + ", and this release needs version " + pending[pending.length - 1].getVersion()
                            + "; kanthorq.ddl=validate runs no migrations (pending: "
                            + Arrays.stream(pending)
                                    .map(RegistryMigrator::describe)
                                    .toList()
                            + ")",
                    "Run the migrations once as a user allowed to create tables: kanthorq migrate --url <the same"
                            + " URL> --user <owner> (the CLI of this release), or set kanthorq.ddl=auto.",
                    null);
        }
        warnIfNewer(info);
    }

    private RuntimeException explain(FlywayException e, String doing) {
        SQLException sql = sqlCause(e);
        return sql == null ? e : database.explain(sql, doing);
    }

    // A newer release's migrations are additive (its instances run beside this one during a rolling
    // upgrade), so this one keeps working; but it does not know what they changed, and says so.
    private static void warnIfNewer(MigrationInfoService info) {
        List<String> future = Arrays.stream(info.applied())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS)
                .map(RegistryMigrator::describe)
                .toList();
        if (!future.isEmpty()) {
            log.warn(
                    "kanthorq: the registry was migrated by a newer KanthorQ release ({}); this application's"
                            + " release knows only up to version {}. It keeps working during a rolling upgrade;"
                            + " upgrade it to the release that added them",
                    future,
                    Arrays.stream(info.all())
                            .filter(m -> m.getState().isResolved())
                            .map(m -> m.getVersion().getVersion())
                            .reduce((a, b) -> b)
                            .orElse("none"));
        }
    }

    private static String describe(MigrationInfo migration) {
        return "V" + migration.getVersion() + " " + migration.getDescription();
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
        Flyway flyway = flyway();
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            log.info(
                    "kanthorq: applied {} registry migration(s), now at version {}",
                    result.migrationsExecuted,
                    result.targetSchemaVersion);
        }
        warnIfNewer(flyway.info());
    }

    private Flyway flyway() {
        return Flyway.configure()
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
                .load();
    }
}

package io.kanthorq.cli;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kanthorq migrate}: the registry migrations, as the starter runs them (own history table). */
@Command(
        name = "migrate",
        description = "Create or upgrade the KanthorQ registry tables (Flyway, history table"
                + " kanthorq_schema_history; the application's own Flyway history is untouched), then bring"
                + " every registered stream and consumer table to this release's layout.")
final class MigrateCommand extends CliCommand {

    @Option(
            names = "--schema",
            description = "schema to migrate (created when missing; default: the connection's" + " current schema)")
    String schema;

    @Override
    void execute() throws SQLException, InterruptedException {
        var configuration = Flyway.configure(MigrateCommand.class.getClassLoader())
                .dataSource(cli().database(2).dataSource())
                .locations("classpath:db/kanthorq/migration")
                .table("kanthorq_schema_history");
        if (schema != null) {
            configuration.schemas(schema);
        }
        Flyway flyway = configuration.load();
        MigrateResult result = flyway.migrate();
        MigrationInfo current = flyway.info().current();
        String version = current == null ? null : current.getVersion().getVersion();
        String currentSchema;
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
            currentSchema = connection.getSchema();
        }
        String schemaName =
                result.schemaName == null || result.schemaName.isEmpty() ? currentSchema : result.schemaName;
        // the engine works in the connection's current schema: only there can it upgrade the tables
        boolean upgradeTables = schemaName.equals(currentSchema);
        int tables = 0;
        if (upgradeTables) {
            tables = kanthorq().registrar().upgradeRegistered();
            awaitLayoutUpgrades();
        }
        output().message(
                        "registry of schema " + schemaName + " at version " + version + " (" + result.migrationsExecuted
                                + " migration(s) applied)"
                                + (upgradeTables
                                        ? "; " + tables + " registered table(s) at this release's layout"
                                        : ""),
                        Output.fields(
                                "schema",
                                schemaName,
                                "version",
                                version,
                                "applied",
                                result.migrationsExecuted,
                                "tables",
                                tables));
    }
}

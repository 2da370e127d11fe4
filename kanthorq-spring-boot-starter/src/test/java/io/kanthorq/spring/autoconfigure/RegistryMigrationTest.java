package io.kanthorq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The registry migrations run with their own Flyway and history table, whether the schema is
 * empty, already holds the application's tables, is managed by the application's own Flyway, or was
 * migrated by a newer KanthorQ release.
 */
@ExtendWith(OutputCaptureExtension.class)
class RegistryMigrationTest {

    private static final String REGISTRY_APPLIED =
            "SELECT count(*) FROM kanthorq_schema_history WHERE version = '1' AND type = 'SQL' AND success";

    @Test
    void runsNextToTheApplicationsFlywayWithoutTouchingItsHistory() throws SQLException {
        try (TestSchema schema = TestDatabase.newSchema(2)) {
            ApplicationContextRunner runner = runner(schema)
                    .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
                    .withPropertyValues("spring.flyway.locations=classpath:db/app-migration");

            runner.run(context -> assertThat(context).hasNotFailed());

            assertThat(Databases.tables(schema))
                    .contains(
                            "flyway_schema_history",
                            "shop_customers",
                            "kanthorq_schema_history",
                            "kanthorq_stream_registry",
                            "kanthorq_consumer_registry");
            assertThat(Databases.count(schema, REGISTRY_APPLIED)).isEqualTo(1);
            assertThat(Databases.count(schema, "SELECT count(*) FROM flyway_schema_history"))
                    .isEqualTo(1);
            assertThat(Databases.count(
                            schema, "SELECT count(*) FROM flyway_schema_history WHERE script LIKE '%kanthorq%'"))
                    .isZero();

            // a restart applies nothing twice
            runner.run(context -> assertThat(context).hasNotFailed());
            assertThat(Databases.count(schema, "SELECT count(*) FROM kanthorq_schema_history WHERE version = '1'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void migratesASchemaThatAlreadyHoldsTheApplicationsTables() throws SQLException {
        try (TestSchema schema = TestDatabase.newSchema(2)) {
            try (Connection connection = schema.connect();
                    var statement = connection.createStatement()) {
                statement.execute("CREATE TABLE legacy_orders (id bigint PRIMARY KEY)");
            }

            runner(schema).run(context -> assertThat(context).hasNotFailed());

            // baselined below V1, so V1 itself still ran in the non-empty schema
            assertThat(Databases.count(schema, REGISTRY_APPLIED)).isEqualTo(1);
            assertThat(Databases.tables(schema)).contains("legacy_orders", "kanthorq_consumer_registry");
        }
    }

    @Test
    void migratesAnEmptySchema() throws SQLException {
        try (TestSchema schema = TestDatabase.newSchema(2)) {
            runner(schema).run(context -> assertThat(context).hasNotFailed());

            assertThat(Databases.count(schema, REGISTRY_APPLIED)).isEqualTo(1);
        }
    }

    @Test
    void aRegistryMigratedByANewerReleaseStartsWithAWarning(CapturedOutput output) throws SQLException {
        try (TestSchema schema = TestDatabase.newSchema(2)) {
            runner(schema).run(context -> assertThat(context).hasNotFailed());
            try (Connection connection = schema.connect();
                    var statement = connection.createStatement()) {
                // what a later release's migration leaves in the history
                statement.execute("INSERT INTO kanthorq_schema_history (installed_rank, version, description, type,"
                        + " script, checksum, installed_by, execution_time, success) VALUES (99, '99',"
                        + " 'kanthorq from the future', 'SQL', 'V99__kanthorq_from_the_future.sql', 1, 'test', 1,"
                        + " true)");
            }

            runner(schema).run(context -> assertThat(context).hasNotFailed());
            runner(schema)
                    .withPropertyValues("kanthorq.ddl=validate")
                    .run(context -> assertThat(context).hasNotFailed());

            assertThat(output.toString().split("migrated by a newer KanthorQ release", -1))
                    .hasSize(3);
            assertThat(output)
                    .contains("migrated by a newer KanthorQ release ([V99 kanthorq from the future]); this"
                            + " application's release knows only up to version 4");
        }
    }

    private static ApplicationContextRunner runner(TestSchema schema) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, KanthorqAutoConfiguration.class))
                .withPropertyValues(Databases.datasource(schema));
    }
}

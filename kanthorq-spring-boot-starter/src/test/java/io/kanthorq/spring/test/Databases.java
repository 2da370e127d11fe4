package io.kanthorq.spring.test;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.testsupport.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points Spring at a test schema and reads it back, so tests assert on what PostgreSQL holds. */
public final class Databases {

    private Databases() {}

    /** {@code spring.datasource.*} for {@code schema}, as {@code key=value} pairs. */
    public static String[] datasource(TestSchema schema) {
        return new String[] {
            "spring.datasource.url=" + schema.jdbcUrl(),
            "spring.datasource.username=" + schema.server().user(),
            "spring.datasource.password=" + schema.server().password(),
            "spring.datasource.hikari.maximum-pool-size=10",
            "spring.datasource.hikari.minimum-idle=0"
        };
    }

    /** Registers {@link #datasource} in a {@code @DynamicPropertySource}. */
    public static void register(DynamicPropertyRegistry registry, TestSchema schema) {
        for (String pair : datasource(schema)) {
            int eq = pair.indexOf('=');
            String value = pair.substring(eq + 1);
            registry.add(pair.substring(0, eq), () -> value);
        }
    }

    /** The tables of {@code schema}, sorted. */
    public static List<String> tables(TestSchema schema) throws SQLException {
        try (Connection connection = schema.connect();
                var statement = connection.prepareStatement(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1")) {
            statement.setString(1, schema.name());
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            return tables;
        }
    }

    /** A count query's result in {@code schema}. */
    public static long count(TestSchema schema, String sql) throws SQLException {
        try (Connection connection = schema.connect();
                var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A core engine over {@code schema}'s pool, to inspect tasks independently of the application under test. */
    public static Kanthorq inspector(TestSchema schema) {
        return Kanthorq.builder(ConnectionProvider.of(schema.dataSource())).build();
    }
}

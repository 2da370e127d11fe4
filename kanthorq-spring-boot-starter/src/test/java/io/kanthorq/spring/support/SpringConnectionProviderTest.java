package io.kanthorq.spring.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine's connections: joined ones come from the current Spring transaction, detached ones
 * never do — not even through a transaction-aware proxy.
 */
class SpringConnectionProviderTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Test
    void joinsTheCurrentTransactionButDetachesFromIt() {
        DataSource dataSource = schema.dataSource();
        assertJoinedAndDetached(new SpringConnectionProvider(dataSource), dataSource);
    }

    @Test
    void detachesEvenBehindATransactionAwareProxy() {
        TransactionAwareDataSourceProxy proxy = new TransactionAwareDataSourceProxy(schema.dataSource());
        assertJoinedAndDetached(new SpringConnectionProvider(proxy), schema.dataSource());
    }

    @Test
    void outsideATransactionHandsOutAnAutoCommitConnection() throws SQLException {
        SpringConnectionProvider provider = new SpringConnectionProvider(schema.dataSource());
        Connection connection = provider.acquire();
        try {
            assertThat(connection.getAutoCommit()).isTrue();
        } finally {
            provider.release(connection);
        }
    }

    private static void assertJoinedAndDetached(SpringConnectionProvider provider, DataSource managed) {
        new TransactionTemplate(new DataSourceTransactionManager(managed)).executeWithoutResult(status -> {
            try {
                Connection joined = provider.acquire();
                Connection detached = provider.acquireDetached();
                try {
                    assertThat(joined.getAutoCommit())
                            .as("the transaction's connection")
                            .isFalse();
                    assertThat(backendPid(detached)).isNotEqualTo(backendPid(joined));
                    assertThat(detached.getAutoCommit()).isTrue();
                } finally {
                    provider.releaseDetached(detached);
                    provider.release(joined);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

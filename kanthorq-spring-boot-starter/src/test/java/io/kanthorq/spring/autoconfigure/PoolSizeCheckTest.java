package io.kanthorq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class PoolSizeCheckTest {

    @Test
    void warnsWhenTheHikariPoolCannotServeTheWorkersListenAndTheApplication() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setMaximumPoolSize(6);
            assertThat(PoolSizeCheck.problem(pool, 4))
                    .contains("maximum-pool-size = 6")
                    .contains("kanthorq.worker-connections (4)")
                    .contains("= 7");
            pool.setMaximumPoolSize(7);
            assertThat(PoolSizeCheck.problem(pool, 4)).isNull();
        }
    }

    @Test
    void saysNothingAboutAPoolItCannotSize() {
        assertThat(PoolSizeCheck.problem(new SimpleDriverDataSource(), 4)).isNull();
    }
}

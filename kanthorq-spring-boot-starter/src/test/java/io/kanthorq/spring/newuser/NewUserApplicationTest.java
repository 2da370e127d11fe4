package io.kanthorq.spring.newuser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The documented user contract end to end: dependency, the YAML of the README (shop.yml here, to
 * keep it away from the other tests), one annotated method and a publisher — nothing else.
 */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(classes = ShopApplication.class, properties = "spring.config.name=shop")
@DirtiesContext
class NewUserApplicationTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        // what a user writes as spring.datasource.* in application.yml
        Databases.register(registry, schema);
    }

    @Autowired
    Orders orders;

    @Autowired
    Emails emails;

    @Test
    void aCancelledOrderSendsItsEmail() {
        orders.cancel(42);

        await().atMost(Duration.ofSeconds(10)).until(() -> emails.sent.contains(42L));
        assertThat(emails.sent).containsExactly(42L);
    }
}

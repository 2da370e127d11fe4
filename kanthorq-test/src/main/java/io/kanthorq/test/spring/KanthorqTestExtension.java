package io.kanthorq.test.spring;

import io.kanthorq.test.KanthorqTestKit;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Resets the test context's {@link KanthorqTestKit} before each test, so that what one test published is
 * never seen by the next, even when both share a cached context. Registered by {@link KanthorqTest}.
 */
public final class KanthorqTestExtension implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        ApplicationContext application = SpringExtension.getApplicationContext(context);
        application.getBeanProvider(KanthorqTestKit.class).ifAvailable(KanthorqTestKit::reset);
    }
}

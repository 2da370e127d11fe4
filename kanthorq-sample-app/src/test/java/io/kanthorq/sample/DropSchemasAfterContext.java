package io.kanthorq.sample;

import io.kanthorq.core.testsupport.TestSchema;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Drops the test class's static {@link TestSchema} fields after the class. Declared before
 * {@code @SpringBootTest}, it is registered before the SpringExtension, so its {@code afterAll} runs
 * after the SpringExtension closed the (dirtied) context and the workers no longer use the schema.
 */
final class DropSchemasAfterContext implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Field field : context.getRequiredTestClass().getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == TestSchema.class) {
                field.setAccessible(true);
                ((TestSchema) field.get(null)).close();
            }
        }
    }
}

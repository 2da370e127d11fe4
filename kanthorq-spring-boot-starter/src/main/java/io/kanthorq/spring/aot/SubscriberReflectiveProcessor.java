package io.kanthorq.spring.aot;

import io.kanthorq.core.Event;
import io.kanthorq.core.TaskContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Set;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;

/**
 * Hints for a {@code @KanthorqSubscriber} method: the method is invoked reflectively, and a payload
 * parameter of an application type is bound from JSON, so its type needs binding hints (its
 * constructors, fields and accessors, and those of the types it holds).
 */
public final class SubscriberReflectiveProcessor extends SimpleReflectiveProcessor {

    // parameters the starter supplies itself, without binding
    private static final Set<Class<?>> SUPPLIED = Set.of(TaskContext.class, Event.class, String.class, byte[].class);

    private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

    @Override
    protected void registerMethodHint(ReflectionHints hints, Method method) {
        super.registerMethodHint(hints, method);
        for (Parameter parameter : method.getParameters()) {
            if (!SUPPLIED.contains(parameter.getType())) {
                bindings.registerReflectionHints(hints, parameter.getParameterizedType());
            }
        }
    }
}

package io.kanthorq.spring.subscriber;

import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.spring.support.PayloadCodec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.util.ReflectionUtils;

/** Runs one task by calling a subscriber method reflectively. */
final class SubscriberInvoker implements TaskHandler {

    private final Object bean;
    private final Method method;
    private final PayloadBinding binding;
    private final PayloadCodec codec;

    SubscriberInvoker(Object bean, Method method, PayloadBinding binding, PayloadCodec codec) {
        this.bean = bean;
        this.method = method;
        this.binding = binding;
        this.codec = codec;
        ReflectionUtils.makeAccessible(method);
    }

    @Override
    public void handle(TaskContext task) throws Exception {
        Object[] arguments = binding.arguments(task, codec);
        try {
            method.invoke(bean, arguments);
        } catch (InvocationTargetException e) {
            // The worker must see the method's own exception: RetryLaterException and
            // DiscardException steer the outcome, and the error history records the real cause.
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return "SubscriberInvoker[" + method + "]";
    }
}

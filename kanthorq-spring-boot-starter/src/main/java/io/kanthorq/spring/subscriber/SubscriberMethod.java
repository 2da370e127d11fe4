package io.kanthorq.spring.subscriber;

import io.kanthorq.core.TaskHandler;
import io.kanthorq.spring.support.PayloadCodec;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.aop.support.AopUtils;

/**
 * A {@code @KanthorqSubscriber} method found on a bean, with its consumer resolved and its
 * signature checked.
 *
 * @param beanName the bean declaring it
 * @param method   the method as declared on the bean's class
 * @param consumer the consumer it handles (placeholders resolved)
 * @param binding  how its parameters are filled
 */
public record SubscriberMethod(String beanName, Method method, String consumer, PayloadBinding binding) {

    /** The handler calling this method on {@code bean} (the bean instance, possibly an AOP proxy). */
    public TaskHandler handlerFor(Object bean, PayloadCodec codec) {
        // On a proxy, call the proxy's method so advice such as @Transactional applies.
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        return new SubscriberInvoker(bean, invocable, binding, codec);
    }

    /** {@code bean 'name' method pkg.Type.method(ParamType, ...)}, for error messages. */
    public String describe() {
        return describe(beanName, method);
    }

    static String describe(String beanName, Method method) {
        String parameters = Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        return "bean '" + beanName + "' method " + method.getDeclaringClass().getName() + "." + method.getName() + "("
                + parameters + ")";
    }
}

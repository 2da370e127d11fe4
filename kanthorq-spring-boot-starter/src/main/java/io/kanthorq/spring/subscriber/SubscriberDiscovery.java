package io.kanthorq.spring.subscriber;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Names;
import io.kanthorq.spring.KanthorqSubscriber;
import io.kanthorq.spring.KanthorqSubscribers;
import io.kanthorq.spring.support.PayloadCodec;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.EmbeddedValueResolver;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * Finds {@code @KanthorqSubscriber} methods (one per consumer when the annotation is repeated) on the beans of a bean factory, the way Spring's
 * {@code EventListenerMethodProcessor} finds {@code @EventListener}s: from bean types (the target
 * class behind AOP and scoped proxies), without creating beans, skipping classes already known to
 * have none. Signature problems are collected, not thrown, so one startup failure lists them all.
 */
public final class SubscriberDiscovery {

    /**
     * What a scan found.
     *
     * @param subscribers methods with a valid signature and consumer name
     * @param problems    one message per invalid method, naming it
     */
    public record Result(List<SubscriberMethod> subscribers, List<String> problems) {}

    private final ConfigurableListableBeanFactory beanFactory;
    private final EmbeddedValueResolver valueResolver;
    private final PayloadCodec codec;
    private final Set<Class<?>> classesWithoutSubscribers = ConcurrentHashMap.newKeySet();

    /** Scans {@code beanFactory}; {@code codec} tells whether JSON-bound payload types are possible. */
    public SubscriberDiscovery(ConfigurableListableBeanFactory beanFactory, PayloadCodec codec) {
        this.beanFactory = beanFactory;
        this.valueResolver = new EmbeddedValueResolver(beanFactory);
        this.codec = codec;
    }

    /** Scans every bean definition. */
    public Result discover() {
        List<SubscriberMethod> subscribers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String beanName : beanFactory.getBeanNamesForType(Object.class, true, false)) {
            if (ScopedProxyUtils.isScopedTarget(beanName)) {
                continue;
            }
            Class<?> type = targetClass(beanName);
            if (type != null) {
                scan(beanName, type, subscribers, problems);
            }
        }
        return new Result(List.copyOf(subscribers), List.copyOf(problems));
    }

    private Class<?> targetClass(String beanName) {
        try {
            Class<?> type = AutoProxyUtils.determineTargetClass(beanFactory, beanName);
            if (type != null && ScopedObject.class.isAssignableFrom(type)) {
                Class<?> target =
                        AutoProxyUtils.determineTargetClass(beanFactory, ScopedProxyUtils.getTargetBeanName(beanName));
                return target != null ? target : type;
            }
            return type;
        } catch (RuntimeException e) {
            // an unresolvable type (a lazy bean whose factory cannot be resolved yet): not a subscriber
            return null;
        }
    }

    private void scan(String beanName, Class<?> type, List<SubscriberMethod> subscribers, List<String> problems) {
        if (classesWithoutSubscribers.contains(type)
                || !AnnotationUtils.isCandidateClass(type, Set.of(KanthorqSubscriber.class, KanthorqSubscribers.class))
                || type.getName().startsWith("org.springframework.")) {
            return;
        }
        Map<Method, Set<KanthorqSubscriber>> methods = MethodIntrospector.selectMethods(
                type, (MethodIntrospector.MetadataLookup<Set<KanthorqSubscriber>>) method -> {
                    // one annotation per consumer the method serves (repeated, or in the container)
                    Set<KanthorqSubscriber> found =
                            AnnotatedElementUtils.findMergedRepeatableAnnotations(method, KanthorqSubscriber.class);
                    return found.isEmpty() ? null : found;
                });
        if (methods.isEmpty()) {
            classesWithoutSubscribers.add(type);
            return;
        }
        methods.forEach((method, annotations) -> {
            for (KanthorqSubscriber annotation : annotations) {
                try {
                    subscribers.add(subscriber(beanName, type, method, annotation));
                } catch (IllegalArgumentException e) {
                    problems.add(SubscriberMethod.describe(beanName, method) + ": " + e.getMessage());
                }
            }
        });
    }

    private SubscriberMethod subscriber(String beanName, Class<?> type, Method method, KanthorqSubscriber annotation) {
        String consumer = valueResolver.resolveStringValue(annotation.consumer());
        try {
            Names.requireValid("consumer", consumer);
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        PayloadBinding binding = PayloadBinding.of(method, type);
        if (binding.kind() == PayloadBinding.Kind.OBJECT && !codec.isAvailable()) {
            throw new IllegalArgumentException(
                    "its payload type " + binding.payloadType().getTypeName()
                            + " must be read from JSON, but Jackson 3 (tools.jackson.databind.json.JsonMapper) is not on the"
                            + " classpath; take Event, String or byte[] instead, or add spring-boot-starter-jackson");
        }
        return new SubscriberMethod(beanName, method, consumer, binding);
    }
}

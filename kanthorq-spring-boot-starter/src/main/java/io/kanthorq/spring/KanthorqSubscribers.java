package io.kanthorq.spring;

import io.kanthorq.spring.aot.SubscriberReflectiveProcessor;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Holds the {@link KanthorqSubscriber} annotations of a method that serves several consumers; the
 * compiler writes it when the annotation is repeated, so applications rarely name it.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(SubscriberReflectiveProcessor.class)
public @interface KanthorqSubscribers {

    /** The repeated annotations, one per consumer. */
    KanthorqSubscriber[] value();
}

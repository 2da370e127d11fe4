package io.kanthorq.spring;

import io.kanthorq.spring.aot.SubscriberReflectiveProcessor;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method as the subscriber of a consumer declared under {@code kanthorq.consumers}.
 * The method runs once per task; returning normally completes the task, an exception fails the
 * attempt (Retryable with the consumer's backoff, or Discarded once {@code attempt-max} is reached).
 * Throw {@link io.kanthorq.core.RetryLaterException} to choose the delay or
 * {@link io.kanthorq.core.DiscardException} to dead-letter the task at once.
 *
 * <p>Parameters: the payload as {@link io.kanthorq.core.Event}, {@code String} (UTF-8 body),
 * {@code byte[]} or any other type bound from JSON (needs Jackson 3), optionally followed by a
 * {@link io.kanthorq.core.TaskContext} (consumer, event, attempt number). A body that cannot be
 * read as the declared type discards the task with the deserialization error recorded.
 *
 * <pre>{@code
 * @KanthorqSubscriber(consumer = "send_cancellation_email")
 * void on(OrderCancelled payload, TaskContext task) { ... }
 * }</pre>
 *
 * <p>Each consumer has exactly one subscriber method per application; delivery is at-least-once,
 * so use {@code task.event().id()} to make the method idempotent. One method may serve several
 * consumers: repeat the annotation, and take a {@link io.kanthorq.core.TaskContext} to tell them apart
 * ({@code task.consumer()}).
 *
 * <pre>{@code
 * @KanthorqSubscriber(consumer = "email_eu")
 * @KanthorqSubscriber(consumer = "email_us")
 * void email(OrderCancelled payload, TaskContext task) { ... }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(KanthorqSubscribers.class)
@Reflective(SubscriberReflectiveProcessor.class) // AOT: invoked reflectively, payload bound from JSON
public @interface KanthorqSubscriber {

    /** The consumer whose tasks this method handles; {@code ${…}} placeholders are resolved. */
    String consumer();
}

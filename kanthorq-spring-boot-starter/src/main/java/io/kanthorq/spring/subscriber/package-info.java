/**
 * {@code @KanthorqSubscriber} methods: discovery over the bean factory, the binding of a method's parameters to a
 * task's payload and context, and the invoker that adapts a method to a core {@code TaskHandler}. A definition that
 * cannot work fails the start with a {@link io.kanthorq.spring.subscriber.SubscriberDefinitionException} listing every
 * problem. Applications use the annotation, not these types.
 */
package io.kanthorq.spring.subscriber;

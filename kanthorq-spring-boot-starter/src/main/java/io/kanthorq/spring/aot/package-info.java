/**
 * Ahead-of-time support: the runtime hints an AOT-processed application (a native image, or the JVM
 * with {@code spring.aot.enabled=true}) needs for KanthorQ, registered through
 * {@code META-INF/spring/aot.factories} and {@code @KanthorqSubscriber}. Applications do not use
 * these types directly.
 */
package io.kanthorq.spring.aot;

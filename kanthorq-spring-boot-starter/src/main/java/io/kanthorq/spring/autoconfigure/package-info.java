/**
 * The auto-configuration: {@code KanthorqAutoConfiguration} and {@code KanthorqOperationsAutoConfiguration}, their
 * {@link io.kanthorq.spring.autoconfigure.KanthorqProperties}, the failure analyzer, and the package-private helpers
 * only they use (the default publisher, the listener fan-out, handler thread factories). An application reads the
 * properties class at most; every other type here may change without notice.
 */
package io.kanthorq.spring.autoconfigure;

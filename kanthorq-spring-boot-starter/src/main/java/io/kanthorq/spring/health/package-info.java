/**
 * The Actuator health contributor {@code kanthorq}, a composite of {@code database} and
 * {@code consumers/<name>} (worker running, backlog) that health groups may include part by part.
 */
package io.kanthorq.spring.health;

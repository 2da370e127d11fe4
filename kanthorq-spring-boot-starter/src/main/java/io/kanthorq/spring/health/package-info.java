/** The Actuator health contributor {@code kanthorq}: database reachable, workers running, backlog per consumer. */
package io.kanthorq.spring.health;

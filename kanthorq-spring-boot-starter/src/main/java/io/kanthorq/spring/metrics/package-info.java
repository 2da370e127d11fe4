/** Micrometer meters: task outcomes and durations, publishes, backlog gauges and retention runs. */
package io.kanthorq.spring.metrics;

/**
 * The Actuator endpoint {@code kanthorq} (streams, consumers, backlog), auto-configured when Spring Boot's
 * Actuator is on the class path and the endpoint is exposed. Applications reach it over HTTP or JMX, not
 * in code.
 */
package io.kanthorq.spring.endpoint;

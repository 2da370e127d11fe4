/**
 * The beans that run the engine inside the application context: the declared topology, its one-time registration
 * ({@code KanthorqInitializer}, with the registry migration), the workers' lifecycle, retention and the cached backlog
 * the gauges and health check read. An application may inject them (to check readiness, stop workers, read the
 * topology) but does not construct them; the auto-configuration does.
 */
package io.kanthorq.spring.runtime;

/**
 * The KanthorQ dashboard: a browser UI and a JSON HTTP API over the management API, served under
 * {@code kanthorq.dashboard.path} of a Spring MVC application and secured by the application's own Spring
 * Security (DESIGN §11). An application configures it with {@code kanthorq.dashboard.*} properties
 * ({@link io.kanthorq.dashboard.DashboardProperties}); every other type here is package-private wiring.
 */
package io.kanthorq.dashboard;

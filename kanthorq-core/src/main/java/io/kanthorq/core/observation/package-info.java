/**
 * Micrometer observations of publishes and handler attempts (optional: needs
 * {@code io.micrometer:micrometer-observation} on the class path). Applications use
 * {@link io.kanthorq.core.observation.KanthorqObservations} (handed to
 * {@link io.kanthorq.core.Kanthorq.Builder#observations}), the two contexts and the two conventions.
 */
package io.kanthorq.core.observation;

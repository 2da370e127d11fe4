/**
 * Inspection and operator actions: {@link io.kanthorq.core.management.Management} (reached through
 * {@link io.kanthorq.core.Kanthorq#management()}) and the records it answers with —
 * {@link io.kanthorq.core.management.StreamInfo}, {@link io.kanthorq.core.management.ConsumerInfo},
 * {@link io.kanthorq.core.management.TaskBacklog}, {@link io.kanthorq.core.management.TaskRecord},
 * {@link io.kanthorq.core.management.TaskDetail} — and takes as queries,
 * {@link io.kanthorq.core.management.TaskFilter} and {@link io.kanthorq.core.management.EventQuery}.
 * Applications, the starter, the CLI and the dashboard use these public types; the inspectors and
 * actions behind them are package-private. Reads are built not to scan big tables (partial indexes,
 * bounded counts, estimates past a limit).
 */
package io.kanthorq.core.management;

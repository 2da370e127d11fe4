/**
 * The KanthorQ engine's API: everything an application uses, and nothing else.
 *
 * <ul>
 *   <li>{@link io.kanthorq.core.Kanthorq}, the engine of one instance, built over a
 *       {@link io.kanthorq.core.ConnectionProvider};</li>
 *   <li>registration: {@link io.kanthorq.core.Registrar}, {@link io.kanthorq.core.ConsumerDefinition},
 *       {@link io.kanthorq.core.Backoff}, {@link io.kanthorq.core.StartFrom}, and the name and subject
 *       rules of {@link io.kanthorq.core.Names} and {@link io.kanthorq.core.Subjects};</li>
 *   <li>publishing: {@link io.kanthorq.core.EventPublisher}, {@link io.kanthorq.core.NewEvent},
 *       {@link io.kanthorq.core.Event};</li>
 *   <li>handling: {@link io.kanthorq.core.TaskHandler}, {@link io.kanthorq.core.TaskContext},
 *       {@link io.kanthorq.core.TaskListener}, {@link io.kanthorq.core.TaskState},
 *       {@link io.kanthorq.core.WorkerOptions}, {@link io.kanthorq.core.Worker}, and the two exceptions
 *       a handler throws to choose its outcome, {@link io.kanthorq.core.RetryLaterException} and
 *       {@link io.kanthorq.core.DiscardException};</li>
 *   <li>failures: {@link io.kanthorq.core.KanthorqException} and
 *       {@link io.kanthorq.core.InvalidInputException}.</li>
 * </ul>
 *
 * <p>The engine's parts live in rooms of their own: {@code .worker} (the loop that moves, claims,
 * runs and acknowledges), {@code .management} (inspection and operator actions, whose records an
 * application reads through {@link io.kanthorq.core.Kanthorq#management()}), {@code .retention}
 * (deleting old tasks and events) and {@code .internal} (JDBC, SQL fragments, table layouts, locks;
 * no other module may use it). This package is the one place that knows all of them: the engine
 * entry point wires them, so it depends on every room and every room on its types; the rooms do not
 * depend on each other except on {@code .internal} (checked by {@code ArchitectureTest}).
 */
package io.kanthorq.core;

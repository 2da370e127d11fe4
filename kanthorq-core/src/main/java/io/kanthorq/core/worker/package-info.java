/**
 * The worker: everything that turns a consumer's stream events into handler calls and outcomes.
 *
 * <p>{@link io.kanthorq.core.worker.WorkerRuntime} is the engine's door into this package; every
 * other type is package-private. A {@code WorkerLoop} per consumer moves new events into tasks
 * ({@code StreamMover}, the loss-free snapshot-window mover, with {@code MoveBatch} deciding what each
 * scanned event becomes and {@code KeyLanes} holding an ordered worker's keys), claims due tasks
 * ({@code TaskClaimer}) up to its free handlers plus what {@code ClaimAhead} judges worth queueing,
 * hands them to handler threads ({@code HandlerRunners}), extends leases, and writes outcomes in
 * batches on a thread of its own ({@code OutcomeWriter}, {@code TaskFinisher}); {@code LeaseRescuer} returns expired leases, one
 * {@code NotificationListener} per engine wakes the loops (none when polling only), and one
 * {@code DueWorkScanner} per engine watches every idle (parked) loop with a single statement. An
 * application uses none of it directly: it starts workers with
 * {@link io.kanthorq.core.Kanthorq#startWorker} and holds the {@link io.kanthorq.core.Worker} it
 * returns.
 */
package io.kanthorq.core.worker;

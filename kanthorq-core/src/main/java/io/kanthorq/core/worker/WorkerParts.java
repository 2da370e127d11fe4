package io.kanthorq.core.worker;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Observations;

/**
 * The engine parts every worker loop of an instance shares: they hold no per-consumer state, so one
 * of each serves all consumers, and one {@code LISTEN} connection wakes them all.
 */
record WorkerParts(
        Jdbc jdbc,
        StreamMover mover,
        TaskClaimer claimer,
        TaskFinisher finisher,
        LeaseRescuer rescuer,
        TaskCycle cycle,
        NotificationListener notifications,
        DueWorkScanner scanner,
        Observations observations,
        OutcomeCounts counts,
        OrderedConsumers ordered) {

    /**
     * Parts over {@code jdbc}; {@code listen} gives the {@code LISTEN} connection (null: none, poll only);
     * handler attempts are reported to {@code observations}.
     */
    static WorkerParts over(Jdbc jdbc, ConnectionProvider listen, Observations observations) {
        OrderedConsumers ordered = new OrderedConsumers(jdbc);
        StreamMover mover = new StreamMover(jdbc, ordered);
        return new WorkerParts(
                jdbc,
                mover,
                new TaskClaimer(jdbc),
                new TaskFinisher(jdbc, ordered),
                new LeaseRescuer(jdbc, ordered),
                new TaskCycle(jdbc, mover),
                new NotificationListener(listen),
                new DueWorkScanner(jdbc),
                observations,
                new OutcomeCounts(jdbc),
                ordered);
    }
}

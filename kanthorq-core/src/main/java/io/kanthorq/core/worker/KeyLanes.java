package io.kanthorq.core.worker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lanes of a worker of a consumer ordered by key: per ordering key, the tasks this worker holds, run
 * one after another on one handler thread in the order they arrived (delivery order). A move may attach
 * new tasks of a key straight to the lane holding it (inserted Running for this worker, see
 * {@link StreamMover}), so a task behind a busy key costs what an unordered one does: an insert and a
 * completion, not Pending, promotion, claim and completion.
 *
 * <p>A lane whose tasks all ran stays, idle, until the completion of its last task (its tail) is written:
 * until then that task is still its key's head in the table, and a move may attach the key's next task to
 * the lane, which starts it at once; without this every task behind a fast handler would wait as Pending
 * for the completion write.
 *
 * <p>A failing task ends its lane: the tasks queued behind it are dropped here and given back as Pending
 * by the statement that records the failure ({@link TaskFinisher}), which also catches tasks a move
 * attached to the lane while the failure was being written. A task a move attached to a lane that failed
 * meanwhile is dropped too: which lane it joined is the tail it was attached to.
 *
 * <p>The loop thread calls {@link #tails} and {@link #admit}, handler threads {@link #next}, the outcome
 * writer {@link #written}.
 */
final class KeyLanes {

    /** Most tasks one lane holds (running and queued): a hot key cannot take the worker's whole capacity. */
    static final int MAX_LANE = 16;

    /** The lanes a move may attach tasks to: per key, the lane's last task and how many more it takes. */
    record Tails(String[] keys, String[] eventIds, Long[] claims, Integer[] rooms) {
        static final Tails NONE = new Tails(new String[0], new String[0], new Long[0], new Integer[0]);
    }

    /** One key's tasks in this worker. */
    static final class Lane {
        private final String key;
        private final ArrayDeque<InFlightTasks.Task> queued = new ArrayDeque<>();
        private InFlightTasks.Task tail;
        /** Whether a handler thread runs the lane; an idle lane waits for its tail's completion write. */
        private boolean running = true;

        private Lane(String key, InFlightTasks.Task first) {
            this.key = key;
            this.tail = first;
        }
    }

    /** What {@link #admit} decided: lanes to start with their first task, tasks to run on their own, dropped. */
    record Admitted(List<Start> lanes, List<InFlightTasks.Task> unkeyed, List<InFlightTasks.Task> dropped) {}

    /** A new lane and the task it starts with. */
    record Start(Lane lane, InFlightTasks.Task first) {}

    private final Map<String, Lane> lanes = new HashMap<>();
    /** Event ids of tasks of failed lanes, with the turn in which the lane failed. */
    private final Map<String, Long> failed = new HashMap<>();

    private long turn;

    /**
     * Loop thread, before a move: the lanes with room. Forgets the failures of earlier turns: a move
     * that could have attached to those lanes started before them and has been admitted already.
     */
    synchronized Tails tails() {
        turn++;
        failed.values().removeIf(t -> t < turn - 1);
        List<Lane> open = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            if (lane.queued.size() + 1 < MAX_LANE) {
                open.add(lane);
            }
        }
        if (open.isEmpty()) {
            return Tails.NONE;
        }
        int n = open.size();
        Tails tails = new Tails(new String[n], new String[n], new Long[n], new Integer[n]);
        for (int i = 0; i < n; i++) {
            Lane lane = open.get(i);
            tails.keys()[i] = lane.key;
            tails.eventIds()[i] = lane.tail.claimed.eventId();
            tails.claims()[i] = lane.tail.claimed.claim();
            tails.rooms()[i] = MAX_LANE - 1 - lane.queued.size();
        }
        return tails;
    }

    /**
     * Loop thread: sorts claimed tasks into lanes. {@code attachedTo} maps the tasks a move attached to a
     * lane to the tail they were attached to.
     */
    synchronized Admitted admit(List<InFlightTasks.Task> tasks, Map<String, String> attachedTo) {
        List<Start> started = new ArrayList<>();
        List<InFlightTasks.Task> unkeyed = new ArrayList<>();
        List<InFlightTasks.Task> dropped = new ArrayList<>();
        for (InFlightTasks.Task task : tasks) {
            String key = task.claimed.context().event().orderingKey();
            if (key == null) {
                unkeyed.add(task);
                continue;
            }
            String tail = attachedTo.get(task.claimed.eventId());
            if (tail != null && failed.containsKey(tail)) {
                failed.put(task.claimed.eventId(), turn);
                dropped.add(task);
                continue;
            }
            Lane lane = lanes.get(key);
            if (lane == null) {
                lane = new Lane(key, task);
                lanes.put(key, lane);
                started.add(new Start(lane, task));
            } else if (!lane.running) {
                lane.running = true;
                lane.tail = task;
                started.add(new Start(lane, task));
            } else {
                lane.queued.add(task);
                lane.tail = task;
            }
        }
        return new Admitted(started, unkeyed, dropped);
    }

    /**
     * Handler thread, after a task of {@code lane} ran: the next task to run, or null when the lane ended.
     * After a failure ({@code succeeded} false) the lane ends and its queued tasks go to {@code dropped}.
     */
    synchronized InFlightTasks.Task next(
            Lane lane, InFlightTasks.Task ran, boolean succeeded, List<InFlightTasks.Task> dropped) {
        if (!succeeded) {
            failed.put(ran.claimed.eventId(), turn);
            for (InFlightTasks.Task task : lane.queued) {
                failed.put(task.claimed.eventId(), turn);
                dropped.add(task);
            }
            lane.queued.clear();
            lanes.remove(lane.key, lane);
            return null;
        }
        InFlightTasks.Task next = lane.queued.poll();
        if (next == null) {
            lane.running = false;
        }
        return next;
    }

    /**
     * Outcome writer, before writing completions: the keys of {@code completed} whose lane holds a later
     * task (admitted, not among {@code completed}). That task is still its key's head in the table, so
     * promoting the key's next Pending task would find nothing: the lane's last completion does it.
     */
    synchronized Set<String> continuing(List<ClaimedTask> completed) {
        Set<String> keys = null;
        Set<ClaimedTask> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.addAll(completed);
        for (ClaimedTask task : completed) {
            String key = task.context().event().orderingKey();
            Lane lane = key == null ? null : lanes.get(key);
            if (lane != null && !done.contains(lane.tail.claimed)) {
                if (keys == null) {
                    keys = new HashSet<>();
                }
                keys.add(key);
            }
        }
        return keys == null ? Set.of() : keys;
    }

    /**
     * Outcome writer, after a batch was written: idle lanes whose tail is among {@code tasks} end (the
     * tail is no longer Running in the table, so nothing can be attached behind it).
     */
    synchronized void written(List<ClaimedTask> tasks) {
        for (ClaimedTask task : tasks) {
            String key = task.context().event().orderingKey();
            Lane lane = key == null ? null : lanes.get(key);
            if (lane != null && !lane.running && lane.tail.claimed == task) {
                lanes.remove(key);
            }
        }
    }
}

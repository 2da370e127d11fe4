package io.kanthorq.test;

import io.kanthorq.core.TaskRun;
import io.kanthorq.core.TaskState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/** The attempts a drain ran, in the order they ran, with the state each left its task in. */
public final class TaskRuns implements Iterable<TaskRun> {

    private final List<TaskRun> runs;

    TaskRuns(List<TaskRun> runs) {
        this.runs = List.copyOf(runs);
    }

    static TaskRuns concat(List<TaskRuns> parts) {
        List<TaskRun> all = new ArrayList<>();
        parts.forEach(part -> all.addAll(part.runs));
        return new TaskRuns(all);
    }

    /** Every attempt, in order. */
    public List<TaskRun> all() {
        return runs;
    }

    /** The attempts of {@code consumer}'s tasks. */
    public TaskRuns ofConsumer(String consumer) {
        return new TaskRuns(
                runs.stream().filter(r -> r.consumer().equals(consumer)).toList());
    }

    /** The attempts that left their task in {@code state}. */
    public TaskRuns inState(TaskState state) {
        return new TaskRuns(runs.stream().filter(r -> r.state() == state).toList());
    }

    /** The states the attempts left their tasks in, in order. */
    public List<TaskState> states() {
        return runs.stream().map(TaskRun::state).toList();
    }

    /** The event ids of the attempts, in order (an id repeats for each attempt of its task). */
    public List<String> eventIds() {
        return runs.stream().map(r -> r.event().id()).toList();
    }

    /** How many attempts ran. */
    public int size() {
        return runs.size();
    }

    /** Whether none ran. */
    public boolean isEmpty() {
        return runs.isEmpty();
    }

    /** The last attempt; fails when none ran. */
    public TaskRun last() {
        if (runs.isEmpty()) {
            throw new IllegalStateException("no task ran");
        }
        return runs.get(runs.size() - 1);
    }

    @Override
    public Iterator<TaskRun> iterator() {
        return runs.iterator();
    }

    /** One line per attempt, for failure messages. */
    public String describe() {
        if (runs.isEmpty()) {
            return "  (none)";
        }
        return runs.stream().map(r -> "  " + r).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return runs.size() + " attempt(s)\n" + describe();
    }
}

package io.kanthorq.core.worker;

import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one move makes of the stream rows it scanned ({@link StreamMover}): which become tasks, and in
 * which state. Rows are taken in delivery order up to the {@code maxTasks}-th one that may start (the
 * cut; the rest stay in the stream for the next move); of those that may start, the first
 * {@code claimLimit} start at once, Running for the caller.
 *
 * <p>A row may start when it is not delayed and, for a consumer ordered by key, when its key's first
 * row in the batch starts it: as the key's new head ({@code 'h'}, no head in the table) or behind the
 * tail of the caller's lane for the key ({@code 'l'}); a key with a head elsewhere or with tasks waiting
 * ({@code 'w'}) starts nothing. After the key's first delayed row none of its rows start, and a key
 * starts at most as many rows as its lane takes. A row that may not start becomes Available when it is
 * its key's head (or has no key), else Pending behind its key.
 */
final class MoveBatch {

    /** The tasks to insert, in delivery order, and where the move ends. */
    record Tasks(
            String[] ids,
            String[] subjects,
            Short[] states,
            Long[] deliverAt,
            String[] keys,
            int cut,
            String lastTxid,
            String lastId,
            List<String> running,
            Map<String, String> tails) {}

    /** A scanned row that matched the consumer's subjects. */
    private record Row(int k, String txid, String id, String subject, String key, Long deliverAt, boolean delayed) {}

    /** What the table holds of a key: tasks waiting behind it, a head. */
    private record KeyState(boolean pending, boolean head) {}

    /** A key's rows so far in this batch. */
    private static final class KeyRun {
        private final char mode;
        private final String tail;
        private final int room;
        private int rows;
        private boolean held;

        private KeyRun(char mode, String tail, int room) {
            this.mode = mode;
            this.tail = tail;
            this.room = room;
        }
    }

    private final boolean ordered;
    private final Map<String, Integer> laneIndex = new HashMap<>();
    private final KeyLanes.Tails lanes;
    private final int laneMax;
    private final int maxTasks;
    private final int claimLimit;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, KeyState> keyStates = new HashMap<>();
    private final Set<String> liveLanes = new HashSet<>();
    private int total;
    private String lastTxid;
    private String lastId;

    MoveBatch(boolean ordered, KeyLanes.Tails lanes, int laneMax, int maxTasks, int claimLimit) {
        this.ordered = ordered;
        this.lanes = lanes;
        this.laneMax = laneMax;
        this.maxTasks = maxTasks;
        this.claimLimit = claimLimit;
        for (int i = 0; i < lanes.keys().length; i++) {
            laneIndex.put(lanes.keys()[i], i);
        }
    }

    /** What to probe of the batch's ordering keys: each key, and the tail of the caller's lane for it (or null). */
    record KeyProbes(String[] keys, String[] laneEvents, Long[] laneClaims) {}

    /** One row of the scan statement: a matching stream row, or the extent. */
    void add(ResultSet rs) throws SQLException {
        if ("r".equals(rs.getString("kind"))) {
            row(
                    rs.getInt("k"),
                    rs.getString("txid"),
                    rs.getString("id"),
                    rs.getString("subject"),
                    rs.getString("ordering_key"),
                    Jdbc.getLong(rs, "deliver_at"),
                    rs.getBoolean("delayed"));
        } else {
            extent(rs.getInt("k"), rs.getString("txid"), rs.getString("id"));
        }
    }

    /**
     * The ordering keys of the rows added so far, each with the tail of the caller's lane for it: what
     * the move probes before deciding (only the lanes of keys in the batch).
     */
    KeyProbes keyProbes() {
        Set<String> keys = new LinkedHashSet<>();
        for (Row row : rows) {
            if (row.key() != null) {
                keys.add(row.key());
            }
        }
        int n = keys.size();
        KeyProbes probes = new KeyProbes(new String[n], new String[n], new Long[n]);
        int i = 0;
        for (String key : keys) {
            probes.keys()[i] = key;
            Integer lane = laneIndex.get(key);
            if (lane != null) {
                probes.laneEvents()[i] = lanes.eventIds()[lane];
                probes.laneClaims()[i] = lanes.claims()[lane];
            }
            i++;
        }
        return probes;
    }

    /** A scanned row matching the consumer's subjects, {@code k}-th in delivery order. */
    void row(int k, String txid, String id, String subject, String key, Long deliverAt, boolean delayed) {
        rows.add(new Row(k, txid, id, subject, ordered ? key : null, deliverAt, delayed));
    }

    /** What the table holds of an ordering key of the batch: tasks waiting behind it, a head. */
    void key(String key, boolean pending, boolean head) {
        keyStates.put(key, new KeyState(pending, head));
    }

    /** A lane of the caller whose tail is still Running under its claim. */
    void liveLane(String key) {
        liveLanes.add(key);
    }

    /** How many rows the scan read, matching or not, and the last of them (null when none). */
    void extent(int total, String lastTxid, String lastId) {
        this.total = total;
        this.lastTxid = lastTxid;
        this.lastId = lastId;
    }

    /** How many rows the scan read, matching or not. */
    int total() {
        return total;
    }

    /** Decides the tasks; rows arrive in any order (a UNION ALL), so they are put in delivery order first. */
    Tasks decide() {
        rows.sort((a, b) -> Integer.compare(a.k(), b.k()));
        int n = rows.size();
        List<String> ids = new ArrayList<>(n);
        List<String> subjects = new ArrayList<>(n);
        List<Short> states = new ArrayList<>(n);
        List<Long> deliverAt = new ArrayList<>(n);
        List<String> keys = new ArrayList<>(n);
        List<String> running = new ArrayList<>();
        Map<String, String> tails = new HashMap<>();
        Map<String, KeyRun> runs = new HashMap<>();
        int startable = 0;
        int cut = total;
        String cutTxid = lastTxid;
        String cutId = lastId;
        for (Row row : rows) {
            boolean starts;
            boolean head;
            String tail = null;
            if (row.key() == null) {
                starts = !row.delayed();
                head = true;
            } else {
                KeyRun run = runs.computeIfAbsent(row.key(), this::startOf);
                run.rows++;
                run.held |= row.delayed();
                starts = run.mode != 'w' && !run.held && run.rows <= run.room;
                head = run.mode == 'h' && run.rows == 1;
                tail = run.tail;
            }
            boolean runsNow = false;
            if (starts) {
                startable++;
                runsNow = startable <= claimLimit;
            }
            ids.add(row.id());
            subjects.add(row.subject());
            states.add(
                    runsNow ? TaskState.RUNNING.code() : head ? TaskState.AVAILABLE.code() : TaskState.PENDING.code());
            deliverAt.add(row.deliverAt());
            keys.add(row.key());
            if (runsNow) {
                running.add(row.id());
                if (tail != null) {
                    tails.put(row.id(), tail);
                }
            }
            if (starts && startable == maxTasks) {
                cut = row.k();
                cutTxid = row.txid();
                cutId = row.id();
                break;
            }
        }
        return new Tasks(
                ids.toArray(String[]::new),
                subjects.toArray(String[]::new),
                states.toArray(Short[]::new),
                deliverAt.toArray(Long[]::new),
                keys.toArray(String[]::new),
                cut,
                cutTxid,
                cutId,
                running,
                tails);
    }

    /**
     * How {@code key} starts in this batch: it waits behind tasks already waiting; else it joins the
     * caller's lane for it when that lane's tail is still Running under its claim; else it waits behind
     * a head held elsewhere; else its first row becomes the head.
     */
    private KeyRun startOf(String key) {
        KeyState state = keyStates.get(key);
        if (state == null) {
            throw new IllegalStateException("kanthorq: the move's scan returned no state for ordering key " + key);
        }
        if (state.pending()) {
            return new KeyRun('w', null, laneMax);
        }
        if (liveLanes.contains(key)) {
            int lane = laneIndex.get(key);
            return new KeyRun('l', lanes.eventIds()[lane], lanes.rooms()[lane]);
        }
        return new KeyRun(state.head() ? 'w' : 'h', null, laneMax);
    }
}

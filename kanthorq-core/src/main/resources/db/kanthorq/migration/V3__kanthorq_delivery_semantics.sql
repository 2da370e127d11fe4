-- Delivery semantics (ordering keys): how a consumer orders its tasks and what a dead-lettered task
-- does to the tasks of its key behind it. Constant defaults: adding them rewrites nothing, and
-- instances of the previous release keep inserting rows without naming these columns.
ALTER TABLE kanthorq_consumer_registry
    ADD COLUMN ordering   text NOT NULL DEFAULT 'none' CHECK (ordering IN ('none', 'key')),
    ADD COLUMN on_discard text NOT NULL DEFAULT 'block' CHECK (on_discard IN ('continue', 'block'));

-- The delivery order of the tasks of ordered consumers: the mover numbers each keyed task it inserts,
-- so "the next task of a key" is the smallest number among the key's Pending tasks.
CREATE SEQUENCE kanthorq_delivery_seq AS bigint;

-- Recurring events: one row per schedule. Every instance that runs the schedule wakes at each tick;
-- the one that moves last_tick_at forward (row lock, compare) publishes the tick's event in the same
-- transaction, with the tick as idempotency key. Times are epoch ms by the database clock.
CREATE TABLE kanthorq_schedule_registry (
    name          text COLLATE "C" PRIMARY KEY,
    stream_name   text COLLATE "C" NOT NULL REFERENCES kanthorq_stream_registry (name) ON DELETE CASCADE,
    subject       text             NOT NULL,
    -- how the ticks are computed, as configured (e.g. "cron 0 0 9 * * MON-FRI in Europe/Paris")
    trigger       text             NOT NULL,
    last_tick_at  bigint,
    last_event_id text COLLATE "C",
    next_tick_at  bigint,
    created_at    bigint           NOT NULL,
    updated_at    bigint           NOT NULL
);

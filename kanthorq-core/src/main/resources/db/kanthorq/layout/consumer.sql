-- Layout 2 of a consumer task table. %1$s = table name, %2$s = index prefix (both validated).
-- Statements end with ';' at the end of a line (see stream.sql for how existing tables are upgraded).
CREATE TABLE IF NOT EXISTS %1$s (
    event_id      text COLLATE "C" NOT NULL,
    subject       text             NOT NULL,
    state         smallint         NOT NULL,
    schedule_at   bigint           NOT NULL,
    finalized_at  bigint,
    attempt_count smallint         NOT NULL DEFAULT 0,
    attempted_at  bigint,
    claim         bigint,
    errors        jsonb            NOT NULL DEFAULT '[]',
    metadata      jsonb            NOT NULL DEFAULT '{}',
    created_at    bigint           NOT NULL,
    updated_at    bigint           NOT NULL,
    ordering_key  text COLLATE "C",
    delivery_seq  bigint,
    CONSTRAINT %2$s_pk PRIMARY KEY (event_id)
);
-- Layout 2: a consumer ordered by key copies the event's ordering key and numbers its keyed tasks in
-- delivery order (NULL for consumers without ordering and for events without a key).
ALTER TABLE %1$s ADD COLUMN IF NOT EXISTS ordering_key text COLLATE "C";
ALTER TABLE %1$s ADD COLUMN IF NOT EXISTS delivery_seq bigint;
-- Claims: ready tasks in schedule order (Available 1, Retryable 102).
CREATE INDEX IF NOT EXISTS %2$s_ready ON %1$s (schedule_at) WHERE state IN (1, 102);
-- Rescue: Running tasks (2) by lease deadline.
CREATE INDEX IF NOT EXISTS %2$s_lease ON %1$s (schedule_at) WHERE state = 2;
-- Finished tasks (Completed, Cancelled, Discarded) by state and age: listing, dead letters, retention.
-- Partial, so a task gets no entry while Available or Running, which keeps the hot path (insert,
-- claim, complete) to as few index writes as possible.
CREATE INDEX IF NOT EXISTS %2$s_finished ON %1$s (state, updated_at) WHERE state IN (101, -101, -102);
-- Ordered consumers: the tasks waiting behind their key's head (Pending 0), next one first; and the
-- key's head (Available, Running, Retryable, or a Discarded task that blocks its key). Both stay empty
-- for consumers without ordering.
CREATE INDEX IF NOT EXISTS %2$s_keyq ON %1$s (ordering_key, delivery_seq) WHERE state = 0;
CREATE INDEX IF NOT EXISTS %2$s_keyh ON %1$s (ordering_key) WHERE ordering_key IS NOT NULL AND state IN (1, 2, 102, -102);

-- KanthorQ registry. Per-stream and per-consumer tables are created at registration time from the
-- templates in db/kanthorq/layout; this migration only holds what every installation shares.

CREATE TABLE kanthorq_stream_registry (
    name           text COLLATE "C" PRIMARY KEY,
    layout_version integer NOT NULL,
    created_at     bigint  NOT NULL,
    updated_at     bigint  NOT NULL
);

-- One row per consumer. The cursor is a pg_snapshot: an event belongs to the consumer's past when
-- its txid is visible in the cursor. window_snapshot/position_* hold a window that is being moved in
-- several batches (see StreamMover).
CREATE TABLE kanthorq_consumer_registry (
    name                  text COLLATE "C" PRIMARY KEY,
    stream_name           text COLLATE "C" NOT NULL REFERENCES kanthorq_stream_registry (name),
    subject_includes      text[]           NOT NULL,
    subject_excludes      text[]           NOT NULL DEFAULT '{}',
    -- the filters as anchored regular expressions (computed at registration), which the mover applies
    subject_include_regex text[]           NOT NULL DEFAULT '{}',
    subject_exclude_regex text[]           NOT NULL DEFAULT '{}',
    cursor_snapshot       pg_snapshot      NOT NULL,
    window_snapshot       pg_snapshot,
    position_txid         xid8,
    position_id           text COLLATE "C",
    attempt_max           smallint         NOT NULL CHECK (attempt_max >= 1),
    visibility_timeout_ms bigint           NOT NULL CHECK (visibility_timeout_ms >= 1000),
    backoff_initial_ms    bigint           NOT NULL CHECK (backoff_initial_ms >= 0),
    backoff_multiplier    double precision NOT NULL CHECK (backoff_multiplier BETWEEN 1 AND 1000),
    backoff_max_ms        bigint           NOT NULL CHECK (backoff_max_ms >= 0),
    layout_version        integer          NOT NULL,
    -- a paused consumer keeps its tasks and cursor, but nothing is moved or claimed for it
    paused                boolean          NOT NULL DEFAULT false,
    created_at            bigint           NOT NULL,
    updated_at            bigint           NOT NULL
);

CREATE INDEX kanthorq_consumer_registry_stream ON kanthorq_consumer_registry (stream_name);

-- Claim tokens: every claim takes a new value and nothing ever resets it, so an acknowledgement
-- carrying an old token cannot touch a task that was rescued, redriven or claimed again.
CREATE SEQUENCE kanthorq_claim_seq AS bigint;

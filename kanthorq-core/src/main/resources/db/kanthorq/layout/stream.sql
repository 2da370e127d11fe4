-- Layout 2 of a stream table. %1$s = table name, %2$s = index prefix (both validated, see Names).
-- Statements end with ';' at the end of a line. A new table is created with every column and index.
-- On an existing table, registration adds the missing columns (ALTER TABLE ... ADD COLUMN of a
-- nullable column without default: a catalog change, no rewrite) and LayoutUpgrader builds the
-- missing indexes in the background with CREATE INDEX CONCURRENTLY.
CREATE TABLE IF NOT EXISTS %1$s (
    id              text COLLATE "C" NOT NULL,
    subject         text             NOT NULL,
    body            bytea            NOT NULL,
    metadata        jsonb            NOT NULL DEFAULT '{}',
    created_at      bigint           NOT NULL,
    txid            xid8             NOT NULL DEFAULT pg_current_xact_id(),
    ordering_key    text COLLATE "C",
    idempotency_key text COLLATE "C",
    deliver_at      bigint,
    correlation_id  text COLLATE "C",
    causation_id    text COLLATE "C",
    CONSTRAINT %2$s_pk PRIMARY KEY (id)
);
-- Layout 2: delivery semantics. The key that orders a consumer's tasks (ordering: key), the key that
-- makes a publish idempotent, and the time before which the event's tasks are not claimable.
ALTER TABLE %1$s ADD COLUMN IF NOT EXISTS ordering_key text COLLATE "C";
ALTER TABLE %1$s ADD COLUMN IF NOT EXISTS idempotency_key text COLLATE "C";
ALTER TABLE %1$s ADD COLUMN IF NOT EXISTS deliver_at bigint;
-- Layout 2: event chains. The chain's root event id (a root stores its own id; an explicit correlation id
-- is opaque text) and the id of the event whose handler published this one (NULL for a root). Events
-- of layout 1 have neither and read as roots.
ALTER TABLE %1$s ADD COLUMN IF NOT EXISTS correlation_id text COLLATE "C";
ALTER TABLE %1$s ADD COLUMN IF NOT EXISTS causation_id text COLLATE "C";
-- The mover scans by the publishing transaction, then id.
CREATE INDEX IF NOT EXISTS %2$s_txid ON %1$s (txid, id);
-- Events by publish time, for time-range queries of the management API and for retention. Added after
-- the first release: streams created before it get the index built concurrently at their next registration.
CREATE INDEX IF NOT EXISTS %2$s_created ON %1$s (created_at, id);
-- One event per idempotency key (layout 2). Partial: events without a key cost no index entry.
CREATE UNIQUE INDEX IF NOT EXISTS %2$s_idem ON %1$s (idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The events of a chain, by correlation (layout 2). Partial: a root stores its own id as correlation and is
-- found by its primary key, so events outside chains (most) cost no index entry.
CREATE INDEX IF NOT EXISTS %2$s_chain ON %1$s (correlation_id, id) WHERE correlation_id <> id;

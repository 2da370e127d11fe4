-- Layout 1 of a stream table. %1$s = table name, %2$s = index prefix (both validated, see Names).
-- Statements end with ';' at the end of a line. On an existing table, Registrar creates only the
-- indexes that are missing, with CREATE INDEX CONCURRENTLY in the background (LayoutUpgrader).
CREATE TABLE IF NOT EXISTS %1$s (
    id         text COLLATE "C" NOT NULL,
    subject    text             NOT NULL,
    body       bytea            NOT NULL,
    metadata   jsonb            NOT NULL DEFAULT '{}',
    created_at bigint           NOT NULL,
    txid       xid8             NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT %2$s_pk PRIMARY KEY (id)
);
-- The mover scans by the publishing transaction, then id.
CREATE INDEX IF NOT EXISTS %2$s_txid ON %1$s (txid, id);
-- Events by publish time, for time-range queries of the management API and for retention. Added after
-- the first release: streams created before it get the index built concurrently at their next registration.
CREATE INDEX IF NOT EXISTS %2$s_created ON %1$s (created_at, id);

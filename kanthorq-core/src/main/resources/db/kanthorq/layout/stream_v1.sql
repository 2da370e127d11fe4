-- Layout 1 of a stream table. %1$s = table name, %2$s = index prefix (both validated, see Names).
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

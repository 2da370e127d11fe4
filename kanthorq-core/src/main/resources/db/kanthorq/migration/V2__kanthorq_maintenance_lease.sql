-- Work that one instance of a cluster does at a time (a retention pass, a table's layout upgrade) is
-- elected by a lease row instead of a session advisory lock: a lease needs no session state, so it
-- holds through a transaction-pooling PgBouncer, and a holder that died loses it when it expires.
-- Times are the database clock in epoch milliseconds, like every other KanthorQ table.
CREATE TABLE kanthorq_maintenance_lease (
    name        text COLLATE "C" PRIMARY KEY,
    holder      text   NOT NULL,
    acquired_at bigint NOT NULL,
    expires_at  bigint NOT NULL
);

-- Task outcomes per consumer and minute, for the dashboard's chart of the last hour. Every instance adds
-- what its workers wrote every few seconds, in one upsert for all its consumers (rows taken in name
-- order, so two instances cannot deadlock), so the chart reads at most 60 rows per consumer instead of
-- counting task rows. Minutes are the database clock's, in minutes since the epoch; the writing
-- instances delete rows older than seven days.
CREATE TABLE kanthorq_consumer_minutes (
    consumer_name text COLLATE "C" NOT NULL,
    minute        bigint NOT NULL,
    completed     bigint NOT NULL DEFAULT 0,
    retried       bigint NOT NULL DEFAULT 0,
    discarded     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (consumer_name, minute)
);

CREATE INDEX kanthorq_consumer_minutes_minute ON kanthorq_consumer_minutes (minute);

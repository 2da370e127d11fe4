-- Events by publish time, for time-range queries of the management API and for retention. Added after
-- layout 1 and ensured at every registration (CREATE INDEX IF NOT EXISTS), so streams created by an
-- earlier release get it the next time they are registered. %1$s = table name, %2$s = index prefix.
CREATE INDEX IF NOT EXISTS %2$s_created ON %1$s (created_at, id);

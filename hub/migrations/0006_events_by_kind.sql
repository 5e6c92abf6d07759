-- The console's Kiosks and Activity pages ask for one kind of event over the last day(s)
-- across all kiosks; without this they read the whole events table.
CREATE INDEX events_by_kind_time ON events (kind, received_at);

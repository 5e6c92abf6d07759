-- Retention: events whose personal fields were blanked (the audit skeleton stays).
ALTER TABLE events ADD COLUMN blanked BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX events_unblanked ON events (received_at) WHERE NOT blanked;

-- Protocol v1: kiosks and their hashed tokens, the event log (deduplicated by id), the arrivals
-- feed (one row per booking, versioned for the cursor) and the per-kiosk command queue.
CREATE TABLE kiosks (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    -- SHA-256 of the bearer token: the token itself is shown once and never stored.
    token_sha256 BYTEA NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ,
    last_seen_at TIMESTAMPTZ
);

CREATE TABLE events (
    id          TEXT PRIMARY KEY,
    kiosk       BIGINT NOT NULL REFERENCES kiosks (id),
    seq         BIGINT NOT NULL,
    kind        TEXT NOT NULL,
    -- The kiosk's clock, as sent (it may be off); received_at is the hub's.
    occurred_at TEXT NOT NULL,
    reservation TEXT,
    data        JSONB NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    deliveries  INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_kiosk_seq ON events (kiosk, seq);
CREATE INDEX events_reservation ON events (reservation) WHERE reservation IS NOT NULL;

-- Writers take an EXCLUSIVE lock on this table, so versions commit in order and a reader
-- never skips a version that commits later.
CREATE SEQUENCE arrivals_version;
CREATE TABLE arrivals (
    confirmation TEXT PRIMARY KEY,
    -- The kiosk's import record (docs/upstream.md); NULL once removed.
    record       JSONB,
    version      BIGINT NOT NULL,
    source       TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX arrivals_by_version ON arrivals (version);

CREATE TABLE commands (
    n            BIGSERIAL PRIMARY KEY,
    id           TEXT GENERATED ALWAYS AS ('c-' || n) STORED UNIQUE,
    kiosk        BIGINT NOT NULL REFERENCES kiosks (id),
    kind         TEXT NOT NULL,
    reservation  TEXT,
    staff        TEXT,
    reason       TEXT,
    scope        TEXT,
    -- The event this command relays (a lock made at another kiosk), if any.
    origin_event TEXT REFERENCES events (id),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX commands_by_kiosk ON commands (kiosk, n);

-- The front-desk web console: staff accounts, their browser sessions, login throttling, and the
-- audit trail of everything staff do through it.
CREATE TABLE staff (
    name          TEXT PRIMARY KEY,
    role          TEXT NOT NULL CHECK (role IN ('desk', 'it')),
    password_hash TEXT NOT NULL,          -- argon2id, PHC string
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    disabled_at   TIMESTAMPTZ
);
-- A session is a random cookie value; only its SHA-256 is kept. The CSRF token goes in every
-- form of that session.
CREATE TABLE console_sessions (
    token_sha256 BYTEA PRIMARY KEY,
    staff        TEXT NOT NULL REFERENCES staff (name),
    csrf         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at     TIMESTAMPTZ
);
-- Failed logins, for throttling: by the name tried, or by a browser that logged in as that
-- member before (its device cookie), so a stranger guessing a name cannot lock her out.
CREATE TABLE console_login_failures (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL,
    device      BYTEA,
    failed_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX console_login_failures_by_name ON console_login_failures (name, failed_at);
CREATE TABLE console_devices (
    token_sha256 BYTEA PRIMARY KEY,
    staff        TEXT NOT NULL REFERENCES staff (name),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Every staff action, append-only: rows are never changed or removed (a trigger refuses it).
CREATE TABLE audit (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    staff       TEXT NOT NULL,
    action      TEXT NOT NULL,
    reservation TEXT,
    kiosk       TEXT,
    reason      TEXT,
    detail      JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_by_time ON audit (at);
CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();
-- An unlock from the console restarts the property's count of wrong codes for the booking, as
-- an unlock at a kiosk does.
CREATE TABLE property_unlocks (
    id          BIGSERIAL PRIMARY KEY,
    reservation TEXT NOT NULL,
    staff       TEXT NOT NULL,
    unlocked_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX property_unlocks_by_booking ON property_unlocks (reservation, unlocked_at);
-- Commands may name an E.164 prefix (lift_pumping_pause).
ALTER TABLE commands ADD COLUMN prefix TEXT;
-- What each kiosk last said it has not pushed yet (X-Kiosk-Backlog).
ALTER TABLE kiosks ADD COLUMN backlog BIGINT, ADD COLUMN backlog_at TIMESTAMPTZ;

-- Sends counted across the property's kiosks: when the kiosks together reach a booking's or a
-- phone's send cap on one lookup path, the hub holds that booking's sends there at every
-- kiosk (a `send_hold` command) until the window has room again. Each hold is a row here.
CREATE TABLE property_send_holds (
    id          BIGSERIAL PRIMARY KEY,
    reservation TEXT NOT NULL,
    path        TEXT NOT NULL CHECK (path IN ('confirmation', 'name')),
    cap         TEXT NOT NULL CHECK (cap IN ('phone', 'reservation')),
    sends       INTEGER NOT NULL,
    held_until  TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX property_send_holds_by_booking ON property_send_holds (reservation, path, held_until);
-- The bookings that share a phone (the feed's records hold it in E.164).
CREATE INDEX arrivals_by_phone ON arrivals ((record->>'phone')) WHERE record IS NOT NULL;
ALTER TABLE commands ADD COLUMN path TEXT, ADD COLUMN hold_s BIGINT, ADD COLUMN cap TEXT;

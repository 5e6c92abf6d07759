-- Wrong codes counted across the property's kiosks: each lock the hub itself issues (a booking
-- reached lockout_after wrong codes on one lookup path, summed over every kiosk) is a row here;
-- failures received before it no longer count.
CREATE TABLE property_locks (
    id          BIGSERIAL PRIMARY KEY,
    reservation TEXT NOT NULL,
    scope       TEXT NOT NULL,
    failures    INTEGER NOT NULL,
    locked_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX property_locks_by_booking ON property_locks (reservation, scope, locked_at);
CREATE INDEX events_by_booking_kind ON events (reservation, kind, received_at)
    WHERE reservation IS NOT NULL;

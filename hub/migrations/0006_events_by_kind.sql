-- The console's Kiosks page asks for the rare kinds of event (alerts, staff actions, failed
-- sends) over the last day or two across all kiosks; without this it reads the whole events
-- table. Partial, so the bulk of the traffic (codes sent, verified, wrong) pays nothing for it
-- at ingest.
CREATE INDEX events_rare_by_kind_time ON events (kind, received_at)
    WHERE kind IN ('abuse_alert', 'staff_override', 'staff_login_failed', 'send_failed');

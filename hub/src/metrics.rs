//! The property's figures in the Prometheus text format (`serve --metrics ADDR`): events the
//! kiosks pushed by kind, kiosks and how long each has been silent, property-wide locks and
//! send holds, commands waiting for an acknowledgement, console logins that failed. Labels are
//! event kinds and kiosk ids, never personal data.

use std::fmt::Write as _;

use deadpool_postgres::GenericClient;

use crate::HubError;

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// Only values that follow the kiosk ids' rule (`[A-Za-z0-9_.-]`, 1 to 64) become labels:
/// kiosk ids always do, event kinds as the kiosks write them; anything else is left out.
fn label_safe(v: &str) -> bool {
    crate::kiosks::valid_name(v)
}

pub async fn render(client: &impl GenericClient) -> Result<String, HubError> {
    let mut out = String::new();
    family(
        &mut out,
        "lobby_hub_events_total",
        "counter",
        "Events the kiosks pushed, by kind.",
    );
    for r in client
        .query(
            "SELECT kind, COUNT(*) FROM events GROUP BY kind ORDER BY kind",
            &[],
        )
        .await?
    {
        let (kind, n): (String, i64) = (r.get(0), r.get(1));
        if label_safe(&kind) {
            let _ = writeln!(out, "lobby_hub_events_total{{kind=\"{kind}\"}} {n}");
        }
    }
    family(
        &mut out,
        "lobby_hub_kiosk_silent_seconds",
        "gauge",
        "Seconds since each kiosk was last seen (-1: never).",
    );
    for r in client
        .query(
            "SELECT name, COALESCE(EXTRACT(EPOCH FROM now() - last_seen_at)::int8, -1)
             FROM kiosks WHERE revoked_at IS NULL ORDER BY name",
            &[],
        )
        .await?
    {
        let (name, s): (String, i64) = (r.get(0), r.get(1));
        if label_safe(&name) {
            let _ = writeln!(
                out,
                "lobby_hub_kiosk_silent_seconds{{kiosk=\"{name}\"}} {s}"
            );
        }
    }
    let row = client
        .query_one(
            "SELECT (SELECT COUNT(*) FROM property_locks),
                    (SELECT COUNT(*) FROM property_send_holds),
                    (SELECT COUNT(*) FROM commands c WHERE c.created_at > now() - interval '1 day'
                       AND NOT EXISTS (SELECT 1 FROM events e
                                       WHERE e.kiosk = c.kiosk AND e.data->>'command_id' = c.id)),
                    (SELECT COUNT(*) FROM audit WHERE action = 'login_failed'),
                    (SELECT COUNT(*) FROM arrivals WHERE record IS NOT NULL)",
            &[],
        )
        .await?;
    for (i, (name, kind, help)) in [
        (
            "lobby_hub_property_locks_total",
            "counter",
            "Locks the hub sent every kiosk (wrong codes across kiosks).",
        ),
        (
            "lobby_hub_send_holds_total",
            "counter",
            "Send holds the hub sent (sends across kiosks).",
        ),
        (
            "lobby_hub_commands_unacknowledged",
            "gauge",
            "Commands of the last day no kiosk journal acknowledged yet.",
        ),
        (
            "lobby_hub_console_logins_failed_total",
            "counter",
            "Failed logins at the front-desk console.",
        ),
        (
            "lobby_hub_arrivals",
            "gauge",
            "Bookings in the arrivals feed.",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        family(&mut out, name, kind, help);
        let _ = writeln!(out, "{name} {}", row.get::<_, i64>(i));
    }
    Ok(out)
}

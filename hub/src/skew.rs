//! How far each kiosk's clock is from the hub's. A kiosk pushes an event as it journals it, so
//! for its freshly pushed events the time it wrote (`occurred_at`) and the time the hub got it
//! differ by the sync delay plus the clock's error; the smallest difference among its recent
//! events is the error. A kiosk whose clock runs hours ahead ends the locks and send holds it
//! applies early, so monitoring must see it.

use std::collections::HashMap;

use deadpool_postgres::GenericClient;
use jiff::Timestamp;

use crate::HubError;

/// Beyond this, a kiosk's clock is reported as off.
pub const TOLERANCE_S: i64 = 300;

/// Seconds each kiosk (by id) is ahead of the hub (negative: behind), from its last 50 events
/// of the last day, pushed once. Kiosks with no such event are absent.
pub async fn offsets(client: &impl GenericClient) -> Result<HashMap<i64, i64>, HubError> {
    let rows = client
        .query(
            "SELECT kiosk, occurred_at, (EXTRACT(EPOCH FROM received_at) * 1000)::int8
             FROM (SELECT kiosk, occurred_at, received_at,
                          row_number() OVER (PARTITION BY kiosk ORDER BY received_at DESC) AS n
                   FROM events
                   WHERE received_at > now() - interval '1 day' AND deliveries = 1) AS recent
             WHERE n <= 50",
            &[],
        )
        .await?;
    let mut best: HashMap<i64, i64> = HashMap::new();
    for r in rows {
        let (kiosk, occurred, received_ms): (i64, String, i64) = (r.get(0), r.get(1), r.get(2));
        // Validated at ingest; anything unreadable just does not count.
        let Ok(occurred) = occurred.parse::<Timestamp>() else {
            continue;
        };
        let offset_s = (occurred.as_millisecond() - received_ms) / 1000;
        best.entry(kiosk)
            .and_modify(|b| {
                if offset_s.abs() < b.abs() {
                    *b = offset_s;
                }
            })
            .or_insert(offset_s);
    }
    Ok(best)
}

/// "3 h 20 min ahead", "6 min behind".
pub fn describe(offset_s: i64) -> String {
    let m = offset_s.unsigned_abs() / 60;
    let amount = if m >= 60 {
        format!("{} h {} min", m / 60, m % 60)
    } else {
        format!("{m} min")
    };
    let way = if offset_s > 0 { "ahead" } else { "behind" };
    format!("{amount} {way}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn offsets_read_as_a_person_says_them() {
        assert_eq!(super::describe(12_000), "3 h 20 min ahead");
        assert_eq!(super::describe(-360), "6 min behind");
    }
}

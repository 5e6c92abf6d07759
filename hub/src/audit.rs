//! The audit trail: every staff action through the console or the hub's staff commands, with
//! the member's name and reason. Append-only in PostgreSQL (a trigger refuses changes).

use deadpool_postgres::GenericClient;

use crate::HubError;

/// One audited action.
#[derive(Debug, Default)]
pub struct Entry<'a> {
    pub staff: &'a str,
    pub action: &'a str,
    pub reservation: Option<&'a str>,
    pub kiosk: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub detail: serde_json::Value,
}

/// Writes `entry` in the caller's transaction, so the action and its record commit together.
pub async fn record(client: &impl GenericClient, entry: &Entry<'_>) -> Result<(), HubError> {
    let detail = if entry.detail.is_null() {
        serde_json::json!({})
    } else {
        entry.detail.clone()
    };
    client
        .execute(
            "INSERT INTO audit (staff, action, reservation, kiosk, reason, detail)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &entry.staff,
                &entry.action,
                &entry.reservation,
                &entry.kiosk,
                &entry.reason,
                &detail,
            ],
        )
        .await?;
    Ok(())
}

/// What the audit page filters by; empty fields match everything.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub staff: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub reservation: String,
    /// Days back from now (1–400; default 7).
    #[serde(default)]
    pub days: Option<i32>,
}

/// One row of the trail.
#[derive(Debug, Clone)]
pub struct Row {
    pub at: String,
    pub staff: String,
    pub action: String,
    pub reservation: Option<String>,
    pub kiosk: Option<String>,
    pub reason: Option<String>,
    pub detail: String,
}

/// The newest `limit` rows matching `filter`, newest first.
pub async fn search(
    client: &impl GenericClient,
    filter: &Filter,
    limit: i64,
) -> Result<Vec<Row>, HubError> {
    let days = filter.days.unwrap_or(7).clamp(1, 400);
    let rows = client
        .query(
            "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), staff, action,
                    reservation, kiosk, reason, detail::text
             FROM audit
             WHERE at > now() - $1::int4 * interval '1 day'
               AND ($2 = '' OR staff = $2) AND ($3 = '' OR action = $3)
               AND ($4 = '' OR reservation = $4)
             ORDER BY id DESC LIMIT $5",
            &[
                &days,
                &filter.staff.trim(),
                &filter.action.trim(),
                &filter.reservation.trim(),
                &limit,
            ],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| Row {
            at: r.get(0),
            staff: r.get(1),
            action: r.get(2),
            reservation: r.get(3),
            kiosk: r.get(4),
            reason: r.get(5),
            detail: r.get(6),
        })
        .collect())
}

/// `rows` as CSV (RFC 4180), with a header. A cell that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@` first, after any blanks) is prefixed with `'`.
pub fn csv(rows: &[Row]) -> Result<Vec<u8>, HubError> {
    // Every cell quoted: a spreadsheet set to split on `;` (or tabs) never splits one.
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    let failed = |e: csv::Error| HubError::Usage(format!("cannot write the CSV: {e}"));
    out.write_record([
        "at",
        "staff",
        "action",
        "reservation",
        "kiosk",
        "reason",
        "detail",
    ])
    .map_err(failed)?;
    for r in rows {
        let cells = [
            r.at.as_str(),
            &r.staff,
            &r.action,
            r.reservation.as_deref().unwrap_or(""),
            r.kiosk.as_deref().unwrap_or(""),
            r.reason.as_deref().unwrap_or(""),
            &r.detail,
        ];
        out.write_record(cells.iter().map(|c| defused(c).into_owned()))
            .map_err(failed)?;
    }
    out.into_inner()
        .map_err(|e| HubError::Usage(format!("cannot write the CSV: {e}")))
}

fn defused(text: &str) -> std::borrow::Cow<'_, str> {
    // Spreadsheets skip leading blanks before reading a formula.
    if text
        .trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(['=', '+', '-', '@'])
        || text.starts_with(['\t', '\r'])
    {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_separators_and_defuses_formulas() {
        let row = Row {
            at: "2026-12-02T10:00:00Z".into(),
            staff: "anna".into(),
            action: "unlock".into(),
            reservation: Some("=HYPERLINK(\"x\")".into()),
            kiosk: None,
            reason: Some("guest, with ID".into()),
            detail: "{}".into(),
        };
        let text = String::from_utf8(csv(&[row]).unwrap()).unwrap();
        assert_eq!(
            text.lines().nth(1).unwrap(),
            "\"2026-12-02T10:00:00Z\",\"anna\",\"unlock\",\"'=HYPERLINK(\"\"x\"\")\",\"\",\"guest, with ID\",\"{}\""
        );
        assert_eq!(defused("  =1+1"), "'  =1+1");
        assert_eq!(defused("\t=1"), "'\t=1");
        assert_eq!(defused("x;=1"), "x;=1", "quoted whole, so never split at ;");
    }
}

//! The demo guests' phone numbers exactly as written in `assets/demo/reservations.json` (many
//! countries, national and international forms), read without parsing any of them, for the
//! phone-pattern cache test and bench. Included with `#[path]` so nothing else comes along.

pub fn demo_phones() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo/reservations.json");
    let text = std::fs::read_to_string(path).expect("the shipped demo data");
    let json: serde_json::Value = serde_json::from_str(&text).expect("demo data is JSON");
    let list = json
        .get("reservations")
        .and_then(|r| r.as_array())
        .or_else(|| json.as_array())
        .expect("a list of reservations");
    list.iter()
        .filter_map(|r| r.get("phone").and_then(|p| p.as_str()).map(str::to_owned))
        .collect()
}

//! Configured text the guest or staff screens show must be drawable by the bundled fonts: a
//! hotel's own Japanese key-pickup text with a kanji the fonts lack would show a box, so
//! check-config refuses it, at the character itself.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Config, ConfigIssue, KeyPath, line_col, locate};
use crate::fonts;

/// (path, language, text) of each text in `map`, keyed by language.
fn per_language<'a>(
    path: &KeyPath,
    map: &'a BTreeMap<String, String>,
) -> Vec<(KeyPath, Option<&'a str>, &'a str)> {
    map.iter()
        .map(|(lang, value)| (path.key(lang), Some(lang.as_str()), value.as_str()))
        .collect()
}

/// One issue per character no bundled font draws, per configured display text.
pub(super) fn undrawable(text: &str, file: &Path, config: &Config) -> Vec<ConfigIssue> {
    let mut texts: Vec<(KeyPath, Option<&str>, &str)> = Vec::new();
    let root = KeyPath::root();
    texts.push((
        root.key("kiosk").key("property"),
        None,
        &config.kiosk.property,
    ));
    let success = root.key("success");
    let mut localised = per_language(&success.key("key_pickup"), &config.success.key_pickup);
    localised.extend(per_language(
        &success.key("directions"),
        &config.success.directions,
    ));
    for (i, qr) in config.success.qr.iter().enumerate() {
        localised.extend(per_language(
            &success.key("qr").index(i).key("label"),
            &qr.label,
        ));
    }
    texts.extend(localised);
    for (i, staff) in config.staff.iter().enumerate() {
        texts.push((root.key("staff").index(i).key("name"), None, &staff.name));
    }

    let mut issues = Vec::new();
    for (path, lang, value) in texts {
        let mut seen = Vec::new();
        for (_, c) in fonts::undrawable(value) {
            if seen.contains(&c) {
                continue;
            }
            seen.push(c);
            let (line, column) = position(text, &path, c);
            let whose = lang.map_or_else(|| "the text".to_owned(), |l| format!("the {l} text"));
            let advice = match fonts::standard_form(c) {
                Some(standard) => format!("write its everyday form \"{standard}\" instead"),
                None => "use characters the fonts have: Latin, Greek, Cyrillic, JIS X 0208 (Japanese) and GB 2312 (Chinese), see assets/fonts/README.md".to_owned(),
            };
            issues.push(ConfigIssue {
                file: file.to_path_buf(),
                line,
                column,
                message: format!(
                    "{path}: {whose} has \"{c}\" (U+{:04X}), which none of the bundled fonts can draw (the screen would show a box); {advice}",
                    u32::from(c)
                ),
            });
        }
    }
    issues
}

/// Where `c` is written inside the value at `path`; the value's start when it is written as
/// an escape (`\U00020BB7`).
fn position(text: &str, path: &KeyPath, c: char) -> (usize, usize) {
    let Some(span) = super::locate::span(text, path) else {
        return locate(text, path);
    };
    let value = text.get(span.clone()).unwrap_or("");
    let offset = value.find(c).map_or(span.start, |i| span.start + i);
    line_col(text, offset)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::{Config, ConfigError};

    const BASE: &str = "[kiosk]\nid = \"lobby-1\"\nproperty = \"Hotel Test\"\ntime_zone = \"Asia/Tokyo\"\ncountry = \"JP\"\n\n[demo]\nenabled = true\nreservations = \"Cargo.toml\"\n\n[[gateway]]\nname = \"demo\"\nkind = \"outbox\"\npath = \"var/outbox.log\"\n";

    fn check(extra: &str) -> Result<Config, ConfigError> {
        from(&format!("{BASE}{extra}"))
    }

    /// `text` as a kiosk.toml beside Cargo.toml (the demo data it names).
    fn from(text: &str) -> Result<Config, ConfigError> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk-test.toml");
        Config::from_str_at(text, &path)
    }

    #[test]
    fn a_kanji_of_jis_x_0208_outside_the_shipped_texts_passes() {
        // 鬱 and 醤 are JIS X 0208 level 2, in no shipped text (the old subsets lacked them).
        let ja = "鍵は醤油蔵の隣、鬱金色の扉の受付でお受け取りください。";
        let config = check(&format!("\n[success.key_pickup]\nja = \"{ja}\"\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.success.key_pickup["ja"], ja);
        // 鑫, 淼 and 阁 are GB 2312 only.
        let zh = "请乘电梯到{floor}楼，鑫淼阁{room}号房。";
        check(&format!("\n[success.directions]\nzh-Hans = \"{zh}\"\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            crate::fonts::undrawable(&format!("{ja}{zh}"))
                .next()
                .is_none()
        );
    }

    #[test]
    fn a_character_no_bundled_font_draws_is_refused_at_its_spot() {
        let err = check("\n[success.key_pickup]\nen = \"Front desk\"\nja = \"フロントで\u{20BB7}野がお渡しします\"\n")
            .unwrap_err();
        let issues = err.issues();
        assert_eq!(issues.len(), 1, "{err}");
        let issue = &issues[0];
        // Line 18, `ja = "フロントで𠮷…`: the character is the 12th of the line.
        assert_eq!((issue.line, issue.column), (18, 12), "{issue}");
        for part in [
            "success.key_pickup.ja:",
            "the ja text",
            "\"\u{20BB7}\" (U+20BB7)",
            "none of the bundled fonts can draw",
            "\"吉\"",
        ] {
            assert!(issue.message.contains(part), "{part} in {issue}");
        }
    }

    #[test]
    fn every_configured_display_text_is_checked() {
        let err = check(concat!(
            "\n[success]\ndirections = { ko = \"\u{BC29} {room}\" }\n",
            "\n[[success.qr]]\nlabel = { zh-Hans = \"无线网络 \u{1F4F6}\" }\npayload = \"WIFI:S:x;;\"\n",
        ))
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("success.directions.ko: the ko text has \"방\" (U+BC29)"),
            "{text}"
        );
        assert!(
            text.contains("success.qr[0].label.zh-Hans: the zh-Hans text has"),
            "{text}"
        );
        assert!(text.contains("(U+1F4F6)"), "{text}");

        assert!(check("").is_ok(), "the base passes");
        let err = from(&BASE.replace("Hotel Test", "Hôtel \u{0E01}")).unwrap_err();
        let issue = err
            .issues()
            .iter()
            .find(|i| i.message.contains("U+0E01"))
            .unwrap();
        assert!(
            issue.message.starts_with("kiosk.property: the text has"),
            "{issue}"
        );
        assert_eq!((issue.line, issue.column), (3, 19));
    }
}

//! Guest-facing texts: one Fluent file per language under `assets/i18n/`, embedded at build time
//! so a kiosk never shows a message id because a file went missing.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use jiff::civil::Date;
use unic_langid::LanguageIdentifier;

/// The shipped languages (same order as `config::SUPPORTED_LANGUAGES`) and their sources.
pub const SOURCES: [(&str, &str); 7] = [
    ("en", include_str!("../../assets/i18n/en.ftl")),
    ("pt", include_str!("../../assets/i18n/pt.ftl")),
    ("es", include_str!("../../assets/i18n/es.ftl")),
    ("fr", include_str!("../../assets/i18n/fr.ftl")),
    ("de", include_str!("../../assets/i18n/de.ftl")),
    ("ja", include_str!("../../assets/i18n/ja.ftl")),
    ("zh-Hans", include_str!("../../assets/i18n/zh-Hans.ftl")),
];

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("assets/i18n/{lang}.ftl:{line}:{column}: {message}")]
    Parse {
        lang: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("assets/i18n/{lang}.ftl: {message}")]
    Bundle { lang: String, message: String },
}

/// All bundles, loaded once at start-up.
pub struct I18n {
    bundles: HashMap<String, FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// 1-based line and column of a byte offset, for parse errors IT can jump to.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(1, |l| l.chars().count() + 1);
    (line, column)
}

impl I18n {
    /// Parses every shipped language; any error names the file, line and column.
    pub fn load() -> Result<I18n, I18nError> {
        let mut bundles = HashMap::new();
        for (lang, source) in SOURCES {
            let resource = FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| {
                let first = &errors[0];
                let (line, column) = line_col(source, first.pos.start);
                I18nError::Parse {
                    lang: lang.to_owned(),
                    line,
                    column,
                    message: first.kind.to_string(),
                }
            })?;
            let id: LanguageIdentifier = lang.parse().map_err(|e| I18nError::Bundle {
                lang: lang.to_owned(),
                message: format!("{e}"),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Without this, Fluent wraps every argument in U+2068/U+2069, which our fonts draw
            // as boxes.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| I18nError::Bundle {
                    lang: lang.to_owned(),
                    message: format!("{errors:?}"),
                })?;
            bundles.insert(lang.to_owned(), bundle);
        }
        Ok(I18n { bundles })
    }

    /// No texts at all (message ids show): only for the maintenance screen of a broken build.
    pub fn empty() -> I18n {
        I18n {
            bundles: HashMap::new(),
        }
    }

    /// The message `id` in `lang` (falling back to English, then to the id itself).
    pub fn tr(&self, lang: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            fargs.set(*k, v.clone());
        }
        for l in [lang, "en"] {
            let Some(bundle) = self.bundles.get(l) else {
                continue;
            };
            let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
            return text.into_owned();
        }
        id.to_owned()
    }

    /// The message ids a language defines (for the completeness test).
    #[cfg(test)]
    pub fn ids(source: &str) -> std::collections::BTreeSet<String> {
        use fluent_syntax::ast::Entry;
        let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
        resource
            .entries()
            .filter_map(|e| match e {
                Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }
}

/// A date the way a guest in `lang` reads it.
pub fn format_date(lang: &str, date: Date) -> String {
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, d) = (date.year(), date.month(), date.day());
    match lang {
        "ja" | "zh-Hans" => format!("{y}年{m}月{d}日"),
        "de" => format!("{d}.{m}.{y}"),
        "en" => {
            let month = EN_MONTHS
                .get(usize::try_from(m - 1).unwrap_or(0))
                .unwrap_or(&"");
            format!("{d} {month} {y}")
        }
        _ => format!("{d:02}/{m:02}/{y}"),
    }
}

/// A countdown as `m:ss`.
pub fn format_countdown(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_parses_and_defines_exactly_the_english_ids() {
        let i18n = I18n::load().unwrap();
        let en = I18n::ids(SOURCES[0].1);
        assert!(en.len() > 60);
        for (lang, source) in SOURCES {
            let ids = I18n::ids(source);
            let missing: Vec<_> = en.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
            // Every message formats without Fluent errors given the arguments the UI passes.
            assert_ne!(i18n.tr(lang, "welcome-title", &[]), "welcome-title");
        }
        assert_eq!(
            crate::config::SUPPORTED_LANGUAGES.to_vec(),
            SOURCES.iter().map(|(l, _)| *l).collect::<Vec<_>>()
        );
    }

    #[test]
    fn machine_translations_are_marked_for_native_review() {
        for (lang, source) in &SOURCES[1..] {
            let header: String = source.lines().take(3).collect();
            assert!(
                header.contains("MACHINE-MADE TRANSLATION"),
                "{lang}.ftl header must flag it for review"
            );
        }
    }

    #[test]
    fn arguments_are_not_wrapped_in_isolation_marks_and_plurals_work() {
        let i18n = I18n::load().unwrap();
        let text = i18n.tr("en", "welcome-title", &[("property", "Hotel Demo".into())]);
        assert_eq!(text, "Welcome to Hotel Demo");
        assert!(!text.contains('\u{2068}'));
        assert_eq!(
            i18n.tr("en", "code-wrong", &[("attempts", 1.into())]),
            "That code isn't right. One attempt left."
        );
        assert_eq!(
            i18n.tr("de", "code-wrong", &[("attempts", 3.into())]),
            "Dieser Code stimmt nicht. Noch 3 Versuche."
        );
        assert_eq!(
            i18n.tr("ja", "success-room", &[("room", "412".into())]),
            "412号室"
        );
        // Unknown language falls back to English.
        assert_eq!(i18n.tr("xx", "back", &[]), "Back");
    }

    #[test]
    fn every_booking_status_has_a_staff_label() {
        let i18n = I18n::load().unwrap();
        for status in crate::store::Status::ALL {
            let id = format!("staff-status-{}", status.as_str().replace('_', "-"));
            assert_ne!(i18n.tr("en", &id, &[]), id, "{status:?}");
        }
    }

    #[test]
    fn dates_and_countdowns_read_naturally() {
        let d = Date::constant(2026, 11, 27);
        assert_eq!(format_date("en", d), "27 November 2026");
        assert_eq!(format_date("ja", d), "2026年11月27日");
        assert_eq!(format_date("de", d), "27.11.2026");
        assert_eq!(format_date("fr", d), "27/11/2026");
        assert_eq!(format_countdown(299), "4:59");
        assert_eq!(format_countdown(-3), "0:00");
    }
}

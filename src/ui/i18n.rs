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
            "Dieser Code stimmt nicht. Sie haben noch 3 Versuche."
        );
        assert_eq!(
            i18n.tr("de", "code-wrong", &[("attempts", 1.into())]),
            "Dieser Code stimmt nicht. Sie haben noch einen Versuch."
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

    use fluent_syntax::ast;

    /// Variables whose value is a number the guest reads as a count: each takes a plural
    /// selector in the languages that inflect for it.
    const COUNTS: [&str; 4] = ["seconds", "attempts", "length", "n"];
    /// Numbers that are positions, not counts ("Step 2 of 4"): no language here inflects them.
    const POSITIONS: [&str; 2] = ["current", "total"];
    /// Variables that carry text (names, dates, formatted times, selector keys).
    const TEXTS: [&str; 12] = [
        "name",
        "surname",
        "property",
        "date",
        "time",
        "phone",
        "room",
        "arrival",
        "departure",
        "gateway",
        "order",
        "digits",
    ];
    /// The languages with singular and plural forms.
    const INFLECTING: [&str; 5] = ["en", "pt", "es", "fr", "de"];

    /// Every variable a pattern uses, and the variants of each selector on a variable.
    #[derive(Default)]
    struct Uses {
        vars: std::collections::BTreeSet<String>,
        selectors: Vec<(String, Vec<String>)>,
    }

    fn walk_inline(e: &ast::InlineExpression<&str>, uses: &mut Uses) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                uses.vars.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => walk_expression(expression, uses),
            _ => {}
        }
    }

    fn walk_expression(e: &ast::Expression<&str>, uses: &mut Uses) {
        match e {
            ast::Expression::Inline(i) => walk_inline(i, uses),
            ast::Expression::Select { selector, variants } => {
                walk_inline(selector, uses);
                if let ast::InlineExpression::VariableReference { id } = selector {
                    let keys = variants
                        .iter()
                        .map(|v| match &v.key {
                            ast::VariantKey::Identifier { name } => (*name).to_owned(),
                            ast::VariantKey::NumberLiteral { value } => (*value).to_owned(),
                        })
                        .collect();
                    uses.selectors.push((id.name.to_owned(), keys));
                }
                for v in variants {
                    walk_pattern(&v.value, uses);
                }
            }
        }
    }

    fn walk_pattern(p: &ast::Pattern<&str>, uses: &mut Uses) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                walk_expression(expression, uses);
            }
        }
    }

    /// (message id, what its value uses) for every message of `source`.
    fn uses(source: &str) -> Vec<(String, Uses)> {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(r, _)| r);
        resource
            .body
            .iter()
            .filter_map(|e| match e {
                ast::Entry::Message(m) => {
                    let mut u = Uses::default();
                    if let Some(p) = &m.value {
                        walk_pattern(p, &mut u);
                    }
                    Some((m.id.name.to_owned(), u))
                }
                _ => None,
            })
            .collect()
    }

    /// Issue 14: "1 seconds". Every count is chosen by a plural selector with a `one` form in
    /// the inflecting languages; Japanese and Chinese need none but use the same counts.
    #[test]
    fn every_count_uses_a_plural_selector() {
        let en: std::collections::BTreeMap<String, Uses> = uses(SOURCES[0].1).into_iter().collect();
        for (id, u) in &en {
            for v in &u.vars {
                assert!(
                    COUNTS.contains(&v.as_str())
                        || POSITIONS.contains(&v.as_str())
                        || TEXTS.contains(&v.as_str()),
                    "en {id}: ${v} is new: a count (COUNTS) or text (TEXTS)?"
                );
            }
        }
        let mut checked = 0;
        for (lang, source) in SOURCES {
            for (id, u) in uses(source) {
                let counts: Vec<&String> = u
                    .vars
                    .iter()
                    .filter(|v| COUNTS.contains(&v.as_str()))
                    .collect();
                let en_counts: Vec<&String> = en[&id]
                    .vars
                    .iter()
                    .filter(|v| COUNTS.contains(&v.as_str()))
                    .collect();
                assert_eq!(counts, en_counts, "{lang} {id}: the same counts as en");
                if !INFLECTING.contains(&lang) {
                    continue;
                }
                for count in counts {
                    let selector = u.selectors.iter().find(|(v, _)| v == count);
                    assert!(
                        selector.is_some_and(|(_, keys)| keys.iter().any(|k| k == "one")
                            && keys.iter().any(|k| k == "other")),
                        "{lang} {id}: ${count} needs {{ ${count} -> [one] … *[other] … }}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked >= 35, "only {checked} counts checked");
    }

    #[test]
    fn a_countdown_of_one_reads_in_the_singular() {
        let i18n = I18n::load().unwrap();
        let idle = |lang: &str, n: i64| i18n.tr(lang, "idle-body", &[("seconds", n.into())]);
        assert_eq!(
            idle("en", 1),
            "For your privacy, this screen resets in 1 second."
        );
        assert_eq!(
            idle("en", 10),
            "For your privacy, this screen resets in 10 seconds."
        );
        assert!(idle("de", 1).contains("1 Sekunde "), "{}", idle("de", 1));
        assert!(idle("fr", 1).contains("1 seconde."), "{}", idle("fr", 1));
        assert!(idle("pt", 1).contains("1 segundo."), "{}", idle("pt", 1));
        assert!(idle("es", 1).contains("1 segundo."), "{}", idle("es", 1));
        assert_eq!(
            i18n.tr("en", "code-resend-in", &[("seconds", 25.into())]),
            "Send a new code in 25 seconds"
        );
        assert_eq!(
            i18n.tr("en", "code-expires", &[("time", "4:59".into())]),
            "Code expires in 4:59"
        );
    }

    /// French sets a narrow no-break space (U+202F) before : ; ? ! and inside « », so no sign
    /// wraps alone to the next line.
    #[test]
    fn french_punctuation_keeps_to_its_word() {
        let fr = SOURCES[3];
        assert_eq!(fr.0, "fr");
        let resource = fluent_syntax::parser::parse(fr.1).unwrap_or_else(|(r, _)| r);
        let mut texts = Vec::new();
        fn collect<'s>(p: &ast::Pattern<&'s str>, out: &mut Vec<&'s str>) {
            for e in &p.elements {
                match e {
                    ast::PatternElement::TextElement { value } => out.push(value),
                    ast::PatternElement::Placeable {
                        expression: ast::Expression::Select { variants, .. },
                    } => variants.iter().for_each(|v| collect(&v.value, out)),
                    ast::PatternElement::Placeable { .. } => {}
                }
            }
        }
        for entry in &resource.body {
            if let ast::Entry::Message(m) = entry
                && let Some(p) = &m.value
            {
                collect(p, &mut texts);
            }
        }
        let mut narrow = 0;
        for t in texts {
            for bad in [" :", " ;", " ?", " !", "« ", " »", "\u{a0}:", "\u{a0}!"] {
                assert!(!t.contains(bad), "fr: {bad:?} in {t:?}");
            }
            narrow += t.matches('\u{202f}').count();
        }
        assert!(narrow >= 15, "only {narrow} narrow spaces");
    }
}

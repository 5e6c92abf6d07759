//! The console's words: Fluent files in hub/i18n, English plus the property's language (any
//! of the kiosk's seven), chosen per browser.

use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// (code, own name, Fluent source) of every language the console speaks.
pub const LANGUAGES: &[(&str, &str, &str)] = &[
    ("en", "English", include_str!("../../i18n/en.ftl")),
    ("de", "Deutsch", include_str!("../../i18n/de.ftl")),
    ("es", "Español", include_str!("../../i18n/es.ftl")),
    ("fr", "Français", include_str!("../../i18n/fr.ftl")),
    ("ja", "日本語", include_str!("../../i18n/ja.ftl")),
    ("pt", "Português", include_str!("../../i18n/pt.ftl")),
    (
        "zh-Hans",
        "简体中文",
        include_str!("../../i18n/zh-Hans.ftl"),
    ),
];

pub struct Catalog {
    bundles: HashMap<&'static str, FluentBundle<FluentResource>>,
    /// The property's language (the default), then English.
    pub offered: Vec<&'static str>,
}

impl Catalog {
    /// English and `default` (one of [`LANGUAGES`]).
    pub fn new(default: &str) -> Result<Catalog, String> {
        let mut bundles = HashMap::new();
        for (code, _, source) in LANGUAGES {
            let resource = FluentResource::try_new((*source).to_owned())
                .map_err(|(_, e)| format!("the console's {code} translation is broken: {e:?}"))?;
            let id: LanguageIdentifier = code
                .parse()
                .map_err(|e| format!("bad language code {code}: {e}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // No Unicode isolation marks around arguments: they show as boxes in some fonts.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|e| format!("the console's {code} translation is broken: {e:?}"))?;
            bundles.insert(*code, bundle);
        }
        let Some((default, _, _)) = LANGUAGES.iter().find(|(c, _, _)| *c == default) else {
            let known: Vec<&str> = LANGUAGES.iter().map(|l| l.0).collect();
            return Err(format!(
                "the console does not speak {default:?}; use one of {}",
                known.join(", ")
            ));
        };
        let mut offered = vec![*default];
        if *default != "en" {
            offered.push("en");
        }
        Ok(Catalog { bundles, offered })
    }

    /// The language to answer in: `asked` when it is offered, else the property's.
    pub fn pick(&self, asked: Option<&str>) -> &'static str {
        asked
            .and_then(|a| self.offered.iter().find(|o| **o == a))
            .copied()
            .unwrap_or(self.offered[0])
    }

    /// The text of `key` in `lang`, with `args` filled in.
    pub fn text(&self, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(bundle) = self.bundles.get(lang).or_else(|| self.bundles.get("en")) else {
            return key.to_owned();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }
}

pub fn own_name(code: &str) -> &'static str {
    LANGUAGES
        .iter()
        .find(|l| l.0 == code)
        .map_or("English", |l| l.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(source: &str) -> Vec<String> {
        let mut keys: Vec<String> = source
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_owned()))
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn every_language_has_every_message_of_english_and_no_other() {
        let english = keys(LANGUAGES[0].2);
        for (code, _, source) in LANGUAGES {
            assert_eq!(keys(source), english, "{code}");
            Catalog::new(code).unwrap();
        }
    }

    #[test]
    fn the_property_language_comes_first_and_unknown_ones_are_refused() {
        let c = Catalog::new("de").unwrap();
        assert_eq!(c.offered, vec!["de", "en"]);
        assert_eq!(c.pick(None), "de");
        assert_eq!(c.pick(Some("en")), "en");
        assert_eq!(c.pick(Some("xx")), "de");
        assert_eq!(c.text("de", "unlock", &[]), "Entsperren");
        assert!(Catalog::new("xx").is_err());
    }
}

//! `[kiosk] sms_name`: the hotel's name as every SMS gives it. Bounded so that each text fits
//! one SMS (the fit itself is proved in `gateway::text`); `property` when it is short enough.

use crate::gateway::{SMS_NAME_MAX, sms_name_units};

/// Why no SMS name could be settled on, and which key to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum SmsNameProblem {
    /// `sms_name` is set but blank.
    Empty,
    /// `sms_name` is longer than [`SMS_NAME_MAX`].
    TooLong { units: usize },
    /// No `sms_name`, and `property` is too long to stand in for it.
    PropertyTooLong { units: usize },
    /// A control or invisible formatting character (a line break, a bidi override): a text
    /// could be made to read differently on the guest's phone.
    Unprintable { in_property: bool, code_point: u32 },
    /// Something a phone turns into a link: every SMS promises to carry none.
    Link { in_property: bool },
}

impl SmsNameProblem {
    /// The `[kiosk]` key the problem is reported at.
    pub(super) fn key(&self) -> &'static str {
        match self {
            SmsNameProblem::PropertyTooLong { .. } => "property",
            SmsNameProblem::Unprintable { in_property, .. }
            | SmsNameProblem::Link { in_property } => {
                if *in_property {
                    "property"
                } else {
                    "sms_name"
                }
            }
            SmsNameProblem::Empty | SmsNameProblem::TooLong { .. } => "sms_name",
        }
    }

    pub(super) fn message(&self) -> String {
        match self {
            SmsNameProblem::Empty => format!(
                "must name the property in at most {SMS_NAME_MAX} characters, e.g. \"Hotel Demo\", or be left out to use `property`"
            ),
            SmsNameProblem::TooLong { units } => format!(
                "is {units} characters; every SMS names the hotel and must fit one message, so write at most {SMS_NAME_MAX} (an emoji or rare ideograph counts as two), e.g. sms_name = \"Hotel Aurora\""
            ),
            SmsNameProblem::PropertyTooLong { units } => format!(
                "is {units} characters, too long for the SMS texts (at most {SMS_NAME_MAX}); set [kiosk] sms_name to the short name guests know, e.g. sms_name = \"Hotel Aurora\""
            ),
            SmsNameProblem::Unprintable { code_point, .. } => format!(
                "has the invisible or control character U+{code_point:04X}; every SMS names the hotel with it, so write the name with visible characters only"
            ),
            SmsNameProblem::Link { .. } => "looks like a web address; every SMS names the hotel with it and promises guests no link, so give the name only (set [kiosk] sms_name)".to_owned(),
        }
    }
}

/// The name every SMS gives: `sms_name` when set, else `property` if it fits. A blank
/// `property` is reported on its own; it yields an empty name here, not a second problem.
pub(super) fn resolve(property: &str, sms_name: Option<&str>) -> Result<String, SmsNameProblem> {
    let name = fitting(property, sms_name)?;
    let in_property = sms_name.is_none();
    if let Some(c) = name.chars().find(|&c| crate::names::invisible(c)) {
        return Err(SmsNameProblem::Unprintable {
            in_property,
            code_point: u32::from(c),
        });
    }
    let lower = name.to_lowercase();
    if lower.contains("://") || lower.contains("www.") {
        return Err(SmsNameProblem::Link { in_property });
    }
    Ok(name)
}

fn fitting(property: &str, sms_name: Option<&str>) -> Result<String, SmsNameProblem> {
    match sms_name.map(str::trim) {
        Some("") => Err(SmsNameProblem::Empty),
        Some(name) => match sms_name_units(name) {
            units if units > SMS_NAME_MAX => Err(SmsNameProblem::TooLong { units }),
            _ => Ok(name.to_owned()),
        },
        None => {
            let property = property.trim();
            match sms_name_units(property) {
                units if units > SMS_NAME_MAX => Err(SmsNameProblem::PropertyTooLong { units }),
                _ => Ok(property.to_owned()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::{Config, ConfigError};

    /// A demo config whose `[kiosk]` table ends with `kiosk_extra`; the path sits in the
    /// repository so the demo data and logo resolve.
    fn load(kiosk_extra: &str) -> Result<Config, ConfigError> {
        let text = format!(
            "[kiosk]\nid = \"lobby-1\"\ntime_zone = \"Europe/Lisbon\"\ncountry = \"PT\"\n{kiosk_extra}\n\n[demo]\nenabled = true\n\n[[gateway]]\nname = \"demo\"\nkind = \"outbox\"\npath = \"var/outbox.log\"\n"
        );
        Config::from_str_at(
            &text,
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("sms-name-test.toml"),
        )
    }

    /// The one issue reported, as `line:column: message`.
    fn only_issue(result: Result<Config, ConfigError>) -> String {
        let Err(err) = result else { panic!("accepted") };
        let issues = err.issues();
        assert_eq!(issues.len(), 1, "{err}");
        let i = &issues[0];
        format!("{}:{}: {}", i.line, i.column, i.message)
    }

    #[test]
    fn the_sms_name_defaults_to_the_property_when_it_fits() {
        let config =
            load("property = \"  Grande Hotel Aurora! \"").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.kiosk.sms_name, "Grande Hotel Aurora!");
        let config = load("property = \"Hôtel Crémieux\"\nsms_name = \"Crémieux\"")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.kiosk.sms_name, "Crémieux");
        assert_eq!(config.kiosk.property, "Hôtel Crémieux");
    }

    #[test]
    fn an_sms_name_with_an_invisible_character_or_a_link_is_refused() {
        let issue = only_issue(load(
            "property = \"Hotel Aurora\"\nsms_name = \"Aurora\\u202Eatem\"",
        ));
        assert!(
            issue
                .starts_with("6:12: kiosk.sms_name: has the invisible or control character U+202E"),
            "{issue}"
        );
        let issue = only_issue(load("property = \"Hotel\\nAurora\""));
        assert!(
            issue.contains("kiosk.property: has the invisible or control character U+000A"),
            "{issue}"
        );
        let issue = only_issue(load(
            "property = \"Hotel Aurora\"\nsms_name = \"http://evil.co/x\"",
        ));
        assert!(
            issue.contains("kiosk.sms_name: looks like a web address"),
            "{issue}"
        );
        let issue = only_issue(load("property = \"www.aurora.pt\""));
        assert!(
            issue.contains("kiosk.property: looks like a web address"),
            "{issue}"
        );
    }

    #[test]
    fn a_long_property_without_sms_name_is_refused_at_the_property() {
        let issue = only_issue(load("property = \"Grand Hotel Aurora Lisboa\""));
        assert!(
            issue.starts_with("5:12: kiosk.property: is 25 characters"),
            "{issue}"
        );
        assert!(issue.contains("set [kiosk] sms_name"), "{issue}");
        let fixed = load("property = \"Grand Hotel Aurora Lisboa\"\nsms_name = \"Hotel Aurora\"")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fixed.kiosk.sms_name, "Hotel Aurora");
    }

    #[test]
    fn an_sms_name_over_twenty_characters_is_refused_at_its_place() {
        let issue = only_issue(load(
            "property = \"Hotel\"\nsms_name = \"Grand Hotel Aurora Lis\"",
        ));
        assert!(
            issue.starts_with("6:12: kiosk.sms_name: is 22 characters"),
            "{issue}"
        );
        // Emoji cost two units in a UCS-2 SMS: ten of them are the limit, eleven are over.
        assert!(
            load(&format!(
                "property = \"H\"\nsms_name = \"{}\"",
                "🏨".repeat(10)
            ))
            .is_ok()
        );
        let issue = only_issue(load(&format!(
            "property = \"H\"\nsms_name = \"{}\"",
            "🏨".repeat(11)
        )));
        assert!(issue.contains("is 22 characters"), "{issue}");
        let issue = only_issue(load("property = \"Hotel\"\nsms_name = \"  \""));
        assert!(
            issue.starts_with("6:12: kiosk.sms_name: must name"),
            "{issue}"
        );
    }
}

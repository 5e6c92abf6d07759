//! The SMS texts a guest gets (the one-time code, the security notices) in the guest's language,
//! and the encoding (GSM-7 or UCS-2) a text needs.
//!
//! One SMS holds 160 GSM-7 septets or 70 UCS-2 code units; longer texts are split into parts of
//! 153 / 67 (the rest is the concatenation header), which costs more and can arrive out of
//! order. Every text names the hotel by its `[kiosk] sms_name` (at most [`SMS_NAME_MAX`]
//! characters) and has its wordings best first: the first that fits one SMS is sent, and the
//! last fits one SMS for any allowed name, code length and lifetime (the tests below prove it at
//! the limits), so no guest text is ever split. A single character outside GSM-7 (an "ó" in the
//! wording, an "ô" in the name) turns the whole text into UCS-2, hence the terse last wordings.
//!
//! The texts in languages other than English are machine-made: to be reviewed by a native
//! speaker before use in a real lobby.

use std::time::Duration;

use crate::notice::NoticeKind;
use crate::otp::Purpose;

/// How a text must travel over SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The GSM 03.38 default alphabet (+ extension table): 160 characters per SMS.
    Gsm7,
    /// UTF-16 (UCS-2 on the air): 70 code units per SMS. Needed for any character outside GSM-7.
    Ucs2,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "gsm7",
            Encoding::Ucs2 => "ucs2",
        }
    }
}

/// Characters of one single-part SMS.
pub const SINGLE_GSM7: usize = 160;
pub const SINGLE_UCS2: usize = 70;
/// Characters per part once a text is split.
pub const PART_GSM7: usize = 153;
pub const PART_UCS2: usize = 67;

/// The longest `[kiosk] sms_name`, in UTF-16 code units (what it costs in a UCS-2 SMS: an
/// emoji or a rare ideograph counts two). Every text's last wording fits one SMS with a name
/// this long, the longest code and the longest lifetime.
pub const SMS_NAME_MAX: usize = 20;

/// GSM 03.38 basic character set.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// GSM 03.38 extension table: each costs two septets (escape + character).
const GSM7_EXTENDED: &str = "\u{c}^{}\\[~]|€";

/// The size of a text on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsSize {
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    /// How many SMS parts it takes.
    pub parts: usize,
}

/// GSM-7 when every character is in the GSM alphabet, else UCS-2.
pub fn encoding_for(text: &str) -> Encoding {
    if text
        .chars()
        .all(|c| GSM7_BASIC.contains(c) || GSM7_EXTENDED.contains(c))
    {
        Encoding::Gsm7
    } else {
        Encoding::Ucs2
    }
}

pub fn sms_size(text: &str) -> SmsSize {
    let encoding = encoding_for(text);
    let (units, single, part) = match encoding {
        Encoding::Gsm7 => (
            text.chars()
                .map(|c| if GSM7_EXTENDED.contains(c) { 2 } else { 1 })
                .sum(),
            SINGLE_GSM7,
            PART_GSM7,
        ),
        Encoding::Ucs2 => (text.encode_utf16().count(), SINGLE_UCS2, PART_UCS2),
    };
    let parts = if units <= single {
        1
    } else {
        units.div_ceil(part)
    };
    SmsSize {
        encoding,
        units,
        parts,
    }
}

/// What a name costs against [`SMS_NAME_MAX`]: its UTF-16 code units. In GSM-7 a name of that
/// many characters costs at most twice as many septets (extension characters), which the
/// 160-septet texts leave room for.
pub fn sms_name_units(name: &str) -> usize {
    name.encode_utf16().count()
}

/// The supported language a guest's language tag maps to (`pt-BR` → `pt`, `zh-CN` → `zh-Hans`);
/// English for anything else.
pub fn sms_language(lang: &str) -> &'static str {
    let lower = lang.to_ascii_lowercase();
    let primary = lower.split(['-', '_']).next().unwrap_or("");
    match primary {
        "pt" => "pt",
        "es" => "es",
        "fr" => "fr",
        "de" => "de",
        "ja" => "ja",
        // Only Simplified Chinese is shipped; it is the closer fit for any Chinese reader too.
        "zh" => "zh-Hans",
        _ => "en",
    }
}

/// Whole minutes a code lives, as the SMS states them: rounded up, at least one.
pub fn ttl_minutes(ttl: Duration) -> u64 {
    ttl.as_secs().div_ceil(60).max(1)
}

/// Whether `n` takes the singular ("one") form in `lang`, after CLDR: French puts 0 and 1 in
/// the singular, Japanese and Chinese have no plural forms, the others only 1.
fn is_singular(lang: &str, n: u64) -> bool {
    match lang {
        "fr" => n <= 1,
        "ja" | "zh-Hans" => false,
        _ => n == 1,
    }
}

/// "5 minutes" in `lang`, with the right plural form.
pub fn minutes_phrase(lang: &str, n: u64) -> String {
    let one = is_singular(lang, n);
    let unit = match lang {
        "pt" | "es" if one => " minuto",
        "pt" | "es" => " minutos",
        "de" if one => " Minute",
        "de" => " Minuten",
        "ja" => "分",
        "zh-Hans" => "分钟",
        _ if one => " minute",
        _ => " minutes",
    };
    format!("{n}{unit}")
}

// The code SMS. `{p}` the SMS name, `{c}` the code, `{t}` the lifetime with its unit
// ([`minutes_phrase`]). The name opens every text as its sender tag ("Hotel Aurora: …",
// 【Hotel Aurora】 in Japanese and Chinese), so no article or preposition has to agree with it.
// The first wording names the purpose; the last ones, for the 70 units of UCS-2, only "code",
// which is right for every purpose. French keeps ":" and "?" out of its GSM-7 wordings because
// the narrow no-break space they need is outside GSM-7 (its short notices, sent as UCS-2 anyway,
// have it); Spanish says "clave" so its fuller wordings stay GSM-7; Portuguese cannot avoid
// "código" (ó), so its texts are always UCS-2 and only name the code.

const EN_SHORT: &str = "{p}: code {c}, valid {t}. Never share.";
const PT_SHORTER: &str = "{p}: código {c} por {t}. Não partilhe.";
const PT_SHORT: &str = "{p}: código {c}, válido {t}. Não o partilhe.";
const ES_SHORT: &str = "{p}: clave {c}, vale {t}. No compartir.";
const FR_SHORT: &str = "{p} - {c} valable {t}. Ne pas partager.";
const DE_SHORT: &str = "{p}: Code {c} gilt {t}. Nicht teilen.";

/// The code SMS wordings for `lang` (a shipped language) and `purpose`, best first.
fn otp_wordings(lang: &str, purpose: Purpose) -> &'static [&'static str] {
    use Purpose::{CheckIn, ConfirmBooking, VerifyIdentity};
    match (lang, purpose) {
        ("pt", _) => &[PT_SHORT, PT_SHORTER],
        ("es", CheckIn) => &[
            "{p}: su clave de check-in es {c}. Caduca en {t}. No la comparta con nadie.",
            ES_SHORT,
        ],
        ("es", ConfirmBooking) => &[
            "{p}: su clave para confirmar la reserva es {c}. Caduca en {t}. No la comparta con nadie.",
            ES_SHORT,
        ],
        ("es", VerifyIdentity) => &[
            "{p}: su clave para Mi estancia es {c}. Caduca en {t}. No la comparta con nadie.",
            ES_SHORT,
        ],
        ("fr", CheckIn) => &[
            "{p} - votre code d'enregistrement est {c}. Il expire dans {t}. Ne le partagez avec personne.",
            FR_SHORT,
        ],
        ("fr", ConfirmBooking) => &[
            "{p} - votre code de confirmation de réservation est {c}. Il expire dans {t}. Ne le partagez avec personne.",
            FR_SHORT,
        ],
        ("fr", VerifyIdentity) => &[
            "{p} - votre code pour Mon séjour est {c}. Il expire dans {t}. Ne le partagez avec personne.",
            FR_SHORT,
        ],
        ("de", CheckIn) => &[
            "{p}: Ihr Check-in-Code lautet {c}. Er ist {t} gültig. Teilen Sie ihn mit niemandem.",
            DE_SHORT,
        ],
        ("de", ConfirmBooking) => &[
            "{p}: Ihr Code zur Bestätigung Ihrer Buchung lautet {c}. Er ist {t} gültig. Teilen Sie ihn mit niemandem.",
            DE_SHORT,
        ],
        ("de", VerifyIdentity) => &[
            "{p}: Ihr Code für Ihre Aufenthaltsdaten lautet {c}. Er ist {t} gültig. Teilen Sie ihn mit niemandem.",
            DE_SHORT,
        ],
        // 認証コード throughout: the usual name of a one-time code (the kiosk screens should
        // match it). One wording each: it always fits.
        ("ja", CheckIn) => {
            &["【{p}】チェックインの認証コードは{c}です。{t}間有効です。他人に教えないでください。"]
        }
        ("ja", ConfirmBooking) => {
            &["【{p}】予約確定の認証コードは{c}です。{t}間有効です。他人に教えないでください。"]
        }
        ("ja", VerifyIdentity) => {
            &["【{p}】ご滞在情報の認証コードは{c}です。{t}間有効です。他人に教えないでください。"]
        }
        ("zh-Hans", CheckIn) => &["【{p}】您的入住验证码为{c}，{t}内有效。请勿泄露给他人。"],
        ("zh-Hans", ConfirmBooking) => {
            &["【{p}】您用于确认预订的验证码为{c}，{t}内有效。请勿泄露给他人。"]
        }
        ("zh-Hans", VerifyIdentity) => {
            &["【{p}】您用于查看住宿信息的验证码为{c}，{t}内有效。请勿泄露给他人。"]
        }
        (_, CheckIn) => &[
            "{p}: your check-in code is {c}. It expires in {t}. Never share this code with anyone.",
            EN_SHORT,
        ],
        (_, ConfirmBooking) => &[
            "{p}: your code to confirm your booking is {c}. It expires in {t}. Never share this code with anyone.",
            EN_SHORT,
        ],
        (_, VerifyIdentity) => &[
            "{p}: your code for My stay is {c}. It expires in {t}. Never share this code with anyone.",
            EN_SHORT,
        ],
    }
}

/// The security notice wordings for `kind` in `lang`, best first. Each names the hotel and what
/// happened and asks the guest to tell the hotel if it was not them.
fn notice_wordings(kind: NoticeKind, lang: &str) -> &'static [&'static str] {
    match (kind, lang) {
        (NoticeKind::Locked, "pt") => &["{p}: check-in suspenso. Se não reconhece, avise-nos."],
        (NoticeKind::Locked, "es") => &[
            "{p}: el check-in de su reserva se ha bloqueado en el quiosco tras varias claves incorrectas. Si no ha sido usted, informe al hotel.",
            "{p}: check-in bloqueado. ¿No ha sido usted? Avísenos.",
        ],
        (NoticeKind::Locked, "fr") => &[
            "{p} - l'enregistrement de votre réservation a été bloqué à la borne après des codes erronés. Si ce n'était pas vous, prévenez la réception.",
            "{p} - enregistrement bloqué. Pas vous\u{202f}? Prévenez-nous",
        ],
        (NoticeKind::Locked, "de") => &[
            "{p}: Der Check-in Ihrer Buchung wurde am Terminal nach falschen Codes gesperrt. Waren Sie das nicht, melden Sie sich bitte an der Rezeption.",
            "{p}: Check-in gesperrt. Nicht Sie? Bitte melden.",
        ],
        (NoticeKind::Locked, "ja") => &[
            "【{p}】誤ったコードの入力によりチェックインを停止しました。お心当たりがなければフロントへ。",
        ],
        (NoticeKind::Locked, "zh-Hans") => {
            &["【{p}】因多次输入错误验证码，您的入住已暂停。如非本人操作，请告知前台。"]
        }
        (NoticeKind::Locked, _) => &[
            "{p}: check-in for your booking was paused at our lobby kiosk after several wrong codes. If this wasn't you, please tell the front desk.",
            "{p}: check-in paused (wrong codes). Not you? Tell us.",
        ],
        (NoticeKind::PhoneChanged, "pt") => {
            &["{p}: telemóvel alterado. Se não reconhece, avise-nos."]
        }
        (NoticeKind::PhoneChanged, "es") => &[
            "{p}: el teléfono de su reserva se ha cambiado en el quiosco. Si no ha sido usted, informe al hotel.",
            "{p}: teléfono cambiado. ¿No ha sido usted? Avísenos.",
        ],
        (NoticeKind::PhoneChanged, "fr") => &[
            "{p} - le numéro de mobile de votre réservation a été modifié à la borne. Si ce n'était pas vous, prévenez la réception.",
            "{p} - mobile modifié. Pas vous\u{202f}? Prévenez-nous",
        ],
        (NoticeKind::PhoneChanged, "de") => &[
            "{p}: Die Handynummer Ihrer Buchung wurde am Terminal geändert. Waren Sie das nicht, melden Sie sich bitte an der Rezeption.",
            "{p}: Handynummer geändert. Nicht Sie? Bitte melden.",
        ],
        (NoticeKind::PhoneChanged, "ja") => {
            &["【{p}】ご予約の携帯電話番号が変更されました。お心当たりがなければフロントへ。"]
        }
        (NoticeKind::PhoneChanged, "zh-Hans") => {
            &["【{p}】您预订中的手机号码已更改。如非本人操作，请联系前台。"]
        }
        (NoticeKind::PhoneChanged, _) => &[
            "{p}: the mobile number on your booking was changed at our lobby kiosk. If this wasn't you, please contact the front desk.",
            "{p}: your mobile number changed. Not you? Tell us.",
        ],
    }
}

fn fill(template: &str, name: &str, code: &str, lifetime: &str) -> String {
    // One pass, so a name containing "{c}" is not expanded again.
    let mut out = String::with_capacity(template.len() + name.len() + code.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i..).unwrap_or("");
        let (value, skip) = if after.starts_with("{p}") {
            (name, 3)
        } else if after.starts_with("{c}") {
            (code, 3)
        } else if after.starts_with("{t}") {
            (lifetime, 3)
        } else {
            ("{", 1)
        };
        out.push_str(value);
        rest = after.get(skip..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The first wording that fits one SMS; the last one when none does (a name longer than
/// [`SMS_NAME_MAX`], which configuration refuses).
fn first_fit(wordings: &[&str], fill: impl Fn(&str) -> String) -> String {
    let mut text = String::new();
    for wording in wordings {
        text = fill(wording);
        if sms_size(&text).parts == 1 {
            break;
        }
    }
    text
}

/// The code SMS for `purpose` in the guest's language: names the hotel (`sms_name`), the code,
/// how long it lives and "never share it", in one SMS.
pub fn otp_text(lang: &str, purpose: Purpose, sms_name: &str, code: &str, ttl: Duration) -> String {
    let lang = sms_language(lang);
    let name = sms_name.trim();
    let lifetime = minutes_phrase(lang, ttl_minutes(ttl));
    first_fit(otp_wordings(lang, purpose), |w| {
        fill(w, name, code, &lifetime)
    })
}

/// A security notice in the guest's language, in one SMS: names the hotel and what happened,
/// asks the guest to tell the hotel if it was not them, and carries no link (a link in an
/// unexpected SMS is what phishing looks like).
pub fn notice_text(kind: NoticeKind, lang: &str, sms_name: &str) -> String {
    let name = sms_name.trim();
    first_fit(notice_wordings(kind, sms_language(lang)), |w| {
        fill(w, name, "", "")
    })
}

/// The test SMS's wordings, longest first; `{c}` is the kiosk id here. The last ones drop the
/// id: a 20-unit UCS-2 name and a 64-character id cannot share one 70-unit SMS.
const TEST_WORDINGS: [&str; 6] = [
    "Test message from the {p} check-in kiosk {c}. No action needed.",
    "Test SMS from the {p} kiosk {c}. No action needed.",
    "{p} kiosk {c}: test SMS, no action needed.",
    "{p} kiosk {c}: test SMS.",
    "{p} kiosk test SMS. No action needed.",
    "{p} kiosk test SMS.",
];

/// The text `kiosk send-test-sms` (and staff mode's test SMS) sends: the first wording that
/// fits one SMS, so the test proves what a guest's one-part code SMS needs.
pub fn test_text(sms_name: &str, kiosk_id: &str) -> String {
    let name = sms_name.trim();
    first_fit(&TEST_WORDINGS, |w| fill(w, name, kiosk_id, ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SUPPORTED_LANGUAGES;

    const MINUTE: Duration = Duration::from_secs(60);
    const FIVE_MINUTES: Duration = Duration::from_secs(300);
    const TEN_MINUTES: Duration = Duration::from_secs(600);

    /// The longest names `[kiosk] sms_name` allows, each [`SMS_NAME_MAX`] units: GSM-7 plain
    /// and heavy with two-septet characters, and names that force UCS-2 (Latin letters outside
    /// GSM-7, Japanese, Chinese, emoji at two units each).
    const LONGEST_NAMES: [&str; 7] = [
        "Grande Hotel Aurora!",
        "[Hotel] {Aurora} €5|",
        "€€€€€€€€€€€€€€€€€€€€",
        "Hôtel du Crémieux Ç!",
        "ホテル東京丸の内ステーション駅前本館別邸",
        "上海外滩国际大酒店会议中心东楼贵宾楼一馆",
        "🏨🏨🏨🏨🏨🏨🏨🏨🏨🏨",
    ];

    #[test]
    fn the_test_sms_fits_one_part_at_the_limits() {
        // `[kiosk] id` allows 64 characters of A-Z, a-z, 0-9, '-', '_' and '.'.
        let longest_id = format!("{}-_.", "k".repeat(61));
        assert_eq!(longest_id.len(), 64);
        for name in LONGEST_NAMES.into_iter().chain(["Hôtel Aurora"]) {
            for id in ["lobby-1", longest_id.as_str()] {
                let text = test_text(name, id);
                assert_eq!(
                    sms_size(&text).parts,
                    1,
                    "{name} / {id}: {text:?} {:?}",
                    sms_size(&text)
                );
                assert!(text.contains(name), "{text}");
                assert!(text.contains("test") || text.contains("Test"), "{text}");
            }
            // A short id always fits, so staff can tell which kiosk sent it.
            assert!(test_text(name, "lobby-1").contains("lobby-1"), "{name}");
        }
        assert_eq!(
            test_text("Hotel Aurora", "lobby-1"),
            "Test message from the Hotel Aurora check-in kiosk lobby-1. No action needed."
        );
        assert_eq!(
            sms_size(&test_text("Hôtel Aurora", "lobby-1")).encoding,
            Encoding::Ucs2
        );
    }

    /// A phrase each language's code SMS uses to say "never share this code", in every wording.
    fn never_share(lang: &str) -> &'static str {
        match lang {
            "pt" => "partilhe",
            "es" => "compart",
            "fr" => "partage",
            "de" => "teilen",
            "ja" => "他人に教えないでください",
            "zh-Hans" => "请勿泄露",
            _ => "never share",
        }
    }

    /// The lifetime as each language must state 60 s, 300 s and 600 s, and the wrong plural
    /// that must not appear for 60 s.
    fn lifetimes(lang: &str) -> ([&'static str; 3], Option<&'static str>) {
        match lang {
            "pt" | "es" => (["1 minuto", "5 minutos", "10 minutos"], Some("1 minutos")),
            "fr" => (["1 minute", "5 minutes", "10 minutes"], Some("1 minutes")),
            "de" => (["1 Minute", "5 Minuten", "10 Minuten"], Some("1 Minuten")),
            "ja" => (["1分", "5分", "10分"], None),
            "zh-Hans" => (["1分钟", "5分钟", "10分钟"], None),
            _ => (["1 minute", "5 minutes", "10 minutes"], Some("1 minutes")),
        }
    }

    #[test]
    fn the_longest_names_are_at_the_limit() {
        for name in LONGEST_NAMES {
            assert_eq!(sms_name_units(name), SMS_NAME_MAX, "{name}");
        }
    }

    #[test]
    fn every_code_sms_fits_one_message_at_the_limits_and_says_it_all() {
        for lang in SUPPORTED_LANGUAGES {
            let (phrases, wrong) = lifetimes(lang);
            for purpose in Purpose::ALL {
                for length in 6..=10 {
                    let code = &"4829137065"[..length];
                    for name in LONGEST_NAMES {
                        for (ttl, phrase) in [MINUTE, FIVE_MINUTES, TEN_MINUTES].iter().zip(phrases)
                        {
                            let text = otp_text(lang, purpose, name, code, *ttl);
                            let size = sms_size(&text);
                            let case =
                                format!("{lang} {purpose:?} {name:?} {length} digits {ttl:?}");
                            assert_eq!(size.parts, 1, "{case}: {size:?} {text}");
                            assert!(text.contains(name), "{case} names the hotel: {text}");
                            assert!(text.contains(code), "{case}: {text}");
                            assert!(text.contains(phrase), "{case} says {phrase:?}: {text}");
                            if let Some(wrong) = wrong {
                                assert!(!text.contains(wrong), "{case}: {text}");
                            }
                            assert!(
                                text.to_lowercase().contains(never_share(lang)),
                                "{case} says never share: {text}"
                            );
                            assert!(!text.replace(name, "").contains('{'), "{case}: {text}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_hotel_name_opens_every_text_as_its_sender_tag() {
        for lang in SUPPORTED_LANGUAGES {
            for name in ["Hotel Aurora", "Hôtel du Crémieux Ç!", "ホテル桜"] {
                let mut texts: Vec<String> = Purpose::ALL
                    .iter()
                    .map(|p| otp_text(lang, *p, name, "482913", FIVE_MINUTES))
                    .collect();
                texts.push(notice_text(NoticeKind::Locked, lang, name));
                texts.push(notice_text(NoticeKind::PhoneChanged, lang, name));
                for text in texts {
                    let tagged = match lang {
                        // The customary sender tag of a Japanese or Chinese SMS.
                        "ja" | "zh-Hans" => text.starts_with(&format!("【{name}】")),
                        "fr" => text.starts_with(&format!("{name} - ")),
                        _ => text.starts_with(&format!("{name}: ")),
                    };
                    assert!(tagged, "{lang}: {text}");
                }
            }
        }
    }

    #[test]
    fn each_purpose_names_itself_where_the_text_names_one() {
        // With a GSM-7 name the Latin languages send their first wording, which names the
        // purpose; no text names another purpose's step.
        let name = "Grande Hotel Aurora!";
        let cases = [
            (
                "en",
                ["check-in code", "confirm your booking", "My stay"],
                "check-in",
            ),
            (
                "es",
                ["clave de check-in", "confirmar la reserva", "Mi estancia"],
                "check-in",
            ),
            (
                "fr",
                [
                    "code d'enregistrement",
                    "confirmation de réservation",
                    "Mon séjour",
                ],
                "enregistrement",
            ),
            (
                "de",
                [
                    "Check-in-Code",
                    "Bestätigung Ihrer Buchung",
                    "Aufenthaltsdaten",
                ],
                "Check-in",
            ),
            (
                "ja",
                [
                    "チェックインの認証コード",
                    "予約確定の認証コード",
                    "ご滞在情報の認証コード",
                ],
                "チェックイン",
            ),
            (
                "zh-Hans",
                ["入住验证码", "确认预订的验证码", "查看住宿信息的验证码"],
                "入住",
            ),
        ];
        for (lang, names, check_in) in cases {
            for (purpose, own) in Purpose::ALL.into_iter().zip(names) {
                let text = otp_text(lang, purpose, name, "4829137065", TEN_MINUTES);
                assert!(text.contains(own), "{lang} {purpose:?}: {text}");
                if purpose != Purpose::CheckIn {
                    assert!(!text.contains(check_in), "{lang} {purpose:?}: {text}");
                }
            }
        }
        // Portuguese has room for the code's name only, which is right for every purpose.
        for purpose in Purpose::ALL {
            let text = otp_text("pt", purpose, name, "482913", FIVE_MINUTES);
            assert!(!text.contains("check-in"), "{purpose:?}: {text}");
        }
    }

    #[test]
    fn japanese_calls_the_code_by_one_name() {
        for purpose in Purpose::ALL {
            let text = otp_text("ja", purpose, "ホテル桜", "482913", FIVE_MINUTES);
            assert!(text.contains("認証コード"), "{text}");
            assert!(
                !text.contains("確認コード") && !text.contains("チェックインコード"),
                "{text}"
            );
        }
    }

    #[test]
    fn gsm_names_get_the_wording_that_names_the_purpose() {
        // The full wordings are not dead text: any GSM-7 name up to the limit gets them.
        for lang in ["en", "es", "fr", "de"] {
            for purpose in Purpose::ALL {
                for name in ["Grande Hotel Aurora!", "[Hotel] {Aurora} €5|"] {
                    let text = otp_text(lang, purpose, name, "4829137065", TEN_MINUTES);
                    let first = fill(
                        otp_wordings(lang, purpose)[0],
                        name,
                        "4829137065",
                        &minutes_phrase(lang, 10),
                    );
                    assert_eq!(text, first, "{lang} {purpose:?} {name}");
                    assert_eq!(encoding_for(&text), Encoding::Gsm7, "{text}");
                }
            }
        }
    }

    #[test]
    fn a_name_outside_gsm7_gets_the_short_wording_in_one_sms() {
        let en = otp_text(
            "en",
            Purpose::CheckIn,
            "Hôtel du Crémieux Ç!",
            "4829137065",
            TEN_MINUTES,
        );
        assert_eq!(
            en,
            "Hôtel du Crémieux Ç!: code 4829137065, valid 10 minutes. Never share."
        );
        // Portuguese: the better wording while it fits, the shorter one at the limits.
        let pt = otp_text(
            "pt",
            Purpose::CheckIn,
            "Hotel Aurora",
            "482913",
            FIVE_MINUTES,
        );
        assert_eq!(
            pt,
            "Hotel Aurora: código 482913, válido 5 minutos. Não o partilhe."
        );
        let pt = otp_text(
            "pt",
            Purpose::CheckIn,
            "Grande Hotel Aurora!",
            "4829137065",
            TEN_MINUTES,
        );
        assert_eq!(
            pt,
            "Grande Hotel Aurora!: código 4829137065 por 10 minutos. Não partilhe."
        );
    }

    #[test]
    fn counts_take_each_languages_plural_forms() {
        assert_eq!(minutes_phrase("en", 1), "1 minute");
        assert_eq!(minutes_phrase("en", 2), "2 minutes");
        assert_eq!(minutes_phrase("de", 1), "1 Minute");
        assert_eq!(minutes_phrase("de", 5), "5 Minuten");
        assert_eq!(minutes_phrase("pt", 1), "1 minuto");
        assert_eq!(minutes_phrase("es", 10), "10 minutos");
        assert_eq!(minutes_phrase("fr", 0), "0 minute", "French 0 is singular");
        assert_eq!(minutes_phrase("fr", 1), "1 minute");
        assert_eq!(minutes_phrase("fr", 2), "2 minutes");
        assert_eq!(minutes_phrase("ja", 1), "1分");
        assert_eq!(minutes_phrase("zh-Hans", 5), "5分钟");
        assert_eq!(ttl_minutes(Duration::from_secs(30)), 1);
        assert_eq!(ttl_minutes(MINUTE), 1);
        assert_eq!(ttl_minutes(Duration::from_secs(90)), 2);
        assert_eq!(ttl_minutes(FIVE_MINUTES), 5);
    }

    #[test]
    fn security_notices_fit_one_sms_at_the_limits_and_carry_no_link() {
        for kind in [NoticeKind::Locked, NoticeKind::PhoneChanged] {
            for lang in SUPPORTED_LANGUAGES {
                for name in LONGEST_NAMES {
                    let text = notice_text(kind, lang, name);
                    let case = format!("{lang} {kind:?} {name:?}");
                    assert_eq!(sms_size(&text).parts, 1, "{case}: {text}");
                    assert!(text.contains(name), "{case}: {text}");
                    assert!(
                        !text.contains("http") && !text.contains("www"),
                        "{case}: {text}"
                    );
                    assert!(!text.replace(name, "").contains('{'), "{case}: {text}");
                }
            }
        }
        // A GSM-7 name keeps the wording that says what happened and where.
        let en = notice_text(NoticeKind::Locked, "en", "Grande Hotel Aurora!");
        assert!(en.contains("after several wrong codes"), "{en}");
    }

    #[test]
    fn gsm7_alphabet_and_extension_table() {
        assert_eq!(encoding_for("Hello, world! 123"), Encoding::Gsm7);
        assert_eq!(encoding_for("Grüße aus Köln, Straße"), Encoding::Gsm7);
        assert_eq!(encoding_for("€5 [x]"), Encoding::Gsm7);
        assert_eq!(
            sms_size("€").units,
            2,
            "extension characters cost two septets"
        );
        assert_eq!(encoding_for("código"), Encoding::Ucs2, "ó is not in GSM-7");
        assert_eq!(
            encoding_for("ç"),
            Encoding::Ucs2,
            "only capital Ç is in GSM-7"
        );
        assert_eq!(encoding_for("日本"), Encoding::Ucs2);
        assert_eq!(encoding_for("🙂"), Encoding::Ucs2);
        assert_eq!(
            sms_size("🙂").units,
            2,
            "astral characters are two UTF-16 units"
        );
        assert_eq!(sms_name_units("🙂"), 2);
    }

    #[test]
    fn sizes_and_parts() {
        let a160 = "a".repeat(160);
        assert_eq!(sms_size(&a160).parts, 1);
        assert_eq!(sms_size(&format!("{a160}a")).parts, 2);
        assert_eq!(sms_size(&"a".repeat(307)).parts, 3, "153 per part");
        let j70 = "日".repeat(70);
        assert_eq!(
            sms_size(&j70),
            SmsSize {
                encoding: Encoding::Ucs2,
                units: 70,
                parts: 1
            }
        );
        assert_eq!(sms_size(&"日".repeat(71)).parts, 2);
        assert_eq!(sms_size(&"日".repeat(135)).parts, 3, "67 per part");
    }

    #[test]
    fn a_name_longer_than_allowed_still_gets_a_complete_text() {
        let long =
            "The Exceptionally Long Named Grand Palace Hotel and Conference Centre of the Harbour";
        let text = otp_text("ja", Purpose::CheckIn, long, "123456", FIVE_MINUTES);
        assert!(text.contains(long) && text.contains("123456"));
        assert!(sms_size(&text).parts > 1);
    }

    #[test]
    fn language_tags_map_to_shipped_languages() {
        assert_eq!(sms_language("pt-BR"), "pt");
        assert_eq!(sms_language("zh-CN"), "zh-Hans");
        assert_eq!(sms_language("zh-Hans"), "zh-Hans");
        assert_eq!(sms_language("DE"), "de");
        assert_eq!(sms_language("it"), "en");
        let it = otp_text("it", Purpose::CheckIn, "H", "1", FIVE_MINUTES);
        assert!(it.contains("Never share"), "{it}");
        let zh = otp_text("zh-CN", Purpose::CheckIn, "H", "1", MINUTE);
        assert!(zh.contains("1分钟"), "{zh}");
    }

    #[test]
    fn placeholders_in_the_name_are_not_expanded() {
        let text = otp_text("en", Purpose::CheckIn, "Hotel {c}", "123456", FIVE_MINUTES);
        assert!(text.contains("Hotel {c}"), "{text}");
    }
}

//! The OTP SMS text in the guest's language, and the encoding (GSM-7 or UCS-2) a text needs.
//!
//! One SMS holds 160 GSM-7 septets or 70 UCS-2 code units; longer texts are split into parts of
//! 153 / 67 (the rest is the concatenation header), which costs more and can arrive out of
//! order. Each language therefore has a full wording and a shorter one; the first that fits a
//! single SMS wins.

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

/// Full and short wordings per language. `{p}` property, `{c}` code, `{t}` minutes.
fn templates(lang: &str) -> [&'static str; 2] {
    match lang {
        "pt" => [
            "{c} é o seu código de check-in no {p}. Expira em {t} min. Nunca partilhe este código.",
            "Código {p}: {c}. Válido {t} min. Não partilhe.",
        ],
        "es" => [
            "{c} es su código de check-in en {p}. Caduca en {t} min. Nunca comparta este código.",
            "{p} código {c}. Válido {t} min. No lo comparta.",
        ],
        "fr" => [
            "Votre code d'enregistrement {p} est {c}. Il expire dans {t} min. Ne partagez jamais ce code.",
            "{p} : code {c}, expire dans {t} min. Ne le partagez jamais.",
        ],
        "de" => [
            "Ihr Check-in-Code für {p} lautet {c}. Er ist {t} Minuten gültig. Geben Sie diesen Code niemals weiter.",
            "{p}: Code {c}, {t} Min. gültig. Niemals weitergeben.",
        ],
        "ja" => [
            "{p}のチェックインコードは{c}です。有効期限は{t}分です。このコードは誰にも教えないでください。",
            "{p} 認証コード{c}（{t}分有効）。他人に教えないでください。",
        ],
        "zh-Hans" => [
            "{p}入住验证码：{c}，{t}分钟内有效。请勿向任何人透露此验证码。",
            "{p}验证码{c}，{t}分钟内有效，请勿透露。",
        ],
        _ => [
            "{c} is your {p} check-in code. It expires in {t} minutes. Never share this code with anyone.",
            "{p} code: {c}. Expires in {t} min. Never share it.",
        ],
    }
}

fn fill(template: &str, property: &str, code: &str, ttl_minutes: u32) -> String {
    // One pass, so a property name containing "{c}" is not expanded again.
    let mut out = String::with_capacity(template.len() + property.len() + code.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i..).unwrap_or("");
        let (value, skip) = if after.starts_with("{p}") {
            (property.to_owned(), 3)
        } else if after.starts_with("{c}") {
            (code.to_owned(), 3)
        } else if after.starts_with("{t}") {
            (ttl_minutes.to_string(), 3)
        } else {
            ("{".to_owned(), 1)
        };
        out.push_str(&value);
        rest = after.get(skip..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The OTP SMS: names the hotel, the code, its expiry and "never share this code", in the
/// guest's language. Picks the longest wording that fits one SMS; when even the short one does
/// not (a very long property name), the short one is sent in several parts.
pub fn otp_text(lang: &str, property: &str, code: &str, ttl_minutes: u32) -> String {
    let property = property.trim();
    let [full, short] = templates(sms_language(lang));
    let text = fill(full, property, code, ttl_minutes);
    if sms_size(&text).parts == 1 {
        return text;
    }
    fill(short, property, code, ttl_minutes)
}

/// A security notice in the guest's language: names the hotel and what happened, asks the
/// guest to tell the desk if it was not them, and carries no link (a link in an unexpected SMS
/// is what phishing looks like).
pub fn notice_text(kind: crate::notice::NoticeKind, lang: &str, property: &str) -> String {
    use crate::notice::NoticeKind;
    let property = property.trim();
    let template = match (kind, sms_language(lang)) {
        (NoticeKind::Locked, "pt") => {
            "{p}: check-in da reserva suspenso no quiosque por códigos errados. Se não foi você, avise a receção."
        }
        (NoticeKind::Locked, "es") => {
            "{p}: check-in de su reserva bloqueado en el quiosco por códigos erróneos. Si no fue usted, avise a recepción."
        }
        (NoticeKind::Locked, "fr") => {
            "{p} : enregistrement de votre réservation bloqué à la borne (codes erronés). Si ce n'était pas vous, prévenez la réception."
        }
        (NoticeKind::Locked, "de") => {
            "{p}: Der Check-in Ihrer Buchung wurde am Terminal nach mehreren falschen Codes gesperrt. Waren Sie das nicht, melden Sie sich bitte an der Rezeption."
        }
        (NoticeKind::Locked, "ja") => {
            "{p}：キオスクで誤ったコードが複数回入力されたため、ご予約のチェックインを停止しました。お心当たりがない場合はフロントへお知らせください。"
        }
        (NoticeKind::Locked, "zh-Hans") => {
            "{p}：自助机上多次输入错误验证码，您预订的入住已暂停。如非本人操作，请告知前台。"
        }
        (NoticeKind::Locked, _) => {
            "{p}: check-in for your booking was paused at our lobby kiosk after several wrong codes. If this wasn't you, please tell the front desk."
        }
        (NoticeKind::PhoneChanged, "pt") => {
            "{p}: o número de telemóvel da sua reserva foi alterado no quiosque. Se não foi você, contacte a receção."
        }
        (NoticeKind::PhoneChanged, "es") => {
            "{p}: el número de móvil de su reserva se ha cambiado en el quiosco. Si no fue usted, contacte con recepción."
        }
        (NoticeKind::PhoneChanged, "fr") => {
            "{p} : le numéro de mobile de votre réservation a été modifié à la borne. Si ce n'était pas vous, contactez la réception."
        }
        (NoticeKind::PhoneChanged, "de") => {
            "{p}: Die Handynummer Ihrer Buchung wurde am Terminal geändert. Waren Sie das nicht, wenden Sie sich bitte an die Rezeption."
        }
        (NoticeKind::PhoneChanged, "ja") => {
            "{p}：キオスクでご予約の携帯電話番号が変更されました。お心当たりがない場合はフロントへご連絡ください。"
        }
        (NoticeKind::PhoneChanged, "zh-Hans") => {
            "{p}：您预订中的手机号码已在自助机上更改。如非本人操作，请联系前台。"
        }
        (NoticeKind::PhoneChanged, _) => {
            "{p}: the mobile number on your booking was changed at our lobby kiosk. If this wasn't you, please contact the front desk."
        }
    };
    fill(template, property, "", 0)
}

/// The text `kiosk send-test-sms` sends.
pub fn test_text(property: &str, kiosk_id: &str) -> String {
    format!(
        "Test message from the {} check-in kiosk {kiosk_id}. No action needed.",
        property.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SUPPORTED_LANGUAGES;

    #[test]
    fn security_notices_name_the_hotel_carry_no_link_and_fit_two_parts() {
        use crate::notice::NoticeKind;
        // Notices are rare and not time-critical: two parts are acceptable where accents force
        // UCS-2 (70 units), where an OTP text must fit one.
        let property = "Grande Hotel Aurora!";
        for kind in [NoticeKind::Locked, NoticeKind::PhoneChanged] {
            for lang in SUPPORTED_LANGUAGES {
                let text = notice_text(kind, lang, property);
                assert!(text.contains(property), "{lang}: {text}");
                assert!(
                    !text.contains("http") && !text.contains("www"),
                    "{lang}: {text}"
                );
                assert!(
                    !text.contains('{'),
                    "{lang}: unfilled placeholder in {text}"
                );
                assert!(sms_size(&text).parts <= 2, "{lang} {kind:?}: {text}");
            }
        }
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
    fn every_language_names_hotel_code_expiry_and_fits_one_sms() {
        for lang in SUPPORTED_LANGUAGES {
            for property in ["Hotel Aurora", "Grand Hotel Aurora Lisboa"] {
                let text = otp_text(lang, property, "482913", 7);
                assert!(text.contains("482913"), "{lang}: {text}");
                assert!(text.contains(property), "{lang}: {text}");
                assert!(text.contains('7'), "{lang} states the expiry: {text}");
                let size = sms_size(&text);
                assert_eq!(
                    size.parts, 1,
                    "{lang} with {property:?} needs {size:?}: {text}"
                );
            }
        }
    }

    #[test]
    fn every_language_says_never_share() {
        let never = [
            ("en", "Never share"),
            ("pt", "partilhe"),
            ("es", "comparta"),
            ("fr", "Ne "),
            ("de", "niemals"),
            ("ja", "教えないでください"),
            ("zh-Hans", "请勿"),
        ];
        for (lang, phrase) in never {
            let text = otp_text(lang, "Hotel Aurora", "123456", 10);
            assert!(
                text.to_lowercase().contains(&phrase.to_lowercase()),
                "{lang}: {text}"
            );
        }
    }

    #[test]
    fn full_wording_when_it_fits_short_otherwise() {
        let en = otp_text("en", "Hotel Aurora", "123456", 5);
        assert!(
            en.contains("with anyone"),
            "English full text fits 160: {en}"
        );
        let de = otp_text("de", "Hotel Aurora", "123456", 5);
        assert_eq!(
            encoding_for(&de),
            Encoding::Gsm7,
            "German stays GSM-7 (ü is in the alphabet)"
        );
        assert!(de.contains("Geben Sie"), "{de}");
        // Portuguese needs UCS-2 (ó), so the 70-unit limit forces the short wording.
        let pt = otp_text("pt", "Hotel Aurora", "123456", 5);
        assert_eq!(encoding_for(&pt), Encoding::Ucs2);
        assert!(pt.starts_with("Código Hotel Aurora:"), "{pt}");
    }

    #[test]
    fn a_very_long_property_name_still_gets_a_complete_text() {
        let long =
            "The Exceptionally Long Named Grand Palace Hotel and Conference Centre of the Harbour";
        let text = otp_text("ja", long, "123456", 5);
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
        assert!(otp_text("it", "H", "1", 5).contains("Never share"));
    }

    #[test]
    fn placeholders_in_the_property_name_are_not_expanded() {
        let text = otp_text("en", "Hotel {c}", "123456", 5);
        assert!(text.contains("Hotel {c}"), "{text}");
    }
}

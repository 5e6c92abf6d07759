//! Keyed hashing of codes: HMAC-SHA256 under the per-install secret, bound to the challenge,
//! reservation, phone and purpose, so a stored hash is useless elsewhere and a code verifies
//! nothing but the challenge it was made for. Checked in constant time.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::OtpError;

type HmacSha256 = Hmac<Sha256>;

/// What a code is bound to.
#[derive(Clone, Copy)]
pub struct Binding<'a> {
    pub challenge: &'a str,
    pub reservation: &'a str,
    pub phone_e164: &'a str,
    pub purpose: &'a str,
}

impl std::fmt::Debug for Binding<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binding")
            .field("challenge", &self.challenge)
            .field("phone", &crate::phone::mask_e164(self.phone_e164))
            .finish_non_exhaustive()
    }
}

/// The install secret as a MAC key. Debug never prints it.
#[derive(Clone)]
pub struct CodeMac {
    key: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for CodeMac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeMac([REDACTED])")
    }
}

impl CodeMac {
    pub fn new(secret: Vec<u8>) -> Result<Self, OtpError> {
        if secret.len() < 16 {
            return Err(OtpError::Secret);
        }
        Ok(Self {
            key: Zeroizing::new(secret),
        })
    }

    fn mac(&self, domain: &str, parts: &[&str]) -> HmacSha256 {
        // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
        let mut m = <HmacSha256 as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| <HmacSha256 as KeyInit>::new(&Default::default()));
        // Length-prefixed fields: no two different inputs share an encoding.
        m.update(domain.as_bytes());
        for p in parts {
            m.update(&(p.len() as u64).to_be_bytes());
            m.update(p.as_bytes());
        }
        m
    }

    fn code_mac(&self, b: Binding<'_>, code: &str) -> HmacSha256 {
        self.mac(
            "lobby-kiosk otp v1",
            &[b.challenge, b.reservation, b.phone_e164, b.purpose, code],
        )
    }

    /// The tag stored for `code`.
    pub fn tag(&self, b: Binding<'_>, code: &str) -> Vec<u8> {
        self.code_mac(b, code).finalize().into_bytes().to_vec()
    }

    /// Constant-time comparison of `code` against a stored tag.
    pub fn verify(&self, b: Binding<'_>, code: &str, tag: &[u8]) -> bool {
        self.code_mac(b, code).verify_slice(tag).is_ok()
    }

    /// A stable pseudonym for a phone number, used as the per-phone limit key so the limits
    /// table holds no numbers.
    pub fn phone_key(&self, e164: &str) -> String {
        let bytes = self
            .mac("lobby-kiosk phone-key v1", &[e164])
            .finalize()
            .into_bytes();
        bytes.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding() -> Binding<'static> {
        Binding {
            challenge: "c1",
            reservation: "ABC123",
            phone_e164: "+447400123958",
            purpose: "check_in",
        }
    }

    #[test]
    fn a_tag_verifies_only_its_code_and_binding() {
        let m = CodeMac::new(vec![7; 32]).unwrap();
        let tag = m.tag(binding(), "123456");
        assert_eq!(tag.len(), 32);
        assert!(m.verify(binding(), "123456", &tag));
        assert!(!m.verify(binding(), "123457", &tag));
        let others = [
            Binding {
                challenge: "c2",
                ..binding()
            },
            Binding {
                reservation: "ABC124",
                ..binding()
            },
            Binding {
                phone_e164: "+447400123959",
                ..binding()
            },
            Binding {
                purpose: "verify_identity",
                ..binding()
            },
        ];
        for b in others {
            assert!(!m.verify(b, "123456", &tag), "{b:?}");
        }
        // Another install's secret makes another tag.
        let other = CodeMac::new(vec![8; 32]).unwrap();
        assert!(!other.verify(binding(), "123456", &tag));
        assert!(!m.verify(binding(), "123456", &tag[..31]));
    }

    #[test]
    fn phone_keys_are_stable_pseudonyms() {
        let m = CodeMac::new(vec![7; 32]).unwrap();
        let k = m.phone_key("+447400123958");
        assert_eq!(k, m.phone_key("+447400123958"));
        assert_ne!(k, m.phone_key("+447400123959"));
        assert!(!k.contains("7400123958"));
        assert!(!format!("{m:?}").contains('7'));
        assert!(CodeMac::new(vec![1; 8]).is_err());
    }
}

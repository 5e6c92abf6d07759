//! One-time codes: uniform random digits from the OS CSPRNG, and the shape check for what a
//! guest typed.

use rand::TryRng;
use rand::distr::{Distribution, Uniform};
use rand::rngs::SysRng;
use std::convert::Infallible;
use zeroize::Zeroizing;

use super::OtpError;

/// Shortest and longest code the engine makes (the config allows 6 to 10).
pub const MIN_LENGTH: u8 = 4;
pub const MAX_LENGTH: u8 = 10;

/// `SysRng` as an infallible `Rng` that remembers a failure instead of panicking (the stock
/// `UnwrapErr` adapter panics), so an entropy failure becomes an error the kiosk can show.
struct CheckedSysRng {
    failed: Option<String>,
}

impl CheckedSysRng {
    fn note<T: Default>(&mut self, r: Result<T, impl std::fmt::Display>) -> T {
        r.unwrap_or_else(|e| {
            self.failed.get_or_insert_with(|| e.to_string());
            T::default()
        })
    }
}

impl TryRng for CheckedSysRng {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let r = SysRng.try_next_u32();
        Ok(self.note(r))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let r = SysRng.try_next_u64();
        Ok(self.note(r))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        let r = SysRng.try_fill_bytes(dst);
        self.note(r);
        Ok(())
    }
}

/// A fresh code of `length` digits, uniformly distributed over `0 .. 10^length` (the
/// `Uniform` sampler rejects out-of-zone draws, so there is no modulo bias), zero-padded.
pub fn generate(length: u8) -> Result<Zeroizing<String>, OtpError> {
    let length = length.clamp(MIN_LENGTH, MAX_LENGTH);
    let high = 10u64.pow(u32::from(length));
    let dist = Uniform::new(0, high).map_err(|e| OtpError::Entropy(e.to_string()))?;
    let mut rng = CheckedSysRng { failed: None };
    let n: u64 = dist.sample(&mut rng);
    if let Some(e) = rng.failed {
        return Err(OtpError::Entropy(e));
    }
    Ok(Zeroizing::new(format!(
        "{n:0width$}",
        width = usize::from(length)
    )))
}

/// What the guest typed, as digits only (spaces and dashes that a keyboard or paste may add
/// are dropped); `None` when it cannot be a code of `length` digits.
pub fn normalise_entry(entered: &str, length: u8) -> Option<Zeroizing<String>> {
    let digits: Zeroizing<String> = Zeroizing::new(
        entered
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect(),
    );
    (digits.len() == usize::from(length) && digits.chars().all(|c| c.is_ascii_digit()))
        .then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_the_configured_length_and_only_digits() {
        for length in [6u8, 8, 10] {
            for _ in 0..200 {
                let c = generate(length).unwrap();
                assert_eq!(c.len(), usize::from(length));
                assert!(c.chars().all(|ch| ch.is_ascii_digit()));
            }
        }
    }

    #[test]
    fn digits_are_uniform_in_every_position() {
        // 6,000 codes → 36,000 digits; each digit value expects 600 per position. A chi-square
        // over 10 bins (9 d.o.f.) beyond 27.88 has p < 0.001: a biased generator fails, a fair
        // one essentially never does.
        let n = 6_000;
        let mut counts = [[0u32; 10]; 6];
        for _ in 0..n {
            let c = generate(6).unwrap();
            for (pos, ch) in c.chars().enumerate() {
                counts[pos][ch.to_digit(10).unwrap() as usize] += 1;
            }
        }
        let expected = f64::from(n) / 10.0;
        for (pos, row) in counts.iter().enumerate() {
            let chi2: f64 = row
                .iter()
                .map(|&o| (f64::from(o) - expected).powi(2) / expected)
                .sum();
            assert!(
                chi2 < 27.88,
                "position {pos}: chi² {chi2:.1}, counts {row:?}"
            );
        }
    }

    #[test]
    fn leading_zeros_are_kept() {
        // With 4-digit codes a leading zero shows up about one time in ten.
        let seen = (0..500).any(|_| generate(4).unwrap().starts_with('0'));
        assert!(seen);
    }

    #[test]
    fn entry_normalisation() {
        let table = [
            ("123456", Some("123456")),
            (" 123 456 ", Some("123456")),
            ("123-456", Some("123456")),
            ("12345", None),
            ("1234567", None),
            ("12345a", None),
            ("١٢٣٤٥٦", None), // non-ASCII digits are not code digits
            ("", None),
        ];
        for (typed, want) in table {
            assert_eq!(
                normalise_entry(typed, 6).as_deref().map(String::as_str),
                want,
                "{typed:?}"
            );
        }
    }
}

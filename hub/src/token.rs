//! Kiosk bearer tokens: 256 random bits shown once; the hub keeps only their SHA-256. A slow
//! password hash would add nothing for a secret this long and would cost on every request.

use rand::TryRng;
use rand::rngs::SysRng;
use sha2::{Digest, Sha256};

use crate::HubError;

/// Every token starts with this, so a leaked one is recognisable in a scan for secrets.
pub const PREFIX: &str = "lh1_";

pub fn generate() -> Result<String, HubError> {
    let mut bytes = [0u8; 32];
    SysRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| HubError::Entropy(e.to_string()))?;
    let mut token = String::with_capacity(PREFIX.len() + 64);
    token.push_str(PREFIX);
    for b in bytes {
        token.push_str(&format!("{b:02x}"));
    }
    Ok(token)
}

pub fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

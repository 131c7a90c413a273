//! Secrets from the operating system's secure random source: one-time codes, sign-in tokens,
//! customer resume tokens and ids. Tokens are stored only as SHA-256 hashes.

use sha2::{Digest, Sha256};

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the OS random source is unavailable");
    buf
}

/// A uniformly random 6-digit code (rejection sampling: no modulo bias).
pub fn six_digit_code() -> String {
    const SPACE: u32 = 1_000_000;
    const LIMIT: u32 = u32::MAX - (u32::MAX % SPACE);
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>());
        if n < LIMIT {
            return format!("{:06}", n % SPACE);
        }
    }
}

/// A 256-bit bearer token, hex-encoded.
pub fn token() -> String {
    hex::encode(random_bytes::<32>())
}

/// A 128-bit identifier, hex-encoded.
pub fn id() -> String {
    hex::encode(random_bytes::<16>())
}

/// A random identity for one connection (a customer's page), unique across nodes.
pub fn conn_id() -> u64 {
    u64::from_le_bytes(random_bytes::<8>())
}

/// The SDK's visitor ids are 128-bit random values in hex.
pub fn is_visitor_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits_and_vary() {
        let codes: std::collections::HashSet<String> = (0..200).map(|_| six_digit_code()).collect();
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit()))
        );
        assert!(
            codes.len() > 190,
            "200 random codes should almost never collide"
        );
    }

    #[test]
    fn tokens_hash_stably() {
        let t = token();
        assert_eq!(t.len(), 64);
        assert_eq!(hash_token(&t), hash_token(&t));
        assert_ne!(hash_token(&t), t);
    }
}

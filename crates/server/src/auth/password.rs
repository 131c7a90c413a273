//! Password hashing with argon2id and a random salt per agent. Checking a sign-in costs exactly
//! one argon2 verification whether or not the name exists (an unknown name is checked against a
//! dummy hash made once), so timing does not tell which names are agents.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// A hash of a random password, made once: what unknown names are checked against.
static DUMMY: LazyLock<String> = LazyLock::new(|| {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).expect("the OS random source is unavailable");
    hash_password(&hex::encode(random))
});

pub fn hash_password(password: &str) -> String {
    #[cfg(test)]
    tests::ARGON2_RUNS.with(|n| n.set(n.get() + 1));
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random source is unavailable");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail on valid input")
        .to_string()
}

/// False for a wrong password and for a malformed stored hash alike.
pub fn verify_password(password: &str, hash: &str) -> bool {
    #[cfg(test)]
    tests::ARGON2_RUNS.with(|n| n.set(n.get() + 1));
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Checks a sign-in: `stored` is the agent's hash, or None for an unknown name (then the answer
/// is false, after the same work).
pub fn check_sign_in(password: &str, stored: Option<&str>) -> bool {
    let ok = verify_password(password, stored.unwrap_or(DUMMY.as_str()));
    ok && stored.is_some()
}

/// Makes the dummy hash now (at start), not on the first unknown name.
pub fn prepare() {
    LazyLock::force(&DUMMY);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// argon2 runs (hashes and verifications) on this thread.
        pub(super) static ARGON2_RUNS: Cell<u32> = const { Cell::new(0) };
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash_password("correct horse");
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn an_unknown_name_costs_one_argon2_run_like_a_known_one() {
        let h = hash_password("correct horse");
        prepare();
        let before = ARGON2_RUNS.with(Cell::get);
        assert!(!check_sign_in("correct horse", None));
        let unknown = ARGON2_RUNS.with(Cell::get) - before;
        assert!(check_sign_in("correct horse", Some(&h)));
        assert!(!check_sign_in("wrong", Some(&h)));
        let known = (ARGON2_RUNS.with(Cell::get) - before - unknown) / 2;
        assert_eq!((unknown, known), (1, 1));
    }
}

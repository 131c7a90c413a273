//! Agent authentication: argon2 password hashes, sign-in tokens (kept only as hashes), and the
//! extractor that turns a request's cookie or `Authorization: Bearer` header into an [`Agent`].

mod password;
mod signed_in;

pub use password::{hash_password, verify_password};
pub use signed_in::{SignedIn, TOKEN_COOKIE, token_from_headers};

//! Agent authentication: argon2 password hashes, sign-in tokens (kept only as hashes), the
//! sign-in throttle, and the extractor that turns a request's cookie or `Authorization: Bearer`
//! header into an [`Agent`](crate::store::Agent); single sign-on with an OpenID Provider ([`sso`]).

pub mod embed;
mod password;
mod signed_in;
pub mod sso;
pub mod throttle;

pub use password::{
    check_sign_in, hash_password, prepare as prepare_password_check, verify_password,
};
pub use signed_in::{SignedIn, TOKEN_COOKIE, token_from_headers};
pub use throttle::SignInThrottle;

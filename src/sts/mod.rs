//! The STS world's credential primitives: access key ids that carry their account, secret
//! access keys, virtual-MFA one-time codes, and sealed session tokens. The operations
//! (AssumeRole, GetSessionToken, ...) build on these; nothing here knows about policies.

pub mod access_key;
pub mod base32;
pub mod session_token;
pub mod totp;

//! AWS STS: the credential primitives (access key ids that carry their account, secret access
//! keys, virtual-MFA one-time codes, sealed session tokens), the world they live in, and the
//! stateful simulator whose operations (one file each under `ops/`) build on them.

pub mod access_key;
pub mod base32;
pub mod session_token;
pub mod totp;
pub mod world;
pub mod authorization_message;
pub mod authz;
pub mod caller;
pub mod clock;
pub mod credentials;
pub mod error;
pub mod events;
pub mod mfa;
pub mod oidc;
pub mod outbound;
pub mod ops;
pub mod params;
pub mod role_session;
pub mod saml_provider;
pub mod session_policy;
pub mod sim;

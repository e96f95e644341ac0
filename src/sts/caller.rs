//! Who is calling: credentials (an access key from the world, or temporary credentials issued
//! earlier, recovered from their session token alone), a long-term identity named by ARN, or an
//! AWS service. Authentication answers AWS's errors: unknown key → `InvalidClientTokenId`,
//! wrong secret → `SignatureDoesNotMatch`, altered token → `InvalidClientTokenId`, expired →
//! `ExpiredToken` ("Common Errors", AWS STS API Reference).

use super::credentials::session_secret;
use super::error::StsError;
use super::session_token::{self, SessionClaims};
use super::world::World;
use crate::eval::{PrincipalKind, RequestPrincipal};

/// A caller as a request presents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// Signed with an access key (long-term `AKIA…`, or temporary `ASIA…` with its token).
    Credentials { access_key_id: String, secret_access_key: String, session_token: Option<String> },
    /// A shortcut for a long-term identity of the world (a user or root ARN), as if it signed
    /// with one of its keys.
    Principal(String),
    /// An AWS service principal acting on its own (`cloud9.amazonaws.com` assuming a role
    /// whose trust policy names it). sts-sim's way to express a service caller: AWS services
    /// sign with credentials of their own that no customer holds.
    Service(String),
}

/// What kind of identity an authenticated caller is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentityKind {
    Root,
    User { name: String },
    /// A role session or federated user session, as its token vouches for it.
    Session(Box<SessionClaims>),
    Service { name: String },
}

/// An authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub principal: RequestPrincipal,
    pub kind: IdentityKind,
    /// The access key the request was signed with (`None` for the ARN shortcut and services).
    pub access_key_id: Option<String>,
}

impl Identity {
    pub fn account(&self) -> Option<&str> {
        self.principal.account.as_deref()
    }

    pub fn claims(&self) -> Option<&SessionClaims> {
        match &self.kind {
            IdentityKind::Session(c) => Some(c),
            _ => None,
        }
    }

    /// Is this a role session (so that assuming another role is role chaining)?
    pub fn is_role_session(&self) -> bool {
        matches!(self.principal.kind, PrincipalKind::AssumedRole { .. })
    }

    /// The caller as STS names it in `AccessDenied` messages ("User: <arn> is not authorized…").
    pub fn display_arn(&self) -> String {
        match &self.kind {
            IdentityKind::Service { name } => name.clone(),
            _ => self.principal.arn.clone().unwrap_or_default(),
        }
    }

    /// `aws:userid` / GetCallerIdentity's `UserId` ("IAM policy elements: variables and tags",
    /// Principal table): the account id for root, the user's unique id, `AROA…:session` for a
    /// role session, `account:name` for a federated user.
    pub fn user_id(&self, world: &World) -> String {
        match &self.kind {
            IdentityKind::Root => self.account().unwrap_or_default().to_string(),
            IdentityKind::User { name } => self.account().and_then(|a| world.account(a)).and_then(|a| a.user(name)).map(|u| u.id.clone()).unwrap_or_default(),
            IdentityKind::Session(c) => c.principal_id.clone(),
            IdentityKind::Service { name } => name.clone(),
        }
    }
}

/// Keys the authentication needs from the simulator.
pub struct Keys<'a> {
    pub sealing: &'a [u8; 32],
    pub secrets: &'a [u8; 32],
}

/// Authenticates `caller` at `now_ms`.
pub fn authenticate(world: &World, keys: &Keys, caller: &Caller, now_ms: i64) -> Result<Identity, StsError> {
    match caller {
        Caller::Credentials { access_key_id, secret_access_key, session_token } => {
            if let Some((account, key)) = world.access_key(access_key_id) {
                // A long-term key signs without a token; one that comes with a token, or an
                // inactive key, is refused like an unknown one (IAM user guide, "Manage access
                // keys": inactive keys "cannot be used for API calls").
                if session_token.is_some() || !key.active {
                    return Err(StsError::invalid_client_token());
                }
                if &key.secret_access_key != secret_access_key {
                    return Err(StsError::signature_does_not_match());
                }
                let arn = if key.user_name == "root" {
                    format!("arn:{}:iam::{}:root", world.partition, account.id)
                } else {
                    account.user(&key.user_name).map(|u| u.arn.clone()).unwrap_or_default()
                };
                let mut identity = long_term(world, &arn)?;
                identity.access_key_id = Some(access_key_id.clone());
                return Ok(identity);
            }
            let Some(token) = session_token else { return Err(StsError::invalid_client_token()) };
            let claims = session_token::open(keys.sealing, token).map_err(|_| StsError::invalid_client_token())?;
            if &claims.access_key_id != access_key_id {
                return Err(StsError::invalid_client_token());
            }
            if &session_secret(keys.secrets, access_key_id) != secret_access_key {
                return Err(StsError::signature_does_not_match());
            }
            if now_ms >= claims.expires_at.saturating_mul(1000) {
                return Err(StsError::expired_token());
            }
            let principal = RequestPrincipal::parse(&claims.arn).map_err(|_| StsError::invalid_client_token())?;
            Ok(Identity { principal, kind: IdentityKind::Session(Box::new(claims)), access_key_id: Some(access_key_id.clone()) })
        }
        Caller::Principal(arn) => long_term(world, arn),
        Caller::Service(name) => match RequestPrincipal::parse(name) {
            Ok(principal) if matches!(principal.kind, PrincipalKind::Service { .. }) => {
                Ok(Identity { principal, kind: IdentityKind::Service { name: name.clone() }, access_key_id: None })
            }
            _ => Err(StsError::invalid_client_token()),
        },
    }
}

/// A user or root of the world, by ARN.
fn long_term(world: &World, arn: &str) -> Result<Identity, StsError> {
    let principal = RequestPrincipal::parse(arn).map_err(|_| StsError::invalid_client_token())?;
    let account = principal.account.as_deref().and_then(|a| world.account(a)).ok_or_else(StsError::invalid_client_token)?;
    let kind = match &principal.kind {
        PrincipalKind::Root => IdentityKind::Root,
        PrincipalKind::User { name } => match account.user(name) {
            Some(u) if u.arn == arn => IdentityKind::User { name: name.clone() },
            _ => return Err(StsError::invalid_client_token()),
        },
        _ => return Err(StsError::invalid_client_token()),
    };
    Ok(Identity { principal, kind, access_key_id: None })
}

//! Who is calling: credentials (an access key from the world, or temporary credentials issued
//! earlier, recovered from their session token alone), a long-term identity named by ARN, or an
//! AWS service. Authentication answers AWS's errors: unknown key → `InvalidClientTokenId`,
//! wrong secret → `SignatureDoesNotMatch`, altered token → `InvalidClientTokenId`, expired →
//! `ExpiredToken` ("Common Errors", AWS STS API Reference).

use super::credentials::session_secret;
use super::error::StsError;
use super::session_token::{self, SessionClaims};
use super::world::{AccessKey, Account, World};
use crate::eval::{PrincipalKind, RequestPrincipal};

/// A caller as a request presents it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caller {
    /// Signed with an access key (long-term `AKIA…`, or temporary `ASIA…` with its token).
    Credentials { access_key_id: String, secret_access_key: String, session_token: Option<String> },
    /// A shortcut for a long-term identity of the world (a user or root ARN), as if it signed
    /// with one of its keys.
    Principal(String),
    /// An AWS service principal (`cloud9.amazonaws.com` assuming a role whose trust policy
    /// names it), on its own or on behalf of a resource (`source`). sts-sim's way to express a
    /// service caller: AWS services sign with credentials of their own that no customer holds.
    Service { name: String, source: Option<ServiceSource> },
}

/// The resource a service acts for when it calls on behalf of one ("AWS global condition
/// context keys": aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths are
/// "included in the request context only when the call to your resource is made directly by an
/// AWS service principal on behalf of a resource"; "The confused deputy problem", cross-service
/// confused deputy prevention). Read from the caller's `SourceAccount`, `SourceArn`,
/// `SourceOrgID`, `SourceOrgPaths`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceSource {
    pub account: Option<String>,
    pub arn: Option<String>,
    pub org_id: Option<String>,
    pub org_paths: Vec<String>,
}

impl ServiceSource {
    /// The account of the source: `SourceAccount`, else the account field of `SourceArn` (the
    /// resource's owner; AWS services set both, "The confused deputy problem").
    pub fn owner(&self) -> Option<&str> {
        self.account.as_deref().or_else(|| self.arn.as_deref().and_then(|a| a.split(':').nth(4)).filter(|a| !a.is_empty()))
    }

    /// The source as the service presents it in `world`: the account filled from the ARN, and
    /// the organization id and path of the owner where the world knows its organization (AWS
    /// sets aws:SourceOrgID / aws:SourceOrgPaths for a resource "for which the owner is a member
    /// of an organization"); values the caller gives are kept.
    pub fn resolved(&self, world: &World) -> ServiceSource {
        let mut out = self.clone();
        out.account = self.owner().map(str::to_string);
        if let Some(org) = out.account.as_deref().and_then(|a| world.organization_of(a)) {
            out.org_id.get_or_insert_with(|| org.id.clone());
            if out.org_paths.is_empty() {
                out.org_paths.extend(out.account.as_deref().and_then(|a| org.path_of(a)));
            }
        }
        out
    }

    /// The aws:Source* keys of the request.
    pub fn add_context(&self, ctx: &mut crate::context::RequestContext) {
        if let Some(a) = &self.account {
            ctx.set("aws:SourceAccount", a.as_str());
        }
        if let Some(a) = &self.arn {
            ctx.set("aws:SourceArn", a.as_str());
        }
        if let Some(o) = &self.org_id {
            ctx.set("aws:SourceOrgID", o.as_str());
        }
        if !self.org_paths.is_empty() {
            ctx.set_multi("aws:SourceOrgPaths", self.org_paths.iter().map(String::as_str));
        }
    }
}

/// What kind of identity an authenticated caller is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentityKind {
    Root,
    User { name: String },
    /// A role session or federated user session, as its token vouches for it.
    Session(Box<SessionClaims>),
    /// An AWS service, with the resource it acts for (resolved against the world).
    Service { name: String, source: Option<Box<ServiceSource>> },
    /// The caller of an operation AWS serves without a signature (AssumeRoleWithWebIdentity,
    /// AssumeRoleWithSAML: botocore's STS model marks them `"auth": ["smithy.api#noAuth"]`).
    /// Its principal is anonymous until the operation verifies the token or assertion, then the
    /// identity provider that vouched for it (`PrincipalKind::WebIdentity`, `Saml`).
    Unsigned,
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

    /// An unsigned request's caller, before its token or assertion is verified.
    pub fn unsigned() -> Identity {
        let principal = RequestPrincipal { arn: None, account: None, partition: "aws".into(), kind: PrincipalKind::Anonymous };
        Identity { principal, kind: IdentityKind::Unsigned, access_key_id: None }
    }

    /// The caller as STS names it in `AccessDenied` messages ("User: <arn> is not authorized…").
    pub fn display_arn(&self) -> String {
        match &self.kind {
            IdentityKind::Service { name, .. } => name.clone(),
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
            IdentityKind::Service { name, .. } => name.clone(),
            IdentityKind::Unsigned => String::new(),
        }
    }
}

/// Which STS operation issued a set of temporary credentials ("Compare AWS STS credentials",
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    /// AssumeRole (a role session).
    Role,
    /// GetSessionToken: the session is the IAM user (or root user) itself.
    SessionToken,
    /// GetFederationToken: a federated user session.
    Federated,
    /// AssumeRoot: a privileged session of a member account's root user, scoped by its task
    /// policy ("Perform a privileged task on an AWS Organizations member account").
    RootTask,
}

/// A long-term identity of an account: the root user or an IAM user (by name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LongTermIdentity {
    Root,
    User(String),
}

impl LongTermIdentity {
    fn of(kind: &PrincipalKind) -> Option<LongTermIdentity> {
        match kind {
            PrincipalKind::Root => Some(LongTermIdentity::Root),
            PrincipalKind::User { name } => Some(LongTermIdentity::User(name.clone())),
            _ => None,
        }
    }
}

impl Identity {
    /// How the caller's temporary credentials were issued; `None` for long-term credentials
    /// and services.
    pub fn session_kind(&self) -> Option<SessionKind> {
        self.claims()?;
        if self.claims().is_some_and(|c| c.task_policy_arn.is_some()) {
            return Some(SessionKind::RootTask);
        }
        Some(match self.principal.kind {
            PrincipalKind::AssumedRole { .. } => SessionKind::Role,
            PrincipalKind::FederatedUser { .. } => SessionKind::Federated,
            _ => SessionKind::SessionToken,
        })
    }

    /// The user (or root user) whose identity-based policies, permissions boundary and tags
    /// apply to this caller: itself, the one whose GetSessionToken created the session ("The
    /// temporary credentials have the same permissions as the IAM user", GetSessionToken), or
    /// the one who called GetFederationToken (the session is "the intersection of the IAM user
    /// policies and the session policies", GetFederationToken). `None` for role sessions
    /// (their role's policies apply) and services.
    pub fn long_term_identity(&self) -> Option<LongTermIdentity> {
        match self.session_kind() {
            Some(SessionKind::Role) => None,
            Some(SessionKind::Federated) => {
                let broker = self.claims()?.federated_by.as_deref()?;
                LongTermIdentity::of(&RequestPrincipal::parse(broker).ok()?.kind)
            }
            Some(SessionKind::SessionToken | SessionKind::RootTask) | None => LongTermIdentity::of(&self.principal.kind),
        }
    }

    /// The caller of an operation that takes long-term credentials only (GetSessionToken,
    /// GetFederationToken: "IAM user or AWS account root user", "Compare AWS STS
    /// credentials"). Temporary credentials are refused earlier (`check_credential_scope`); an
    /// AWS service holds no long-term credentials of an account (the message is ours).
    pub fn long_term_caller(&self, operation: &str) -> Result<LongTermIdentity, StsError> {
        match &self.kind {
            IdentityKind::Root => Ok(LongTermIdentity::Root),
            IdentityKind::User { name } => Ok(LongTermIdentity::User(name.clone())),
            IdentityKind::Session(_) | IdentityKind::Service { .. } | IdentityKind::Unsigned => {
                Err(StsError::sender("AccessDenied", format!("{operation} must be called with the long-term credentials of an IAM user or the root user.")))
            }
        }
    }

    /// The documented limits of temporary credentials, for `action` (`sts:AssumeRole`,
    /// `iam:CreateUser`; matched case-insensitively) — "Compare AWS STS credentials" and the
    /// Permissions sections of the API reference:
    /// - role sessions: "Cannot call GetFederationToken or GetSessionToken";
    /// - GetSessionToken: "You cannot call any IAM API operations unless MFA authentication
    ///   information is included in the request. You cannot call any STS API except AssumeRole
    ///   or GetCallerIdentity";
    /// - GetFederationToken: "You cannot call any IAM operations using the CLI or the Amazon
    ///   Web Services API. [...] You cannot call any STS operations except GetCallerIdentity".
    ///
    /// IAM refuses such credentials as unknown: `InvalidClientTokenId` (aws/aws-sdk-js#460,
    /// cloudyr/aws.iam#15, jantman/awslimitchecker#139). STS answers "Cannot call
    /// GetSessionToken with session credentials" (aws/aws-sdk-net#1704, aws/aws-sdk-php#1876)
    /// and "Cannot call GetFederationToken with session credentials" (hashicorp/vault#4108,
    /// fwdcloudsec/granted#151); for the other STS operations AWS's text is not public and the
    /// message is ours. The permission-only actions that go with AssumeRole (sts:TagSession,
    /// sts:SetSourceIdentity, sts:SetContext) go with it here.
    pub fn check_credential_scope(&self, action: &str) -> Result<(), StsError> {
        let Some(kind) = self.session_kind() else { return Ok(()) };
        // A privileged root session is limited by its task policy alone (evaluated as its
        // session policy); AWS documents no other limit for it.
        if kind == SessionKind::RootTask {
            return Ok(());
        }
        let (service, name) = action.split_once(':').unwrap_or((action, ""));
        let lower = name.to_ascii_lowercase();
        if service.eq_ignore_ascii_case("iam") {
            let mfa = self.claims().is_some_and(SessionClaims::mfa_authenticated);
            let allowed = match kind {
                SessionKind::Role => true,
                SessionKind::SessionToken => mfa,
                SessionKind::Federated => false,
                SessionKind::RootTask => true,
            };
            return if allowed { Ok(()) } else { Err(StsError::invalid_client_token()) };
        }
        if !service.eq_ignore_ascii_case("sts") {
            return Ok(());
        }
        let (allowed, issuer, allowed_list): (bool, &str, &str) = match kind {
            SessionKind::Role => (lower != "getsessiontoken" && lower != "getfederationtoken", "AssumeRole", ""),
            SessionKind::SessionToken => (
                ["assumerole", "tagsession", "setsourceidentity", "setcontext", "getcalleridentity"].contains(&lower.as_str()),
                "GetSessionToken",
                "AssumeRole or GetCallerIdentity",
            ),
            SessionKind::Federated => (lower == "getcalleridentity", "GetFederationToken", "GetCallerIdentity"),
            SessionKind::RootTask => (true, "AssumeRoot", ""),
        };
        if allowed {
            Ok(())
        } else if lower == "getsessiontoken" || lower == "getfederationtoken" {
            Err(StsError::sender("AccessDenied", format!("Cannot call {name} with session credentials")))
        } else {
            Err(StsError::sender("AccessDenied", format!("Cannot call {name} with credentials from {issuer}: they can call no AWS STS operation except {allowed_list}.")))
        }
    }
}

/// Keys the authentication needs from the simulator.
pub struct Keys<'a> {
    pub sealing: &'a [u8; 32],
    pub secrets: &'a [u8; 32],
}

/// What an access key id (with the session token temporary credentials carry) stands for.
enum KeyHolder<'w> {
    /// A long-term key of the world.
    LongTerm { account: &'w Account, key: &'w AccessKey },
    /// Temporary credentials: the claims their sealed session token vouches for.
    Session(Box<SessionClaims>),
}

/// Resolves an access key id: a key of the world, else temporary credentials whose session token
/// opens and names that key id. The refusals are those of `authenticate`.
fn key_holder<'w>(world: &'w World, keys: &Keys, access_key_id: &str, session_token: Option<&str>) -> Result<KeyHolder<'w>, StsError> {
    if let Some((account, key)) = world.access_key(access_key_id) {
        // A long-term key signs without a token; one that comes with a token, or an
        // inactive key, is refused like an unknown one (IAM user guide, "Manage access
        // keys": inactive keys "cannot be used for API calls").
        if session_token.is_some() || !key.active {
            return Err(StsError::invalid_client_token());
        }
        return Ok(KeyHolder::LongTerm { account, key });
    }
    let Some(token) = session_token else { return Err(StsError::invalid_client_token()) };
    let claims = session_token::open(keys.sealing, token).map_err(|_| StsError::invalid_client_token())?;
    if claims.access_key_id != access_key_id {
        return Err(StsError::invalid_client_token());
    }
    Ok(KeyHolder::Session(Box::new(claims)))
}

/// The secret access key that signs for `access_key_id` at `now_ms`, as a SigV4 verifier needs
/// it before it can check a signature (`sigv4::verify`'s lookup): a long-term key's from the
/// world, temporary credentials' derived from their key id once the session token opens.
/// Unknown, inactive or mismatched → `InvalidClientTokenId`; expired → `ExpiredToken`.
pub fn signing_secret(world: &World, keys: &Keys, access_key_id: &str, session_token: Option<&str>, now_ms: i64) -> Result<String, StsError> {
    match key_holder(world, keys, access_key_id, session_token)? {
        KeyHolder::LongTerm { key, .. } => Ok(key.secret_access_key.clone()),
        KeyHolder::Session(claims) => {
            if now_ms >= claims.expires_at.saturating_mul(1000) {
                return Err(StsError::expired_token());
            }
            Ok(session_secret(keys.secrets, access_key_id))
        }
    }
}

/// Authenticates `caller` at `now_ms`.
pub fn authenticate(world: &World, keys: &Keys, caller: &Caller, now_ms: i64) -> Result<Identity, StsError> {
    match caller {
        Caller::Credentials { access_key_id, secret_access_key, session_token } => match key_holder(world, keys, access_key_id, session_token.as_deref())? {
            KeyHolder::LongTerm { account, key } => {
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
                Ok(identity)
            }
            KeyHolder::Session(claims) => {
                if &session_secret(keys.secrets, access_key_id) != secret_access_key {
                    return Err(StsError::signature_does_not_match());
                }
                if now_ms >= claims.expires_at.saturating_mul(1000) {
                    return Err(StsError::expired_token());
                }
                let principal = RequestPrincipal::parse(&claims.arn).map_err(|_| StsError::invalid_client_token())?;
                Ok(Identity { principal, kind: IdentityKind::Session(claims), access_key_id: Some(access_key_id.clone()) })
            }
        },
        Caller::Principal(arn) => long_term(world, arn),
        Caller::Service { name, source } => match RequestPrincipal::parse(name) {
            Ok(principal) if matches!(principal.kind, PrincipalKind::Service { .. }) => {
                let source = source.as_ref().map(|s| Box::new(s.resolved(world)));
                Ok(Identity { principal, kind: IdentityKind::Service { name: name.clone(), source }, access_key_id: None })
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

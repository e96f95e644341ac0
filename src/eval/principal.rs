//! Who makes a request, and how a policy's `Principal` / `NotPrincipal` element names them.
//!
//! "AWS JSON policy elements: Principal" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
//! - `"*"` and `{"AWS": "*"}` mean everyone, anonymous callers included.
//! - An account ID or `arn:aws:iam::<id>:root` names the account: the resource policy delegates to
//!   the account, whose own identity-based policies must then allow the request.
//! - A user ARN names that user; a role ARN names the role, which the role's sessions act as;
//!   an assumed-role session ARN names that one session; a federated-user ARN that session.
//! - `Service` names an AWS service principal; `Federated` a web identity or SAML provider.
//! - Wildcards inside a principal ARN are not supported: values compare exactly.
//!
//! "AWS JSON policy elements: NotPrincipal" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html):
//! AWS "might validate the account first, then the role, and then the assumed-role user", and
//! recommends listing the account ARN together with the user, or the role and its account.

use serde::Serialize;

use crate::arn::is_account_id;
use crate::context::RequestContext;
use crate::policy::{PrincipalBlock, PrincipalEntry, PrincipalKind as ElementKind, PrincipalSet};

/// The kind of caller, with what policy matching needs to know about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum PrincipalKind {
    /// The account root user (`arn:aws:iam::<id>:root`).
    Root,
    /// An IAM user.
    User { name: String },
    /// An assumed-role session (`arn:aws:sts::<id>:assumed-role/<role>/<session>`), with the ARN of
    /// the role it acts as (`arn:aws:iam::<id>:role/<path><role>`).
    #[serde(rename_all = "camelCase")]
    AssumedRole { role_arn: String, role_name: String, session_name: String },
    /// A federated user session from GetFederationToken (`arn:aws:sts::<id>:federated-user/<name>`).
    FederatedUser { name: String },
    /// A caller authenticated by a web identity (OIDC) provider, before it becomes a session:
    /// what AssumeRoleWithWebIdentity evaluates. `provider` is how a `Federated` principal names
    /// it (an OIDC provider ARN, or `cognito-identity.amazonaws.com`, `accounts.google.com`…).
    WebIdentity { provider: String },
    /// A caller authenticated by a SAML provider (AssumeRoleWithSAML); `provider` is its ARN.
    Saml { provider: String },
    /// An AWS service principal (`ec2.amazonaws.com`).
    Service { name: String },
    /// An unauthenticated caller.
    Anonymous,
}

/// The request's principal. `account` is absent for anonymous callers and service principals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestPrincipal {
    /// The caller's ARN as the request carries it (`None` for anonymous, service and federated
    /// callers).
    pub arn: Option<String>,
    pub account: Option<String>,
    pub partition: String,
    pub kind: PrincipalKind,
}

/// Every key `RequestPrincipal::context_defaults` may set, and `aws:ResourceAccount`, which a
/// request derives from its resource.
pub const DERIVED_KEYS: [&str; 7] =
    ["aws:PrincipalArn", "aws:PrincipalAccount", "aws:PrincipalType", "aws:PrincipalIsAWSService", "aws:username", "aws:PrincipalServiceName", "aws:ResourceAccount"];

/// Web identity providers that a `Federated` principal names by host rather than ARN.
const WEB_IDENTITY_HOSTS: [&str; 4] = ["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"];

impl RequestPrincipal {
    /// Reads a request principal from text: an ARN (root, user, assumed-role session, federated
    /// user, or a SAML/OIDC provider ARN for a federated caller), a service principal name,
    /// a web identity provider host, or `anonymous`.
    pub fn parse(text: &str) -> Result<RequestPrincipal, String> {
        if text == "anonymous" {
            return Ok(RequestPrincipal { arn: None, account: None, partition: "aws".into(), kind: PrincipalKind::Anonymous });
        }
        if WEB_IDENTITY_HOSTS.contains(&text) {
            return Ok(RequestPrincipal {
                arn: None,
                account: None,
                partition: "aws".into(),
                kind: PrincipalKind::WebIdentity { provider: text.to_string() },
            });
        }
        if !text.starts_with("arn:") {
            if is_service_name(text) {
                return Ok(RequestPrincipal {
                    arn: None,
                    account: None,
                    partition: "aws".into(),
                    kind: PrincipalKind::Service { name: text.to_string() },
                });
            }
            return Err(format!(
                "'{text}' is not a principal: expected an ARN (arn:aws:iam::111122223333:user/alice, arn:aws:sts::111122223333:assumed-role/Role/session, …), a service principal (ec2.amazonaws.com) or 'anonymous'"
            ));
        }
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        let [_, partition, service, _region, account, resource] = parts[..] else {
            return Err(format!("'{text}' is not an ARN: it needs six colon-separated fields"));
        };
        if !is_account_id(account) {
            return Err(format!("'{text}' does not carry a 12-digit account ID"));
        }
        let make = |kind: PrincipalKind, arn: Option<String>| RequestPrincipal {
            arn,
            account: Some(account.to_string()),
            partition: partition.to_string(),
            kind,
        };
        let own = Some(text.to_string());
        match (service, resource.split_once('/')) {
            ("iam", None) if resource == "root" => Ok(make(PrincipalKind::Root, own)),
            ("iam", Some(("user", rest))) if !rest.is_empty() => {
                let name = rest.rsplit('/').next().unwrap_or(rest).to_string();
                Ok(make(PrincipalKind::User { name }, own))
            }
            ("sts", Some(("assumed-role", rest))) => match rest.split_once('/') {
                Some((role, session)) if !role.is_empty() && !session.is_empty() => Ok(make(
                    PrincipalKind::AssumedRole {
                        role_arn: format!("arn:{partition}:iam::{account}:role/{role}"),
                        role_name: role.to_string(),
                        session_name: session.to_string(),
                    },
                    own,
                )),
                _ => Err(format!("'{text}' is not an assumed-role session ARN (assumed-role/<role>/<session>)")),
            },
            ("sts", Some(("federated-user", name))) if !name.is_empty() => {
                Ok(make(PrincipalKind::FederatedUser { name: name.to_string() }, own))
            }
            ("iam", Some(("saml-provider", name))) if !name.is_empty() => {
                Ok(make(PrincipalKind::Saml { provider: text.to_string() }, None))
            }
            ("iam", Some(("oidc-provider", host))) if !host.is_empty() => {
                Ok(make(PrincipalKind::WebIdentity { provider: text.to_string() }, None))
            }
            ("iam", Some(("role", _))) => Err(format!(
                "'{text}' is a role: a role acts through its sessions; give the session ARN arn:{partition}:sts::{account}:assumed-role/<role-name>/<session-name>"
            )),
            _ => Err(format!("'{text}' is not an ARN of a principal that can make requests (root, user, assumed-role session, federated user)")),
        }
    }

    /// Is this an IAM principal of an account (root, user, role session, federated user)?
    pub fn is_iam_principal(&self) -> bool {
        matches!(self.kind, PrincipalKind::Root | PrincipalKind::User { .. } | PrincipalKind::AssumedRole { .. } | PrincipalKind::FederatedUser { .. })
    }

    /// The value of `aws:PrincipalArn`: for a role session, the role's ARN ("AWS global
    /// condition context keys", aws:PrincipalArn).
    pub fn principal_arn(&self) -> Option<&str> {
        match &self.kind {
            PrincipalKind::AssumedRole { role_arn, .. } => Some(role_arn),
            PrincipalKind::Root | PrincipalKind::User { .. } | PrincipalKind::FederatedUser { .. } => self.arn.as_deref(),
            _ => None,
        }
    }

    /// Adds the global keys AWS derives from the principal, unless the caller set them
    /// ("AWS global condition context keys": aws:PrincipalArn, aws:PrincipalAccount,
    /// aws:PrincipalType, aws:username, aws:PrincipalIsAWSService, aws:PrincipalServiceName).
    pub fn add_context_defaults(&self, ctx: &mut RequestContext) {
        self.context_defaults(|key, value| ctx.set_default(key, value));
    }

    /// The context keys IAM derives from the principal, with their values, in order: some of
    /// [`DERIVED_KEYS`].
    pub fn context_defaults(&self, mut set: impl FnMut(&'static str, &str)) {
        if let Some(arn) = self.principal_arn() {
            set("aws:PrincipalArn", arn);
        }
        if self.is_iam_principal() {
            if let Some(account) = &self.account {
                set("aws:PrincipalAccount", account.as_str());
            }
            let ty = match self.kind {
                PrincipalKind::Root => "Account",
                PrincipalKind::User { .. } => "User",
                PrincipalKind::FederatedUser { .. } => "FederatedUser",
                _ => "AssumedRole",
            };
            set("aws:PrincipalType", ty);
            set("aws:PrincipalIsAWSService", "false");
        }
        match &self.kind {
            PrincipalKind::User { name } => set("aws:username", name.as_str()),
            PrincipalKind::Service { name } => {
                set("aws:PrincipalIsAWSService", "true");
                set("aws:PrincipalServiceName", name.as_str());
            }
            _ => {}
        }
    }

    /// A short description for explanations.
    pub fn describe(&self) -> String {
        match &self.kind {
            PrincipalKind::Anonymous => "an anonymous caller".into(),
            PrincipalKind::Service { name } => format!("service principal {name}"),
            PrincipalKind::WebIdentity { provider } => format!("a web identity caller from {provider}"),
            PrincipalKind::Saml { provider } => format!("a SAML caller from {provider}"),
            _ => self.arn.clone().unwrap_or_default(),
        }
    }
}

fn is_service_name(text: &str) -> bool {
    let ok_chars = text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
    ok_chars && (text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") || text.ends_with(".amazon.com"))
}

/// How a `Principal` element matched the caller. Order matters: later is stronger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PrincipalMatch {
    /// Not matched.
    None,
    /// Through the caller's account (`123456789012` or `arn:aws:iam::123456789012:root`): a
    /// delegation to the account.
    Account,
    /// Through the role whose session the caller is.
    Role,
    /// The caller itself: its user, session, federated-user ARN, service, provider, or `*`.
    Direct,
}

/// A `Principal` entry, read once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompiledPrincipal {
    Everyone,
    Account(String),
    /// A user, assumed-role session or federated-user ARN.
    Exact(String),
    Role { account: String, name: String },
    Service(String),
    Federated(String),
    /// Canonical user IDs and values we cannot read never match.
    Unsupported,
}

impl CompiledPrincipal {
    pub fn compile(e: &PrincipalEntry) -> CompiledPrincipal {
        let v = e.value.as_str();
        match e.kind {
            ElementKind::Aws => {
                if v == "*" {
                    return CompiledPrincipal::Everyone;
                }
                if is_account_id(v) {
                    return CompiledPrincipal::Account(v.to_string());
                }
                let parts: Vec<&str> = v.splitn(6, ':').collect();
                match parts[..] {
                    ["arn", _, "iam", _, account, "root"] => CompiledPrincipal::Account(account.to_string()),
                    ["arn", _, "iam", _, account, res] if res.starts_with("role/") => {
                        let name = res.rsplit('/').next().unwrap_or_default().to_string();
                        CompiledPrincipal::Role { account: account.to_string(), name }
                    }
                    ["arn", _, "iam", _, _, res] if res.starts_with("user/") => CompiledPrincipal::Exact(v.to_string()),
                    ["arn", _, "sts", _, _, res] if res.starts_with("assumed-role/") || res.starts_with("federated-user/") => {
                        CompiledPrincipal::Exact(v.to_string())
                    }
                    _ => CompiledPrincipal::Unsupported,
                }
            }
            ElementKind::Service => CompiledPrincipal::Service(v.to_string()),
            ElementKind::Federated => CompiledPrincipal::Federated(v.to_string()),
            ElementKind::CanonicalUser => CompiledPrincipal::Unsupported,
        }
    }

    pub fn matches(&self, p: &RequestPrincipal) -> PrincipalMatch {
        let hit = match (self, &p.kind) {
            (CompiledPrincipal::Everyone, _) => return PrincipalMatch::Direct,
            (CompiledPrincipal::Account(a), _) if p.is_iam_principal() => {
                return if p.account.as_deref() == Some(a.as_str()) { PrincipalMatch::Account } else { PrincipalMatch::None };
            }
            (CompiledPrincipal::Exact(arn), _) => p.arn.as_deref() == Some(arn.as_str()),
            (CompiledPrincipal::Role { account, name }, PrincipalKind::AssumedRole { role_name, .. }) => {
                if p.account.as_deref() == Some(account.as_str()) && role_name == name {
                    return PrincipalMatch::Role;
                }
                false
            }
            (CompiledPrincipal::Service(s), PrincipalKind::Service { name }) => s == name,
            (CompiledPrincipal::Federated(f), PrincipalKind::WebIdentity { provider } | PrincipalKind::Saml { provider }) => f == provider,
            _ => false,
        };
        if hit { PrincipalMatch::Direct } else { PrincipalMatch::None }
    }
}

/// A `Principal` or `NotPrincipal` element, read once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompiledPrincipalBlock {
    pub negated: bool,
    pub entries: Vec<CompiledPrincipal>,
}

impl CompiledPrincipalBlock {
    pub fn compile(b: &PrincipalBlock) -> CompiledPrincipalBlock {
        let entries = match &b.principals {
            PrincipalSet::Everyone => vec![CompiledPrincipal::Everyone],
            PrincipalSet::Listed(list) => list.iter().map(CompiledPrincipal::compile).collect(),
        };
        CompiledPrincipalBlock { negated: b.negated, entries }
    }

    /// The strongest way a `Principal` element names the caller.
    pub fn best_match(&self, p: &RequestPrincipal) -> PrincipalMatch {
        self.entries.iter().map(|e| e.matches(p)).max().unwrap_or(PrincipalMatch::None)
    }

    /// Does a `NotPrincipal` element exclude the caller? Only when every identity AWS may check
    /// is listed: the account and the user; the account and the role (or the session); or
    /// the caller itself for services and federated callers. `*` excludes everyone.
    ///
    /// The NotPrincipal page says AWS "might validate the account first, then the role, and then
    /// the assumed-role user", and recommends listing the role with its account. Whether the
    /// account plus the session ARN alone (without the role ARN) spares a session is not
    /// documented; we spare it.
    pub fn excludes(&self, p: &RequestPrincipal) -> bool {
        let (mut account, mut role, mut direct) = (false, false, false);
        for e in &self.entries {
            match e.matches(p) {
                PrincipalMatch::Direct if *e == CompiledPrincipal::Everyone => return true,
                PrincipalMatch::Direct => direct = true,
                PrincipalMatch::Role => role = true,
                PrincipalMatch::Account => account = true,
                PrincipalMatch::None => {}
            }
        }
        match p.kind {
            PrincipalKind::Root => account,
            PrincipalKind::User { .. } | PrincipalKind::FederatedUser { .. } => account && direct,
            PrincipalKind::AssumedRole { .. } => account && (role || direct),
            PrincipalKind::Service { .. } | PrincipalKind::WebIdentity { .. } | PrincipalKind::Saml { .. } => direct,
            PrincipalKind::Anonymous => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: ElementKind, v: &str) -> CompiledPrincipal {
        CompiledPrincipal::compile(&PrincipalEntry { kind, value: v.into(), span: Default::default() })
    }

    #[test]
    fn parses_principals() {
        let p = RequestPrincipal::parse("arn:aws:sts::111122223333:assumed-role/Admin/alice").unwrap();
        assert_eq!(p.principal_arn(), Some("arn:aws:iam::111122223333:role/Admin"));
        assert_eq!(RequestPrincipal::parse("arn:aws:iam::111122223333:root").unwrap().kind, PrincipalKind::Root);
        assert_eq!(
            RequestPrincipal::parse("arn:aws:iam::111122223333:user/dev/bob").unwrap().kind,
            PrincipalKind::User { name: "bob".into() }
        );
        assert!(RequestPrincipal::parse("arn:aws:iam::111122223333:role/Admin").is_err());
        assert!(RequestPrincipal::parse("bob").is_err());
        assert_eq!(RequestPrincipal::parse("anonymous").unwrap().kind, PrincipalKind::Anonymous);
        assert!(matches!(RequestPrincipal::parse("lambda.amazonaws.com").unwrap().kind, PrincipalKind::Service { .. }));
        assert!(matches!(
            RequestPrincipal::parse("arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com").unwrap().kind,
            PrincipalKind::WebIdentity { .. }
        ));
    }

    #[test]
    fn principal_entries() {
        let session = RequestPrincipal::parse("arn:aws:sts::111122223333:assumed-role/Admin/alice").unwrap();
        assert_eq!(entry(ElementKind::Aws, "111122223333").matches(&session), PrincipalMatch::Account);
        assert_eq!(entry(ElementKind::Aws, "arn:aws:iam::111122223333:root").matches(&session), PrincipalMatch::Account);
        assert_eq!(entry(ElementKind::Aws, "arn:aws:iam::111122223333:role/team/Admin").matches(&session), PrincipalMatch::Role);
        assert_eq!(entry(ElementKind::Aws, "arn:aws:iam::444455556666:role/Admin").matches(&session), PrincipalMatch::None);
        assert_eq!(
            entry(ElementKind::Aws, "arn:aws:sts::111122223333:assumed-role/Admin/alice").matches(&session),
            PrincipalMatch::Direct
        );
        assert_eq!(entry(ElementKind::Aws, "arn:aws:sts::111122223333:assumed-role/Admin/bob").matches(&session), PrincipalMatch::None);
        assert_eq!(entry(ElementKind::Aws, "*").matches(&session), PrincipalMatch::Direct);
        let anon = RequestPrincipal::parse("anonymous").unwrap();
        assert_eq!(entry(ElementKind::Aws, "111122223333").matches(&anon), PrincipalMatch::None);
        assert_eq!(entry(ElementKind::Aws, "*").matches(&anon), PrincipalMatch::Direct);
        let svc = RequestPrincipal::parse("ec2.amazonaws.com").unwrap();
        assert_eq!(entry(ElementKind::Service, "ec2.amazonaws.com").matches(&svc), PrincipalMatch::Direct);
        assert_eq!(entry(ElementKind::Aws, "ec2.amazonaws.com").matches(&svc), PrincipalMatch::None);
    }

    /// `DERIVED_KEYS` lists every key any principal derives (handle.decide leaves them out when
    /// no policy can read them).
    #[test]
    fn derived_keys_cover_every_principal() {
        for text in [
            "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:root", "arn:aws:sts::111122223333:assumed-role/R/s",
            "arn:aws:sts::111122223333:federated-user/bob", "ec2.amazonaws.com", "anonymous", "accounts.google.com",
            "arn:aws:iam::111122223333:saml-provider/Okta",
        ] {
            let mut keys = Vec::new();
            RequestPrincipal::parse(text).unwrap().context_defaults(|k, _| keys.push(k));
            assert!(keys.iter().all(|k| DERIVED_KEYS.contains(k)), "{text}: {keys:?}");
        }
    }
}

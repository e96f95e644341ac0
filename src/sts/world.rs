//! The STS world: the accounts, their IAM entities (as `aws iam get-account-authorization-details`
//! prints them), access keys, virtual MFA devices, identity providers, and the organization whose
//! SCPs and RCPs apply to them. Loaded once from JSON (`load`), every policy parsed once, and
//! indexed so every lookup by ARN, access key id or role name is a hash lookup.
//!
//! The JSON contract is in `schema/world.schema.json`.

pub mod document;
mod load;
pub mod org;
pub mod read;

use std::collections::HashMap;

use serde_json::Value;

pub use load::load;
pub use org::{CentralizedRootAccess, Organization};

use crate::diag::Diagnostic;
use crate::policy::Policy;
use crate::sts::session_token::TokenVersion;
use crate::sts::totp::TotpSeed;

/// "Specify which AWS Regions your account can use" (AWS Account Management Reference Guide,
/// https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html): Regions
/// launched after March 20, 2019 are disabled by default ("opt-in Regions") and must be enabled
/// per account. The list as that page gives it (Regions launched after this was written are
/// not in it: add them here).
pub const OPT_IN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

pub fn is_opt_in_region(region: &str) -> bool {
    OPT_IN_REGIONS.contains(&region)
}

/// The whole simulated universe.
#[derive(Clone, Debug)]
pub struct World {
    pub partition: String,
    pub organization: Option<Organization>,
    /// Organizations outside accounts belong to (`ExternalOrganizations`): their ids and trees
    /// give those accounts' principals `aws:PrincipalOrgID` and `aws:PrincipalOrgPaths`.
    pub external_organizations: Vec<Organization>,
    pub accounts: Vec<Account>,
    account_index: HashMap<String, usize>,
    /// Access key id → (account index, key index).
    key_index: HashMap<String, (usize, usize)>,
    /// AWS managed policies (`arn:aws:iam::aws:policy/…`), shared by every account.
    aws_managed: HashMap<String, ManagedPolicy>,
}

#[derive(Clone, Debug)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// An inline policy (`UserPolicyList`, `GroupPolicyList`, `RolePolicyList` entries).
#[derive(Clone, Debug)]
pub struct InlinePolicy {
    pub name: String,
    pub policy: Policy,
}

/// A managed policy: its default version, parsed.
#[derive(Clone, Debug)]
pub struct ManagedPolicy {
    pub arn: String,
    pub name: String,
    pub policy: Policy,
}

#[derive(Clone, Debug)]
pub struct User {
    pub name: String,
    pub path: String,
    /// `AIDA…`: the user's unique id (`aws:userid`).
    pub id: String,
    pub arn: String,
    pub inline: Vec<InlinePolicy>,
    /// Attached managed policy ARNs, all resolvable (checked at load).
    pub attached: Vec<String>,
    pub groups: Vec<String>,
    /// Permissions boundary (a managed policy ARN).
    pub boundary: Option<String>,
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub arn: String,
    pub inline: Vec<InlinePolicy>,
    pub attached: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Role {
    pub name: String,
    pub path: String,
    /// `AROA…`: the role's unique id; sessions are `AROA…:session-name`.
    pub id: String,
    pub arn: String,
    /// The trust policy (`AssumeRolePolicyDocument`), the role's resource-based policy.
    pub trust: Policy,
    pub inline: Vec<InlinePolicy>,
    pub attached: Vec<String>,
    pub boundary: Option<String>,
    pub tags: Vec<Tag>,
    /// `MaxSessionDuration` in seconds: 3600 when absent ("IAM API reference", Role).
    pub max_session_duration: u32,
}

/// A virtual MFA device assigned to a user (or to the root user: `UserName` "root").
#[derive(Clone, Debug)]
pub struct MfaDevice {
    pub user_name: String,
    pub serial_number: String,
    pub seed: TotpSeed,
}

/// A long-term access key of a user (or of the root user: `UserName` "root").
#[derive(Clone, Debug)]
pub struct AccessKey {
    pub user_name: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// `Status` "Active" (default) or "Inactive".
    pub active: bool,
}

#[derive(Clone, Debug)]
pub struct OidcProvider {
    pub url: String,
    pub client_ids: Vec<String>,
    pub thumbprints: Vec<String>,
    /// The provider's JSON Web Key Set (`{ "keys": [...] }`), kept as given.
    pub jwks: Option<Value>,
    /// sts-sim's own: the private key the simulator mints this provider's tokens with (PEM or
    /// a private JWK). Without it the simulator derives keys from its seed (`oidc`).
    pub signing_key: Option<crate::federation::jwt::SigningKey>,
}

#[derive(Clone, Debug)]
pub struct SamlProvider {
    pub name: String,
    /// The `SAMLMetadataDocument` (what `CreateSAMLProvider` took). Without it, the metadata the
    /// simulator derives for the provider (`saml_provider`) stands in.
    pub metadata_document: Option<String>,
    /// sts-sim's own: the RSA private key (PEM) the simulator signs this provider's SAML
    /// responses with. Without it the simulator derives one from its seed (`saml_provider`).
    pub signing_key: Option<crate::federation::saml::SamlSigningKey>,
}

/// sts-sim's own fixture for GetDelegatedAccessToken: a trade-in token as IAM's temporary
/// delegation would have handed it to a partner (IAM API reference, SendDelegationToken: "Sends
/// the exchange token for an accepted delegation request"). AWS documents neither the token's
/// format nor the session it buys, so the world states them: the role whose session the token
/// is exchanged for, the session name, when the token expires, the session's duration (what
/// CreateDelegationRequest calls `SessionDuration`) and the delegated permissions as a session
/// policy.
#[derive(Clone, Debug)]
pub struct TradeInToken {
    pub token: String,
    pub role_arn: String,
    pub role_session_name: String,
    /// Epoch ms from which the token answers `ExpiredTradeInTokenException`.
    pub expires_at_ms: i64,
    pub duration_seconds: i64,
    /// The session policy's JSON text.
    pub policy: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Account {
    pub id: String,
    pub alias: Option<String>,
    /// SCPs attached to the account itself; `None`: the default FullAWSAccess.
    pub scp: Option<Vec<Policy>>,
    /// RCPs attached to the account itself, besides RCPFullAWSAccess (which cannot be detached).
    pub rcp: Option<Vec<Policy>>,
    pub enabled_regions: Vec<String>,
    pub global_endpoint_token_version: TokenVersion,
    /// `OutboundWebIdentityFederation.Enabled`: IAM's EnableOutboundWebIdentityFederation was
    /// called for the account, so its principals may call GetWebIdentityToken (IAM API
    /// reference, EnableOutboundWebIdentityFederation). Disabled by default.
    pub outbound_web_identity_federation: bool,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub roles: Vec<Role>,
    pub managed: Vec<ManagedPolicy>,
    pub mfa_devices: Vec<MfaDevice>,
    pub access_keys: Vec<AccessKey>,
    pub oidc_providers: Vec<OidcProvider>,
    pub saml_providers: Vec<SamlProvider>,
    /// sts-sim's fixture: trade-in tokens GetDelegatedAccessToken exchanges (see `TradeInToken`).
    pub trade_in_tokens: Vec<TradeInToken>,
    users_by_name: HashMap<String, usize>,
    roles_by_name: HashMap<String, usize>,
    groups_by_name: HashMap<String, usize>,
    managed_by_arn: HashMap<String, usize>,
}

impl Account {
    pub fn user(&self, name: &str) -> Option<&User> {
        self.users_by_name.get(name).map(|&i| &self.users[i])
    }

    /// Role names are unique within an account, and case-insensitively so ("IAM API
    /// reference", CreateRole: "Role names are not distinguished by case").
    pub fn role(&self, name: &str) -> Option<&Role> {
        self.roles_by_name.get(&name.to_lowercase()).map(|&i| &self.roles[i])
    }

    pub fn role_mut(&mut self, name: &str) -> Option<&mut Role> {
        self.roles_by_name.get(&name.to_lowercase()).map(|&i| &mut self.roles[i])
    }

    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups_by_name.get(name).map(|&i| &self.groups[i])
    }

    /// Is `region` usable by this account (a default Region, or an opt-in one it enabled)?
    pub fn region_enabled(&self, region: &str) -> bool {
        !is_opt_in_region(region) || self.enabled_regions.iter().any(|r| r == region)
    }

    pub fn mfa_device(&self, serial: &str) -> Option<&MfaDevice> {
        self.mfa_devices.iter().find(|d| d.serial_number == serial)
    }

    pub(crate) fn reindex(&mut self) {
        self.users_by_name = self.users.iter().enumerate().map(|(i, u)| (u.name.clone(), i)).collect();
        self.roles_by_name = self.roles.iter().enumerate().map(|(i, r)| (r.name.to_lowercase(), i)).collect();
        self.groups_by_name = self.groups.iter().enumerate().map(|(i, g)| (g.name.clone(), i)).collect();
        self.managed_by_arn = self.managed.iter().enumerate().map(|(i, m)| (m.arn.clone(), i)).collect();
    }
}

/// The AWS managed policies sts-sim knows without being told. AWS publishes their documents;
/// we carry AdministratorAccess ("AWS managed policies for job functions",
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html), whose
/// document is one statement, and the five root-task policies AssumeRoot's `TaskPolicyArn` must
/// name ("AWS managed policies for AWS Identity and Access Management",
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/security-iam-awsmanpol.html, and the AWS
/// Managed Policy Reference Guide: each page's "JSON policy document", version v1 of
/// 2024-11-06, as also archived by github.com/zoph-io/MAMIP `policies/<name>`). Any other AWS
/// managed policy must be included in the world's `Policies` list, exactly as
/// `get-account-authorization-details` prints it; an ARN that is neither is an error naming the
/// path (our choice: a guessed document would be a wrong answer).
pub const BUILTIN_AWS_MANAGED: &[(&str, &str)] = &[
    ("AdministratorAccess", r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
    (
        "root-task/IAMAuditRootUserCredentials",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOtherActionsOnAnyResource","Effect":"Deny","NotAction":["iam:ListAccessKeys","iam:ListSigningCertificates","iam:GetLoginProfile","iam:ListMFADevices","iam:GetAccountSummary","iam:GetUser","iam:GetAccessKeyLastUsed"],"Resource":"*"},{"Sid":"DenyAuditingCredentialsOnNonRootUserResource","Effect":"Deny","Action":["iam:ListAccessKeys","iam:ListSigningCertificates","iam:GetLoginProfile","iam:ListMFADevices","iam:GetUser","iam:GetAccessKeyLastUsed"],"NotResource":"arn:aws:iam::*:root"}]}"#,
    ),
    (
        "root-task/IAMCreateRootUserPassword",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOtherActionsOnAnyResource","Effect":"Deny","NotAction":["iam:CreateLoginProfile","iam:GetLoginProfile"],"Resource":"*"},{"Sid":"DenyCreatingPasswordOnNonRootUserResource","Effect":"Deny","Action":["iam:CreateLoginProfile","iam:GetLoginProfile"],"NotResource":"arn:aws:iam::*:root"}]}"#,
    ),
    (
        "root-task/IAMDeleteRootUserCredentials",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOtherActionsOnAnyResource","Effect":"Deny","NotAction":["iam:DeleteAccessKey","iam:DeleteSigningCertificate","iam:DeleteLoginProfile","iam:DeactivateMFADevice","iam:DeleteVirtualMFADevice","iam:ListAccessKeys","iam:ListSigningCertificates","iam:GetLoginProfile","iam:ListMFADevices","iam:GetUser","iam:GetAccessKeyLastUsed"],"Resource":"*"},{"Sid":"DenyDeletingRootUserCredentialsOnNonRootUserResource","Effect":"Deny","Action":["iam:DeleteAccessKey","iam:DeleteSigningCertificate","iam:DeleteLoginProfile","iam:DeactivateMFADevice","iam:DeleteVirtualMFADevice","iam:ListAccessKeys","iam:ListSigningCertificates","iam:GetLoginProfile","iam:ListMFADevices","iam:GetUser","iam:GetAccessKeyLastUsed"],"NotResource":"arn:aws:iam::*:root"}]}"#,
    ),
    (
        "root-task/S3UnlockBucketPolicy",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOtherActionsOnAnyResource","Effect":"Deny","NotAction":["s3:DeleteBucketPolicy","s3:PutBucketPolicy","s3:GetBucketPolicy","s3:ListAllMyBuckets"],"Resource":"*"},{"Sid":"DenyManagingBucketPolicyForNonRootCallers","Effect":"Deny","Action":["s3:DeleteBucketPolicy","s3:PutBucketPolicy","s3:GetBucketPolicy","s3:ListAllMyBuckets"],"Resource":"*","Condition":{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}"#,
    ),
    (
        "root-task/SQSUnlockQueuePolicy",
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllOtherActionsOnAnyResource","Effect":"Deny","NotAction":["sqs:SetQueueAttributes","sqs:GetQueueAttributes","sqs:ListQueues","sqs:GetQueueUrl"],"Resource":"*"},{"Sid":"DenyGettingQueueAttributesOnNonOwnQueue","Effect":"Deny","Action":["sqs:GetQueueAttributes"],"Resource":"arn:aws:sqs:*:*:*","Condition":{"StringNotEqualsIfExists":{"aws:ResourceAccount":["${aws:PrincipalAccount}"]}}},{"Sid":"DenyActionsForNonRootUser","Effect":"Deny","Action":["sqs:SetQueueAttributes","sqs:GetQueueAttributes","sqs:ListQueues","sqs:GetQueueUrl"],"Resource":"*","Condition":{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:root"}}}]}"#,
    ),
];

/// The `TaskPolicyArn`s AssumeRoot accepts (AssumeRoot, TaskPolicyArn: "You must use one of
/// following Amazon Web Services managed policies"), by name under `arn:<partition>:iam::aws:policy/`.
pub const ROOT_TASK_POLICIES: [&str; 5] = [
    "root-task/IAMAuditRootUserCredentials",
    "root-task/IAMCreateRootUserPassword",
    "root-task/IAMDeleteRootUserCredentials",
    "root-task/S3UnlockBucketPolicy",
    "root-task/SQSUnlockQueuePolicy",
];

impl World {
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.account_index.get(id).map(|&i| &self.accounts[i])
    }

    pub fn account_mut(&mut self, id: &str) -> Option<&mut Account> {
        self.account_index.get(id).map(|&i| &mut self.accounts[i])
    }

    /// The long-term access key with this id, and its account.
    pub fn access_key(&self, key_id: &str) -> Option<(&Account, &AccessKey)> {
        self.key_index.get(key_id).map(|&(a, k)| (&self.accounts[a], &self.accounts[a].access_keys[k]))
    }

    /// A managed policy by ARN: the account's own, or an AWS managed one.
    pub fn managed_policy(&self, arn: &str) -> Option<&ManagedPolicy> {
        if let Some(p) = self.aws_managed.get(arn) {
            return Some(p);
        }
        let account = arn.split(':').nth(4)?;
        let a = self.account(account)?;
        a.managed_by_arn.get(arn).map(|&i| &a.managed[i])
    }

    /// The role an ARN names (`arn:aws:iam::<account>:role/<path><name>`), if the world has it.
    /// The trade-in token a GetDelegatedAccessToken call presents, with its account.
    pub fn trade_in_token(&self, token: &str) -> Option<(&Account, &TradeInToken)> {
        self.accounts.iter().find_map(|a| a.trade_in_tokens.iter().find(|t| t.token == token).map(|t| (a, t)))
    }

    pub fn role_by_arn(&self, arn: &str) -> Option<(&Account, &Role)> {
        let (account, name) = role_arn_parts(arn)?;
        let a = self.account(account)?;
        let role = a.role(name)?;
        (role.arn == arn).then_some((a, role))
    }

    pub fn role_by_arn_mut(&mut self, arn: &str) -> Option<&mut Role> {
        let (account, name) = role_arn_parts(arn)?;
        let name = name.to_string();
        let role = self.account_mut(account)?.role_mut(&name)?;
        (role.arn == arn).then_some(role)
    }

    /// The SCP levels (root, OUs, account) that limit the principals of `account`: none outside
    /// an organization and none for the management account ("Service control policies (SCPs)":
    /// "SCPs don't affect users or roles in the management account").
    pub fn scp_levels(&self, account: &str) -> Vec<Vec<Policy>> {
        self.org_levels(account, true)
    }

    /// The RCP levels that limit access to the resources of `account` (same rules as SCPs:
    /// "RCPs don't affect resources in the management account", "Resource control policies").
    pub fn rcp_levels(&self, account: &str) -> Vec<Vec<Policy>> {
        self.org_levels(account, false)
    }

    fn org_levels(&self, account: &str, scp: bool) -> Vec<Vec<Policy>> {
        let Some(org) = &self.organization else { return Vec::new() };
        let own = self.account(account).and_then(|a| if scp { a.scp.clone() } else { a.rcp.clone() });
        org.levels(account, scp, own)
    }

    /// The organization of that id the world describes: its own, or an external one.
    pub fn organization_by_id(&self, id: &str) -> Option<&Organization> {
        self.organization.iter().chain(&self.external_organizations).find(|o| o.id == id)
    }

    /// The organization `account` belongs to: the world's own, or an external one.
    pub fn organization_of(&self, account: &str) -> Option<&Organization> {
        self.organization.iter().chain(&self.external_organizations).find(|o| o.contains(account))
    }

    /// `aws:PrincipalOrgID` / `aws:ResourceOrgID`: the organization of a member account.
    pub fn org_id_of(&self, account: &str) -> Option<&str> {
        self.organization_of(account).map(|o| o.id.as_str())
    }

    /// `aws:PrincipalOrgPaths` / `aws:ResourceOrgPaths`: the organization path of a member
    /// account (`o-…/r-…/ou-…/`, `Organization::path_of`).
    pub fn org_path_of(&self, account: &str) -> Option<String> {
        self.organization_of(account)?.path_of(account)
    }
}

/// `arn:aws:iam::111122223333:role/path/Name` → ("111122223333", "Name").
pub fn role_arn_parts(arn: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    match parts[..] {
        ["arn", _, "iam", "", account, resource] => {
            let rest = resource.strip_prefix("role/")?;
            let name = rest.rsplit('/').next()?;
            (!name.is_empty()).then_some((account, name))
        }
        _ => None,
    }
}

/// Builds a world from its parts (the loader's last step).
pub(crate) fn assemble(
    partition: String,
    organization: Option<Organization>,
    external_organizations: Vec<Organization>,
    mut accounts: Vec<Account>,
    aws_managed: HashMap<String, ManagedPolicy>,
) -> Result<World, Vec<Diagnostic>> {
    for a in &mut accounts {
        a.reindex();
    }
    let account_index = accounts.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
    let mut key_index = HashMap::new();
    for (ai, a) in accounts.iter().enumerate() {
        for (ki, k) in a.access_keys.iter().enumerate() {
            key_index.insert(k.access_key_id.clone(), (ai, ki));
        }
    }
    Ok(World { partition, organization, external_organizations, accounts, account_index, key_index, aws_managed })
}

#[cfg(test)]
mod tests;

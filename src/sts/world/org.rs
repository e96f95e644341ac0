//! The organization: its tree of organizational units, where each account sits in it, and the
//! SCP / RCP levels that follow from that.
//!
//! "Service control policies (SCPs)" and "Resource control policies (RCPs)" (AWS Organizations
//! User Guide): a policy at the root applies to every account, one at an OU to the accounts
//! under it, one at an account to that account; at every level (root, each OU on the path,
//! the account) some policy must allow. AWS attaches the AWS managed `FullAWSAccess` SCP to
//! every root, OU and account by default; a level whose `Policies` omit `SCP` has it, and an
//! `SCP` list given is exactly what is attached there (FullAWSAccess can be detached). The
//! `RCPFullAWSAccess` RCP is attached everywhere and "can't be detached" ("Resource control
//! policies (RCPs)"; customer RCPs may only Deny): an `RCP` list adds to it.
//!
//! Every root and OU has an id, as AWS Organizations gives them (Organizations API reference,
//! the `ParentId` / `TargetId` patterns): a root `r-` and 4 to 32 lowercase letters or digits; an
//! OU `ou-`, the id of its root (without `r-`), `-` and 8 to 32 lowercase letters or digits. They
//! make the organization paths AWS puts in `aws:PrincipalOrgPaths`, `aws:ResourceOrgPaths` and
//! `aws:SourceOrgPaths` ("AWS global condition context keys"; "Understand the AWS Organizations
//! entity path": `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/`). AWS draws ids at
//! random; a world that leaves one out gets one derived from the organization id and the OU's
//! name path (`derived_root_id`, `derived_ou_id`): sts-sim's choice, so the same world always
//! has the same paths.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::policy::{Policy, PolicyKind, parse_policy};

/// `FullAWSAccess` ("Service control policies (SCPs)": "AWS Organizations attaches an AWS managed
/// SCP named FullAWSAccess to every root, OU and account when it's created").
pub const FULL_AWS_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
/// `RCPFullAWSAccess` ("Resource control policies (RCPs)").
pub const RCP_FULL_AWS_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// One node of the tree: the root (index 0) or an OU.
#[derive(Clone, Debug)]
pub struct OrgNode {
    /// `r-…` for the root, `ou-…` for an OU (as given, or derived).
    pub id: String,
    pub name: String,
    /// The node this one sits in (`None` for the root).
    pub parent: Option<usize>,
    /// `None`: the default FullAWSAccess / RCPFullAWSAccess.
    pub scp: Option<Vec<Policy>>,
    pub rcp: Option<Vec<Policy>>,
}

/// An organization: the world's own (`Organization`), or one of the organizations outside
/// accounts belong to (`ExternalOrganizations`: ids and tree only; no management account, and no
/// policies the world's principals meet).
#[derive(Clone, Debug)]
pub struct Organization {
    pub id: String,
    /// Empty for an external organization.
    pub management_account: String,
    pub nodes: Vec<OrgNode>,
    /// Member account → the node path from the root to its parent (root first).
    pub placement: HashMap<String, Vec<usize>>,
    /// "Centralize root access for member accounts" (IAM User Guide,
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html): the
    /// organization-wide feature AssumeRoot needs ("Before you can launch a privileged session,
    /// you must have centralized root access in your organization", AssumeRoot).
    pub centralized_root_access: CentralizedRootAccess,
}

/// The world's `Organization.CentralizedRootAccess`: whether privileged root sessions are
/// enabled, and the member account registered as delegated administrator for IAM (which may
/// call AssumeRoot besides the management account).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CentralizedRootAccess {
    pub enabled: bool,
    pub delegated_administrator: Option<String>,
}

fn default_policy(scp: bool) -> Vec<Policy> {
    // RCPFullAWSAccess is the one RCP with Allow, which customer RCPs may not use: read it as the
    // resource-based policy it is.
    let (text, kind) = if scp { (FULL_AWS_ACCESS, PolicyKind::Scp) } else { (RCP_FULL_AWS_ACCESS, PolicyKind::Resource) };
    // Both constants are valid documents of their kind (tested below).
    parse_policy(text, kind).policy.into_iter().collect()
}

/// One level's policies: SCPs as attached (default FullAWSAccess); RCPs always with
/// RCPFullAWSAccess first.
fn level(attached: Option<Vec<Policy>>, scp: bool) -> Vec<Policy> {
    if scp {
        return attached.unwrap_or_else(|| default_policy(true));
    }
    let mut out = default_policy(false);
    out.extend(attached.unwrap_or_default());
    out
}

/// `o-` and 10 to 32 lowercase letters or digits (Organizations API reference, `Organization.Id`).
pub fn is_org_id(s: &str) -> bool {
    s.strip_prefix("o-").is_some_and(|r| lowercase_alnum(r, 10, 32))
}

/// `r-` and 4 to 32 lowercase letters or digits (Organizations API reference, `Root.Id`).
pub fn is_root_id(s: &str) -> bool {
    s.strip_prefix("r-").is_some_and(|r| lowercase_alnum(r, 4, 32))
}

/// The root part of an OU id (`ou-ab12-11111111` → `ab12`), if `s` is one: `ou-`, 4 to 32
/// lowercase letters or digits ("the ID of the root that the OU is in"), `-`, 8 to 32 more
/// (Organizations API reference, `OrganizationalUnit.Id`).
pub fn ou_id_root(s: &str) -> Option<&str> {
    let (root, rest) = s.strip_prefix("ou-")?.split_once('-')?;
    (lowercase_alnum(root, 4, 32) && lowercase_alnum(rest, 8, 32)).then_some(root)
}

fn lowercase_alnum(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Checks an organization path as the `...OrgPaths` keys hold them: `o-…/r-…/`, then `ou-…/` per
/// OU (each beginning with the root's id). The error says what is wrong.
pub fn check_org_path(path: &str) -> Result<(), String> {
    let Some(body) = path.strip_suffix('/') else { return Err(format!("'{path}' must end with '/' (o-…/r-…/ou-…/)")) };
    let parts: Vec<&str> = body.split('/').collect();
    if parts.len() < 2 || !is_org_id(parts[0]) || !is_root_id(parts[1]) {
        return Err(format!("'{path}' must begin with an organization id and a root id: o-…/r-…/"));
    }
    let root = &parts[1][2..];
    match parts[2..].iter().find(|ou| ou_id_root(ou) != Some(root)) {
        Some(bad) => Err(format!("'{path}': '{bad}' is not an OU id of the root r-{root} (ou-{root}-…)")),
        None => Ok(()),
    }
}

fn hex_digest(text: &str, chars: usize) -> String {
    Sha256::digest(text.as_bytes()).iter().flat_map(|b| [b >> 4, b & 15]).take(chars).map(|n| char::from_digit(u32::from(n), 16).unwrap_or('0')).collect()
}

/// The root id of an organization whose world gives none: `r-` and 4 hex digits of a digest of
/// the organization id (sts-sim's choice; AWS draws root ids at random).
pub fn derived_root_id(org_id: &str) -> String {
    format!("r-{}", hex_digest(&format!("sts-sim/org-root/{org_id}"), 4))
}

/// The id of an OU whose world gives none: `ou-<root>-` and 8 hex digits of a digest of the
/// organization id and the names of the OUs from the root down to it (sts-sim's choice; AWS
/// draws OU ids at random). OU names are unique among siblings, so the name path is unique.
pub fn derived_ou_id(org_id: &str, root: &str, names: &[String]) -> String {
    let names = serde_json::to_string(names).unwrap_or_default();
    format!("ou-{root}-{}", hex_digest(&format!("sts-sim/org-ou/{org_id}/{names}"), 8))
}

impl Organization {
    pub fn root_id(&self) -> &str {
        self.nodes.first().map_or("", |n| n.id.as_str())
    }

    /// The organization path of a member account (`aws:PrincipalOrgPaths` and the other
    /// `...OrgPaths` keys): `o-…/r-…/`, then each OU from the root down to the account's parent,
    /// each followed by `/` ("AWS global condition context keys", aws:PrincipalOrgPaths). A
    /// management account the world places nowhere sits in the root.
    pub fn path_of(&self, account: &str) -> Option<String> {
        if !self.contains(account) {
            return None;
        }
        let mut path = format!("{}/", self.id);
        for &n in self.placement.get(account).map_or(&[0][..], Vec::as_slice) {
            path.push_str(&self.nodes[n].id);
            path.push('/');
        }
        Some(path)
    }

    /// Is `account` in the organization (a member, or its management account)?
    pub fn contains(&self, account: &str) -> bool {
        self.management_account == account || self.placement.contains_key(account)
    }

    /// The levels for `account`, `own` being the account's own attachment (`None`: default).
    pub fn levels(&self, account: &str, scp: bool, own: Option<Vec<Policy>>) -> Vec<Vec<Policy>> {
        if account == self.management_account {
            return Vec::new();
        }
        let Some(path) = self.placement.get(account) else { return Vec::new() };
        let mut levels: Vec<Vec<Policy>> = path
            .iter()
            .map(|&n| {
                let node = &self.nodes[n];
                let attached = if scp { &node.scp } else { &node.rcp };
                level(attached.clone(), scp)
            })
            .collect();
        levels.push(level(own, scp));
        levels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_patterns() {
        assert!(is_org_id("o-a1b2c3d4e5") && !is_org_id("o-short") && !is_org_id("o-UPPERCASE1"));
        assert!(is_root_id("r-ab12") && !is_root_id("r-ab1") && !is_root_id("ou-ab12"));
        assert_eq!(ou_id_root("ou-ab12-11111111"), Some("ab12"));
        assert_eq!(ou_id_root("ou-ab12-1111111"), None);
        assert_eq!(ou_id_root("ou-ab-11111111"), None);
        assert!(check_org_path("o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/").is_ok());
        assert!(check_org_path("o-a1b2c3d4e5/r-ab12/").is_ok());
        assert!(check_org_path("o-a1b2c3d4e5/r-ab12").is_err());
        assert!(check_org_path("o-a1b2c3d4e5/r-ab12/ou-cd34-11111111/").is_err());
    }

    #[test]
    fn derived_ids_are_valid_and_stable() {
        let root = derived_root_id("o-a1b2c3d4e5");
        assert!(is_root_id(&root), "{root}");
        assert_eq!(root, derived_root_id("o-a1b2c3d4e5"));
        assert_ne!(root, derived_root_id("o-zzzzzzzzzz"));
        let names = vec!["Workloads".to_string(), "Prod".to_string()];
        let ou = derived_ou_id("o-a1b2c3d4e5", &root[2..], &names);
        assert_eq!(ou_id_root(&ou), Some(&root[2..]));
        assert_ne!(ou, derived_ou_id("o-a1b2c3d4e5", &root[2..], &names[..1]));
    }

    #[test]
    fn defaults_parse() {
        assert_eq!(default_policy(true).len(), 1);
        assert_eq!(default_policy(false).len(), 1);
    }
}

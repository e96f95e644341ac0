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

use std::collections::HashMap;

use crate::policy::{Policy, PolicyKind, parse_policy};

/// `FullAWSAccess` ("Service control policies (SCPs)": "AWS Organizations attaches an AWS managed
/// SCP named FullAWSAccess to every root, OU and account when it's created").
pub const FULL_AWS_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
/// `RCPFullAWSAccess` ("Resource control policies (RCPs)").
pub const RCP_FULL_AWS_ACCESS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// One node of the tree: the root (index 0) or an OU.
#[derive(Clone, Debug)]
pub struct OrgNode {
    pub name: String,
    /// `None`: the default FullAWSAccess / RCPFullAWSAccess.
    pub scp: Option<Vec<Policy>>,
    pub rcp: Option<Vec<Policy>>,
}

#[derive(Clone, Debug)]
pub struct Organization {
    pub id: String,
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

impl Organization {
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
    fn defaults_parse() {
        assert_eq!(default_policy(true).len(), 1);
        assert_eq!(default_policy(false).len(), 1);
    }
}

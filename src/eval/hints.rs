//! Near-miss hints: advice that goes beyond what AWS reports. AWS only answers allow or deny;
//! these point at the likely slip (a value that differs only in case, a missing key that
//! `...IfExists` or `Null` would have handled, a misspelt action…). They never change a decision.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum HintKind {
    /// A string comparison failed but would have matched ignoring case.
    CaseMismatch,
    /// A positive operator met an absent key (false); `...IfExists` or `Null` was probably meant.
    MissingKey,
    /// A String operator on a key documented as an ARN.
    StringOperatorOnArnKey,
    /// `StringEquals` (or a variant) whose value holds `*` or `?`, which it compares literally.
    WildcardInStringEquals,
    /// A policy value the operator cannot read (bad date, number, CIDR, base64, boolean).
    UnparsableValue,
    /// A multivalued key compared without `ForAllValues:` / `ForAnyValue:`.
    MultiValuedKeyWithoutSetOperator,
    /// `ForAllValues:` / `ForAnyValue:` on a single-valued key.
    SetOperatorOnSingleValuedKey,
    /// An action that is not in our list of known actions for its service, or one that is a
    /// few edits away from the requested action.
    MisspeltAction,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hint {
    pub kind: HintKind,
    /// Where in the policy (JSON path), or `request.action` for the request.
    pub path: String,
    pub message: String,
}

impl Hint {
    pub fn new(kind: HintKind, path: &str, message: String) -> Hint {
        Hint { kind, path: path.to_string(), message }
    }
}

/// Common actions of a few services, for spelling hints only. Not a complete list: an action
/// missing here is not wrong, so an unknown action only gets a hint when a listed one is close.
/// Source: "Actions, resources, and condition keys for AWS services" (Service Authorization
/// Reference, https://docs.aws.amazon.com/service-authorization/latest/reference/).
pub static KNOWN_ACTIONS: &[(&str, &[&str])] = &[
    (
        "sts",
        &[
            "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot", "DecodeAuthorizationMessage",
            "GetAccessKeyInfo", "GetCallerIdentity", "GetFederationToken", "GetServiceBearerToken", "GetSessionToken",
            "SetContext", "SetSourceIdentity", "TagSession",
        ],
    ),
    (
        "iam",
        &[
            "AddUserToGroup", "AttachGroupPolicy", "AttachRolePolicy", "AttachUserPolicy", "ChangePassword", "CreateAccessKey",
            "CreateGroup", "CreateInstanceProfile", "CreateLoginProfile", "CreateOpenIDConnectProvider", "CreatePolicy",
            "CreatePolicyVersion", "CreateRole", "CreateSAMLProvider", "CreateServiceLinkedRole", "CreateUser",
            "DeleteAccessKey", "DeleteGroup", "DeleteLoginProfile", "DeletePolicy", "DeletePolicyVersion", "DeleteRole",
            "DeleteRolePermissionsBoundary", "DeleteRolePolicy", "DeleteUser", "DeleteUserPermissionsBoundary",
            "DeleteUserPolicy", "DetachGroupPolicy", "DetachRolePolicy", "DetachUserPolicy", "GetAccountAuthorizationDetails",
            "GetAccountSummary", "GetGroup", "GetInstanceProfile", "GetLoginProfile", "GetPolicy", "GetPolicyVersion",
            "GetRole", "GetRolePolicy", "GetUser", "GetUserPolicy", "ListAccessKeys", "ListAttachedGroupPolicies",
            "ListAttachedRolePolicies", "ListAttachedUserPolicies", "ListGroups", "ListGroupsForUser", "ListInstanceProfiles",
            "ListMFADevices", "ListPolicies", "ListPolicyVersions", "ListRolePolicies", "ListRoles", "ListRoleTags",
            "ListUserPolicies", "ListUsers", "ListUserTags", "PassRole", "PutRolePermissionsBoundary", "PutRolePolicy",
            "PutUserPermissionsBoundary", "PutUserPolicy", "RemoveUserFromGroup", "SimulatePrincipalPolicy", "TagRole",
            "TagUser", "UntagRole", "UntagUser", "UpdateAccessKey", "UpdateAssumeRolePolicy", "UpdateLoginProfile",
            "UpdateRole", "UpdateUser",
        ],
    ),
    (
        "s3",
        &[
            "AbortMultipartUpload", "CreateBucket", "DeleteBucket", "DeleteBucketPolicy", "DeleteObject", "DeleteObjectTagging",
            "DeleteObjectVersion", "GetBucketAcl", "GetBucketLocation", "GetBucketPolicy", "GetBucketPolicyStatus",
            "GetBucketPublicAccessBlock", "GetBucketTagging", "GetBucketVersioning", "GetEncryptionConfiguration",
            "GetLifecycleConfiguration", "GetObject", "GetObjectAcl", "GetObjectAttributes", "GetObjectTagging",
            "GetObjectVersion", "ListAllMyBuckets", "ListBucket", "ListBucketMultipartUploads", "ListBucketVersions",
            "ListMultipartUploadParts", "PutBucketAcl", "PutBucketPolicy", "PutBucketPublicAccessBlock", "PutBucketTagging",
            "PutBucketVersioning", "PutEncryptionConfiguration", "PutLifecycleConfiguration", "PutObject", "PutObjectAcl",
            "PutObjectTagging", "RestoreObject",
        ],
    ),
];

/// The known actions of `service` (lower-case prefix), if we list it.
pub fn known_actions(service_lower: &str) -> Option<&'static [&'static str]> {
    KNOWN_ACTIONS.iter().find(|(s, _)| *s == service_lower).map(|(_, a)| *a)
}

/// For an action written without wildcards (`service:Name`), a hint when the service is listed
/// but the name is not, naming the closest listed action.
pub fn unknown_action_hint(action: &str, path: &str) -> Option<Hint> {
    let (service, name) = action.split_once(':')?;
    if name.contains(['*', '?']) {
        return None;
    }
    let known = known_actions(&service.to_ascii_lowercase())?;
    if known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    // The distance is at least the difference in length: names more than 3 characters longer or
    // shorter are never suggested, so skip them (the distance costs length × length, and an
    // action name can be as long as the policy text).
    let chars = lower.chars().count();
    let (best, distance) = known
        .iter()
        .filter(|k| k.chars().count().abs_diff(chars) <= 3)
        .map(|k| (k, edit_distance(&lower, &k.to_ascii_lowercase())))
        .min_by_key(|(_, d)| *d)?;
    (distance <= 3).then(|| {
        Hint::new(
            HintKind::MisspeltAction,
            path,
            format!("'{action}' is not a known {service} action; did you mean '{service}:{best}'?"),
        )
    })
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("getobject", "getobject"), 0);
        assert_eq!(edit_distance("getobjet", "getobject"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn misspelt_actions() {
        let h = unknown_action_hint("s3:GetObjet", "Statement[0].Action").unwrap();
        assert!(h.message.contains("s3:GetObject"), "{}", h.message);
        assert!(unknown_action_hint("s3:GetObject", "p").is_none());
        assert!(unknown_action_hint("s3:Get*", "p").is_none());
        assert!(unknown_action_hint("ec2:RunInstancs", "p").is_none());
        assert!(unknown_action_hint("sts:AssumeRol", "p").is_some());
        assert!(unknown_action_hint("s3:CompletelyDifferentThing", "p").is_none());
    }
}

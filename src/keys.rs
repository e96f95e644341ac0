//! The catalogue of documented condition keys that every request can carry: the AWS global
//! condition context keys and the STS keys used in trust policies, each with its documented
//! data type and whether it is multivalued.
//!
//! Sources: "AWS global condition context keys"
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html),
//! "IAM and AWS STS condition context keys"
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html)
//! and "Available keys for AWS web identity federation / SAML-based federation"
//! (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).

/// A condition key's documented data type ("Data type" in the key reference). It decides
/// which operator family is meant for the key (e.g. ARN operators for `aws:PrincipalArn`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum KeyType {
    String,
    Arn,
    Numeric,
    Date,
    Bool,
    IpAddress,
    Binary,
}

/// One documented key. `name` is the canonical spelling; a tag key family is written with the
/// placeholder the documentation uses (`aws:PrincipalTag/tag-key`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobalKey {
    pub name: &'static str,
    pub ty: KeyType,
    /// "Value type – Multivalued": the request carries a set of values and the key is meant to
    /// be used with `ForAllValues:` / `ForAnyValue:`.
    pub multi_valued: bool,
}

const fn single(name: &'static str, ty: KeyType) -> GlobalKey {
    GlobalKey { name, ty, multi_valued: false }
}

const fn multi(name: &'static str, ty: KeyType) -> GlobalKey {
    GlobalKey { name, ty, multi_valued: true }
}

use KeyType::*;

/// Keys with a fixed name.
pub static KEYS: &[GlobalKey] = &[
    // Properties of the principal.
    single("aws:PrincipalArn", Arn),
    single("aws:PrincipalAccount", String),
    multi("aws:PrincipalOrgPaths", String),
    single("aws:PrincipalOrgID", String),
    single("aws:PrincipalIsAWSService", Bool),
    single("aws:PrincipalServiceName", String),
    multi("aws:PrincipalServiceNamesList", String),
    single("aws:PrincipalType", String),
    single("aws:userid", String),
    single("aws:username", String),
    // Properties of a role session.
    single("aws:AssumedRoot", String),
    single("aws:FederatedProvider", String),
    single("aws:TokenIssueTime", Date),
    single("aws:MultiFactorAuthAge", Numeric),
    single("aws:MultiFactorAuthPresent", Bool),
    single("aws:ChatbotSourceArn", Arn),
    single("aws:Ec2InstanceSourceVpc", String),
    single("aws:Ec2InstanceSourcePrivateIPv4", IpAddress),
    single("aws:SourceIdentity", String),
    single("ec2:RoleDelivery", Numeric),
    single("ec2:SourceInstanceArn", Arn),
    single("glue:RoleAssumedBy", String),
    single("glue:CredentialIssuingService", String),
    single("lambda:SourceFunctionArn", Arn),
    single("ssm:SourceInstanceArn", Arn),
    single("identitystore:UserId", String),
    // Properties of the network.
    single("aws:SourceIp", IpAddress),
    single("aws:SourceVpc", String),
    single("aws:SourceVpcArn", Arn),
    single("aws:SourceVpce", String),
    single("aws:VpcSourceIp", IpAddress),
    single("aws:VpceAccount", String),
    single("aws:VpceOrgID", String),
    multi("aws:VpceOrgPaths", String),
    // Properties of the resource.
    single("aws:ResourceAccount", String),
    single("aws:ResourceOrgID", String),
    multi("aws:ResourceOrgPaths", String),
    // Properties of the request.
    multi("aws:CalledVia", String),
    single("aws:CalledViaFirst", String),
    single("aws:CalledViaLast", String),
    single("aws:ViaAWSService", Bool),
    single("aws:CurrentTime", Date),
    // Documented as "Date, Numeric": epoch seconds work with date and numeric operators.
    single("aws:EpochTime", Date),
    single("aws:referer", String),
    single("aws:RequestedRegion", String),
    multi("aws:TagKeys", String),
    single("aws:SecureTransport", Bool),
    single("aws:SourceArn", Arn),
    single("aws:SourceAccount", String),
    single("aws:SourceOrgID", String),
    multi("aws:SourceOrgPaths", String),
    single("aws:UserAgent", String),
    single("aws:IsMcpServiceAction", Bool),
    // AWS STS keys ("IAM and AWS STS condition context keys").
    single("sts:AWSServiceName", String),
    single("sts:DurationSeconds", Numeric),
    single("sts:ExternalId", String),
    single("sts:RoleSessionName", String),
    single("sts:SourceIdentity", String),
    single("sts:TaskPolicyArn", Arn),
    multi("sts:TransitiveTagKeys", String),
    // Web identity and SAML federation keys used in role trust policies.
    multi("cognito-identity.amazonaws.com:amr", String),
    single("cognito-identity.amazonaws.com:aud", String),
    single("cognito-identity.amazonaws.com:sub", String),
    single("accounts.google.com:aud", String),
    single("accounts.google.com:oaud", String),
    single("accounts.google.com:sub", String),
    single("graph.facebook.com:app_id", String),
    single("graph.facebook.com:id", String),
    single("www.amazon.com:app_id", String),
    single("www.amazon.com:user_id", String),
    single("saml:aud", String),
    single("saml:cn", String),
    single("saml:doc", String),
    single("saml:iss", String),
    single("saml:namequalifier", String),
    single("saml:sub", String),
    single("saml:sub_type", String),
];

/// Key families whose name ends in a caller-chosen tag key (`aws:PrincipalTag/<tag-key>`).
/// The prefix includes the slash.
pub static TAG_KEYS: &[(&str, GlobalKey)] = &[
    ("aws:principaltag/", single("aws:PrincipalTag/tag-key", String)),
    ("aws:requesttag/", single("aws:RequestTag/tag-key", String)),
    ("aws:resourcetag/", single("aws:ResourceTag/tag-key", String)),
    ("iam:resourcetag/", single("iam:ResourceTag/tag-key", String)),
];

/// Looks up a documented key by its lower-cased name. Tag key families match any non-empty tag
/// key after the prefix. Keys are case-insensitive ("IAM JSON policy elements: Condition").
pub fn lookup(key_lower: &str) -> Option<&'static GlobalKey> {
    for (prefix, key) in TAG_KEYS {
        if let Some(tag) = strip_prefix_ignore_case(key_lower, prefix) {
            return (!tag.is_empty()).then_some(key);
        }
    }
    KEYS.iter().find(|k| k.name.eq_ignore_ascii_case(key_lower))
}

/// True when the key belongs to the `aws:` namespace (global keys): an unknown `aws:` key is
/// almost certainly a typo, while service keys are open-ended.
pub fn is_global_namespace(key_lower: &str) -> bool {
    strip_prefix_ignore_case(key_lower, "aws:").is_some()
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_keys() {
        let k = lookup("aws:principalarn").unwrap();
        assert_eq!(k.ty, KeyType::Arn);
        assert!(!k.multi_valued);
        assert!(lookup("aws:tagkeys").unwrap().multi_valued);
        assert_eq!(lookup("aws:multifactorauthage").unwrap().ty, KeyType::Numeric);
        assert_eq!(lookup("aws:sourceip").unwrap().ty, KeyType::IpAddress);
        assert_eq!(lookup("aws:currenttime").unwrap().ty, KeyType::Date);
        assert!(lookup("sts:transitivetagkeys").unwrap().multi_valued);
        // Tolerates a caller that did not lower-case.
        assert!(lookup("aws:SecureTransport").is_some());
        assert!(lookup("aws:nosuchkey").is_none());
    }

    #[test]
    fn tag_keys() {
        assert_eq!(lookup("aws:principaltag/team").unwrap().name, "aws:PrincipalTag/tag-key");
        assert_eq!(lookup("aws:requesttag/cost-center").unwrap().ty, KeyType::String);
        assert!(lookup("aws:resourcetag/").is_none());
        assert!(lookup("aws:resourcetag").is_none());
    }

    #[test]
    fn names_are_unique() {
        for (i, a) in KEYS.iter().enumerate() {
            for b in &KEYS[i + 1..] {
                assert!(!a.name.eq_ignore_ascii_case(b.name), "duplicate {}", a.name);
            }
        }
    }
}

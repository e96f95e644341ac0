//! A role session as every AssumeRole* operation (AssumeRole, AssumeRoleWithWebIdentity,
//! AssumeRoleWithSAML) checks and issues it: the duration limits, the session-tag and
//! source-identity rules they share, and the answer (`Credentials`, `AssumedRoleUser`,
//! `PackedPolicySize`, `SourceIdentity`).

use serde_json::{Value, json};

use super::error::StsError;
use super::params::{Params, TAG_KEY, TAG_VALUE};
use super::session_policy;
use super::session_token::{SessionClaims, SessionTag, TokenVersion};
use super::sim::Sim;

/// `DurationSeconds` when the request leaves it out: "By default, the value is set to 3600
/// seconds" (AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML).
pub const DEFAULT_DURATION: i64 = 3600;

/// The session's duration: the request's (900 to 43200, checked with the parameters) or the
/// default, at most one hour when role chaining ("Role chaining limits your AWS CLI or AWS API
/// role session to a maximum of one hour", "Roles terms and concepts"), and at most the role's
/// MaxSessionDuration. The chaining limit is checked first: it applies whatever the role
/// allows. Both messages are STS's.
pub fn duration(requested: Option<i64>, max_session_duration: u32, chained: bool) -> Result<i64, StsError> {
    let duration = requested.unwrap_or(DEFAULT_DURATION);
    if chained && duration > 3600 {
        return Err(StsError::validation_message("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
    }
    if duration > i64::from(max_session_duration) {
        return Err(StsError::validation_message("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
    }
    Ok(duration)
}

/// Every transitive tag key must be one of the session tags passed ("Passing session tags in
/// AWS STS", Chaining roles with session tags). The message is our wording.
pub fn check_transitive_keys(tags: &[SessionTag], transitive_tag_keys: &[String]) -> Result<(), StsError> {
    for k in transitive_tag_keys {
        if !tags.iter().any(|t| t.key.eq_ignore_ascii_case(k)) {
            return Err(StsError::sender("InvalidParameterValue", format!("Transitive tag key '{k}' is not among the session tags passed in Tags.")));
        }
    }
    Ok(())
}

/// "You cannot use a value that begins with the text aws:. This prefix is reserved for AWS
/// internal use" (AssumeRole, SourceIdentity). The message is our wording.
pub fn check_source_identity_prefix(source_identity: Option<&str>) -> Result<(), StsError> {
    if source_identity.is_some_and(|s| s.to_ascii_lowercase().starts_with("aws:")) {
        return Err(StsError::validation_message("SourceIdentity cannot start with the reserved prefix 'aws:'."));
    }
    Ok(())
}

/// How a violation names the session tags an identity provider asserted (a token claim, SAML
/// attributes): the list, a key, the value of key `k`, the transitive keys.
pub struct AssertedTagMembers<'a> {
    pub list: &'a str,
    pub key: &'a str,
    pub value: &'a dyn Fn(&str) -> String,
    pub transitive: &'a str,
}

/// Session tags an identity provider asserts, checked as the `Tags` and `TransitiveTagKeys`
/// parameters are (at most 50; key and value lengths and patterns), into `p` (one
/// `ValidationError` with every violation, named by `members`: sts-sim's wording, AWS does not
/// document it).
pub fn check_asserted_tags(p: &mut Params<'_>, tags: &[(String, String)], transitive_tag_keys: &[String], members: &AssertedTagMembers<'_>) {
    if tags.len() > 50 {
        p.error(format!("Value at '{}' failed to satisfy constraint: Member must have length less than or equal to 50", members.list));
    }
    for (k, v) in tags {
        p.check(members.key, k, &TAG_KEY);
        p.check(&(members.value)(k), v, &TAG_VALUE);
    }
    for k in transitive_tag_keys {
        p.check(members.transitive, k, &TAG_KEY);
    }
}

/// A role session ready to be issued: every check but the packed size has passed.
pub struct RoleSession<'a> {
    pub token_version: TokenVersion,
    pub account_id: &'a str,
    pub role_name: &'a str,
    /// `AROA…`: the session's principal id is `<role id>:<session name>`.
    pub role_id: &'a str,
    pub session_name: &'a str,
    pub duration: i64,
    /// Every session tag of the session: inherited transitive tags and the new ones.
    pub tags: Vec<SessionTag>,
    pub transitive_tag_keys: Vec<String>,
    pub source_identity: Option<String>,
    pub mfa_authenticated_at: Option<i64>,
    pub policy: Option<&'a str>,
    pub policy_arns: &'a [String],
    /// `aws:FederatedProvider` of a session issued by web identity or SAML federation.
    pub federated_provider: Option<String>,
    pub now_ms: i64,
}

/// Checks the packed size (`PackedPolicyTooLarge` past 100%), issues the credentials and
/// answers the elements every AssumeRole* response shares. `PackedPolicySize` is reported when
/// session policies or session tags are part of the session.
pub fn issue(sim: &mut Sim, s: RoleSession<'_>) -> Result<Value, StsError> {
    let packed_percent = session_policy::packed_percent(s.policy, s.policy_arns, &s.tags)?;
    let reports_packed = s.policy.is_some() || !s.policy_arns.is_empty() || !s.tags.is_empty();
    let issued_at = s.now_ms.div_euclid(1000);
    let arn = format!("arn:{}:sts::{}:assumed-role/{}/{}", sim.world.partition, s.account_id, s.role_name, s.session_name);
    let principal_id = format!("{}:{}", s.role_id, s.session_name);
    let claims = SessionClaims {
        token_version: s.token_version,
        access_key_id: String::new(),
        arn: arn.clone(),
        principal_id: principal_id.clone(),
        account: s.account_id.to_string(),
        session_name: Some(s.session_name.to_string()),
        tags: s.tags,
        transitive_tag_keys: s.transitive_tag_keys,
        source_identity: s.source_identity.clone(),
        mfa_authenticated_at: s.mfa_authenticated_at,
        issued_at,
        expires_at: issued_at + s.duration,
        session_policy_digest: session_policy::digest(s.policy, s.policy_arns),
        session_policy: s.policy.map(str::to_string),
        session_policy_arns: s.policy_arns.to_vec(),
        federated_by: None,
        federated_provider: s.federated_provider,
        task_policy_arn: None,
    };
    let mut response = json!({
        "Credentials": sim.issue_credentials(claims)?,
        "AssumedRoleUser": { "Arn": arn, "AssumedRoleId": principal_id },
    });
    if reports_packed {
        response["PackedPolicySize"] = json!(packed_percent);
    }
    if let Some(si) = s.source_identity {
        response["SourceIdentity"] = json!(si);
    }
    Ok(response)
}

/// The first trust-policy action an AssumeRole* call needs that the policies refuse: the
/// operation's own action, `sts:TagSession` when the session gets tags ("Passing session tags
/// in AWS STS"), and `sts:SetSourceIdentity` when it carries a source identity, given or
/// inherited ("Monitor and control actions taken with assumed roles", Permissions required to
/// set source identity).
pub fn refused_action(decider: &super::authz::Decider, action: &'static str, tags: bool, source_identity: bool) -> Option<&'static str> {
    [Some(action), tags.then_some("sts:TagSession"), source_identity.then_some("sts:SetSourceIdentity")]
        .into_iter()
        .flatten()
        .find(|a| decider.decision(a) != crate::eval::Decision::Allow)
}

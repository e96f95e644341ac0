//! AssumeRoot (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html):
//! short-term credentials of a member account's root user, scoped to one privileged task.
//!
//! - "You must use credentials from an Organizations management account or a delegated
//!   administrator account for IAM to call AssumeRoot. You cannot use root user credentials to
//!   make this call"; "you must have centralized root access in your organization" (world:
//!   `Organization.CentralizedRootAccess`). "The STS global endpoint is not supported".
//! - The caller needs `sts:AssumeRoot` "explicitly granted" ("Perform a privileged task on an
//!   AWS Organizations member account"); its resource is the member account's root
//!   (`arn:aws:iam::<account>:root`, the `root` resource type of the Service Authorization
//!   Reference), and `sts:TaskPolicyArn` holds the task policy, so a policy can limit which tasks.
//! - `TargetPrincipal` "The member account principal ARN or account ID"; `TaskPolicyArn` one of
//!   the five AWS managed `root-task/` policies; `DurationSeconds` 0..900, default 900.
//! - The session is the member account's root user (CloudTrail shows its actions as `"type":
//!   "Root"`, `arn:aws:iam::<account>:root`, principalId the account id: "Track privileged tasks
//!   in AWS CloudTrail"), restricted by the task policy as its session policy; SCPs of the member
//!   account apply to it as to its root user. Response: `Credentials`, `SourceIdentity` (the
//!   caller's, when its session carries one).
//!
//! AWS does not document the error codes or messages for a caller outside the management or
//! delegated administrator account, a disabled feature, a target that is not a member account,
//! a root-user caller or an unlisted task policy: those answers are sts-sim's (AccessDenied for
//! who may call, ValidationError for the parameters), each message saying what was wrong.

use serde_json::{Value, json};

use super::Operation;
use crate::eval::Decision;
use crate::sts::authz::{self, request_context};
use crate::sts::caller::IdentityKind;
use crate::sts::error::StsError;
use crate::sts::params::{Params, StringRule};
use crate::sts::session_token::{SessionClaims, TokenVersion};
use crate::sts::sim::{CallContext, Endpoint, Sim};
use crate::sts::world::ROOT_TASK_POLICIES;

pub const OPERATION: Operation = Operation { name: "AssumeRoot", handler, read_only: true, log_response: true, resource_account: Some(target_account), resources: None };

/// `TargetPrincipalType`: min 12, max 2048, no pattern.
const TARGET_PRINCIPAL: StringRule = StringRule { min: 12, max: Some(2048), pattern: None };

/// CloudTrail also delivers the event to the member account (sts-sim's reading of "In the
/// CloudTrail logs for the target principal, search for the access key ID", same page).
fn target_account(params: &Value) -> Option<String> {
    params.get("TargetPrincipal").and_then(Value::as_str).and_then(account_of_target)
}

/// "The member account principal ARN or account ID": `111122223333` or
/// `arn:aws:iam::111122223333:root`.
fn account_of_target(target: &str) -> Option<String> {
    if crate::arn::is_account_id(target) {
        return Some(target.to_string());
    }
    let parts: Vec<&str> = target.splitn(6, ':').collect();
    match parts[..] {
        ["arn", _, "iam", "", account, "root"] if crate::arn::is_account_id(account) => Some(account.to_string()),
        _ => None,
    }
}

/// The answer of an operation AWS does not serve on the global endpoint. AWS documents that it
/// is "not supported" there, not the error: the code and message are sts-sim's.
pub fn global_endpoint_unsupported(operation: &str) -> StsError {
    StsError::sender("InvalidAction", format!("{operation} is not supported on the STS global endpoint (sts.amazonaws.com); send the request to a Regional STS endpoint."))
}

fn handler(sim: &mut Sim, ctx: &CallContext, params: &Value) -> Result<Value, StsError> {
    let mut p = Params::new("AssumeRoot", params, &["TargetPrincipal", "TaskPolicyArn", "DurationSeconds"])?;
    let target = p.string("TargetPrincipal", true, &TARGET_PRINCIPAL);
    // `TaskPolicyArn` is a `PolicyDescriptorType` structure: `{ "arn": "..." }`.
    let task = match params.get("TaskPolicyArn").filter(|v| !v.is_null()) {
        None => {
            p.error("Value null at 'taskPolicyArn' failed to satisfy constraint: Member must not be null".to_string());
            None
        }
        Some(v) => match v.get("arn").filter(|a| !a.is_null()) {
            Some(Value::String(a)) => p.check("taskPolicyArn.arn", a, &crate::sts::params::ARN).then(|| a.clone()),
            Some(other) => {
                p.error(format!("Value '{other}' at 'taskPolicyArn.arn' failed to satisfy constraint: Member must be a string"));
                None
            }
            None => {
                p.error("Value null at 'taskPolicyArn.arn' failed to satisfy constraint: Member must not be null".to_string());
                None
            }
        },
    };
    let duration = p.integer("DurationSeconds", 0, 900).unwrap_or(900);
    p.finish()?;
    let (target, task) = (target.unwrap_or_default(), task.unwrap_or_default());

    if ctx.endpoint == Endpoint::Global {
        return Err(global_endpoint_unsupported("AssumeRoot"));
    }
    let caller = &ctx.identity;
    if matches!(caller.kind, IdentityKind::Root) || caller.claims().is_some_and(|c| c.task_policy_arn.is_some()) {
        return Err(StsError::sender("AccessDenied", "AssumeRoot cannot be called with root user credentials: use an IAM user or role of the management account or of the delegated administrator account for IAM."));
    }
    let caller_account = caller.account().unwrap_or_default().to_string();
    let Some(org) = sim.world.organization.as_ref().filter(|o| o.contains(&caller_account)) else {
        return Err(StsError::sender("AccessDenied", format!("Account {caller_account} is not in an organization: AssumeRoot is called from an AWS Organizations management account or the delegated administrator account for IAM.")));
    };
    if !org.centralized_root_access.enabled {
        return Err(StsError::sender("AccessDenied", format!("Centralized root access is not enabled in organization {}: enable it before launching a privileged session.", org.id)));
    }
    let may_call = org.management_account == caller_account || org.centralized_root_access.delegated_administrator.as_deref() == Some(caller_account.as_str());
    if !may_call {
        return Err(StsError::sender("AccessDenied", format!("Account {caller_account} is neither the management account of organization {} nor its delegated administrator for IAM: it cannot call AssumeRoot.", org.id)));
    }
    let partition = sim.world.partition.clone();
    let Some(member) = account_of_target(&target) else {
        return Err(StsError::validation_message(format!("TargetPrincipal '{target}' is neither an account id nor a root user ARN (arn:{partition}:iam::<account>:root).")));
    };
    if member == org.management_account || !org.placement.contains_key(&member) || sim.world.account(&member).is_none() {
        return Err(StsError::sender("AccessDenied", format!("Account {member} is not a member account of organization {} in this world: AssumeRoot targets member accounts only.", org.id)));
    }
    let allowed_tasks: Vec<String> = ROOT_TASK_POLICIES.iter().map(|n| format!("arn:{partition}:iam::aws:policy/{n}")).collect();
    if !allowed_tasks.contains(&task) {
        return Err(StsError::validation_message(format!("TaskPolicyArn '{task}' is not one of the AWS managed root task policies: {}.", allowed_tasks.join(", "))));
    }

    // sts:AssumeRoot on the member account's root, with sts:TaskPolicyArn in the context.
    let resource = format!("arn:{partition}:iam::{member}:root");
    let mut context = request_context(&sim.world, caller, &ctx.origin);
    context.set("sts:TaskPolicyArn", task.as_str());
    // The member account's root has no resource-based policy to consult: the caller's own
    // policies (and SCPs) decide, as for an action in its own account ("sts:AssumeRoot
    // permission explicitly granted"). sts-sim therefore evaluates it as a same-account request
    // (AWS does not document how the member account takes part).
    let a = authz::decide(&sim.world, caller, "sts:AssumeRoot", &resource, Some(&caller_account), None, context)?;
    if a.decision != Decision::Allow {
        return Err(StsError::not_authorized(&caller.display_arn(), "sts:AssumeRoot", &resource));
    }

    let issued_at = ctx.origin.now_ms.div_euclid(1000);
    let source_identity = caller.claims().and_then(|c| c.source_identity.clone());
    let claims = SessionClaims {
        // Regional endpoints only, and they issue version 2 tokens.
        token_version: TokenVersion::V2,
        access_key_id: String::new(),
        arn: resource,
        principal_id: member.clone(),
        account: member,
        session_name: None,
        tags: Vec::new(),
        transitive_tag_keys: Vec::new(),
        source_identity: source_identity.clone(),
        mfa_authenticated_at: None,
        issued_at,
        expires_at: issued_at + duration,
        session_policy_digest: None,
        session_policy: None,
        session_policy_arns: Vec::new(),
        federated_by: None,
        federated_provider: None,
        task_policy_arn: Some(task),
    };
    let mut response = json!({ "Credentials": sim.issue_credentials(claims)? });
    if let Some(si) = source_identity {
        response["SourceIdentity"] = json!(si);
    }
    Ok(response)
}

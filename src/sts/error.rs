//! The errors an STS operation answers, with AWS's codes and messages.
//!
//! Sources: "Common Errors" (AWS STS API Reference, https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html),
//! each operation's "Errors" section, and botocore's STS model (error codes, sender fault).
//! Messages AWS does not document are the ones STS is publicly seen to answer; each says where.

use serde::Serialize;

/// `Sender` (the request was wrong) or `Receiver` (the service failed), as in
/// `<Error><Type>Sender</Type>…` of the Query protocol's error response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ErrorType {
    Sender,
    Receiver,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StsError {
    #[serde(rename = "Type")]
    pub type_: ErrorType,
    #[serde(rename = "Code")]
    pub code: String,
    #[serde(rename = "Message")]
    pub message: String,
}

impl StsError {
    pub fn sender(code: &str, message: impl Into<String>) -> StsError {
        StsError { type_: ErrorType::Sender, code: code.to_string(), message: message.into() }
    }

    /// `InvalidClientTokenId` (403): unknown or inactive access key id, a session token that
    /// does not open, or credentials an opt-in Region does not accept. The message is the one
    /// STS answers (seen in aws/aws-sdk-ruby#2850, hashicorp/terraform-provider-aws#38607).
    pub fn invalid_client_token() -> StsError {
        StsError::sender("InvalidClientTokenId", "The security token included in the request is invalid.")
    }

    /// `ExpiredToken`: "The security token included in the request is expired".
    pub fn expired_token() -> StsError {
        StsError::sender("ExpiredToken", "The security token included in the request is expired")
    }

    /// `SignatureDoesNotMatch`: the secret access key does not belong to the access key id
    /// (Common Errors; the message is the one every AWS Query service answers).
    pub fn signature_does_not_match() -> StsError {
        StsError::sender(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        )
    }

    /// `InvalidAction` (Common Errors: "The action or operation requested is invalid"). The text
    /// is the one STS answers for an unknown Action.
    pub fn invalid_action(operation: &str) -> StsError {
        let mut message = format!("Could not find operation {operation} for version 2011-06-15");
        // Beyond AWS: "AssumeRoleWithJWT" is a name people guess; STS has two JWT operations.
        if operation.eq_ignore_ascii_case("AssumeRoleWithJWT") {
            message.push_str(" (sts-sim: STS has no AssumeRoleWithJWT. Its JWT operations are AssumeRoleWithWebIdentity, which exchanges an OpenID Connect token from an identity provider for role credentials (inbound), and GetWebIdentityToken, which issues a JWT asserting your AWS identity to an external service (outbound).)");
        }
        StsError::sender("InvalidAction", message)
    }

    /// `AccessDenied` as STS words it: "User: <caller ARN> is not authorized to perform:
    /// <action> on resource: <resource>" (AssumeRole API reference and every public report).
    pub fn not_authorized(caller: &str, action: &str, resource: &str) -> StsError {
        StsError::sender("AccessDenied", format!("User: {caller} is not authorized to perform: {action} on resource: {resource}"))
    }

    /// `ValidationError` with AWS's framing: "1 validation error detected: …" or
    /// "N validation errors detected: …; …".
    pub fn validation(errors: &[String]) -> StsError {
        let n = errors.len();
        let s = if n == 1 { "" } else { "s" };
        StsError::sender("ValidationError", format!("{n} validation error{s} detected: {}", errors.join("; ")))
    }

    /// A `ValidationError` whose message is a sentence of its own (semantic checks such as the
    /// role-chaining limit, which STS does not frame as "validation errors detected").
    pub fn validation_message(message: impl Into<String>) -> StsError {
        StsError::sender("ValidationError", message)
    }

    /// `RegionDisabledException` (403): "STS is not activated in the requested region for the
    /// account that is being asked to generate credentials" (AssumeRole API reference). The
    /// text is the one STS answers (aws/aws-cdk#11474, turbot/steampipe-plugin-aws#1510).
    pub fn region_disabled(account: &str) -> StsError {
        StsError::sender(
            "RegionDisabledException",
            format!("STS is not activated in this region for account:{account}. Your account administrator can activate STS in this region using the IAM Console."),
        )
    }

    pub fn malformed_policy(message: impl Into<String>) -> StsError {
        StsError::sender("MalformedPolicyDocument", message)
    }
}

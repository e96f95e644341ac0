//! TypeScript declarations of the JSON the exports answer, written after the serde shapes they
//! describe: the decision trace (`eval::Trace`), the world (`sts::world::load`), every STS
//! operation's parameters and response (`sts::ops`), CloudTrail records (`sts::events`) and
//! the witnesses of trust findings (`trust::witness`). `tests/node/types-accuracy.test.mjs`
//! runs the module and type-checks what it really answers against these declarations.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TRACE: &'static str = r#"
/** The policy types, in the order a trace lists them. */
export type PolicyLayer = "scp" | "rcp" | "resource" | "identity" | "boundary" | "session";

/** Near-miss advice beyond AWS's answer; it never changes a decision. */
export interface Hint {
  kind: "caseMismatch" | "missingKey" | "stringOperatorOnArnKey" | "wildcardInStringEquals" | "unparsableValue"
    | "multiValuedKeyWithoutSetOperator" | "setOperatorOnSingleValuedKey" | "misspeltAction";
  /** JSON path in the policy, or `request.action`. */
  path: string;
  message: string;
}

/** The request's principal as the evaluator read it; `type` says which kind of caller it is. */
export type TracePrincipalKind =
  | { type: "root" }
  | { type: "user"; name: string }
  | { type: "assumedRole"; roleArn: string; roleName: string; sessionName: string }
  | { type: "federatedUser"; name: string }
  | { type: "webIdentity"; provider: string }
  | { type: "saml"; provider: string }
  | { type: "service"; name: string }
  | { type: "anonymous" };
export interface TracePrincipal {
  /** null for anonymous, service and federated callers. */
  arn: string | null;
  account: string | null;
  partition: string;
  kind: TracePrincipalKind;
}

/** One condition as the trace shows it. */
export interface ConditionTrace {
  operator: string;
  key: string;
  policyValues: string[];
  /** The request's values for the key; null when the key is absent. */
  contextValues: string[] | null;
  result: boolean;
  reason: string;
  path: string;
  hints?: Hint[];
}
/** `Action`/`NotAction` or `Resource`/`NotResource`. */
export interface ElementTrace { matched: boolean; negated: boolean; patterns: string[] }
/** `Principal`/`NotPrincipal`; `how` says how a `Principal` element named the caller. */
export interface PrincipalTrace { matched: boolean; negated: boolean; how?: "none" | "account" | "role" | "direct" }
export interface StatementTrace {
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  path: string;
  /** Every element matched: the statement applies to the request. */
  matched: boolean;
  /** The first element that did not match. */
  decidedBy?: "action" | "resource" | "principal" | "condition";
  action: ElementTrace;
  resource?: ElementTrace;
  principal?: PrincipalTrace;
  conditions: ConditionTrace[];
  hints?: Hint[];
}
export interface PolicyTrace {
  index: number;
  /** Where the policy sits in the input: `identity[0]`, `scp[1][0]`… */
  location: string;
  id?: string;
  statements: StatementTrace[];
}
export interface LayerTrace {
  layer: PolicyLayer;
  /** SCPs and RCPs: the organization level (0 = root). */
  level?: number;
  applicable: boolean;
  result: "allow" | "explicitDeny" | "implicitDeny" | "notApplicable";
  policies: PolicyTrace[];
}
/** The explanation of one decision: every layer, policy, statement and condition looked at. */
export interface Trace {
  decision: Decision;
  /** The policy type whose result made the final decision. */
  decidedBy: PolicyLayer | null;
  explanation: string;
  sameAccount: boolean;
  principal: TracePrincipal;
  action: string;
  resource: string;
  resourceAccount: string | null;
  layers: LayerTrace[];
  hints: Hint[];
}

/** A failure value for input that is malformed (wrong type, unknown field…): each problem with its JSON path. */
export interface InputFailure { type: "failure"; errors: Diagnostic[] }
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_WORLD: &'static str = r#"
/** sts-sim's world: what `aws iam get-account-authorization-details` prints, per account, plus
 *  access keys, MFA devices, identity providers and the organization (schema/world.schema.json).
 *  Everything left out takes AWS's default; unknown fields are errors. */
export interface World {
  /** default "aws" */
  Partition?: string;
  Organization?: Organization;
  /** sts-sim's own: the organizations outside accounts belong to (ids and tree only, no policies), for aws:PrincipalOrgID / aws:PrincipalOrgPaths. */
  ExternalOrganizations?: ExternalOrganization[];
  Accounts?: WorldAccount[];
}
export interface Organization {
  /** o-… */
  Id: string;
  ManagementAccount: string;
  /** `Id`: `r-…`; when absent, the root part of the OU ids given, else derived from the organization id (sts-sim's choice; AWS draws ids at random). */
  Root?: { Id?: string; Policies?: OrgPolicies; OrganizationalUnits?: OrganizationalUnit[]; Accounts?: string[] };
  /** Centralized root access for member accounts (needed by AssumeRoot). Default: disabled. */
  CentralizedRootAccess?: {
    Enabled?: boolean;
    /** The member account registered as delegated administrator for IAM. */
    DelegatedAdministrator?: string;
  };
}
/** `SCP`: exactly the SCPs attached at this level (absent: FullAWSAccess). `RCP`: besides RCPFullAWSAccess. */
export interface OrgPolicies { SCP?: PolicyDocument[]; RCP?: PolicyDocument[] }
/** `Id`: `ou-<root>-…`; when absent, derived from the organization id and the OU names from the root down (sts-sim's choice; AWS draws ids at random). */
export interface OrganizationalUnit { Name: string; Id?: string; Policies?: OrgPolicies; OrganizationalUnits?: OrganizationalUnit[]; Accounts?: string[] }
export interface ExternalOrganization { Id: string; Root?: { Id?: string; OrganizationalUnits?: ExternalOrganizationalUnit[]; Accounts?: string[] } }
export interface ExternalOrganizationalUnit { Name: string; Id?: string; OrganizationalUnits?: ExternalOrganizationalUnit[]; Accounts?: string[] }
/** The opt-in Regions (Regions enabled by default need not be listed). */
export type OptInRegion =
  | "af-south-1" | "ap-east-1" | "ap-south-2" | "ap-southeast-3" | "ap-southeast-4" | "ap-southeast-5" | "ap-southeast-7"
  | "ca-west-1" | "eu-central-2" | "eu-south-1" | "eu-south-2" | "il-central-1" | "me-central-1" | "me-south-1" | "mx-central-1";
export interface WorldAccount {
  AccountId: string;
  Alias?: string;
  Policies?: OrgPolicies;
  EnabledRegions?: OptInRegion[];
  /** default "v1" (AWS's own names "v1Token" / "v2Token" are accepted too) */
  GlobalEndpointTokenVersion?: "v1" | "v2" | "v1Token" | "v2Token";
  /** Exactly what `aws iam get-account-authorization-details` prints. */
  AuthorizationDetails?: AuthorizationDetails;
  MFADevices?: { /** a user of the account, or "root" */ UserName: string; SerialNumber: string; Base32StringSeed: string }[];
  AccessKeys?: { /** a user of the account, or "root" */ UserName: string; AccessKeyId: string; SecretAccessKey: string; Status?: "Active" | "Inactive" }[];
  OpenIDConnectProviders?: OpenIDConnectProvider[];
  SAMLProviders?: SAMLProvider[];
  /** IAM EnableOutboundWebIdentityFederation: lets the account's principals call GetWebIdentityToken. Default: disabled. */
  OutboundWebIdentityFederation?: { Enabled?: boolean };
  /** sts-sim's own fixture for GetDelegatedAccessToken: the trade-in tokens this account's delegations handed out and what each buys (AWS documents no token format). */
  TradeInTokens?: TradeInToken[];
}
export interface TradeInToken {
  TradeInToken: string;
  /** A role of this account: the credentials are a session of it. */
  RoleArn: string;
  RoleSessionName: string;
  /** ISO 8601: from then on the token answers ExpiredTradeInTokenException. */
  ExpiresAt: string;
  /** 900 to 43200; default 3600. */
  DurationSeconds?: number;
  /** The delegated permissions, as a session policy. */
  Policy?: PolicyDocument | string;
}
export interface OpenIDConnectProvider {
  Url: string;
  ClientIDList?: string[];
  ThumbprintList?: string[];
  Jwks?: { keys: Record<string, unknown>[]; [member: string]: unknown };
  /** sts-sim's own: the private key minted tokens are signed with (PEM, or a private JWK); its public half is the JWKS when `Jwks` is absent. */
  SigningKey?: string | { kty: string; [member: string]: unknown };
}
export interface SAMLProvider {
  Name: string;
  /** Without it, the simulator's metadata for the provider (`sim.samlMetadata`) stands in. */
  SAMLMetadataDocument?: string;
  /** sts-sim's own: the RSA private key (PEM, PKCS#8 or PKCS#1) minted responses are signed with; else one derived from the seed. */
  SigningKey?: string;
}
/** `aws iam get-account-authorization-details` output. */
export interface AuthorizationDetails {
  UserDetailList?: UserDetail[];
  GroupDetailList?: GroupDetail[];
  RoleDetailList?: RoleDetail[];
  Policies?: ManagedPolicyDetail[];
  IsTruncated?: boolean;
  Marker?: string;
}
export interface AttachedPolicy { PolicyName?: string; PolicyArn: string }
export interface InlinePolicy { PolicyName: string; PolicyDocument: PolicyDocument }
export interface PermissionsBoundary { PermissionsBoundaryType?: string; PermissionsBoundaryArn: string }
export interface UserDetail {
  /** "/" by default; begins and ends with "/" */
  Path?: string;
  UserName: string;
  UserId?: string;
  Arn?: string;
  CreateDate?: string;
  GroupList?: string[];
  AttachedManagedPolicies?: AttachedPolicy[];
  UserPolicyList?: InlinePolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
}
export interface GroupDetail {
  Path?: string;
  GroupName: string;
  GroupId?: string;
  Arn?: string;
  CreateDate?: string;
  GroupPolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
}
/** An instance profile as the CLI prints it inside a role (sts-sim does not read it). */
export interface InstanceProfile {
  Path?: string; InstanceProfileName?: string; InstanceProfileId?: string; Arn?: string; CreateDate?: string;
  Roles?: Record<string, unknown>[]; Tags?: Tag[];
}
export interface RoleDetail {
  Path?: string;
  RoleName: string;
  RoleId?: string;
  Arn?: string;
  CreateDate?: string;
  /** The trust policy. */
  AssumeRolePolicyDocument: PolicyDocument;
  InstanceProfileList?: InstanceProfile[];
  RolePolicyList?: InlinePolicy[];
  AttachedManagedPolicies?: AttachedPolicy[];
  PermissionsBoundary?: PermissionsBoundary;
  Tags?: Tag[];
  /** As the CLI prints it (sts-sim does not read it). */
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
  /** 3600 to 43200 seconds, default 3600 */
  MaxSessionDuration?: number;
}
export interface ManagedPolicyVersion { Document?: PolicyDocument; VersionId?: string; IsDefaultVersion?: boolean; CreateDate?: string }
/** A customer managed policy of the account, or an AWS managed one (`arn:aws:iam::aws:policy/…`). */
export interface ManagedPolicyDetail {
  PolicyName: string;
  PolicyId?: string;
  Arn: string;
  Path?: string;
  DefaultVersionId?: string;
  AttachmentCount?: number;
  PermissionsBoundaryUsageCount?: number;
  IsAttachable?: boolean;
  Description?: string;
  CreateDate?: string;
  UpdateDate?: string;
  /** The default version (`IsDefaultVersion`, or `DefaultVersionId`) is the one in force. */
  PolicyVersionList: ManagedPolicyVersion[];
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_OPERATIONS: &'static str = r#"
/** A managed policy passed as a session policy. */
export interface PolicyDescriptor { arn: string }
export interface AssumedRoleUser { Arn: string; AssumedRoleId: string }
export interface AssumeRootParams {
  /** The member account id, or its root user ARN. */
  TargetPrincipal: string;
  /** One of the AWS managed `root-task/` policies. */
  TaskPolicyArn: PolicyDescriptor;
  /** 0 to 900, default 900 */
  DurationSeconds?: number;
}
export interface AssumeRootResponse { Credentials: Credentials; SourceIdentity?: string }
export interface GetWebIdentityTokenParams {
  /** 1 to 10 audiences */
  Audience: string[];
  SigningAlgorithm: "RS256" | "ES384";
  /** 60 to 3600, default 300 */
  DurationSeconds?: number;
  Tags?: Tag[];
}
export interface GetWebIdentityTokenResponse { WebIdentityToken: string; Expiration: string }
export interface GetDelegatedAccessTokenParams { TradeInToken: string }
/** As AWS documents it; sts-sim issues no trade-in tokens, so it answers only failures. */
export interface GetDelegatedAccessTokenResponse { Credentials: Credentials; AssumedPrincipal: string; PackedPolicySize?: number }

/** Every operation `sim.call` runs, with its parameters and its response (botocore's STS shapes). */
export interface StsOperations {
  AssumeRole: { params: AssumeRoleParams; response: AssumeRoleResponse };
  AssumeRoleWithWebIdentity: { params: AssumeRoleWithWebIdentityParams; response: AssumeRoleWithWebIdentityResponse };
  AssumeRoleWithSAML: { params: AssumeRoleWithSAMLParams; response: AssumeRoleWithSAMLResponse };
  GetSessionToken: { params: GetSessionTokenParams; response: GetSessionTokenResponse };
  GetFederationToken: { params: GetFederationTokenParams; response: GetFederationTokenResponse };
  GetCallerIdentity: { params: Record<string, never>; response: GetCallerIdentityResponse };
  GetAccessKeyInfo: { params: GetAccessKeyInfoParams; response: GetAccessKeyInfoResponse };
  DecodeAuthorizationMessage: { params: DecodeAuthorizationMessageParams; response: DecodeAuthorizationMessageResponse };
  AssumeRoot: { params: AssumeRootParams; response: AssumeRootResponse };
  GetWebIdentityToken: { params: GetWebIdentityTokenParams; response: GetWebIdentityTokenResponse };
  GetDelegatedAccessToken: { params: GetDelegatedAccessTokenParams; response: GetDelegatedAccessTokenResponse };
}
export type StsOperationName = keyof StsOperations;
/** The operations whose parameters may all be left out. */
export type StsOperationWithOptionalParams = "GetCallerIdentity" | "GetSessionToken";

/** What follows `operation` in `sim.call`: the operation's parameters (optional when all of its
 *  parameters are), then where the request is made. Any other action takes any parameters. */
export type StsCallArguments<O extends string> =
  O extends StsOperationWithOptionalParams ? [params?: StsOperations[O]["params"] | null, where?: Where | null]
  : O extends StsOperationName ? [params: StsOperations[O]["params"], where?: Where | null]
  : [params?: Record<string, unknown> | null, where?: Where | null];
/** `sim.call`'s answer for `operation`: an operation's response; for any other action STS's
 *  `InvalidAction` (a `string` not known to name one of the operations may still name one). */
export type StsCallResult<O extends string> =
  O extends StsOperationName ? StsResult<StsOperations[O]["response"]>
  : string extends O ? StsResult<unknown>
  : StsFailure;

export interface Sim {
  /** `sim.call(caller, operation, params, where?)`: one STS call, its CloudTrail record appended.
   *  `caller` null: an unsigned request (AssumeRoleWithWebIdentity, AssumeRoleWithSAML). */
  call<O extends StsOperationName | (string & {})>(caller: Caller | null, operation: O, ...args: StsCallArguments<O>): StsCallResult<O>;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_CLOUDTRAIL: &'static str = r#"
/** `sessionContext` of temporary credentials. */
export interface CloudTrailSessionContext {
  /** The role of an assumed-role session, or the long-term identity behind a federated user. */
  sessionIssuer?:
    | { type: "Role"; principalId: string; arn: string; accountId: string; userName: string }
    | { type: "Root"; principalId: string; arn: string; accountId: string }
    | { type: "IAMUser"; principalId: string; arn: string; accountId: string; userName: string };
  attributes: { creationDate: string; mfaAuthenticated: "true" | "false" };
  sourceIdentity?: string;
  /** Sessions of web identity federation. */
  webIdFederationData?: { federatedProvider: string; attributes: Record<string, never> };
}
/** The caller of one call ("CloudTrail userIdentity element"). */
export type CloudTrailUserIdentity =
  | { type: "Root"; principalId: string; arn: string; accountId: string; accessKeyId?: string; sessionContext?: CloudTrailSessionContext }
  | { type: "IAMUser"; principalId: string; arn: string; accountId: string; accessKeyId?: string; userName?: string; sessionContext?: CloudTrailSessionContext }
  | { type: "AssumedRole" | "FederatedUser"; principalId: string; arn: string; accountId: string; accessKeyId: string; sessionContext: CloudTrailSessionContext }
  | { type: "WebIdentityUser" | "SAMLUser"; principalId: string; userName: string; identityProvider: string }
  | { type: "AWSService"; invokedBy: string }
  /** A call refused before its caller was known (unknown action, bad credentials). */
  | { type: "Unknown"; accessKeyId?: string };
/** One CloudTrail record ("Logging IAM and AWS STS API calls with AWS CloudTrail"). */
export interface CloudTrailEvent {
  eventVersion: "1.08";
  userIdentity: CloudTrailUserIdentity;
  eventTime: string;
  eventSource: "sts.amazonaws.com";
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  /** The call's parameters in camelCase, without secrets (token codes, tokens, assertions); null when there were none. */
  requestParameters: Record<string, unknown> | null;
  /** The response in camelCase, without secrets; null for a failure and for operations CloudTrail logs no response of. */
  responseElements: Record<string, unknown> | null;
  /** `RequestDetails` (the serving Region and endpoint type) on every record; AssumeRoleWithWebIdentity adds `identityProviderConnectionVerificationMethod`. */
  additionalEventData: { RequestDetails: { awsServingRegion: string; endpointType: "regional" | "global" }; identityProviderConnectionVerificationMethod?: "IAMTrustStore" | "Thumbprint" };
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: { accountId: string; type: string; ARN: string }[];
  eventType: "AwsApiCall";
  managementEvent: true;
  /** Absent for a call refused before its caller was known. */
  recipientAccountId?: string;
  /** A call delivered to two accounts (cross-account AssumeRole): the same id in both records. */
  sharedEventID?: string;
  eventCategory: "Management";
  tlsDetails: { clientProvidedHostHeader: string };
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TS_WITNESS: &'static str = r#"
/** One call of a witness, as `sim.call` takes it; `{ FromCall: 0 }` is the credentials the first call answered. */
export interface TrustWitnessCall {
  caller: { Principal: string } | { Service: string; SourceAccount?: string; SourceArn?: string; SourceOrgID?: string; SourceOrgPaths?: string[] } | { FromCall: number } | null;
  operation: "AssumeRole" | "AssumeRoleWithWebIdentity" | "AssumeRoleWithSAML";
  /** `{ FromMint: 0 }` stands for the minted token or assertion. */
  params: Record<string, unknown>;
  where?: { region?: string; sourceIp?: string };
}
/** The calls (and the world changes they need) that prove a finding. */
export interface TrustWitness {
  /** The outside account the caller lives in. */
  account?: string;
  worldChanges: string[];
  /** The world the witness ran in, when it changed it (an outside account, its user, an organization…). */
  world?: World;
  mintWebIdentityToken?: { provider: string; claims: Record<string, unknown> };
  mintSamlResponse?: { provider: string; subject: string; subjectType?: string; recipient?: string; issuer?: string; attributes: Record<string, string[]> };
  calls: TrustWitnessCall[];
}
/** What the simulator answered a witness: who the caller became, why it refused, or why the
 *  witness could not be run. */
export type TrustWitnessAnswer =
  | { AssumedRoleUser: AssumedRoleUser; SubjectFromWebIdentityToken?: string; Subject?: string }
  | TrustWitnessError
  | { notRun: string };
export interface TrustWitnessError { Code: string; Message: string; explanation?: StsExplanation }
"#;

// A typed tour of the npm package, checked by `tsc --noEmit` (strict) against the built
// package's declarations (tests/node/types.test.mjs). It is compiled, never run: every export
// and JSON shape is used the way a TypeScript user would.
import {
  Sim, validatePolicy, simulate, compilePolicies, version, createRequestHandler,
  type World, type Caller, type Where, type SimOptions, type Diagnostic, type StsResult, type StsError,
  type AssumeRoleParams, type AssumeRoleResponse, type GetCallerIdentityResponse, type GetAccessKeyInfoParams,
  type GetAccessKeyInfoResponse, type GetSessionTokenParams, type GetSessionTokenResponse, type GetFederationTokenParams,
  type GetFederationTokenResponse, type DecodeAuthorizationMessageParams, type DecodeAuthorizationMessageResponse,
  type DecodedAuthorizationMessage, type AssumeRoleWithWebIdentityParams, type AssumeRoleWithWebIdentityResponse,
  type AuthorizeRequest, type AuthorizeResult, type CloudTrailEvent, type SimulateResult, type Decision,
  type ValidatePolicyResult, type WireRequest, type WireResponse, type MintWebIdentityTokenResult, type JwksResult,
  type StsSimRequestHandler, type SdkHttpRequest,
  type Trace, type StatementTrace, type TracePrincipalKind, type StsOperations, type StsOperationName, type StsCallArguments, type StsCallResult, type StsFailure,
  type AssumeRootResponse, type GetWebIdentityTokenParams, type GetWebIdentityTokenResponse, type AssumeRoleWithSAMLResponse,
  type CloudTrailUserIdentity, type AnalyzeTrustResult, type TrustWitness, type RoleDetail, type ManagedPolicyDetail,
  analyzeTrust,
} from 'sts-sim';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] };
const deploy: RoleDetail = {
  Path: '/', RoleName: 'Deploy', RoleId: 'AROADEPLOYEXAMPLE0001', Arn: 'arn:aws:iam::111122223333:role/Deploy', CreateDate: '2024-01-01T00:00:00Z',
  AssumeRolePolicyDocument: trust, InstanceProfileList: [], RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: JSON.stringify(trust) }],
  AttachedManagedPolicies: [{ PolicyName: 'ReadOnly', PolicyArn: 'arn:aws:iam::111122223333:policy/ReadOnly' }],
  PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/ReadOnly' },
  Tags: [{ Key: 'team', Value: 'blue' }], RoleLastUsed: {}, MaxSessionDuration: 43200,
};
const readOnly: ManagedPolicyDetail = {
  PolicyName: 'ReadOnly', PolicyId: 'ANPAEXAMPLE', Arn: 'arn:aws:iam::111122223333:policy/ReadOnly', Path: '/', DefaultVersionId: 'v1',
  AttachmentCount: 1, PermissionsBoundaryUsageCount: 1, IsAttachable: true,
  PolicyVersionList: [{ Document: trust, VersionId: 'v1', IsDefaultVersion: true, CreateDate: '2024-01-01T00:00:00Z' }],
};
const world: World = {
  Partition: 'aws',
  Organization: {
    Id: 'o-a1b2c3d4e5', ManagementAccount: '111122223333',
    Root: { Policies: { SCP: [trust] }, OrganizationalUnits: [{ Name: 'Workloads', Accounts: ['444455556666'], OrganizationalUnits: [] }], Accounts: ['111122223333'] },
    CentralizedRootAccess: { Enabled: true, DelegatedAdministrator: '444455556666' },
  },
  Accounts: [{
    AccountId: '111122223333', Alias: 'main', EnabledRegions: ['af-south-1'], GlobalEndpointTokenVersion: 'v2Token',
    AuthorizationDetails: {
      UserDetailList: [{ UserName: 'alice', GroupList: ['devs'], UserPolicyList: [{ PolicyName: 'p', PolicyDocument: trust }], Tags: [{ Key: 'team', Value: 'blue' }] }],
      GroupDetailList: [{ GroupName: 'devs', GroupPolicyList: [], AttachedManagedPolicies: [] }],
      RoleDetailList: [deploy],
      Policies: [readOnly],
      IsTruncated: false,
    },
    MFADevices: [{ UserName: 'alice', SerialNumber: 'arn:aws:iam::111122223333:mfa/alice', Base32StringSeed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }],
    AccessKeys: [{ UserName: 'alice', AccessKeyId: 'AKIARTX3GSDSSUAQEAYE', SecretAccessKey: 'secret', Status: 'Active' }],
    OpenIDConnectProviders: [{ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }],
    SAMLProviders: [{ Name: 'Okta' }],
    OutboundWebIdentityFederation: { Enabled: true },
  }, { AccountId: '444455556666' }],
};
const options: SimOptions = { now: '2026-11-25T12:00:00Z', seed: 1 };

// The policy API.
const validated: ValidatePolicyResult = validatePolicy(trust, { kind: 'trust' });
const identityPolicy: ValidatePolicyResult = validatePolicy(JSON.stringify(trust));
const diagnostics: Diagnostic[] = validated.type === 'failure' ? validated.errors : validated.warnings;
for (const d of diagnostics) console.log(`${d.line}:${d.column} ${d.code} ${d.awsErrorCode ?? ''} ${d.message} ${d.path} ${d.severity} ${d.findingType}`);
const decided: SimulateResult = simulate({
  policies: { identity: [JSON.stringify(trust)], scp: [[trust], [trust]] },
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '192.0.2.1', 'aws:MultiFactorAuthPresent': true } },
});
if (decided.type === 'success') {
  const decision: Decision = decided.decision;
  const trace: Trace = decided.trace;
  const statements: StatementTrace[] = trace.layers.flatMap((l) => l.policies.flatMap((p) => p.statements));
  const kind: TracePrincipalKind = trace.principal.kind;
  const who = kind.type === 'assumedRole' ? kind.roleArn : kind.type === 'user' ? kind.name : kind.type;
  for (const st of statements) console.log(st.path, st.matched, st.decidedBy, st.conditions.map((c) => `${c.key} ${c.result} ${c.contextValues?.join() ?? 'absent'}`));
  console.log(decision, trace.decidedBy, trace.explanation, trace.hints.map((h) => h.kind), who);
}
const compiled = compilePolicies({ identity: [trust] });
if (compiled.type === 'success' && 'decide' in compiled) {
  const one: Decision | { type: 'failure'; errors: Diagnostic[] } = compiled.decide({ principal: 'p', action: 'a', resource: 'r' });
  const many = compiled.decideBatch([{ principal: 'p', action: 'a', resource: 'r' }]);
  const traced: SimulateResult = compiled.simulate({ principal: 'p', action: 'a', resource: 'r' });
  console.log(one, many, traced);
}
const v: string = version();

// The STS simulator.
const created = Sim.create(world, options);
if ('errors' in created) for (const e of created.errors) console.log(e.path, e.message);
const sim = new Sim(world, options);
const defaults = new Sim(world);
const alice: Caller = { AccessKeyId: 'AKIARTX3GSDSSUAQEAYE', SecretAccessKey: 'secret' };
const where: Where = { region: 'eu-west-1', endpoint: 'regional', sourceIp: '203.0.113.9', userAgent: 'usage.ts' };
const lambda: Caller = { Service: 'lambda.amazonaws.com', SourceAccount: '111122223333', SourceArn: 'arn:aws:lambda:us-east-1:111122223333:function:app' };
const orgWorld: World = {
  ...world,
  Organization: { Id: 'o-a1b2c3d4e5', ManagementAccount: '111122223333', Root: { Id: 'r-ab12', OrganizationalUnits: [{ Name: 'Prod', Id: 'ou-ab12-11111111', Accounts: ['444455556666'] }] } },
  ExternalOrganizations: [{ Id: 'o-partnerorg01', Root: { OrganizationalUnits: [{ Name: 'Vendors', Accounts: ['777788889999'] }] } }],
};
console.log(new Sim(orgWorld, options).call(lambda, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'fn' }).type);

function response<R>(r: StsResult<unknown>): R | StsError | Diagnostic[] {
  if (r.type === 'success') return r.response as R;
  return 'error' in r ? r.error : r.errors;
}
const assumeParams: AssumeRoleParams = { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'ci', Tags: [{ Key: 'team', Value: 'a' }], DurationSeconds: 900 };
const assumed = response<AssumeRoleResponse>(sim.call(alice, 'AssumeRole', { ...assumeParams }, where));
if ('Credentials' in assumed) {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = assumed.Credentials;
  const session: Caller = { AccessKeyId, SecretAccessKey, SessionToken };
  const who = response<GetCallerIdentityResponse>(sim.call(session, 'GetCallerIdentity'));
  console.log(Expiration, assumed.AssumedRoleUser.Arn, 'Arn' in who ? who.Arn : who);
}
const failed = sim.call({ Principal: 'arn:aws:iam::111122223333:root' }, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/Nope', RoleSessionName: 'x' });
if (failed.type === 'failure' && 'error' in failed) console.log(failed.error.Code, failed.error.Message, failed.explanation?.checks[0]?.detail, failed.explanation?.trace?.decision);
// Any other action is refused with InvalidAction; a `string` operation may name one of the operations.
const unknownAction: StsFailure = sim.call(alice, 'AssumeRoleWithJWT', { Anything: 1 });
const operation: string = 'GetCallerIdentity';
const anyAction: StsResult<unknown> = sim.call(alice, operation);
// A generic wrapper passes the arguments on as the operation's `StsCallArguments`.
function callAsAlice<O extends StsOperationName>(o: O, ...args: StsCallArguments<O>): StsCallResult<O> {
  return sim.call(alice, o, ...args);
}
const viaWrapper: StsResult<StsOperations['GetAccessKeyInfo']['response']> = callAsAlice('GetAccessKeyInfo', { AccessKeyId: 'AKIARTX3GSDSSUAQEAYE' });
const root = sim.call(alice, 'AssumeRoot', { TargetPrincipal: '444455556666', TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' }, DurationSeconds: 900 });
const rootResponse: AssumeRootResponse | undefined = root.type === 'success' ? root.response : undefined;
const tokenParams: GetWebIdentityTokenParams = { Audience: ['https://api.example.com'], SigningAlgorithm: 'ES384', DurationSeconds: 300, Tags: [{ Key: 'k', Value: 'v' }] };
const outbound = response<GetWebIdentityTokenResponse>(sim.call(alice, 'GetWebIdentityToken', tokenParams, { region: 'eu-west-1' }));
const saml = sim.call(null, 'AssumeRoleWithSAML', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', PrincipalArn: 'arn:aws:iam::111122223333:saml-provider/Okta', SAMLAssertion: 'PHNhbWw+' });
const samlResponse: AssumeRoleWithSAMLResponse | undefined = saml.type === 'success' ? saml.response : undefined;
const delegated = sim.call(alice, 'GetDelegatedAccessToken', { TradeInToken: 'token' });
console.log(unknownAction.type, anyAction.type, viaWrapper.type, rootResponse?.Credentials.Expiration, outbound, samlResponse?.NameQualifier, delegated.type);
const keyInfo: GetAccessKeyInfoParams = { AccessKeyId: 'AKIARTX3GSDSSUAQEAYE' };
const account = response<GetAccessKeyInfoResponse>(sim.call(alice, 'GetAccessKeyInfo', { ...keyInfo }));
const sessionParams: GetSessionTokenParams = { DurationSeconds: 3600 };
const sessionToken = response<GetSessionTokenResponse>(sim.call(alice, 'GetSessionToken', { ...sessionParams }));
const federationParams: GetFederationTokenParams = { Name: 'bob', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] };
const federated = response<GetFederationTokenResponse>(sim.call(alice, 'GetFederationToken', { ...federationParams }));
console.log(account, sessionToken, federated, identityPolicy.type, defaults.now());

const request: AuthorizeRequest = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 's3:prefix': 'a/' }, region: 'us-east-1', resourcePolicy: trust };
const authorized: AuthorizeResult = sim.authorize(alice, request);
if (authorized.type === 'success' && authorized.EncodedMessage !== undefined) {
  const decodeParams: DecodeAuthorizationMessageParams = { EncodedMessage: authorized.EncodedMessage };
  const decoded = response<DecodeAuthorizationMessageResponse>(sim.call(alice, 'DecodeAuthorizationMessage', { ...decodeParams }));
  if ('DecodedMessage' in decoded) {
    const message = JSON.parse(decoded.DecodedMessage) as DecodedAuthorizationMessage;
    console.log(message.explicitDeny, message.context.principal.arn, message.matchedStatements.items[0]?.effect);
  }
}

const minted: MintWebIdentityTokenResult = sim.mintWebIdentityToken('token.actions.githubusercontent.com', { sub: 'repo:o/r:ref:refs/heads/main', aud: 'sts.amazonaws.com' }, { alg: 'ES256' });
const keys: JwksResult = sim.jwks('token.actions.githubusercontent.com');
const defaultAlg: MintWebIdentityTokenResult = sim.mintWebIdentityToken('token.actions.githubusercontent.com', { sub: 'repo:o/r:ref:refs/heads/main' });
if (minted.type === 'success') {
  const web: AssumeRoleWithWebIdentityParams = { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'gha', WebIdentityToken: minted.token };
  const r = response<AssumeRoleWithWebIdentityResponse>(sim.call(null, 'AssumeRoleWithWebIdentity', { ...web }));
  if ('SubjectFromWebIdentityToken' in r) console.log(r.SubjectFromWebIdentityToken, r.Provider, r.Audience);
}
console.log(keys.type === 'success' ? keys.keys.length : keys.errors, defaultAlg.type);

const events: CloudTrailEvent[] = sim.events();
for (const e of events) console.log(e.eventName, e.requestID, e.errorCode ?? 'ok', e.userIdentity, e.recipientAccountId, e.tlsDetails.clientProvidedHostHeader);
const identity: CloudTrailUserIdentity | undefined = events[0]?.userIdentity;
if (identity?.type === 'AssumedRole') console.log(identity.sessionContext.sessionIssuer?.arn, identity.sessionContext.attributes.mfaAuthenticated === 'true');

// Trust findings, with the witness the simulator ran.
const trusted: AnalyzeTrustResult = analyzeTrust({ world, roleArn: 'arn:aws:iam::111122223333:role/Deploy', zoneOfTrust: { accounts: ['111122223333'] } });
if (trusted.type === 'success') {
  for (const role of trusted.roles) {
    for (const f of role.findings) {
      const witness: TrustWitness | null = f.witness;
      console.log(role.roleArn, f.kind, f.severity, witness?.calls.map((c) => c.operation), f.witnessAnswer?.AssumedRoleUser.Arn, f.witnessError?.Code);
    }
    for (const c of role.checkedCallers) console.log(c.who, c.accepted, 'notRun' in c.answer ? c.answer.notRun : 'Code' in c.answer ? c.answer.Code : c.answer.AssumedRoleUser.Arn);
  }
}
const now: string = sim.advance(3600);
console.log(now === sim.now(), sim.revokeOlderSessions('arn:aws:iam::111122223333:role/Deploy').type);

// The wire.
const wire: WireRequest = { method: 'POST', url: 'https://sts.amazonaws.com/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' };
const answer: WireResponse = sim.handle(wire);
const bytes: WireResponse = sim.handle({ method: 'GET', url: '/', headers: [['Host', 'localhost']], body: new Uint8Array() });
console.log(answer.status, answer.headers['x-amzn-RequestId'], answer.body, bytes.status);

// The real SDK, in-process.
const handler: StsSimRequestHandler = createRequestHandler(sim);
const client = new STSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIARTX3GSDSSUAQEAYE', secretAccessKey: 'secret' }, requestHandler: handler });
async function sdk(): Promise<string | undefined> {
  const out = await client.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'sdk' }));
  const who = await client.send(new GetCallerIdentityCommand({}));
  return `${out.AssumedRoleUser?.Arn} ${who.Arn}`;
}
const raw: SdkHttpRequest = { method: 'POST', protocol: 'https:', hostname: 'sts.us-east-1.amazonaws.com', path: '/', headers: {}, body: '' };
void handler.handle(raw).then(({ response }) => response.statusCode);
void sdk();
sim.free();
console.log(v);

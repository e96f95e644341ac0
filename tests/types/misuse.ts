// Each statement below is a misuse the declarations must refuse. Every one carries
// `@ts-expect-error`: tsc fails ("Unused '@ts-expect-error' directive") the moment a misuse
// stops being an error, so each line is checked on every run, not just one of them.
import { Sim, validatePolicy, type World, type Caller, type WireResponse, type StsSuccess, type Trace, type CloudTrailEvent } from 'sts-sim';
declare const sim: Sim;
declare const world: World;
declare const alice: Caller;
// `status` is a number.
// @ts-expect-error
export const status: string = sim.handle({ method: 'GET', url: '/' }).status;
// (A correct use, so the WireResponse import is exercised too.)
export const r: WireResponse = { status: 200, headers: {}, body: '' };
// Optional trailing parameters may be left out, but not given the wrong type.
// @ts-expect-error
validatePolicy(42);
// @ts-expect-error
validatePolicy('{}', { kind: 'trusts' });
// @ts-expect-error
validatePolicy('{}', 'trust');
// @ts-expect-error
new Sim(world, { now: new Date() });
// @ts-expect-error
new Sim(world, 'now');
// @ts-expect-error
sim.call(alice);
// @ts-expect-error
sim.call(alice, 'GetCallerIdentity', 'params');
// @ts-expect-error
sim.call(alice, 'GetCallerIdentity', {}, { endpoint: 'local' });
// @ts-expect-error
sim.mintWebIdentityToken('token.actions.githubusercontent.com', {}, { alg: 'HS256' });
// @ts-expect-error
sim.call(alice, 42);
// @ts-expect-error
sim.revokeOlderSessions(['arn:aws:iam::111122223333:role/Deploy']);
// Each operation takes its own parameters: a required one missing, an unknown one, a wrong type,
// a value outside the documented set, parameters of another operation.
// @ts-expect-error
sim.call(alice, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy' });
// @ts-expect-error
sim.call(alice, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 's', ExternalID: 'x' });
// @ts-expect-error
sim.call(alice, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 's', DurationSeconds: '900' });
// @ts-expect-error
sim.call(alice, 'AssumeRole');
// @ts-expect-error
sim.call(alice, 'GetWebIdentityToken', { Audience: ['a'], SigningAlgorithm: 'HS256' });
// @ts-expect-error
sim.call(alice, 'GetWebIdentityToken', { Audience: 'a', SigningAlgorithm: 'ES384' });
// @ts-expect-error
sim.call(alice, 'AssumeRoot', { TargetPrincipal: '444455556666', TaskPolicyArn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' });
// @ts-expect-error
sim.call(alice, 'GetCallerIdentity', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy' });
// @ts-expect-error
sim.call(null, 'AssumeRoleWithWebIdentity', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 's' });
// @ts-expect-error
sim.call(alice, 'GetFederationToken', { Name: 'bob', Tags: [{ Key: 'k' }] });
// The answer is the operation's: no other operation's fields, and an unknown action never succeeds.
const assumed = sim.call(alice, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 's' });
// @ts-expect-error
export const noSubject: string = assumed.type === 'success' ? assumed.response.SubjectFromWebIdentityToken : '';
// @ts-expect-error
export const never: StsSuccess<unknown> = sim.call(alice, 'AssumeRoleWithJWT', {});
// A caller is one of the three shapes.
// @ts-expect-error
sim.call({ AccessKeyId: 'AKIARTX3GSDSSUAQEAYE', SecretAccessKey: 's', Token: 't' }, 'GetCallerIdentity');
// The world refuses what the loader refuses.
// @ts-expect-error
export const badWorld: World = { Accounts: [{ AccountId: '111122223333', Roles: [] }] };
// @ts-expect-error
export const badVersion: World = { Accounts: [{ AccountId: '111122223333', GlobalEndpointTokenVersion: 'v3' }] };
// @ts-expect-error
export const notOptIn: World = { Accounts: [{ AccountId: '111122223333', EnabledRegions: ['us-east-1'] }] };
// @ts-expect-error
export const noTrust: World = { Accounts: [{ AccountId: '111122223333', AuthorizationDetails: { RoleDetailList: [{ RoleName: 'R' }] } }] };
// @ts-expect-error
export const noVersions: World = { Accounts: [{ AccountId: '1', AuthorizationDetails: { Policies: [{ PolicyName: 'P', Arn: 'arn:aws:iam::1:policy/P' }] } }] };
// @ts-expect-error
export const noOrgId: World = { Organization: { ManagementAccount: '111122223333' } };
// The trace's names are its own: layer results are camelCase, decisions are not.
declare const trace: Trace;
// @ts-expect-error
export const allowLayer = trace.layers[0]?.result === 'Allow';
// @ts-expect-error
export const lowerDecision = trace.decision === 'allow';
// @ts-expect-error
export const roleOfUser: string = trace.principal.kind.roleArn;
// A CloudTrail identity is narrowed by its type before its fields are read.
declare const event: CloudTrailEvent;
// @ts-expect-error
export const sessionIssuer = event.userIdentity.sessionContext;

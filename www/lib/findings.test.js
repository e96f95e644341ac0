// Trust findings in the page: the analysis set up from a trust policy being typed (with or
// without a world), the findings rendered with who/how/severity/advice and "unknown" said as
// such, and every kind of witness loaded the way "Try it" loads it, then run through the
// simulator exactly as Run does (runCall): each must be accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sim, analyzeTrust } from 'sts-sim';
import { EXAMPLES } from './examples.js';
import { renderFindings, roleArnParts, trustAnalysis, witnessLoad } from './findings.js';
import { runCall } from './sts.js';
import { base32Decode, mfaDevice, totp } from './totp.js';

const policy = (statement) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
const ROLE = 'arn:aws:iam::111122223333:role/Target';
const world = {
  Accounts: [{
    AccountId: '111122223333',
    OpenIDConnectProviders: [{ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] }],
    SAMLProviders: [{ Name: 'ExampleIdP' }],
    AuthorizationDetails: { RoleDetailList: [{ RoleName: 'Target', Path: '/', AssumeRolePolicyDocument: JSON.parse(policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' })) }] },
  }],
};

/** Analyzes, loads the finding's witness as "Try it" does, runs it as Run does; answers the last answer. */
async function tryIt({ world: w, roleArn, text, kind }) {
  const setup = trustAnalysis({ world: w, roleArn, trustPolicyText: text });
  const result = analyzeTrust(setup.input);
  assert.equal(result.type, 'success', JSON.stringify(result.errors));
  const role = result.roles[0];
  const finding = role.findings.find((f) => f.kind === kind);
  assert.ok(finding, `${kind} among ${role.findings.map((f) => f.kind)}`);
  assert.equal(finding.witnessVerified, true, JSON.stringify(finding.witnessError));
  const loaded = witnessLoad({ world: setup.world, roleArn: role.roleArn, trustPolicyText: text, finding });
  assert.equal(loaded.error, undefined);
  if (finding.witness.world) assertWitnessWorld(loaded.world, finding.witness.world, role.roleArn, text);
  const { answer, steps } = await runLoaded(loaded);
  return { answer, steps, loaded, finding, html: renderFindings(result, { note: setup.note }) };
}

/** Runs a loaded witness as Run does, on a fresh simulator: { answer, steps }. */
async function runLoaded(loaded) {
  const sim = Sim.create(loaded.world, { now: '2025-01-01T00:00:00Z', seed: 1 });
  assert.equal(sim.type, 'success', JSON.stringify(sim.errors));
  const call = structuredClone(loaded.call);
  if (call.params.TokenCodeFromDevice) call.params.TokenCode = await totp(base32Decode(mfaDevice(loaded.world, call.params.SerialNumber).Base32StringSeed), sim.now());
  const out = runCall(sim, call, call.caller, [], loaded.then);
  sim.free();
  return out;
}

/** The loaded world is the witness's own, but for the role's trust policy: the one typed, as a value. */
function assertWitnessWorld(loadedWorld, witnessWorld, roleArn, text) {
  const { account, name } = roleArnParts(roleArn);
  const trustOf = (w) => w.Accounts.find((a) => a.AccountId === account).AuthorizationDetails.RoleDetailList.find((r) => r.RoleName === name);
  assert.deepEqual(trustOf(loadedWorld).AssumeRolePolicyDocument, JSON.parse(text));
  const strip = (w) => {
    const copy = structuredClone(w);
    delete trustOf(copy).AssumeRolePolicyDocument;
    return copy;
  };
  assert.deepEqual(strip(loadedWorld), strip(witnessWorld));
}

test('roleArnParts', () => {
  assert.deepEqual(roleArnParts('arn:aws:iam::111122223333:role/service-role/App'), { partition: 'aws', account: '111122223333', path: '/service-role/', name: 'App' });
  assert.equal(roleArnParts('arn:aws:s3:::bucket'), null);
});

test('setup: with a world, the role it has; otherwise a world made up around the role, said in the note', () => {
  const text = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' });
  assert.deepEqual(trustAnalysis({ world, roleArn: ROLE, trustPolicyText: text }).input, { world, roleArn: ROLE, trustPolicy: text });
  const other = trustAnalysis({ world, roleArn: 'arn:aws:iam::111122223333:role/Missing', trustPolicyText: text });
  assert.equal(other.roleArn, 'arn:aws:iam::111122223333:role/sts-sim-analyzed');
  assert.match(other.note, /not a role of the world/);
  const made = trustAnalysis({ world: null, roleArn: 'arn:aws:iam::444455556666:role/Deploy', trustPolicyText: policy({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::555566667777:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'my-client' } } }) });
  assert.deepEqual(made.input.world.Accounts.map((a) => a.AccountId), ['444455556666', '555566667777']);
  assert.deepEqual(made.input.world.Accounts[1].OpenIDConnectProviders, [{ Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['my-client'] }]);
  assert.match(made.note, /No world document: the zone of trust is accounts 444455556666, 555566667777/);
  assert.equal(analyzeTrust(made.input).type, 'success');
});

test('a same-account trust: no finding, and the outside callers the simulator refused are listed', () => {
  const text = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } });
  for (const w of [world, null]) {
    const setup = trustAnalysis({ world: w, roleArn: ROLE, trustPolicyText: text });
    const html = renderFindings(analyzeTrust(setup.input), { note: setup.note });
    assert.match(html, /data-status="noFindings"/);
    assert.match(html, /✓ No finding/);
    assert.match(html, /refused \(AccessDenied\)/);
    assert.doesNotMatch(html, /data-try-finding/);
  }
});

test('"AWS": "*": critical, who/how/advice, and its witness (a fresh outside account) is accepted by Run', async () => {
  const { answer, html, loaded } = await tryIt({ world, roleArn: ROLE, text: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), kind: 'AnyPrincipal' });
  assert.match(html, /data-severity="critical"[\s\S]*Who:<\/strong> any AWS principal of any account[\s\S]*How:<\/strong> AssumeRole · ExternalId not required · MFA not required[\s\S]*ANY_PRINCIPAL[\s\S]*<a href="https:\/\/docs\.aws\.amazon\.com\/IAM\/latest\/UserGuide\/reference_policies_elements_principal\.html">/);
  assert.match(html, /<button type="button" data-try-finding="0">Try it<\/button>/);
  assert.deepEqual(loaded.call.caller, { Principal: 'arn:aws:iam::999999999999:user/sts-sim-outsider' });
  assert.equal(answer.type, 'success', JSON.stringify(answer.error));
  assert.equal(answer.response.AssumedRoleUser.Arn, 'arn:aws:sts::111122223333:assumed-role/Target/sts-sim-witness');
});

test('the same without a world: the made-up world holds the witness too', async () => {
  const { answer } = await tryIt({ world: null, roleArn: 'arn:aws:iam::444455556666:role/Admin', text: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }), kind: 'AnyPrincipal' });
  assert.equal(answer.response.AssumedRoleUser.Arn, 'arn:aws:sts::444455556666:assumed-role/Admin/sts-sim-witness');
});

test('an external role with ExternalId: a two-call witness (through the outside role), accepted', async () => {
  const { answer, steps, loaded } = await tryIt({ world, roleArn: ROLE, text: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:role/Vendor' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'abc-123' } } }), kind: 'ExternalRole' });
  assert.equal(loaded.call.params.RoleArn, 'arn:aws:iam::999988887777:role/Vendor');
  assert.equal(loaded.then.params.ExternalId, 'abc-123');
  assert.deepEqual(steps.map((s) => s.ok), [true, true]);
  assert.equal(answer.response.AssumedRoleUser.Arn, 'arn:aws:sts::111122223333:assumed-role/Target/sts-sim-witness');
});

test('an external account with MFA, a source IP and a principal tag: the device, the IP and the tag come along', async () => {
  const { answer, loaded, html } = await tryIt({
    world, roleArn: ROLE, kind: 'ExternalAccount',
    text: policy({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' }, StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }),
  });
  assert.equal(loaded.call.params.TokenCodeFromDevice, true);
  assert.equal(loaded.call.sourceIp, '203.0.113.0');
  assert.deepEqual(loaded.world.Accounts.find((a) => a.AccountId === '444455556666').AuthorizationDetails.UserDetailList[0].Tags, [{ Key: 'team', Value: 'blue' }]);
  assert.match(html, /MFA required/);
  assert.equal(answer.type, 'success', JSON.stringify(answer.error));
});

test('without witness.world (an older analyzeTrust), the caller, its tags and MFA device are rebuilt, and Run accepts it', async () => {
  const text = policy({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringEquals: { 'aws:PrincipalTag/team': 'blue' } } });
  const result = analyzeTrust(trustAnalysis({ world, roleArn: ROLE, trustPolicyText: text }).input);
  const finding = structuredClone(result.roles[0].findings.find((f) => f.kind === 'ExternalAccount'));
  assert.ok(finding.witness.world, 'this build carries witness.world');
  delete finding.witness.world;
  const loaded = witnessLoad({ world, roleArn: ROLE, trustPolicyText: text, finding });
  const outside = loaded.world.Accounts.find((a) => a.AccountId === '444455556666');
  assert.deepEqual(outside.AuthorizationDetails.UserDetailList[0].Tags, [{ Key: 'team', Value: 'blue' }]);
  assert.equal(outside.MFADevices.length, 1);
  const { answer } = await runLoaded(loaded);
  assert.equal(answer.type, 'success', JSON.stringify(answer.error));
});

test('another organization (aws:PrincipalOrgID o-otherorg12): the witness world places the outside account there, and Run accepts it', async () => {
  const text = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-otherorg12' } } });
  const { answer, loaded, finding, html } = await tryIt({ world, roleArn: ROLE, text, kind: 'AnyPrincipal' });
  assert.deepEqual(loaded.world.ExternalOrganizations.map((o) => o.Id), ['o-otherorg12']);
  assert.ok(loaded.world.ExternalOrganizations[0].Root.Accounts.includes(loaded.call.caller.Principal.split(':')[4]));
  assert.ok(loaded.notes.some((n) => /organization o-otherorg12/.test(n)), loaded.notes.join('; '));
  assert.match(html, /data-try-finding="0">Try it/);
  assert.equal(answer.type, 'success', JSON.stringify(answer.error));
  assert.equal(answer.response.AssumedRoleUser.Arn, 'arn:aws:sts::111122223333:assumed-role/Target/sts-sim-witness');
  // What the JS alone cannot rebuild: without the organization, aws:PrincipalOrgID is absent and the trust refuses.
  const older = structuredClone(finding);
  delete older.witness.world;
  const { answer: refused } = await runLoaded(witnessLoad({ world, roleArn: ROLE, trustPolicyText: text, finding: older }));
  assert.equal(refused.error?.Code, 'AccessDenied');
});

test('aws:PrincipalOrgPaths outside the world\'s organization: placed in that organization, and Run accepts it', async () => {
  const orgWorld = { ...structuredClone(world), Organization: { Id: 'o-a1b2c3d4e5', ManagementAccount: '111122223333', Root: { Id: 'r-ab12', Accounts: ['111122223333'] } } };
  const text = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-zzzzzzzzzz/*' } } });
  const { answer, loaded, html } = await tryIt({ world: orgWorld, roleArn: ROLE, text, kind: 'AnyPrincipal' });
  assert.match(html, /Zone of trust: accounts 111122223333; organizations o-a1b2c3d4e5/);
  assert.equal(loaded.world.Organization.Id, 'o-a1b2c3d4e5');
  assert.deepEqual(loaded.world.ExternalOrganizations.map((o) => o.Id), ['o-zzzzzzzzzz']);
  assert.equal(answer.type, 'success', JSON.stringify(answer.error));
});

test('a service principal, an OIDC provider and a SAML provider: each witness is accepted', async () => {
  const service = await tryIt({ world, roleArn: ROLE, kind: 'ServicePrincipal', text: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) });
  assert.deepEqual(service.loaded.call.caller, { Service: 'ec2.amazonaws.com' });
  assert.equal(service.answer.type, 'success');
  const oidc = await tryIt({
    world, roleArn: ROLE, kind: 'OidcProvider',
    text: policy({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/*' }, StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } }),
  });
  assert.equal(oidc.loaded.call.operation, 'AssumeRoleWithWebIdentity');
  assert.equal(oidc.loaded.call.params.WebIdentityToken, '', 'Run mints the token from the claims');
  assert.equal(JSON.parse(oidc.loaded.call.params.Claims).sub, 'repo:acme/sts-sim');
  assert.equal(oidc.answer.type, 'success', JSON.stringify(oidc.answer.error));
  const saml = await tryIt({ world, roleArn: ROLE, kind: 'SamlProvider', text: policy({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/ExampleIdP' }, Action: 'sts:AssumeRoleWithSAML' }) });
  assert.equal(saml.loaded.call.params.PrincipalArn, 'arn:aws:iam::111122223333:saml-provider/ExampleIdP');
  assert.equal(saml.answer.type, 'success', JSON.stringify(saml.answer.error));
});

test('a condition the analysis cannot reason about: "unknown", never "safe"', () => {
  const setup = trustAnalysis({ world, roleArn: ROLE, trustPolicyText: policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SomeKeyNobodyKnows': 'x' } } }) });
  const html = renderFindings(analyzeTrust(setup.input));
  assert.match(html, /data-status="unknown"/);
  assert.match(html, /Unknown, not safe:<\/strong> [^<]*aws:SomeKeyNobodyKnows/);
  assert.doesNotMatch(html, /No finding/);
});

test('the example worlds: every witness of every role loads as Try it loads it and Run accepts it', async () => {
  let tried = 0;
  let fromWorld = 0;
  for (const ex of EXAMPLES.filter((e) => e.panel === 'sts')) {
    const w = JSON.parse(ex.docs[0].text);
    const result = analyzeTrust({ world: w });
    assert.equal(result.type, 'success', ex.title);
    for (const role of result.roles) {
      const found = w.Accounts.flatMap((a) => a.AuthorizationDetails?.RoleDetailList ?? []).find((r) => role.roleArn.endsWith(`:role${r.Path ?? '/'}${r.RoleName}`));
      for (const finding of role.findings.filter((f) => f.witness)) {
        const text = JSON.stringify(found.AssumeRolePolicyDocument);
        const loaded = witnessLoad({ world: w, roleArn: role.roleArn, trustPolicyText: text, finding });
        assert.equal(loaded.error, undefined, `${ex.title}: ${role.roleArn} ${finding.kind}`);
        if (finding.witness.world) {
          assertWitnessWorld(loaded.world, finding.witness.world, role.roleArn, text);
          fromWorld += 1;
        }
        const { answer } = await runLoaded(loaded);
        assert.equal(finding.witnessVerified, true, `${ex.title}: ${role.roleArn} ${finding.kind}: the analysis accepted its witness`);
        assert.equal(answer.type, 'success', `${ex.title}: ${role.roleArn} ${finding.kind}: ${JSON.stringify(answer.error)}`);
        tried += 1;
      }
    }
  }
  console.log(`# example worlds: ${tried} witnesses loaded and run as Try it does, ${fromWorld} of them in witness.world`);
  assert.ok(tried >= 3, `witnesses tried: ${tried}`);
});

test('no witness: the reason, and no Try it button', () => {
  const text = policy({ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/unknown.example.com' }, Action: 'sts:AssumeRoleWithWebIdentity' });
  const result = analyzeTrust({ world, roleArn: ROLE, trustPolicy: text });
  const finding = result.roles[0].findings[0];
  if (finding?.witness) return; // this build can witness it: nothing to check here
  const html = renderFindings(result);
  assert.match(html, /No witness: /);
  assert.doesNotMatch(html, /data-try-finding/);
  assert.match(witnessLoad({ world, roleArn: ROLE, trustPolicyText: text, finding }).error, /no witness/);
});

test('a malformed trust policy: the analysis failure, by field', () => {
  const setup = trustAnalysis({ world, roleArn: ROLE, trustPolicyText: '{ "Statement": [' });
  const html = renderFindings(analyzeTrust(setup.input));
  assert.match(html, /data-status="error"[\s\S]*Cannot analyze: trustPolicy/);
});

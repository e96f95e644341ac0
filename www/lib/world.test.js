// The world ↔ forms mapping: each form control's path and mapping rewrite exactly the JSON it
// names (and the loader accepts the result), renames carry the ARNs and credentials that name
// the old value, and imports read a world or a raw get-account-authorization-details output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sim } from 'sts-sim';
import { EXAMPLES } from './examples.js';
import { accessKeyId, accountOfDetails, addEntity, applyFormEdit, findRole, getAt, importWorld, policyText, policyValue, removeEntity, renderWorldForms, setAt, splitList, starterWorld } from './world.js';

const worldOf = (id) => JSON.parse(EXAMPLES.find((e) => e.id === id).docs.find((d) => d.kind === 'world').text);
const loads = (world) => {
  const sim = Sim.create(world, { now: '2025-01-01T00:00:00Z', seed: 1 });
  assert.equal(sim.type, 'success', JSON.stringify(sim.errors));
  return sim;
};
/** Every form control in the HTML: { path, as, value }. */
function controls(html) {
  const out = [];
  for (const m of html.matchAll(/<(input|textarea|select)\b([^>]*)>/g)) {
    const path = /data-path="([^"]*)"/.exec(m[2]);
    if (!path) continue;
    const as = /data-as="([^"]*)"/.exec(m[2])[1];
    out.push({ tag: m[1], path: JSON.parse(path[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')), as });
  }
  return out;
}

test('paths: getAt / setAt copy, create on the way, and delete', () => {
  const w = { Accounts: [{ AccountId: '111122223333' }] };
  const next = setAt(w, ['Accounts', 0, 'AuthorizationDetails', 'RoleDetailList', 0], { RoleName: 'R' });
  assert.equal(w.Accounts[0].AuthorizationDetails, undefined, 'the original is untouched');
  assert.equal(getAt(next, ['Accounts', 0, 'AuthorizationDetails', 'RoleDetailList', 0, 'RoleName']), 'R');
  assert.deepEqual(setAt(next, ['Accounts', 0, 'AuthorizationDetails', 'RoleDetailList', 0], undefined).Accounts[0].AuthorizationDetails.RoleDetailList, []);
  assert.equal(getAt(next, ['Nope', 3, 'x']), undefined);
});

test('policy documents: objects, JSON text and URL-encoded text all read back as pretty JSON', () => {
  const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const pretty = JSON.stringify(doc, null, 2);
  assert.equal(policyText(doc), pretty);
  assert.equal(policyText(JSON.stringify(doc)), pretty);
  assert.equal(policyText(encodeURIComponent(JSON.stringify(doc))), pretty);
  assert.equal(policyText('not json'), 'not json');
  assert.deepEqual(policyValue(pretty), doc);
  assert.equal(policyValue('{ broken'), '{ broken', 'text that is not JSON is kept, for the loader to name the problem');
  assert.deepEqual(splitList('a, b\n c,,'), ['a', 'b', 'c']);
});

test('every control of every example world maps to its own JSON path, and an edit through it is what the JSON holds', () => {
  for (const ex of EXAMPLES.filter((e) => e.panel === 'sts')) {
    const world = worldOf(ex.id);
    const html = renderWorldForms(world);
    const found = controls(html);
    assert.ok(found.length > 5, ex.title);
    for (const c of found) {
      if (c.as === 'text' || c.as === 'opt') {
        const next = applyFormEdit(world, c.path, c.as, 'changed-value');
        assert.equal(getAt(next, c.path), 'changed-value', `${ex.title}: ${c.path.join('/')}`);
        // Only that path changed.
        assert.deepEqual(setAt(next, c.path, getAt(world, c.path)), getAt(world, c.path) === undefined ? setAt(next, c.path, undefined) : world);
      }
    }
    // The forms show the world's own values.
    for (const role of world.Accounts.flatMap((a) => a.AuthorizationDetails?.RoleDetailList ?? [])) assert.match(html, new RegExp(`value="${role.RoleName}"`));
  }
});

test('form mappings: numbers, lists, managed policy ARNs, boundaries, policies, checkboxes; the result loads', () => {
  let w = worldOf('sts-assume-role');
  const role = ['Accounts', 1, 'AuthorizationDetails', 'RoleDetailList', 0];
  w = applyFormEdit(w, [...role, 'MaxSessionDuration'], 'int', '7200');
  assert.equal(getAt(w, [...role, 'MaxSessionDuration']), 7200);
  // A managed policy of the account, added from the form, attached by ARN; AdministratorAccess is built in.
  w = addEntity(w, 'managed-policy', { account: 1 }).world;
  w = applyFormEdit(w, [...role, 'AttachedManagedPolicies'], 'managed', 'arn:aws:iam::aws:policy/AdministratorAccess, arn:aws:iam::444455556666:policy/ManagedPolicy1');
  assert.deepEqual(getAt(w, [...role, 'AttachedManagedPolicies']), [{ PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, { PolicyName: 'ManagedPolicy1', PolicyArn: 'arn:aws:iam::444455556666:policy/ManagedPolicy1' }]);
  w = applyFormEdit(w, [...role, 'PermissionsBoundary'], 'boundary', 'arn:aws:iam::444455556666:policy/ManagedPolicy1');
  assert.deepEqual(getAt(w, [...role, 'PermissionsBoundary']), { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: 'arn:aws:iam::444455556666:policy/ManagedPolicy1' });
  w = applyFormEdit(w, ['Accounts', 0, 'OutboundWebIdentityFederation', 'Enabled'], 'bool', true);
  w = applyFormEdit(w, ['Accounts', 0, 'EnabledRegions'], 'list', 'eu-south-1, ap-east-1');
  w = applyFormEdit(w, ['Accounts', 0, 'GlobalEndpointTokenVersion'], 'opt', 'v2');
  const trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}';
  w = applyFormEdit(w, [...role, 'AssumeRolePolicyDocument'], 'policy', trust);
  assert.deepEqual(getAt(w, [...role, 'AssumeRolePolicyDocument']), JSON.parse(trust));
  loads(w).free();
  // Blank optional values leave the JSON.
  w = applyFormEdit(w, [...role, 'MaxSessionDuration'], 'int', '');
  w = applyFormEdit(w, [...role, 'PermissionsBoundary'], 'boundary', ' ');
  w = applyFormEdit(w, ['Accounts', 0, 'GlobalEndpointTokenVersion'], 'opt', '');
  assert.equal('MaxSessionDuration' in getAt(w, role), false);
  assert.equal('PermissionsBoundary' in getAt(w, role), false);
  assert.equal('GlobalEndpointTokenVersion' in w.Accounts[0], false);
  // A MaxSessionDuration the loader refuses is refused by the loader, naming the path.
  const bad = Sim.create(applyFormEdit(w, [...role, 'MaxSessionDuration'], 'int', '60'), {});
  assert.equal(bad.type, 'failure');
  assert.match(JSON.stringify(bad.errors), /MaxSessionDuration/);
});

test('renames carry ARNs, MFA devices, access keys and organization lists', () => {
  let w = worldOf('sts-mfa');
  w = addEntity(w, 'access-key', { account: 0, userName: 'alice', random: (n) => new Uint8Array(n).map((_, i) => i * 7) }).world;
  const user = ['Accounts', 0, 'AuthorizationDetails', 'UserDetailList', 0];
  w = applyFormEdit(w, [...user, 'UserName'], 'user-name', 'alicia');
  assert.equal(getAt(w, [...user, 'Arn']), 'arn:aws:iam::111122223333:user/alicia');
  assert.equal(w.Accounts[0].MFADevices[0].UserName, 'alicia');
  assert.equal(w.Accounts[0].AccessKeys[0].UserName, 'alicia');
  w = applyFormEdit(w, [...user, 'Path'], 'user-path', '/team/');
  assert.equal(getAt(w, [...user, 'Arn']), 'arn:aws:iam::111122223333:user/team/alicia');
  const role = ['Accounts', 1, 'AuthorizationDetails', 'RoleDetailList', 0];
  w = applyFormEdit(w, [...role, 'RoleName'], 'role-name', 'Deployer');
  assert.equal(getAt(w, [...role, 'Arn']), 'arn:aws:iam::444455556666:role/Deployer');
  w = applyFormEdit(w, ['Accounts', 1, 'AccountId'], 'account-id', '444455550000');
  assert.equal(getAt(w, [...role, 'Arn']), 'arn:aws:iam::444455550000:role/Deployer');
  assert.ok(findRole(w, 'arn:aws:iam::444455550000:role/deployer'), 'role names compare case-insensitively');
  loads(w).free();
  let o = worldOf('assume-root');
  o = applyFormEdit(o, ['Accounts', 1, 'AccountId'], 'account-id', '555566667777');
  assert.deepEqual(o.Organization.Root.Accounts, ['111122223333', '555566667777']);
  o = applyFormEdit(o, ['Accounts', 0, 'AccountId'], 'account-id', '222233334444');
  assert.equal(o.Organization.ManagementAccount, '222233334444');
  loads(o).free();
});

test('access key ids carry their account, as GetAccessKeyInfo reads it, through an account rename', () => {
  const low = [0x55, 1, 2, 3, 4];
  assert.match(accessKeyId('123456789012', low), /^AKIA[A-Z2-7]{16}$/);
  let w = addEntity(worldOf('sts-mfa'), 'access-key', { account: 0, userName: 'alice', random: () => new Uint8Array(low) }).world;
  const info = (world) => {
    const sim = loads(world);
    const answer = sim.call({ Principal: 'arn:aws:iam::444455556666:root' }, 'GetAccessKeyInfo', { AccessKeyId: world.Accounts[0].AccessKeys[0].AccessKeyId });
    sim.free();
    return answer.response?.Account;
  };
  assert.equal(info(w), '111122223333');
  w = applyFormEdit(w, ['Accounts', 0, 'AccountId'], 'account-id', '222233334444');
  assert.equal(info(w), '222233334444');
});

test('added entities load; removing a user takes its MFA devices and access keys', () => {
  const random = (n) => new Uint8Array(n).map((_, i) => (i * 37 + 11) % 256);
  let w = starterWorld();
  for (const [what, opts] of [['account', {}], ['role', { account: 0 }], ['role', { account: 1 }], ['user', { account: 0 }], ['oidc', { account: 0 }], ['saml', { account: 0 }], ['managed-policy', { account: 0 }], ['organization', {}]]) {
    const got = addEntity(w, what, { ...opts, random });
    assert.ok(getAt(got.world, got.focus) !== undefined, what);
    w = got.world;
  }
  const userName = w.Accounts[0].AuthorizationDetails.UserDetailList[0].UserName;
  w = addEntity(w, 'mfa', { account: 0, userName, random }).world;
  w = addEntity(w, 'access-key', { account: 0, userName, random }).world;
  assert.match(w.Accounts[0].AccessKeys[0].AccessKeyId, /^AKIA[A-Z2-7]{16}$/);
  assert.match(w.Accounts[0].MFADevices[0].Base32StringSeed, /^[A-Z2-7]{32}$/);
  const userPath = ['Accounts', 0, 'AuthorizationDetails', 'UserDetailList', 0];
  w = addEntity(w, 'inline', { path: [...userPath, 'UserPolicyList'] }).world;
  w = addEntity(w, 'tag', { path: [...userPath, 'Tags'] }).world;
  w = addEntity(w, 'scp', { path: ['Organization', 'Root', 'Policies', 'SCP'] }).world;
  w = addEntity(w, 'scp', { path: ['Accounts', 0, 'Policies', 'SCP'] }).world;
  const sim = loads(w);
  // The new role trusts its account: the new user (allowed sts:AssumeRole by its new inline policy) assumes it.
  const answer = sim.call({ Principal: `arn:aws:iam::111122223333:user/${userName}` }, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/NewRole1', RoleSessionName: 'check' });
  assert.equal(answer.type, 'success', JSON.stringify(answer.error));
  sim.free();
  const after = removeEntity(w, userPath);
  assert.equal(after.Accounts[0].MFADevices.length, 0);
  assert.equal(after.Accounts[0].AccessKeys.length, 0);
  const noSecond = removeEntity(after, ['Accounts', 1]);
  assert.deepEqual(noSecond.Organization.Root.Accounts, ['111122223333']);
  loads(noSecond).free();
});

test('trade-in tokens: shown under their account, edited through the form (a blank policy is left out), added, and carried through renames', () => {
  let w = worldOf('delegated-access-token');
  const token = ['Accounts', 0, 'TradeInTokens', 0];
  const html = renderWorldForms(w, { open: new Set(['Accounts/0']) });
  assert.match(html, /<legend>Trade-in tokens \(GetDelegatedAccessToken\)<\/legend><p class="muted">sts-sim's fixture: AWS documents no token format/);
  assert.match(html, /value="trade-in-example-0001"/);
  assert.match(html, /<option selected>arn:aws:iam::111122223333:role\/PartnerAccess<\/option>/);
  const paths = controls(html).map((c) => `${c.path.join('/')} ${c.as}`);
  for (const field of ['TradeInToken text', 'RoleArn text', 'RoleSessionName text', 'ExpiresAt text', 'DurationSeconds int', 'Policy opt-policy']) assert.ok(paths.includes(`Accounts/0/TradeInTokens/0/${field}`), field);
  w = applyFormEdit(w, [...token, 'ExpiresAt'], 'text', '2025-01-01T00:00:30Z');
  w = applyFormEdit(w, [...token, 'DurationSeconds'], 'int', '900');
  w = applyFormEdit(w, [...token, 'Policy'], 'opt-policy', '  ');
  assert.deepEqual(getAt(w, token), { TradeInToken: 'trade-in-example-0001', RoleArn: 'arn:aws:iam::111122223333:role/PartnerAccess', RoleSessionName: 'partner-delegation', ExpiresAt: '2025-01-01T00:00:30Z', DurationSeconds: 900 });
  // The simulator reads what the form wrote: a 15-minute session, and the token expires at 00:00:30.
  const sim = loads(w);
  const exchange = () => sim.call({ Principal: 'arn:aws:iam::999988887777:user/partner-app' }, 'GetDelegatedAccessToken', { TradeInToken: 'trade-in-example-0001' });
  assert.equal(exchange().response.Credentials.Expiration, '2025-01-01T00:15:00Z');
  sim.advance(30);
  assert.equal(exchange().error.Code, 'ExpiredTradeInTokenException');
  sim.free();
  // Added for the account's first role; a role rename or an account rename carries its ARN; removing the role takes its tokens.
  const added = addEntity(w, 'trade-in-token', { account: 0 });
  assert.deepEqual(added.focus, ['Accounts', 0, 'TradeInTokens', 1]);
  w = added.world;
  assert.equal(getAt(w, added.focus).RoleArn, 'arn:aws:iam::111122223333:role/PartnerAccess');
  loads(w).free();
  const role = ['Accounts', 0, 'AuthorizationDetails', 'RoleDetailList', 0];
  w = applyFormEdit(w, [...role, 'RoleName'], 'role-name', 'Partner');
  w = applyFormEdit(w, ['Accounts', 0, 'AccountId'], 'account-id', '222233334444');
  assert.deepEqual(w.Accounts[0].TradeInTokens.map((t) => t.RoleArn), ['arn:aws:iam::222233334444:role/Partner', 'arn:aws:iam::222233334444:role/Partner']);
  loads(w).free();
  assert.deepEqual(removeEntity(w, role).Accounts[0].TradeInTokens, []);
  // An account without roles cannot hold a token: the form says to add a role first.
  assert.match(renderWorldForms(worldOf('delegated-access-token')), /Add a role first: a token buys a session of one of the account's roles/);
});

test('the forms name every control and escape what the world holds', () => {
  for (const id of ['saml-federation', 'delegated-access-token']) namedControls(id);
});

function namedControls(id) {
  const w = worldOf(id);
  w.Accounts[0].Alias = '<img src=x onerror=alert(1)>';
  const html = renderWorldForms(w, { open: new Set(['Accounts/0']) });
  assert.doesNotMatch(html, /<img/);
  assert.match(html, /<details class="entity" data-key="Accounts\/0" open>/);
  // Every input/select/textarea sits in a <label> or is named by one (for=) or an aria-label.
  for (const m of html.matchAll(/<(input|select|textarea)\b[^>]*>/g)) {
    const before = html.slice(Math.max(0, m.index - 300), m.index);
    const id = /id="([^"]+)"/.exec(m[0])?.[1];
    const labelled = /<label[^>]*>[^<]*(<span[^>]*>[^<]*<\/span>)?\s*$/.test(before) || (id && html.includes(`for="${id}"`)) || /aria-label=/.test(m[0]) || /<label class="inline"><input/.test(html.slice(m.index - 22, m.index + 6));
    assert.ok(labelled, `unnamed control: ${m[0]}`);
  }
  // Every button says what it acts on.
  for (const m of html.matchAll(/<button\b[^>]*>/g)) assert.match(m[0], /aria-label="[^"]+ [^"]+"/);
}

test('import: a world as it is; a get-account-authorization-details output as one account, its id from the ARNs', () => {
  const world = worldOf('sts-assume-role');
  const same = importWorld(JSON.stringify(world), { fileName: 'w.json' });
  assert.deepEqual(same.world, world);
  const enc = (doc) => encodeURIComponent(JSON.stringify(doc));
  const details = {
    UserDetailList: [{ UserName: 'bob', Path: '/', Arn: 'arn:aws:iam::123456789012:user/bob', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }] }],
    RoleDetailList: [{ RoleName: 'Ops', Path: '/', Arn: 'arn:aws:iam::123456789012:role/Ops', AssumeRolePolicyDocument: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }) }],
    Policies: [{ PolicyName: 'ReadOnlyAccess', Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', DefaultVersionId: 'v1', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }) }] }],
    IsTruncated: false,
  };
  const got = importWorld(JSON.stringify(details), { fileName: 'authz.json' });
  assert.deepEqual(got.world, { Accounts: [{ AccountId: '123456789012', AuthorizationDetails: details }] });
  assert.match(got.message, /as account 123456789012/);
  const sim = loads(got.world);
  assert.equal(sim.call({ Principal: 'arn:aws:iam::123456789012:user/bob' }, 'AssumeRole', { RoleArn: 'arn:aws:iam::123456789012:role/Ops', RoleSessionName: 'bob' }).type, 'success');
  sim.free();
  // Into an existing world: added, or replacing the same account's details (keeping its MFA devices).
  const merged = importWorld(JSON.stringify(details), { current: world, fileName: 'authz.json' });
  assert.deepEqual(merged.world.Accounts.map((a) => a.AccountId), ['111122223333', '444455556666', '123456789012']);
  const replaced = importWorld(JSON.stringify({ UserDetailList: [{ UserName: 'carol', Arn: 'arn:aws:iam::111122223333:user/carol' }] }), { current: world, fileName: 'dev.json' });
  assert.deepEqual(replaced.world.Accounts[0].AuthorizationDetails.UserDetailList.map((u) => u.UserName), ['carol']);
  assert.equal(replaced.world.Accounts[0].MFADevices.length, 1);
  assert.match(replaced.message, /Replaced the authorization details of account 111122223333/);
  // Another partition comes along; a truncated page and unknown fields are said.
  const cn = importWorld(JSON.stringify({ RoleDetailList: [{ RoleName: 'R', Arn: 'arn:aws-cn:iam::123456789012:role/R', AssumeRolePolicyDocument: {} }], IsTruncated: true, ResponseMetadata: {} }));
  assert.equal(cn.world.Partition, 'aws-cn');
  assert.equal(cn.warnings.length, 2);
  assert.equal('ResponseMetadata' in cn.world.Accounts[0].AuthorizationDetails, false);
});

test('import: malformed files answer a message naming the problem, never a world', () => {
  for (const [text, message] of [
    ['{ "UserDetailList": [', /is not JSON/],
    ['[1, 2]', /holds a list, not a JSON object/],
    ['"text"', /holds string/],
    ['{"hello": 1}', /neither a world .* nor an aws iam get-account-authorization-details output/],
    ['{"Accounts": {}}', /"Accounts" must be a list/],
    ['{"RoleDetailList": {}}', /"RoleDetailList" must be a list/],
    ['{"RoleDetailList": [{"RoleName": "x"}]}', /No account id can be derived/],
    ['{"UserDetailList": [{"Arn": "arn:aws:iam::111111111111:user/a"}, {"Arn": "arn:aws:iam::222222222222:user/b"}]}', /name 2 accounts \(111111111111, 222222222222\)/],
  ]) {
    const got = importWorld(text, { fileName: 'f.json' });
    assert.equal(got.world, undefined, text);
    assert.match(got.error, message, text);
    assert.match(got.error, /Nothing was imported/);
  }
  assert.deepEqual(accountOfDetails({ Policies: [{ Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { Arn: 'arn:aws:iam::123456789012:policy/Mine' }] }), { accountId: '123456789012', partition: 'aws' });
});

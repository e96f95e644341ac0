// The STS constraints the form checks live: they agree with the simulator (a value the page
// calls fine is not refused by STS for its length or pattern, and one it flags is refused), and
// the DurationSeconds range follows the operation, the caller and the role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sim } from 'sts-sim';
import { EXAMPLES } from './examples.js';
import { callerKind, checkParams, durationRange } from './constraints.js';
import { buildParams, operation } from './sts.js';

const ASSUME = operation('AssumeRole').fields;

test('lengths, patterns and required parameters, each named in the message', () => {
  assert.deepEqual(checkParams('AssumeRole', ASSUME, { RoleArn: 'arn:aws:iam::444455556666:role/Deploy', RoleSessionName: 'alice-deploy' }), {});
  const p = checkParams('AssumeRole', ASSUME, { RoleArn: '', RoleSessionName: 'a', ExternalId: 'has space', SerialNumber: 'arn:aws:iam::1:mfa/x', TokenCode: '12ab56', SourceIdentity: 'é' });
  assert.equal(p.RoleArn, 'RoleArn is required.');
  assert.equal(p.RoleSessionName, 'RoleSessionName: at least 2 characters (this has 1).');
  assert.equal(p.ExternalId, 'ExternalId: only letters, digits and _+=,.@:/- (not “ ”).');
  assert.equal(p.TokenCode, 'TokenCode: only digits (not “a”).');
  assert.match(p.SourceIdentity, /^SourceIdentity: at least 2 characters/);
  assert.match(checkParams('AssumeRole', ASSUME, { RoleSessionName: 'x'.repeat(65) }).RoleSessionName, /at most 64 characters \(this has 65\)/);
  assert.match(checkParams('AssumeRole', ASSUME, { SerialNumber: 'arn:aws:iam::111122223333:mfa/alice' }).TokenCode, /needed with SerialNumber/);
  assert.equal(checkParams('AssumeRole', ASSUME, { SerialNumber: 'arn:aws:iam::111122223333:mfa/alice', TokenCodeFromDevice: true }).TokenCode, undefined);
  assert.match(checkParams('AssumeRole', ASSUME, { Policy: 'x'.repeat(2049) }).Policy, /at most 2,048 characters/);
  const tags = checkParams('AssumeRole', ASSUME, { Tags: [['Team', 'a'], ['team', 'b'], ['bad\u0000key', 'v']] }).Tags;
  assert.match(tags, /given twice/);
  assert.match(tags, /tag 3 key: only letters/);
  assert.match(checkParams('AssumeRole', ASSUME, { Tags: Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']) }).Tags, /at most 50 session tags \(these are 51\)/);
  assert.match(checkParams('GetWebIdentityToken', operation('GetWebIdentityToken').fields, { Audience: Array.from({ length: 11 }, (_, i) => `a${i}`).join(',') }).Audience, /1 to 10 values \(these are 11\)/);
  assert.equal(checkParams('GetWebIdentityToken', operation('GetWebIdentityToken').fields, {}).SigningAlgorithm, 'SigningAlgorithm is required.');
  // A field the operation does not take is not checked.
  assert.deepEqual(checkParams('GetCallerIdentity', [], { RoleSessionName: 'a' }), {});
});

test('the page and the simulator agree: what the page flags STS refuses, what it accepts STS does not refuse for that reason', () => {
  const world = JSON.parse(EXAMPLES.find((e) => e.id === 'sts-assume-role').docs[0].text);
  const sim = Sim.create(world, { now: '2025-01-01T00:00:00Z', seed: 1 });
  const base = { RoleArn: 'arn:aws:iam::444455556666:role/Deploy', RoleSessionName: 'ok-name' };
  for (const [field, value] of [['RoleSessionName', 'a'], ['RoleSessionName', 'has space'], ['RoleSessionName', 'x'.repeat(65)], ['ExternalId', 'a'], ['ExternalId', 'a b'], ['SourceIdentity', 'a'], ['SerialNumber', 'short'], ['TokenCode', '12345']]) {
    const values = { ...base, [field]: value, ...(field === 'TokenCode' ? { SerialNumber: 'arn:aws:iam::111122223333:mfa/alice' } : {}) };
    assert.ok(checkParams('AssumeRole', ASSUME, values)[field], `${field}=${value} flagged`);
    const answer = sim.call({ Principal: 'arn:aws:iam::111122223333:user/alice' }, 'AssumeRole', buildParams('AssumeRole', values));
    assert.equal(answer.error?.Code, 'ValidationError', `${field}=${value}: ${JSON.stringify(answer.error)}`);
  }
  for (const [field, value] of [['RoleSessionName', 'a@b.c=d,e+f-g_h'], ['ExternalId', 'Unicorn-2f9c:/x'], ['SourceIdentity', 'alice@example.com']]) {
    const values = { ...base, [field]: value };
    assert.equal(checkParams('AssumeRole', ASSUME, values)[field], undefined, `${field}=${value} accepted`);
    const answer = sim.call({ Principal: 'arn:aws:iam::111122223333:user/alice' }, 'AssumeRole', buildParams('AssumeRole', values));
    assert.notEqual(answer.error?.Code, 'ValidationError', `${field}=${value}: ${JSON.stringify(answer.error)}`);
  }
  sim.free();
});

test('DurationSeconds: the role\'s maximum, role chaining\'s hour, the root user\'s cap, each operation\'s own range', () => {
  assert.deepEqual(durationRange('AssumeRole', { caller: 'user', role: { name: 'Deploy' } }), { min: 900, max: 3600, default: 3600, why: '900 s up to the role\'s MaxSessionDuration: Deploy allows 1 h (the default).' });
  assert.equal(durationRange('AssumeRole', { caller: 'user', role: { name: 'Deploy', max: 14400 } }).max, 14400);
  assert.equal(durationRange('AssumeRole', { caller: 'user', role: null }).max, 43200);
  assert.match(durationRange('AssumeRole', { caller: 'role-session', role: { name: 'Audit', max: 14400 } }).why, /^Role chaining/);
  assert.equal(durationRange('AssumeRole', { caller: 'role-session', role: { name: 'Audit', max: 14400 } }).max, 3600);
  assert.deepEqual([durationRange('GetSessionToken', { caller: 'user' }).max, durationRange('GetSessionToken', { caller: 'root' }).max], [129600, 3600]);
  assert.equal(durationRange('GetFederationToken', { caller: 'root' }).capped, true);
  assert.deepEqual(durationRange('AssumeRoot', {}), { min: 0, max: 900, default: 900, why: 'A privileged root session lasts at most 900 s (15 min), the default.' });
  assert.equal(durationRange('GetWebIdentityToken', {}).default, 300);
  assert.equal(durationRange('GetCallerIdentity', {}), null);
  assert.equal(callerKind({ Principal: 'arn:aws:iam::111122223333:root' }), 'root');
  assert.equal(callerKind({ session: 0, arn: 'arn:aws:sts::444455556666:assumed-role/Deploy/s' }), 'role-session');
  assert.equal(callerKind({ Principal: 'arn:aws:sts::111122223333:federated-user/bob' }), 'session');
  assert.equal(callerKind({ Service: 'ec2.amazonaws.com' }), 'service');
  assert.equal(callerKind(undefined, 'AssumeRoleWithSAML', true), 'anonymous');
});

test('the role chaining cap is the simulator\'s: 3600 passes, 3601 is refused', () => {
  const world = JSON.parse(EXAMPLES.find((e) => e.id === 'role-chaining-cap').docs[0].text);
  const sim = Sim.create(world, { now: '2025-01-01T00:00:00Z', seed: 1 });
  const first = sim.call({ Principal: 'arn:aws:iam::111122223333:user/alice' }, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'deploy' });
  const { max } = durationRange('AssumeRole', { caller: callerKind({ session: 0, arn: first.response.AssumedRoleUser.Arn }), role: { name: 'Audit', max: 14400 } });
  const chained = (d) => sim.call(first.response.Credentials, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/Audit', RoleSessionName: 'audit', DurationSeconds: d });
  assert.equal(chained(max).type, 'success');
  assert.equal(chained(max + 1).error.Code, 'ValidationError');
  sim.free();
});

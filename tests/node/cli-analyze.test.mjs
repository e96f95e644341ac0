// `sts-sim analyze world.json` (the package's bin): analyzeTrust's findings as text or JSON, and
// the exit status a CI job gates on (`--fail-on`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyzeTrust } from 'sts-sim';
import { cliPath, tempFile } from './support/serve.mjs';

const ACCOUNT = '111122223333';
const role = (name, principal) => ({
  RoleName: name, RoleId: `AROA${name.toUpperCase().padEnd(17, '0')}`,
  AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] },
});
const worldOf = (...roles) => ({ Accounts: [{ AccountId: ACCOUNT, AuthorizationDetails: { RoleDetailList: roles } }] });
const OPEN = `arn:aws:iam::${ACCOUNT}:role/Open`;
const openWorld = worldOf(role('Open', { AWS: '*' }), role('Safe', { AWS: `arn:aws:iam::${ACCOUNT}:root` }));
const safeWorld = worldOf(role('Safe', { AWS: `arn:aws:iam::${ACCOUNT}:root` }));

const analyze = (...args) => spawnSync(process.execPath, [cliPath(), 'analyze', ...args], { encoding: 'utf8', timeout: 20_000 });

test('analyze: a role trusting {"AWS":"*"} fails --fail-on high and prints the finding', () => {
  const r = analyze(tempFile('world.json', JSON.stringify(openWorld)), '--fail-on', 'high');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, new RegExp(`^${OPEN}: findings$`, 'm'));
  assert.match(r.stdout, /^ {2}critical AnyPrincipal: any AWS principal of any account \(\{"AWS":"\*"\}\)$/m);
  assert.match(r.stdout, /^ {4}how: AssumeRole; witnessVerified: true$/m);
  assert.match(r.stdout, /^ {4}advice: \{"AWS":"\*"\} in a trust policy lets principals of every AWS account/m);
  assert.match(r.stdout, new RegExp(`^arn:aws:iam::${ACCOUNT}:role/Safe: noFindings$`, 'm'));
  assert.match(r.stdout, /^2 roles, 1 finding \(1 critical\)$/m);
  // Without --fail-on, findings never fail; a threshold above the finding does not either.
  assert.equal(analyze(tempFile('world.json', JSON.stringify(openWorld))).status, 0);
  assert.equal(analyze(tempFile('world.json', JSON.stringify(worldOf(role('Svc', { Service: 'lambda.amazonaws.com' })))), '--fail-on=critical').status, 0);
});

test('analyze: a safe world exits 0, even with --fail-on info; --role picks one role', () => {
  const r = analyze(tempFile('world.json', JSON.stringify(safeWorld)), '--fail-on', 'info');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `arn:aws:iam::${ACCOUNT}:role/Safe: noFindings\n1 role, 0 findings\n`);
  const one = analyze(tempFile('world.json', JSON.stringify(openWorld)), '--role', `arn:aws:iam::${ACCOUNT}:role/Safe`, '--fail-on', 'info');
  assert.equal(one.status, 0, one.stderr);
  assert.doesNotMatch(one.stdout, /role\/Open/);
});

test('analyze --json prints analyzeTrust\'s answer', () => {
  const r = analyze(tempFile('world.json', JSON.stringify(openWorld)), '--json', '--role', OPEN, '--fail-on', 'critical');
  assert.equal(r.status, 1, r.stderr);
  const answer = JSON.parse(r.stdout);
  assert.deepEqual(answer, analyzeTrust({ world: openWorld, roleArn: OPEN }));
  assert.equal(answer.roles[0].findings[0].severity, 'critical');
});

test('analyze: usage errors and refused worlds exit 2, with the errors and their paths', () => {
  const world = tempFile('world.json', JSON.stringify(openWorld));
  const missingRole = analyze(world, '--role', `arn:aws:iam::${ACCOUNT}:role/Nope`);
  assert.equal(missingRole.status, 2);
  assert.match(missingRole.stderr, /^ {2}roleArn: no role arn:aws:iam::111122223333:role\/Nope in the world$/m);
  const badWorld = analyze(tempFile('world.json', JSON.stringify({ Accounts: [{ AccountId: 'x' }] })));
  assert.equal(badWorld.status, 2);
  assert.match(badWorld.stderr, /^ {2}world\.Accounts\[0\]\.AccountId: /m);
  assert.equal(analyze(tempFile('world.json', '{ nope')).status, 2);
  assert.equal(analyze('/nonexistent/world.json').status, 2);
  for (const args of [[], [world, '--fail-on', 'severe'], [world, '--role'], [world, '--bogus'], [world, world]]) {
    const r = analyze(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^sts-sim: /);
  }
  const help = analyze('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: sts-sim analyze /);
});

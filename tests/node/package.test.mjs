// The npm package from Node, imported exactly as users import it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatePolicy, simulate, version } from 'sts-sim';

const root = fileURLToPath(new URL('../..', import.meta.url));
const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Action": "s3:GetObject", "Resource": "*" }\n  ]\n}';

test('ESM import validates a policy with no init call, with positions in the text', () => {
  const result = validatePolicy(text, { kind: 'identity' });
  assert.equal(result.type, 'failure');
  assert.equal(result.errors[0].code, 'MISSING_EFFECT');
  assert.equal(result.errors[0].awsErrorCode, 'MalformedPolicyDocument');
  assert.equal(result.errors[0].line, 4);
  assert.equal(result.errors[0].path, 'Statement[0]');
  assert.deepEqual(Object.getPrototypeOf(result), Object.prototype, 'answers are plain objects');
});

test('a valid policy object succeeds', () => {
  const result = validatePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
  assert.equal(result.type, 'success', JSON.stringify(result));
  assert.deepEqual(result.warnings, []);
});

test('a trust policy needs a Principal; an identity policy must not have one', () => {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] };
  const asTrust = validatePolicy(trust, { kind: 'trust' });
  assert.equal(asTrust.type, 'failure');
  assert.ok(asTrust.errors.some((e) => e.code === 'MISSING_PRINCIPAL'), JSON.stringify(asTrust));
  const withPrincipal = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }] };
  assert.equal(validatePolicy(withPrincipal, { kind: 'identity' }).type, 'failure');
});

test('wrong argument types throw TypeError; bad content is a failure value; the module stays usable', () => {
  assert.throws(() => validatePolicy(42), TypeError);
  assert.throws(() => validatePolicy('{}', 'trust'), TypeError);
  assert.throws(() => simulate('nope'), TypeError);
  const bad = validatePolicy('{"Version": "2012-10-17", "Statement": [', {});
  assert.equal(bad.type, 'failure');
  const badKind = validatePolicy('{}', { kind: 'nope' });
  assert.equal(badKind.errors[0].path, 'options.kind');
  assert.equal(validatePolicy({ Statement: { Effect: 'Deny', Action: '*', Resource: '*' } }).type, 'success');
});

test('CommonJS require works too', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('sts-sim');
  assert.equal(cjs.version(), version());
  assert.equal(cjs.validatePolicy(text).type, 'failure');
});

test('npm pack gives a tarball that installs into an empty project and imports by name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sts-sim-consumer-'));
  try {
    execFileSync('npm', ['pack', join(root, 'pkg'), '--pack-destination', dir], { cwd: dir, stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.match(tarball, /^sts-sim-\d+\.\d+\.\d+\.tgz$/);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`], { cwd: dir, stdio: 'pipe' });
    writeFileSync(join(dir, 'use.mjs'), [
      "import { validatePolicy, version } from 'sts-sim';",
      "const r = validatePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, { kind: 'trust' });",
      'console.log(JSON.stringify({ type: r.type, version: version() }));',
    ].join('\n'));
    const out = JSON.parse(execFileSync('node', ['use.mjs'], { cwd: dir, encoding: 'utf8' }));
    assert.deepEqual(out, { type: 'success', version: version() });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

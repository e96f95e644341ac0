import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from 'sts-sim';
import { decidingStatements, layerTitle, renderDecision, renderHints, renderTrace } from './trace.js';

const alice = 'arn:aws:iam::111122223333:user/alice';
const identity = JSON.stringify({ Version: '2012-10-17', Statement: [
  { Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
  { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
] });
const run = (action, context) => simulate({ policies: { identity: [identity] }, request: { principal: alice, action, resource: 'arn:aws:s3:::reports/<q3>.csv', context } });

test('an allow marks its statement, shows the compared context value, and says it in words', () => {
  const answer = run('s3:GetObject', { 'aws:SecureTransport': 'true' });
  assert.equal(answer.decision, 'Allow');
  const li = answer.trace.layers.findIndex((l) => l.layer === 'identity');
  assert.deepEqual([...decidingStatements(answer.trace)], [`${li}/0/0`]);
  const html = renderTrace(answer.trace, { names: { 'identity[0]': 'alice & co' } });
  assert.match(html, /★ Deciding statement<\/span> <span class="effect effect-allow">Allow<\/span> <strong>ReadReports \(Statement\[0\]\)<\/strong> <span class="yes">✓ applies<\/span>/);
  assert.match(html, /<dt>Request value<\/dt><dd><code>true<\/code><\/dd>/);
  assert.match(html, /<strong>alice &amp; co<\/strong> <code>identity\[0\]<\/code>/);
  assert.match(html, /NoDeletes \(Statement\[1\]\)<\/strong> <span class="no">✗ does not apply<\/span> — its action did not match/);
  assert.match(renderDecision(answer), /data-decision="Allow"><span class="badge">✓ Allow<\/span> Allowed/);
  assert.doesNotMatch(html, /<q3>/, 'resource text is escaped');
});

test('an explicit deny marks the Deny statement; an implicit deny marks none and shows hints', () => {
  const deny = run('s3:DeleteObject', {});
  assert.equal(deny.decision, 'ExplicitDeny');
  assert.equal(decidingStatements(deny.trace).size, 1);
  assert.match(renderTrace(deny.trace), /★ Deciding statement<\/span> <span class="effect effect-deny">Deny<\/span> <strong>NoDeletes/);
  assert.match(renderDecision(deny), /✗ ExplicitDeny<\/span> Denied explicitly/);

  const missing = run('s3:GetObject', {});
  assert.equal(missing.decision, 'ImplicitDeny');
  assert.equal(decidingStatements(missing.trace).size, 0);
  const html = renderTrace(missing.trace);
  assert.doesNotMatch(html, /★ Deciding statement/);
  assert.match(html, /<span class="badge">Hint<\/span> aws:SecureTransport is not in the request context/);
  assert.match(html, /<dt>Request value<\/dt><dd><em>absent<\/em><\/dd>/);
  assert.match(html, /<span class="no">✗ false<\/span>/);
});

test('layer titles name SCP levels; failures list their errors; no hints renders nothing', () => {
  assert.equal(layerTitle({ layer: 'scp', level: 0 }), 'Service control policies (SCP), level 0 (organization root)');
  assert.equal(layerTitle({ layer: 'boundary' }), 'Permissions boundary');
  const failure = renderDecision({ type: 'failure', errors: [{ code: 'INVALID_INPUT', message: 'bad <arn>', path: 'request.principal' }] });
  assert.match(failure, /✗ Error/);
  assert.match(failure, /<strong>INVALID_INPUT<\/strong> bad &lt;arn&gt;/);
  assert.equal(renderHints([]), '');
});

test('across accounts an allow is granted by both the identity and the resource policy', () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] });
  const mine = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
  const answer = simulate({ policies: { identity: [mine], resource: [trust] }, request: { principal: alice, action: 'sts:AssumeRole', resource: 'arn:aws:iam::444455556666:role/Deploy' } });
  assert.equal(answer.decision, 'Allow');
  assert.equal(answer.trace.sameAccount, false);
  const layers = [...decidingStatements(answer.trace)].map((k) => answer.trace.layers[Number(k.split('/')[0])].layer).sort();
  assert.deepEqual(layers, ['identity', 'resource']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationText, probePolicy, readProbe, renderSessionFacts, sessionFacts } from './session.js';

test('the probe has one statement per key, tags included', () => {
  const p = probePolicy(['Project']);
  assert.ok(p.Statement.some((s) => s.Condition['ForAnyValue:StringLike']['aws:PrincipalTag/Project'] === '*'));
  assert.ok(p.Statement.every((s) => s.Principal === '*'));
});

test('readProbe keeps the keys present in the request context', () => {
  const trace = { layers: [{ layer: 'identity', policies: [] }, { layer: 'resource', policies: [{ statements: [
    { conditions: [{ key: 'aws:SourceIdentity', contextValues: ['alice'] }] },
    { conditions: [{ key: 'aws:MultiFactorAuthAge', contextValues: null }] },
  ] }] }] };
  assert.deepEqual(readProbe(trace), { 'aws:SourceIdentity': ['alice'] });
});

test('sessionFacts: tags marked transitive, MFA, times and duration', () => {
  const facts = Object.fromEntries(sessionFacts({
    session: { operation: 'AssumeRoleWithSAML', arn: 'arn:aws:sts::1:assumed-role/R/a', issuedAt: '2025-01-01T00:00:00Z', transitiveKeys: ['Project'], response: { Credentials: { Expiration: '2025-01-01T01:00:00Z' } } },
    identity: { Arn: 'arn:aws:sts::1:assumed-role/R/a', UserId: 'AROA:a', Account: '1' },
    context: { 'aws:PrincipalTag/Project': ['Unicorn'], 'aws:PrincipalTag/Cost': ['9'], 'aws:MultiFactorAuthPresent': ['false'], 'aws:TokenIssueTime': ['2025-01-01T00:00:00Z'], 'aws:SourceIdentity': ['alice'] },
  }));
  assert.equal(facts['Session tags'], 'Project=Unicorn (transitive), Cost=9');
  assert.equal(facts.MFA, 'absent');
  assert.equal(facts.Duration, '1 h');
  assert.equal(facts['Source identity'], 'alice');
  assert.match(renderSessionFacts([['a', '<b>']]), /&lt;b&gt;/);
  assert.equal(durationText(5400), '1 h 30 min');
});

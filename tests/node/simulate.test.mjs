// simulate and compilePolicies through the npm package, as JS users call them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePolicies, simulate } from 'sts-sim';

const identity = [{
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::reports/${aws:username}/*' },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  ],
}];
const request = (over = {}) => ({
  principal: 'arn:aws:iam::111122223333:user/alice',
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::reports/alice/q3.csv',
  context: { 'aws:username': 'alice', 'aws:SecureTransport': true },
  ...over,
});

test('simulate allows, denies explicitly and denies implicitly', () => {
  assert.equal(simulate({ policies: { identity }, request: request() }).decision, 'Allow');
  assert.equal(simulate({ policies: { identity }, request: request({ context: { 'aws:username': 'alice', 'aws:SecureTransport': false } }) }).decision, 'ExplicitDeny');
  assert.equal(simulate({ policies: { identity }, request: request({ resource: 'arn:aws:s3:::reports/bob/q3.csv' }) }).decision, 'ImplicitDeny');
});

test('the answer carries a trace that names the deciding layer', () => {
  const answer = simulate({ policies: { identity }, request: request() });
  assert.equal(answer.type, 'success');
  assert.equal(typeof answer.trace, 'object');
  assert.ok(JSON.stringify(answer.trace).includes('identity'));
});

test('compilePolicies gives a handle that answers like simulate', () => {
  const handle = compilePolicies({ identity });
  assert.equal(handle.type, 'success');
  for (const r of [request(), request({ resource: 'arn:aws:s3:::reports/bob/x' })]) {
    assert.deepEqual(handle.simulate(r), simulate({ policies: { identity }, request: r }));
  }
});

test('bad policies and requests are failure values naming the field', () => {
  const bad = compilePolicies({ identity: ['{"Statement": {"Effect": "Allow"}}'] });
  assert.equal(bad.type, 'failure');
  assert.match(bad.errors[0].path, /^policies\.identity\[0\]/);
  const unknown = simulate({ policies: { identity }, request: request({ acton: 's3:GetObject' }) });
  assert.equal(unknown.type, 'failure');
  assert.match(JSON.stringify(unknown.errors), /acton/);
  assert.throws(() => compilePolicies('nope'), TypeError);
  assert.equal(simulate({ policies: { identity }, request: request() }).decision, 'Allow');
});

test('decide and decideBatch give the same decisions as simulate, without a trace', () => {
  const handle = compilePolicies({ identity });
  const requests = [request(), request({ resource: 'arn:aws:s3:::reports/bob/x' }), request({ context: { 'aws:username': 'alice', 'aws:SecureTransport': false } })];
  const expected = requests.map((r) => simulate({ policies: { identity }, request: r }).decision);
  assert.deepEqual(expected, ['Allow', 'ImplicitDeny', 'ExplicitDeny']);
  assert.deepEqual(requests.map((r) => handle.decide(r)), expected);
  assert.deepEqual(handle.decideBatch(requests), expected);
  const [bad] = handle.decideBatch([{ principal: 'nope' }]);
  assert.equal(bad.type, 'failure');
  assert.throws(() => handle.decideBatch('x'), TypeError);
});

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

// handle.decide reads a request object in the usual form field by field in JS (its JSON text is
// never written); anything else takes the JSON path. Either way the answer must be the one the
// JSON path gives, which `simulate` always takes: generated requests, many of them at the edges
// of what JSON.stringify and the reader accept.
test('decide answers every request object as its JSON form does', () => {
  const policies = { identity: [...identity, {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'sqs:*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'é'] } } },
      { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } },
      { Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '444455556666' } } },
    ],
  }] };
  const handle = compilePolicies(policies);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const strings = ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::444455556666:user/bob', 'ec2.amazonaws.com', 'anonymous', 'garbage', '',
    'arn:aws:iam::111122223333:user/al\0ice', 'arn:aws:iam::111122223333:user/\uD800', 'arn:aws:iam::111122223333:user/"q"', 'arn:aws:iam::111122223333:user/é'];
  const actions = ['s3:GetObject', 'S3:GETOBJECT', 'sqs:SendMessage', 'ec2:RunInstances', 'nocolon', 's3:Get\0Object', '', 's3:GetObjéct'];
  const resources = ['arn:aws:s3:::reports/alice/q3.csv', 'arn:aws:s3:::reports/bob/x', '*', 'arn:aws:s3:::reports/alice/a"b\\c', 'arn:aws:s3:::reports/alice/\u2028', 'arn:aws:sqs:us-east-1:444455556666:q'];
  const scalars = ['alice', 'bob', '', 'a', 'é', 'x\0y', '\uDC00', 'true', true, false, 0, -0, 3600, 1.5, -1, 1e15, 999999999999999, 1e21, NaN, Infinity, null, undefined, { nested: 1 }, new Date(0)];
  const keys = ['aws:username', 'AWS:USERNAME', 'aws:SecureTransport', 'aws:TagKeys', 'aws:MultiFactorAuthAge', 'aws:PrincipalAccount', '', '\0', '1', 'toJSON'];
  const value = () => random() < 0.25 ? [pick(scalars), pick(scalars)].slice(0, Math.floor(random() * 3)) : random() < 0.05 ? [, 'a'] : pick(scalars);
  const context = () => {
    const r = random();
    if (r < 0.1) return pick([undefined, null, {}, [], 'x', new Map()]);
    const c = r < 0.15 ? Object.create(null) : {};
    for (let i = Math.floor(random() * 4); i > 0; i--) c[pick(keys)] = value();
    if (random() < 0.05) c.toJSON = () => ({ 'aws:username': 'alice' });
    return c;
  };
  const make = () => {
    const r = random() < 0.1 ? Object.create(null) : {};
    const fields = { principal: random() < 0.7 ? strings[0] : pick([...strings, 5, undefined, null]), action: pick(actions), resource: pick(resources) };
    if (random() < 0.05) delete fields.action;
    for (const [k, v] of Object.entries(fields)) r[k] = v;
    if (random() < 0.3) r.resourceAccount = pick(['111122223333', '444455556666', '12', '', null, undefined, 5]);
    if (random() < 0.9) r.context = context();
    if (random() < 0.05) r.acton = 's3:GetObject';
    if (random() < 0.05) Object.defineProperty(r, 'principal', { enumerable: true, get: () => strings[1] });
    if (random() < 0.03) r.toJSON = () => ({ principal: strings[0], action: 's3:GetObject', resource: resources[0], context: { 'aws:username': 'alice', 'aws:SecureTransport': true } });
    return random() < 0.03 ? new Proxy(r, {}) : r;
  };
  const kinds = new Map();
  for (let i = 0; i < 4000; i++) {
    const r = make();
    const reference = handle.simulate(r);
    const expected = reference.type === 'success' ? reference.decision : reference;
    assert.deepEqual(handle.decide(r), expected, JSON.stringify(r));
    const kind = typeof expected === 'string' ? expected : 'failure';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  // The generator reaches every answer.
  assert.deepEqual([...kinds.keys()].sort(), ['Allow', 'ExplicitDeny', 'ImplicitDeny', 'failure']);
});

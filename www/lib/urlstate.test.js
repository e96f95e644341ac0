import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeState, encodeState, shareableState } from './urlstate.js';
import { EXAMPLES } from './examples.js';

const state = {
  docs: [{ name: 'Trust ✓ ünïcode', kind: 'trust', text: '{"Version":"2012-10-17","Statement":[]}', extra: 'dropped' }],
  active: 0,
  panel: 'sts',
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: '*', context: [['aws:SourceIp', '10.0.0.1']] },
  call: {
    operation: 'AssumeRole',
    caller: { session: 0, arn: 'arn:aws:sts::444455556666:assumed-role/Deploy/s', credentials: { AccessKeyId: 'ASIAX', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG', SessionToken: 'IQoJb3JpZ2lu' } },
    params: { RoleArn: 'arn:aws:iam::444455556666:role/Audit', SecretAccessKey: 'nope', SessionToken: 'nope', TokenCode: '123456', ExternalId: '', Tags: [] },
    region: 'eu-west-1',
    endpoint: 'global',
  },
  example: 'sts-role-chaining',
};

test('the state survives a round trip through the hash', async () => {
  const hash = await encodeState(state);
  assert.match(hash, /^#s=[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeState(hash), JSON.parse(JSON.stringify(shareableState(state))));
  const back = await decodeState(hash);
  assert.equal(back.docs[0].name, 'Trust ✓ ünïcode');
  assert.equal(back.docs[0].extra, undefined);
  assert.equal(back.call.endpoint, 'global');
});

test('issued credentials never reach the URL; a session caller becomes its principal ARN', async () => {
  const back = await decodeState(await encodeState(state));
  const text = JSON.stringify(back);
  for (const secret of ['wJalrXUtnFEMI', 'IQoJb3JpZ2lu', 'ASIAX', 'nope']) assert.ok(!text.includes(secret), secret);
  assert.deepEqual(back.call.caller, { Principal: 'arn:aws:sts::444455556666:assumed-role/Deploy/s' });
  assert.deepEqual(back.call.params, { RoleArn: 'arn:aws:iam::444455556666:role/Audit', TokenCode: '123456' }, 'blanks dropped, secrets never kept');
});

test('every example fits in a link of reasonable length', async () => {
  for (const ex of EXAMPLES) {
    const hash = await encodeState({ ...ex, active: 0, example: ex.id });
    assert.ok(hash.length < 4000, `${ex.id}: ${hash.length}`);
  }
});

test('garbage and foreign hashes decode to null', async () => {
  assert.equal(await decodeState(''), null);
  assert.equal(await decodeState('#section-2'), null);
  assert.equal(await decodeState('#s=%%%not-base64'), null);
  assert.equal(await decodeState('#s=AAAA'), null);
});

test('the source IP of a call travels; a blank one does not', async () => {
  const withIp = await decodeState(await encodeState({ ...state, call: { ...state.call, sourceIp: ' 203.0.113.10 ' } }));
  assert.equal(withIp.call.sourceIp, '203.0.113.10');
  const blank = await decodeState(await encodeState({ ...state, call: { ...state.call, sourceIp: '' } }));
  assert.equal('sourceIp' in blank.call, false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainTo, renderChainSvg } from './chain.js';

const sessions = [
  { arn: 'arn:aws:sts::444455556666:assumed-role/Deploy/alice-deploy', operation: 'AssumeRole', parent: null, caller: 'arn:aws:iam::111122223333:user/alice', issuedAt: '2025-01-01T00:00:00Z', response: { Credentials: { Expiration: '2025-01-01T02:00:00Z' } }, tags: [['project', 'apollo']], transitiveKeys: ['project'] },
  { arn: 'arn:aws:sts::1:assumed-role/Other/x', operation: 'AssumeRole', parent: null, caller: 'someone', issuedAt: '2025-01-01T00:00:00Z', response: {} },
  { arn: 'arn:aws:sts::444455556666:assumed-role/Audit/alice-audit', operation: 'AssumeRole', parent: 0, caller: 'arn:aws:sts::444455556666:assumed-role/Deploy/alice-deploy', issuedAt: '2025-01-01T00:05:00Z', response: { Credentials: { Expiration: '2025-01-01T01:05:00Z' } }, tags: [['project', 'apollo']], transitiveKeys: ['project'] },
];

test('chainTo walks parents back to the identity that started the chain', () => {
  const nodes = chainTo(sessions, 2);
  assert.deepEqual(nodes.map((n) => n.title), ['arn:aws:iam::111122223333:user/alice', sessions[0].arn, sessions[2].arn]);
  assert.deepEqual(nodes.map((n) => n.duration), [undefined, '2 h', '1 h']);
  assert.equal(nodes[2].chained, true);
  assert.deepEqual(nodes[2].tags, ['project=apollo ⇢']);
  assert.deepEqual(chainTo(sessions, 9), []);
});

test('the SVG names every node and edge in text, with the chained cap', () => {
  const svg = renderChainSvg(chainTo(sessions, 2));
  assert.match(svg, /^<svg[^>]+role="img"[^>]+aria-label="Role chain: arn:aws:iam::111122223333:user\/alice → AssumeRole 2 h/);
  assert.equal((svg.match(/<g class="node/g) ?? []).length, 3);
  assert.match(svg, /AssumeRole · 1 h \(chained: ≤ 1 h\)/);
  assert.match(svg, /tags: project=apollo ⇢/);
  assert.equal(renderChainSvg([]), '');
});

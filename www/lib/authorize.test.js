import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextFromRows, policiesFrom, simulateInput } from './authorize.js';

test('documents become policy layers: trust joins resource, SCPs sit at level 0, worlds are skipped', () => {
  const docs = [
    { name: 'T', kind: 'trust', text: 't' }, { name: 'I', kind: 'identity', text: 'i' }, { name: 'S1', kind: 'scp', text: 's1' },
    { name: 'S2', kind: 'scp', text: 's2' }, { name: 'W', kind: 'world', text: '{}' }, { name: 'R', kind: 'resource', text: 'r' },
  ];
  const { policies, names } = policiesFrom(docs);
  assert.deepEqual(policies, { resource: ['t', 'r'], identity: ['i'], scp: ['s1', 's2'] });
  assert.deepEqual(names, { 'resource[0]': 'T', 'identity[0]': 'I', 'scp[0][0]': 'S1', 'scp[0][1]': 'S2', 'resource[1]': 'R' });
});

test('context rows: trimmed, blank keys skipped, [lists] parsed, other text kept as typed', () => {
  assert.deepEqual(contextFromRows([[' aws:SourceIp ', ' 10.0.0.1 '], ['', 'x'], ['aws:TagKeys', '["a", "b"]'], ['aws:referer', '[not json']]),
    { 'aws:SourceIp': '10.0.0.1', 'aws:TagKeys': ['a', 'b'], 'aws:referer': '[not json' });
  const input = simulateInput([], { principal: ' p ', action: 'a', resource: 'r', context: [] });
  assert.deepEqual(input, { policies: {}, request: { principal: 'p', action: 'a', resource: 'r' } });
});

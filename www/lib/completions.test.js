import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONDITION_OPERATORS, GLOBAL_CONDITION_KEYS, completionsAt, jsonPositionAt } from './completions.js';

const at = (text) => completionsAt(text, text.length);
const labels = (c) => c.options.map((o) => o.label);

test('inside a Condition block: operators, with IfExists and set qualifiers', () => {
  const c = at('{"Statement":[{"Effect":"Allow","Condition":{"Str');
  assert.equal(c.from, '{"Statement":[{"Effect":"Allow","Condition":{"'.length);
  assert.ok(labels(c).includes('StringEquals'));
  assert.ok(labels(c).includes('StringLikeIfExists'));
  assert.ok(labels(c).includes('ForAllValues:StringEquals'));
  assert.ok(!labels(c).includes('NullIfExists'));
  assert.equal(CONDITION_OPERATORS.length, 27 + 26 + (27 + 26 - 1) * 2); // base, IfExists, then both under each set qualifier (never Null)
});

test('inside an operator: the global and STS condition keys, with their types', () => {
  const c = at('{"Statement":[{"Condition":{"Bool":{"aws:Mu');
  const mfa = c.options.find((o) => o.label === 'aws:MultiFactorAuthPresent');
  assert.equal(mfa.detail, 'Bool');
  assert.ok(labels(c).includes('sts:ExternalId'));
  assert.equal(c.options.find((o) => o.label === 'aws:TagKeys').detail, 'String, multivalued');
  assert.equal(new Set(GLOBAL_CONDITION_KEYS.map((k) => k.name)).size, GLOBAL_CONDITION_KEYS.length);
});

test('statement element names, Effect values; nothing inside other values', () => {
  assert.deepEqual(labels(at('{"Statement":[{"Effect":"Deny", "')).slice(0, 2), ['Sid', 'Effect']);
  assert.deepEqual(labels(at('{"Statement":[{},{"Effect":"A')), ['Allow', 'Deny']);
  assert.equal(at('{"Statement":[{"Action":"s3:Get'), null);
  const outside = at('{"Statement":[{"Condition":{ ');
  assert.equal(outside.inString, false);
  assert.ok(labels(outside).includes('Bool'));
});

test('the position scanner tracks keys, array indexes and escaped quotes', () => {
  const text = '{"a":[1,{"b\\"":{"c":"x';
  assert.deepEqual(jsonPositionAt(text, text.length), { path: ['a', 1, 'b\\"', 'c'], role: 'value', from: text.length - 1, inString: true });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byteOffsetToIndex, escapeHtml, formatJson, renderProblems, summarize } from './diagnostics.js';

const error = { severity: 'error', code: 'MISSING_EFFECT', message: 'The statement has no "Effect" <element>', path: 'Statement[0]', line: 3, column: 5, offset: 30, endOffset: 60 };
const warning = { severity: 'warning', code: 'UNKNOWN_GLOBAL_CONDITION_KEY', message: 'aws:Foo is not a global key', path: 'Statement[0].Condition', line: 0, column: 0, offset: 0, endOffset: 0 };

test('summaries count errors and warnings', () => {
  assert.deepEqual(summarize({ type: 'failure', errors: [error], warnings: [warning] }), { level: 'error', text: 'Invalid: 1 error, 1 warning' });
  assert.deepEqual(summarize({ type: 'success', warnings: [] }), { level: 'ok', text: 'Valid policy' });
  assert.deepEqual(summarize({ type: 'success', warnings: [warning, warning] }), { level: 'ok', text: 'Valid, with 2 warnings' });
});

test('problems render escaped, with a jump button only where there is a position', () => {
  const html = renderProblems({ type: 'failure', errors: [error], warnings: [warning] });
  assert.match(html, /<li class="error"><button[^>]*data-offset="30"[^>]*aria-label="Go to line 3, column 5">3:5<\/button>/);
  assert.match(html, /&lt;element&gt;/);
  assert.doesNotMatch(html, /<element>/);
  assert.match(html, /<li class="warning"><span class="where">Statement\[0\]\.Condition<\/span>/);
  assert.equal(escapeHtml(`"'&`), '&quot;&#39;&amp;');
});

test('formatJson pretty-prints or refuses', () => {
  assert.equal(formatJson('{"a":[1]}'), '{\n  "a": [\n    1\n  ]\n}');
  assert.equal(formatJson('{"a":'), null);
});

test('byte offsets map to UTF-16 indexes', () => {
  assert.equal(byteOffsetToIndex('abc', 2), 2);
  assert.equal(byteOffsetToIndex('é!', 2), 1); // é is 2 bytes, 1 UTF-16 unit
  assert.equal(byteOffsetToIndex('😀x', 4), 2); // 😀 is 4 bytes, 2 UTF-16 units
});

test('diagnostic ranges convert UTF-8 byte offsets to UTF-16 and skip position-less ones', async () => {
  const { diagnosticRanges } = await import('./diagnostics.js');
  const text = '{"Sid":"é😀","Effect":"Alow"}';
  const start = new TextEncoder().encode('{"Sid":"é😀","Effect":').length;
  const d = { ...error, offset: start, endOffset: start + 6, code: 'INVALID_EFFECT', message: 'bad effect' };
  const ranges = diagnosticRanges(text, { type: 'failure', errors: [d], warnings: [warning] });
  assert.equal(ranges.length, 1);
  assert.equal(text.slice(ranges[0].from, ranges[0].to), '"Alow"');
  assert.deepEqual({ ...ranges[0], from: 0, to: 0 }, { from: 0, to: 0, severity: 'error', code: 'INVALID_EFFECT', message: 'bad effect' });
});

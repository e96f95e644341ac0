import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderDecodedMessage } from './decode.js';

test('a decoded message reads as verdict, statements and context', () => {
  const html = renderDecodedMessage(JSON.stringify({
    allowed: false, explicitDeny: true,
    matchedStatements: { items: [{ statementId: 'DenyPut', effect: 'DENY', actions: { items: [{ value: 's3:PutObject' }] }, resources: { items: [{ value: '*' }] }, conditions: { items: [] } }] },
    failures: { items: [] },
    context: { principal: { id: 'AIDA', arn: 'arn:aws:iam::1:user/alice' }, action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', conditions: { items: [{ key: 'aws:Region', values: { items: [{ value: 'us-east-1' }] } }] } },
  }));
  assert.match(html, /data-explicit-deny="true"/);
  assert.match(html, /Denied explicitly/);
  assert.match(html, /<strong>DenyPut<\/strong>/);
  assert.match(html, /arn:aws:iam::1:user\/alice<\/strong> asked for <code>s3:PutObject/);
  assert.match(html, /aws:Region<\/code><\/dt><dd><code>us-east-1/);
  assert.match(renderDecodedMessage('not json'), /<pre/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeSamlResponse, oidcProviders, renderChecks, renderNotAnOperation, samlProviders } from './federation.js';

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

test('decodeJwt reads header and claims; a malformed token says why', () => {
  const token = `${b64url({ alg: 'ES256', kid: 'k1' })}.${b64url({ sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' })}.sig`;
  assert.deepEqual(decodeJwt(token), { header: { alg: 'ES256', kid: 'k1' }, claims: { sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' } });
  assert.match(decodeJwt('abc').error, /three/);
  assert.match(decodeJwt('a.b.c').error, /base64url JSON/);
});

test('decodeSamlResponse shortens signature values and splits elements onto lines', () => {
  const xml = `<samlp:Response><ds:SignatureValue>${'A'.repeat(300)}</ds:SignatureValue><saml:Subject>alice</saml:Subject></samlp:Response>`;
  const d = decodeSamlResponse(Buffer.from(xml).toString('base64'));
  assert.equal(d.xml, xml);
  assert.match(d.readable, /AAAA… \(300 characters\)/);
  assert.match(d.readable, /\n<saml:Subject>alice/);
  assert.ok(decodeSamlResponse('%%%').error);
});

test('providers come from the world, with the built-in OIDC ones', () => {
  const world = { Accounts: [{ AccountId: '111122223333', OpenIDConnectProviders: [{ Url: 'https://token.actions.githubusercontent.com' }], SAMLProviders: [{ Name: 'Okta' }] }] };
  assert.equal(oidcProviders(world)[0].arn, 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com');
  assert.ok(oidcProviders(world).some((p) => p.arn === 'accounts.google.com'));
  assert.deepEqual(samlProviders(world), [{ arn: 'arn:aws:iam::111122223333:saml-provider/Okta', label: 'Okta (111122223333)' }]);
});

test('checks are written out as passed/failed, naming where verification stopped', () => {
  const html = renderChecks([{ check: 'size', passed: true, detail: '401 characters' }, { check: 'issuer', passed: false, detail: 'iss "x" is not <y>' }]);
  assert.match(html, /✓ passed<\/span> <strong>Size<\/strong>/);
  assert.match(html, /stopped at <strong>Issuer/);
  assert.match(html, /&lt;y&gt;/);
  assert.equal(renderChecks(undefined), '');
});

test('AssumeRoleWithJWT is explained as AssumeRoleWithWebIdentity', () => {
  assert.match(renderNotAnOperation('AssumeRoleWithJWT'), /does not exist in AWS; use <strong>AssumeRoleWithWebIdentity/);
  assert.equal(renderNotAnOperation('AssumeRole'), '');
});

// Web identity federation across an independent JOSE implementation (the `jose` package), both
// ways: tokens the simulator mints verify with jose against `sim.jwks(…)`, as an outside service
// would check them; tokens jose signs with keys this test generates are accepted by
// AssumeRoleWithWebIdentity once their JWKS (or the private key, for minting) is in the world.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { Sim } from 'sts-sim';

const ACCOUNT = '111122223333';
const NOW = '2026-11-25T12:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const GH = 'https://token.actions.githubusercontent.com';
const GH_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const IDP = 'https://idp.test.example';
const IDP_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/idp.test.example`;

const role = (name, federated, condition) => ({
  RoleName: name,
  RoleId: `AROA${name.toUpperCase()}`.padEnd(21, 'X'),
  AssumeRolePolicyDocument: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
  },
});

function world(idp = {}) {
  return {
    Accounts: [{
      AccountId: ACCOUNT,
      AuthorizationDetails: {
        RoleDetailList: [
          role('GitHubDeploy', GH_ARN, {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/*' },
          }),
          role('IdpUser', IDP_ARN, { StringEquals: { 'idp.test.example:sub': 'user-1' } }),
        ],
      },
      OpenIDConnectProviders: [
        { Url: GH, ClientIDList: ['sts.amazonaws.com'] },
        { Url: IDP, ClientIDList: ['my-app'], ...idp },
      ],
    }],
  };
}

const assume = (sim, roleName, token) =>
  sim.call(null, 'AssumeRoleWithWebIdentity', { RoleArn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, RoleSessionName: 'ci', WebIdentityToken: token });

for (const alg of ['ES256', 'ES384']) {
  test(`a token the sim mints (${alg}) verifies with jose against sim.jwks, then assumes the role`, async () => {
    const sim = new Sim(world(), { now: NOW, seed: 7 });
    const minted = sim.mintWebIdentityToken(GH_ARN, { sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' }, { alg });
    assert.equal(minted.type, 'success');
    const jwks = sim.jwks(GH_ARN);
    assert.equal(jwks.type, 'success');
    const { payload, protectedHeader } = await jose.jwtVerify(minted.token, jose.createLocalJWKSet(jwks), {
      issuer: GH, audience: 'sts.amazonaws.com', algorithms: [alg], currentDate: new Date(NOW),
    });
    assert.equal(payload.sub, 'repo:acme/app:ref:refs/heads/main');
    assert.equal(payload.iat, NOW_S);
    assert.equal(payload.exp, NOW_S + 3600);
    // The kid is the key's RFC 7638 thumbprint, as jose computes it.
    const key = jwks.keys.find((k) => k.kid === protectedHeader.kid);
    assert.equal(await jose.calculateJwkThumbprint(key), protectedHeader.kid);

    const r = assume(sim, 'GitHubDeploy', minted.token);
    assert.equal(r.type, 'success', JSON.stringify(r));
    assert.equal(r.response.Provider, GH_ARN);
    assert.equal(r.response.SubjectFromWebIdentityToken, 'repo:acme/app:ref:refs/heads/main');
    assert.equal(r.response.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/GitHubDeploy/ci`);
  });
}

test('the same seed mints the same token and publishes the same JWKS; another seed does not verify it', () => {
  const claims = { sub: 'repo:acme/app:ref:refs/heads/main', aud: 'sts.amazonaws.com' };
  const a = new Sim(world(), { now: NOW, seed: 7 }).mintWebIdentityToken(GH, claims);
  const b = new Sim(world(), { now: NOW, seed: 7 }).mintWebIdentityToken(GH, claims);
  assert.equal(a.token, b.token);
  const other = new Sim(world(), { now: NOW, seed: 8 });
  const r = assume(other, 'GitHubDeploy', a.token);
  assert.equal(r.type, 'failure');
  assert.equal(r.error.Code, 'InvalidIdentityToken');
});

test('a token jose signs (RS256) with a key the test generates is accepted once its JWKS is in the world', async () => {
  const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(publicKey)), alg: 'RS256', use: 'sig', kid: 'test-key-1' };
  const sim = new Sim(world({ Jwks: { keys: [jwk] } }), { now: NOW, seed: 1 });
  const sign = (key, sub) => new jose.SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
    .setIssuer(IDP).setAudience('my-app').setSubject(sub).setIssuedAt(NOW_S).setExpirationTime(NOW_S + 600)
    .sign(key);

  const ok = assume(sim, 'IdpUser', await sign(privateKey, 'user-1'));
  assert.equal(ok.type, 'success', JSON.stringify(ok));
  assert.equal(ok.response.Provider, IDP_ARN);
  assert.equal(ok.response.Audience, 'my-app');

  // The trust policy decides on the subject…
  const other = assume(sim, 'IdpUser', await sign(privateKey, 'user-2'));
  assert.deepEqual(other.error, { Type: 'Sender', Code: 'AccessDenied', Message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity' });

  // …and a signature by another key under the same kid does not verify.
  const stranger = await jose.generateKeyPair('RS256');
  const forged = assume(sim, 'IdpUser', await sign(stranger.privateKey, 'user-1'));
  assert.equal(forged.error.Code, 'InvalidIdentityToken');
  assert.equal(forged.explanation.checks.at(-1).check, 'signature');
});

test('a private JWK from jose as the world SigningKey: the sim mints with it and jose verifies with the public key', async () => {
  const { publicKey, privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const sim = new Sim(world({ SigningKey: await jose.exportJWK(privateKey) }), { now: NOW, seed: 1 });
  const minted = sim.mintWebIdentityToken(IDP, { sub: 'user-1', aud: 'my-app' });
  assert.equal(minted.type, 'success');
  const { payload } = await jose.jwtVerify(minted.token, publicKey, { issuer: IDP, audience: 'my-app', currentDate: new Date(NOW) });
  assert.equal(payload.sub, 'user-1');
  // Without Jwks, the provider's JWKS is the SigningKey's public half.
  assert.deepEqual(sim.jwks(IDP_ARN).keys.map((k) => k.x), [(await jose.exportJWK(publicKey)).x]);
  assert.equal(assume(sim, 'IdpUser', minted.token).type, 'success');
});

test('bad arguments: a TypeError for the wrong JS type, a failure value for an unknown provider or alg', () => {
  const sim = new Sim(world(), { now: NOW, seed: 1 });
  assert.throws(() => sim.mintWebIdentityToken(42, {}), TypeError);
  assert.throws(() => sim.mintWebIdentityToken(GH_ARN, 'claims'), TypeError);
  assert.throws(() => sim.jwks(null), TypeError);
  assert.equal(sim.mintWebIdentityToken('https://nowhere.example', { sub: 'x' }).type, 'failure');
  assert.equal(sim.mintWebIdentityToken(GH_ARN, { sub: 'x' }, { alg: 'HS256' }).type, 'failure');
  assert.equal(sim.jwks('arn:aws:iam::111122223333:oidc-provider/nowhere.example').type, 'failure');
});

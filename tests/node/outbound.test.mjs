// Outbound identity federation checked by an independent JOSE implementation (the `jose`
// package), as an external service would check it: a JWT from GetWebIdentityToken verifies
// against the JWKS the account's issuer publishes (`sim.jwks(accountId)`), with the issuer of
// `sim.openidConfiguration(accountId)` and the audience asked for ("Understanding token claims",
// IAM User Guide).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { Sim } from 'sts-sim';

const ACCOUNT = '111122223333';
const NOW = '2026-11-25T12:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;

const world = {
  Accounts: [{
    AccountId: ACCOUNT,
    OutboundWebIdentityFederation: { Enabled: true },
    AuthorizationDetails: {
      UserDetailList: [{
        UserName: 'alice', UserId: 'AIDAALICEEXAMPLE00001', Arn: USER, Path: '/',
        Tags: [{ Key: 'team', Value: 'data' }],
        UserPolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }] } }],
      }],
    },
  }],
};

for (const alg of ['RS256', 'ES384']) {
  test(`a ${alg} token from GetWebIdentityToken verifies with jose against the published JWKS`, async () => {
    const sim = new Sim(world, { now: NOW, seed: 3 });
    const r = sim.call({ Principal: USER }, 'GetWebIdentityToken', {
      Audience: ['https://api.example.com'], SigningAlgorithm: alg, DurationSeconds: 600, Tags: [{ Key: 'job', Value: 'nightly' }],
    });
    assert.equal(r.type, 'success', JSON.stringify(r));
    const config = sim.openidConfiguration(ACCOUNT);
    assert.equal(config.type, 'success');
    assert.match(config.configuration.issuer, /^https:\/\/[0-9a-f-]+\.tokens\.sts\.global\.api\.aws$/);
    assert.equal(config.configuration.jwks_uri, `${config.configuration.issuer}/.well-known/jwks.json`);
    const set = sim.jwks(ACCOUNT);
    assert.equal(set.type, 'success');
    const { payload, protectedHeader } = await jose.jwtVerify(r.response.WebIdentityToken, jose.createLocalJWKSet({ keys: set.keys }), {
      issuer: config.configuration.issuer, audience: 'https://api.example.com', algorithms: [alg], currentDate: new Date(NOW),
    });
    assert.equal(protectedHeader.alg, alg);
    assert.equal(payload.sub, USER);
    assert.equal(payload.iat, NOW_S);
    assert.equal(payload.exp, NOW_S + 600);
    assert.equal(typeof payload.jti, 'string');
    const aws = payload['https://sts.amazonaws.com/'];
    assert.deepEqual(aws, { aws_account: ACCOUNT, source_region: 'us-east-1', principal_tags: { team: 'data' }, request_tags: { job: 'nightly' } });
  });
}

test('a token does not verify for another audience, nor against another seed\'s keys', async () => {
  const sim = new Sim(world, { now: NOW, seed: 3 });
  const r = sim.call({ Principal: USER }, 'GetWebIdentityToken', { Audience: ['https://api.example.com'], SigningAlgorithm: 'ES384' });
  const keys = jose.createLocalJWKSet({ keys: sim.jwks(ACCOUNT).keys });
  await assert.rejects(jose.jwtVerify(r.response.WebIdentityToken, keys, { audience: 'https://elsewhere.example', currentDate: new Date(NOW) }));
  const other = new Sim(world, { now: NOW, seed: 4 });
  await assert.rejects(jose.jwtVerify(r.response.WebIdentityToken, jose.createLocalJWKSet({ keys: other.jwks(ACCOUNT).keys }), { currentDate: new Date(NOW) }));
});

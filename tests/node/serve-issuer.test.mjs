// `sts-sim serve` publishes each outbound issuer's OpenID configuration and JWKS (the accounts
// whose world enables OutboundWebIdentityFederation), matched by URL path since the issuer's host
// is AWS's. A verifier fetches them from the server, as it would from AWS, and checks with `jose`
// a token the AWS SDK got from GetWebIdentityToken over HTTP.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import * as jose from 'jose';
import { STSClient, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { Sim } from 'sts-sim';
import { serve, tempFile } from './support/serve.mjs';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const USER = `arn:aws:iam::${ACCOUNT}:user/alice`;
const alice = { accessKeyId: 'AKIARTX3GSDSSUAQEAYE', secretAccessKey: 'alice/Secret/Key/000000000000000000000000' };
const SEED = 7;

const account = (id, extra = {}) => ({ AccountId: id, OutboundWebIdentityFederation: { Enabled: true }, ...extra });
const world = {
  Accounts: [account(ACCOUNT, {
    AuthorizationDetails: {
      UserDetailList: [{
        UserName: 'alice', UserId: 'AIDAALICEEXAMPLE00001', Arn: USER, Path: '/',
        UserPolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetWebIdentityToken', Resource: '*' }] } }],
      }],
    },
    AccessKeys: [{ UserName: 'alice', ...{ AccessKeyId: alice.accessKeyId, SecretAccessKey: alice.secretAccessKey } }],
  })],
};
const sim = new Sim(world, { seed: SEED });
const config = sim.openidConfiguration(ACCOUNT).configuration;
const pathOf = (url) => new URL(url).pathname.replace(/\/$/, ''); // AWS's issuers: '' (no path)

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });
const start = async (w) => {
  const s = await serve(['--world', tempFile('world.json', JSON.stringify(w)), '--seed', String(SEED)]);
  servers.push(s);
  return s;
};

async function getJson(url) {
  const r = await fetch(url);
  assert.equal(r.headers.get('content-type'), 'application/json');
  return { status: r.status, body: await r.json() };
}

/** A GET with its own Host header (fetch does not let one set it). */
function getWithHost(url, host) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serve: the issuer documents, and a GetWebIdentityToken token verifies against them with jose', async () => {
  const server = await start(world);
  const discovery = await getJson(`${server.url}${pathOf(config.issuer)}/.well-known/openid-configuration`);
  assert.equal(discovery.status, 200);
  assert.deepEqual(discovery.body, config);
  const jwksUrl = `${server.url}${pathOf(discovery.body.jwks_uri)}`;
  const jwks = await getJson(jwksUrl);
  assert.equal(jwks.status, 200);
  assert.deepEqual(jwks.body, { keys: sim.jwks(ACCOUNT).keys });

  const sts = new STSClient({ region: 'us-east-1', endpoint: server.url, credentials: alice });
  for (const alg of ['RS256', 'ES384']) {
    const out = await sts.send(new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: alg }));
    // As a relying party would: the keys fetched from the jwks_uri (here, on this server).
    const { payload, protectedHeader } = await jose.jwtVerify(out.WebIdentityToken, jose.createRemoteJWKSet(new URL(jwksUrl)), {
      issuer: discovery.body.issuer, audience: 'https://api.example.com', algorithms: [alg],
    });
    assert.equal(protectedHeader.alg, alg);
    assert.equal(payload.sub, USER);
  }
  assert.ok(server.lines.some((l) => / GET \/\.well-known\/jwks\.json 200$/.test(l)), server.lines.join('\n'));
  // Other paths and methods are still STS's.
  const sts404 = await fetch(`${server.url}/.well-known/other`);
  assert.notEqual(sts404.headers.get('content-type'), 'application/json');
});

test('serve: with several issuers, the Host header or /<issuer host>/... picks the account; none without federation', async () => {
  const both = { Accounts: [...world.Accounts, account(OTHER), { AccountId: '777788889999' }] };
  const twin = new Sim(both, { seed: SEED });
  const other = twin.openidConfiguration(OTHER).configuration;
  assert.notEqual(other.issuer, config.issuer);
  const server = await start(both);
  const path = pathOf(other.jwks_uri);
  const ambiguous = await getJson(`${server.url}${path}`);
  assert.equal(ambiguous.status, 404);
  assert.match(ambiguous.body.message, /several accounts/);
  const byHost = await getWithHost(`${server.url}${path}`, new URL(other.issuer).host);
  assert.equal(byHost.status, 200);
  assert.equal(byHost.type, 'application/json');
  assert.deepEqual(byHost.body, { keys: twin.jwks(OTHER).keys });
  const byPrefix = await getJson(`${server.url}/${new URL(config.issuer).host}${pathOf(config.jwks_uri)}`);
  assert.deepEqual(byPrefix.body, { keys: twin.jwks(ACCOUNT).keys });
  const discovery = await getJson(`${server.url}/${new URL(other.issuer).host}/.well-known/openid-configuration`);
  assert.deepEqual(discovery.body, other);
  assert.notDeepEqual(twin.jwks(OTHER).keys, twin.jwks(ACCOUNT).keys);
  assert.equal(twin.openidConfiguration('777788889999').type, 'failure');
});

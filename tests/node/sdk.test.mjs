// The real AWS SDK for JavaScript v3 (@aws-sdk/client-sts) against sts-sim: in-process through
// createRequestHandler(sim), and over HTTP through `sts-sim serve`. The SDK serializes, signs
// (SigV4), parses STS's XML and raises its own exception classes: nothing here is mocked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Sim, createRequestHandler } from 'sts-sim';
import { world, WORLD_FILE, serve, cliPath, tempFile } from './support/serve.mjs';

const alice = { accessKeyId: 'AKIARTX3GSDSSUAQEAYE', secretAccessKey: 'alice/Secret/Key/000000000000000000000000' };
const DEPLOY = 'arn:aws:iam::111122223333:role/Deploy';
const ADMIN = 'arn:aws:iam::111122223333:role/Admin';
const region = 'us-east-1';

function sessionOf(out) {
  const c = out.Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected the call to be refused');
}

/** The same checks, whichever way the client reaches the simulator. */
function suite(name, clientFor, { expire }) {
  test(`${name}: AssumeRole, then GetCallerIdentity with the returned credentials`, async () => {
    const sts = clientFor(alice);
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: DEPLOY, RoleSessionName: 'ci' }));
    assert.match(out.Credentials.AccessKeyId, /^ASIA/);
    assert.ok(out.Credentials.Expiration instanceof Date);
    assert.equal(out.AssumedRoleUser.Arn, 'arn:aws:sts::111122223333:assumed-role/Deploy/ci');
    assert.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/);
    const who = await clientFor(sessionOf(out)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, 'arn:aws:sts::111122223333:assumed-role/Deploy/ci');
    assert.equal(who.UserId, 'AROADEPLOYEXAMPLE0001:ci');
    assert.equal(who.Account, '111122223333');
  });

  test(`${name}: a denied call is the SDK's AccessDenied exception with AWS's message`, async () => {
    const e = await rejection(clientFor(alice).send(new AssumeRoleCommand({ RoleArn: ADMIN, RoleSessionName: 'ci' })));
    assert.equal(e.name, 'AccessDenied');
    assert.equal(e.Code, 'AccessDenied');
    assert.equal(e.message, `User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: ${ADMIN}`);
    assert.equal(e.$metadata.httpStatusCode, 403);
    assert.equal(e.$fault, 'client');
  });

  test(`${name}: an altered secret is SignatureDoesNotMatch`, async () => {
    const wrong = { ...alice, secretAccessKey: alice.secretAccessKey.replace('Secret', 'Secreu') };
    const e = await rejection(clientFor(wrong).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'SignatureDoesNotMatch');
    assert.match(e.message, /^The request signature we calculated does not match the signature you provided/);
    assert.equal(e.$metadata.httpStatusCode, 403);
  });

  test(`${name}: an expired session is ExpiredToken`, async () => {
    const out = await clientFor(alice).send(new AssumeRoleCommand({ RoleArn: DEPLOY, RoleSessionName: 'short', DurationSeconds: 900 }));
    const later = await expire();
    const e = await rejection(later(sessionOf(out)).send(new GetCallerIdentityCommand({})));
    assert.equal(e.name, 'ExpiredToken');
    assert.equal(e.message, 'The security token included in the request is expired');
    assert.equal(e.$metadata.httpStatusCode, 403);
  });
}

// In-process: the Sim follows the test's clock; `advance` moves it past the session's expiry.
// The SDK then signs with a clock an hour behind the Sim's: STS's "Signature expired" answer
// carries a Date header, from which the SDK corrects its clock and retries, as against AWS.
{
  const sim = new Sim(world, { now: Date.now(), seed: 1 });
  const handler = createRequestHandler(sim);
  const clientFor = (credentials) => new STSClient({ region, credentials, requestHandler: handler });
  suite('createRequestHandler', clientFor, {
    expire: async () => {
      sim.advance(3600);
      return clientFor;
    },
  });

  test('createRequestHandler: every call leaves its CloudTrail record, request ids matching', async () => {
    const fresh = new Sim(world, { now: Date.now(), seed: 2 });
    const before = fresh.events().length;
    const out = await new STSClient({ region, credentials: alice, requestHandler: createRequestHandler(fresh) }).send(new GetCallerIdentityCommand({}));
    const events = fresh.events();
    assert.equal(events.length, before + 1);
    assert.equal(events.at(-1).eventName, 'GetCallerIdentity');
    assert.equal(events.at(-1).requestID, out.$metadata.requestId);
    assert.match(events.at(-1).userAgent, /aws-sdk-js/);
  });
}

test('createRequestHandler refuses what is not a Sim', () => {
  assert.throws(() => createRequestHandler({}), TypeError);
});

test('sim.handle answers raw HTTP: unsigned AssumeRole, unknown Action', () => {
  const sim = new Sim(world, { now: '2026-11-25T12:00:00Z', seed: 1 });
  const r = sim.handle({ method: 'POST', url: 'https://sts.amazonaws.com/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(DEPLOY)}&RoleSessionName=x` });
  assert.equal(r.status, 403);
  assert.match(r.body, /<Code>MissingAuthenticationToken<\/Code>\s*<Message>Request is missing Authentication Token<\/Message>/);
  assert.equal(r.headers.Date, 'Wed, 25 Nov 2026 12:00:00 GMT');
  const bytes = new TextEncoder().encode('Action=Nope&Version=2011-06-15');
  const u = sim.handle({ method: 'POST', url: '/', headers: [['Host', 'localhost'], ['Content-Type', 'application/x-www-form-urlencoded']], body: bytes });
  assert.equal(u.status, 400);
  assert.match(u.body, /<Code>InvalidAction<\/Code>/);
  assert.throws(() => sim.handle({ url: '/' }), TypeError);
  assert.throws(() => sim.handle('GET /'), TypeError);
});

// Over HTTP: `sts-sim serve`, following real time. A session outlives no restart of its
// expiry: a second server with the same world and seed, its clock fixed after the expiry,
// recognises the credentials (they carry their session) and finds them expired.
{
  let server;
  const laterServers = [];
  const clientFor = (credentials) => new STSClient({ region, credentials, endpoint: server.url });
  test('serve: starts and prints its URL', async () => {
    server = await serve(['--world', WORLD_FILE, '--seed', '3']);
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });
  suite('serve', clientFor, {
    expire: async () => {
      const later = await serve(['--world', WORLD_FILE, '--seed', '3', '--now', new Date(Date.now() + 3600_000).toISOString()]);
      laterServers.push(later);
      return (credentials) => new STSClient({ region, credentials, endpoint: later.url });
    },
  });
  test('serve: one log line per call; SIGTERM stops it cleanly', async () => {
    const logged = server.lines.slice(1);
    assert.ok(logged.length >= 4, logged.join('\n'));
    assert.ok(logged.some((l) => / POST AssumeRole 200 [0-9a-f-]{36}$/.test(l)), logged.join('\n'));
    assert.ok(logged.some((l) => / POST AssumeRole 403 AccessDenied /.test(l)), logged.join('\n'));
    assert.equal(await server.stop(), 0);
    for (const s of laterServers) assert.equal(await s.stop(), 0);
  });
}

test('serve: a bad world is a clear error and exit code 1', () => {
  const bad = tempFile('world.json', JSON.stringify({ Accounts: [{ AccountId: 'not-an-account' }] }));
  const r = spawnSync(process.execPath, [cliPath(), 'serve', '--world', bad, '--port', '0'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^sts-sim: the world in '.*world\.json' does not load:\n {2}Accounts\[0\]/);
  const notJson = tempFile('world.json', '{ nope');
  const j = spawnSync(process.execPath, [cliPath(), 'serve', '--world', notJson, '--port', '0'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(j.status, 1);
  assert.match(j.stderr, /is not JSON/);
  const missing = spawnSync(process.execPath, [cliPath(), 'serve', '--world', '/nonexistent/world.json'], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read the world file/);
});

// STS calls per second in wasm under Node, through the npm package: `sim.call` end to end
// (authentication, policy evaluation, credential issue, token sealing, the CloudTrail record)
// on bench/sts-world.json with a fixed seed, like `cargo bench --bench sts`. Then `sim.handle`
// round trips (Query parsing, SigV4 verification, the XML answer on top) for POSTs the AWS SDK
// for JavaScript v3 signed once and that are replayed: the Sim's clock stands still, so a
// signature stays within STS's 15-minute window. Then federation's signatures (minting JWTs and
// SAML responses, verifying tokens, RSA key generation), and AssumeRole as the world grows (10,
// 1,000, 10,000 roles). Prints figures and writes target/bench/results-sts-wasm.json; asserts
// nothing.
import { readFileSync } from 'node:fs';
import { Sim, createRequestHandler } from 'sts-sim';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ROLE_COUNTS, scalingWorld } from './workload.mjs';
import { Report, median, now, since } from './results.mjs';

const world = JSON.parse(readFileSync(new URL('./sts-world.json', import.meta.url), 'utf8'));
const options = { now: '2026-11-18T00:00:00Z', seed: 42 };
const BATCH = 20_000; // calls per Sim: the CloudTrail log grows with every call

const report = new Report('sts-wasm', 'wasm');
const callersOf = (w) => w.Accounts.flatMap((a) => a.AccessKeys.map((k) => ({ AccessKeyId: k.AccessKeyId, SecretAccessKey: k.SecretAccessKey })));
const rolesOf = (w) => w.Accounts.flatMap((a) => a.AuthorizationDetails.RoleDetailList.map((r) => r.Arn));
const callers = world.Accounts.flatMap((a) => a.AccessKeys.map((k) => ({ AccessKeyId: k.AccessKeyId, SecretAccessKey: k.SecretAccessKey })));
const roles = world.Accounts.flatMap((a) => a.AuthorizationDetails.RoleDetailList.map((r) => r.Arn));

/** `count` calls of `operation` by `who` (callers in turn), `BATCH` per fresh Sim of `w`. */
function measure(operation, count, params, w = world, who = callers) {
  let ns = 0;
  let ok = 0;
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done);
    const sim = new Sim(w, options);
    const inputs = Array.from({ length: n }, (_, j) => [who[(done + j) % who.length], params(done + j)]);
    const start = now();
    for (const [caller, p] of inputs) if (sim.call(caller, operation, p).type === 'success') ok++;
    ns += since(start);
    sim.free?.();
  }
  return { ns, ok };
}

function row(section, what, count, { ns, ok }, note) {
  report.rate(section, what, count, ns, `${ok}/${count} answered${note ? `; ${note}` : ''}`);
}

const count = 40_000;
const assume = (i) => ({ RoleArn: roles[Math.floor(i / 3) % roles.length], RoleSessionName: `bench-${i % 1000}` });
measure('AssumeRole', 2_000, assume);
row('sts', 'Sim.call AssumeRole', count, measure('AssumeRole', count, assume), `bench/sts-world.json: ${callers.length} users, ${roles.length} roles`);
measure('GetSessionToken', 2_000, () => ({}));
row('sts', 'Sim.call GetSessionToken', count, measure('GetSessionToken', count, () => ({})));

// The wire: the requests as the SDK signs them (its serializer and SigV4 signer, its clock set
// to the Sim's), captured where createRequestHandler hands them to `sim.handle`.
async function sdkSigned(caller, command) {
  let wire;
  const probe = new Sim(world, options);
  const capture = { handle: (request) => { wire = request; return probe.handle(request); } };
  const client = new STSClient({
    region: 'us-east-1', maxAttempts: 1, requestHandler: createRequestHandler(capture),
    credentials: { accessKeyId: caller.AccessKeyId, secretAccessKey: caller.SecretAccessKey },
    systemClockOffset: Date.parse(options.now) - Date.now(),
  });
  await client.send(command).catch(() => {}); // a refusal (AccessDenied) is still a signed request
  probe.free?.();
  return wire;
}

function measureWire(count, requests) {
  let ns = 0;
  let ok = 0;
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done);
    const sim = new Sim(world, options);
    const start = now();
    for (let i = done; i < done + n; i++) if (sim.handle(requests[i % requests.length]).status === 200) ok++;
    ns += since(start);
    sim.free?.();
  }
  return { ns, ok };
}

function wireRow(operation, count, { ns, ok }) {
  report.rate('sts', `sim.handle (Query + SigV4 verify + XML) ${operation}`, count, ns, `${ok}/${count} HTTP 200; requests signed by @aws-sdk/client-sts`);
}

// One request per caller (GetCallerIdentity) and per (caller, role) pair of the AssumeRole loop
// above (its mix repeats every callers × roles calls).
const identity = await Promise.all(callers.map((c) => sdkSigned(c, new GetCallerIdentityCommand({}))));
measureWire(2_000, identity);
wireRow('GetCallerIdentity', count, measureWire(count, identity));
const pairs = Array.from({ length: callers.length * roles.length }, (_, i) => i);
const assumeRole = await Promise.all(pairs.map((i) => sdkSigned(callers[i % callers.length], new AssumeRoleCommand(assume(i)))));
measureWire(2_000, assumeRole);
wireRow('AssumeRole', count, measureWire(count, assumeRole));

// Federation: the signing and verification paths (src/crypto/) as the playground runs them.
// Every minted token or response has other claims, so no signature is answered from a memo.
{
  const ACCOUNT = '111122223333';
  const GH = 'https://token.actions.githubusercontent.com';
  const GH_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  const SAML_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/KeyedIdP`;
  const fed = {
    Accounts: [{
      AccountId: ACCOUNT,
      AuthorizationDetails: {
        RoleDetailList: [{
          RoleName: 'Deploy', RoleId: 'AROADEPLOYXXXXXXXXXXX',
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: GH_ARN }, Action: 'sts:AssumeRoleWithWebIdentity' }] },
        }],
      },
      OpenIDConnectProviders: [{ Url: GH, ClientIDList: ['sts.amazonaws.com'] }],
      // An OpenSSL-made RSA-2048 key (tests/data/keys/), so no key generation is timed here.
      SAMLProviders: [{ Name: 'KeyedIdP', SigningKey: readFileSync(new URL('../tests/data/keys/rsa-2048-pkcs1.pem', import.meta.url), 'utf8') }],
    }],
  };
  const timed = (n, f) => {
    f(-1); // the provider's key, derived or parsed once
    const start = now();
    for (let i = 0; i < n; i++) if (f(i).type !== 'success') throw new Error(`federation bench: call ${i} failed`);
    return since(start);
  };
  for (const [alg, n] of [['ES256', 1_000], ['ES384', 500], ['RS256', 300]]) {
    const sim = new Sim(fed, options);
    const mint = (i) => sim.mintWebIdentityToken(GH_ARN, { sub: `repo:o/r:ref:refs/heads/b${i}`, aud: 'sts.amazonaws.com' }, { alg });
    report.rate('federation', `sim.mintWebIdentityToken ${alg}`, n, timed(n, mint), 'the derived key made once');
    const token = mint(0).token;
    const verify = () => sim.call(null, 'AssumeRoleWithWebIdentity', { RoleArn: `arn:aws:iam::${ACCOUNT}:role/Deploy`, RoleSessionName: 'bench', WebIdentityToken: token });
    report.rate('federation', `Sim.call AssumeRoleWithWebIdentity, ${alg} token`, n, timed(n, verify), 'signature verified on every call');
    sim.free?.();
  }
  const sim = new Sim(fed, options);
  report.rate('federation', 'sim.mintSamlResponse (RSA-SHA256, a world PEM key)', 200, timed(200, (i) => sim.mintSamlResponse(SAML_ARN, { subject: `user-${i}`, roles: [] })), 'response signed');
  sim.free?.();
  // RSA-2048 key generation: a fresh seed each time (derived keys are memoised per seed).
  const keygen = Array.from({ length: 40 }, (_, i) => {
    const s = new Sim(fed, { ...options, seed: 10_000 + i });
    const start = now();
    s.mintWebIdentityToken(GH_ARN, { sub: 'k' }, { alg: 'RS256' });
    s.free?.();
    return since(start) / 1e6;
  });
  const mean = keygen.reduce((a, b) => a + b, 0) / keygen.length;
  report.text('federation', 'RS256 key derivation (RSA-2048 from a fresh seed) + first mint', `${mean.toFixed(1)} ms`, `mean of ${keygen.length} seeds; median ${median(keygen).toFixed(1)} ms, max ${Math.max(...keygen).toFixed(1)} ms`);
}

// Scaling: the first account's first user assumes one role over and over, then every role in
// turn, in worlds of 10, 1,000 and 10,000 roles (see benches/sts.rs).
for (const n of ROLE_COUNTS) {
  const w = scalingWorld(n);
  const who = callersOf(w).slice(0, 1);
  const arns = rolesOf(w);
  // The first large world in a process also pays for growing the wasm memory: timed apart.
  const loads = [0, 1].map(() => {
    const start = now();
    new Sim(w, options).free?.();
    return since(start) / 1e6;
  });
  report.text('scaling', `world of ${n} roles: new Sim(world)`, `${loads[1].toFixed(1)} ms`, `the world crosses as JSON, then loads; the first time: ${loads[0].toFixed(1)} ms`);
  const c = 20_000;
  const one = (i) => ({ RoleArn: arns[0], RoleSessionName: `s-${i % 1000}` });
  const each = (i) => ({ RoleArn: arns[i % arns.length], RoleSessionName: `s-${i % 1000}` });
  measure('AssumeRole', 2_000, one, w, who);
  row('scaling', `world of ${n} roles: AssumeRole, one role`, c, measure('AssumeRole', c, one, w, who));
  measure('AssumeRole', 2_000, each, w, who);
  row('scaling', `world of ${n} roles: AssumeRole, every role in turn`, c, measure('AssumeRole', c, each, w, who));
}
report.write();

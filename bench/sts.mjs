// STS calls per second in wasm under Node, through the npm package: `sim.call` end to end
// (authentication, policy evaluation, credential issue, token sealing, the CloudTrail record)
// on bench/sts-world.json with a fixed seed, like `cargo bench --bench sts`. Then `sim.handle`
// round trips (Query parsing, SigV4 verification, the XML answer on top) for POSTs the AWS SDK
// for JavaScript v3 signed once and that are replayed: the Sim's clock stands still, so a
// signature stays within STS's 15-minute window. Then AssumeRole as the world grows (10, 1,000,
// 10,000 roles). Prints figures and writes target/bench/results-sts-wasm.json; asserts nothing.
import { readFileSync } from 'node:fs';
import { Sim, createRequestHandler } from 'sts-sim';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ROLE_COUNTS, scalingWorld } from './workload.mjs';
import { Report, now, since } from './results.mjs';

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

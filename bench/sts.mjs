// STS calls per second in wasm under Node, through the npm package: `sim.call` end to end
// (authentication, policy evaluation, credential issue, token sealing, the CloudTrail record)
// on bench/sts-world.json with a fixed seed, like `cargo bench --bench sts`. Then `sim.handle`
// round trips (Query parsing, SigV4 verification, the XML answer on top) for POSTs the AWS SDK
// for JavaScript v3 signed once and that are replayed: the Sim's clock stands still, so a
// signature stays within STS's 15-minute window. Prints figures; asserts nothing.
import { readFileSync } from 'node:fs';
import { Sim, createRequestHandler } from 'sts-sim';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

const world = JSON.parse(readFileSync(new URL('./sts-world.json', import.meta.url), 'utf8'));
const options = { now: '2026-11-18T00:00:00Z', seed: 42 };
const BATCH = 20_000; // calls per Sim: the CloudTrail log grows with every call

const callers = world.Accounts.flatMap((a) => a.AccessKeys.map((k) => ({ AccessKeyId: k.AccessKeyId, SecretAccessKey: k.SecretAccessKey })));
const roles = world.Accounts.flatMap((a) => a.AuthorizationDetails.RoleDetailList.map((r) => r.Arn));

function measure(operation, count, params) {
  let ns = 0n;
  let ok = 0;
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done);
    const sim = new Sim(world, options);
    const inputs = Array.from({ length: n }, (_, j) => [callers[(done + j) % callers.length], params(done + j)]);
    const start = process.hrtime.bigint();
    for (const [caller, p] of inputs) if (sim.call(caller, operation, p).type === 'success') ok++;
    ns += process.hrtime.bigint() - start;
    sim.free?.();
  }
  return { ns: Number(ns), ok };
}

function row(operation, count, { ns, ok }) {
  const perSecond = Math.round((count / ns) * 1e9);
  console.log(`| wasm (Node) | ${operation.padEnd(17)} | ${perSecond.toLocaleString('en-US').padStart(10)} | ${(ns / count / 1000).toFixed(2).padStart(8)} | ${ok}/${count} answered |`);
}

console.log(`bench/sts-world.json: ${callers.length} users with access keys, ${roles.length} roles; seed ${options.seed}`);
console.log('| where       | operation         |    calls/s |  µs/call | answers |');
console.log('|-------------|-------------------|------------|----------|---------|');
const count = 40_000;
const assume = (i) => ({ RoleArn: roles[Math.floor(i / 3) % roles.length], RoleSessionName: `bench-${i % 1000}` });
measure('AssumeRole', 2_000, assume);
row('AssumeRole', count, measure('AssumeRole', count, assume));
const probe = new Sim(world, options).call(callers[0], 'GetSessionToken', {});
if (probe.type === 'failure' && probe.error?.Code === 'InvalidAction') {
  console.log(`| wasm (Node) | ${'GetSessionToken'.padEnd(17)} | ${'n/a'.padStart(10)} | ${'n/a'.padStart(8)} | not implemented yet |`);
} else {
  measure('GetSessionToken', 2_000, () => ({}));
  row('GetSessionToken', count, measure('GetSessionToken', count, () => ({})));
}

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
  let ns = 0n;
  let ok = 0;
  for (let done = 0; done < count; done += BATCH) {
    const n = Math.min(BATCH, count - done);
    const sim = new Sim(world, options);
    const start = process.hrtime.bigint();
    for (let i = done; i < done + n; i++) if (sim.handle(requests[i % requests.length]).status === 200) ok++;
    ns += process.hrtime.bigint() - start;
    sim.free?.();
  }
  return { ns: Number(ns), ok };
}

function wireRow(operation, count, { ns, ok }) {
  const perSecond = Math.round((count / ns) * 1e9);
  console.log(`| wasm (Node) | ${operation.padEnd(24)} | ${perSecond.toLocaleString('en-US').padStart(10)} | ${(ns / count / 1000).toFixed(2).padStart(8)} | ${ok}/${count} HTTP 200 |`);
}

// One request per caller (GetCallerIdentity) and per (caller, role) pair of the AssumeRole loop
// above (its mix repeats every callers × roles calls).
console.log();
console.log('| where       | sim.handle (signed POST) |    trips/s |  µs/trip | answers |');
console.log('|-------------|--------------------------|------------|----------|---------|');
const identity = await Promise.all(callers.map((c) => sdkSigned(c, new GetCallerIdentityCommand({}))));
measureWire(2_000, identity);
wireRow('GetCallerIdentity', count, measureWire(count, identity));
const pairs = Array.from({ length: callers.length * roles.length }, (_, i) => i);
const assumeRole = await Promise.all(pairs.map((i) => sdkSigned(callers[i % callers.length], new AssumeRoleCommand(assume(i)))));
measureWire(2_000, assumeRole);
wireRow('AssumeRole', count, measureWire(count, assumeRole));

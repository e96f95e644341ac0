// STS calls per second in wasm under Node, through the npm package: `sim.call` end to end
// (authentication, policy evaluation, credential issue, token sealing, the CloudTrail record)
// on bench/sts-world.json with a fixed seed, like `cargo bench --bench sts`. Prints figures;
// asserts nothing.
import { readFileSync } from 'node:fs';
import { Sim } from 'sts-sim';

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

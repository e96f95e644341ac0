// Policy decisions per second in wasm under Node, on the standard workload (bench/workload.mjs),
// beside @cloud-copilot/iam-simulate in the same process: its fastest mode, runUnsafeSimulation
// (no input validation; it parses the policies on every call: its API has no compiled form).
// The two run in interleaved rounds over the same requests, so a busy machine slows both alike;
// every request's two decisions are compared. Then decision time as the policy set grows.
// Prints figures and writes target/bench/results-policy-wasm.json; asserts nothing.
//
// iam-simulate is AGPL-3.0: a devDependency used by this script and the differential test only,
// never bundled or copied.
import { compilePolicies, simulate } from 'sts-sim';
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { STATEMENT_COUNTS, workload } from './workload.mjs';
import { Report, now, since } from './results.mjs';

const { policies, requests } = workload();
const report = new Report('policy-wasm', 'wasm');

function compiled(p) {
  const handle = compilePolicies(p);
  if (handle.type !== 'success') throw new Error(`the workload does not compile: ${JSON.stringify(handle)}`);
  return handle;
}
const handle = compiled(policies);

/** Runs `fn` on `count` requests in turn after a warm-up; answers nanoseconds. */
function timed(count, fn) {
  for (let i = 0; i < Math.min(count, 500); i++) fn(requests[i % requests.length]);
  const start = now();
  for (let i = 0; i < count; i++) fn(requests[i % requests.length]);
  return since(start);
}

report.rate('policy', 'one-off: simulate() (parse, compile, decide, trace)', 2_000, timed(2_000, (request) => simulate({ policies, request })));
report.rate('policy', 'compiled: handle.simulate(request) with trace', requests.length, timed(requests.length, (r) => handle.simulate(r)));

// ---------------------------------------------------------------------------------------------
// Beside iam-simulate, in interleaved rounds: each round hands the same slice of the workload to
// iam-simulate once, then to handle.decide and handle.decideBatch (REPEAT times each: they are
// fast enough that one pass would be too short to time well).

const IAM = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };
const named = (docs, prefix) => docs.map((policy, i) => ({ name: `${prefix}${i}`, policy }));
const identityPolicies = named(policies.identity, 'identity');
const serviceControlPolicies = policies.scp.map((level, i) => ({ orgIdentifier: `ou-level-${i}`, policies: named(level, `scp${i}-`) }));

/** The request as iam-simulate takes it (context values are strings there). */
function iamSimulation(r) {
  const contextVariables = Object.fromEntries(Object.entries(r.context).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]));
  return {
    request: { principal: r.principal, action: r.action, resource: { resource: r.resource, accountId: r.resource.split(':')[4] }, contextVariables },
    identityPolicies,
    serviceControlPolicies,
    resourceControlPolicies: [],
  };
}

const ROUNDS = 5;
const REPEAT = 5;
const slice = requests.length / ROUNDS;
const iamDecisions = [];
let iamNs = 0;
let decideNs = 0;
let batchNs = 0;
for (const r of requests.slice(0, 300)) runUnsafeSimulation(iamSimulation(r), {}); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  const part = requests.slice(round * slice, (round + 1) * slice);
  const inputs = part.map(iamSimulation);
  let start = now();
  for (const s of inputs) iamDecisions.push(runUnsafeSimulation(s, {}));
  iamNs += since(start);
  start = now();
  for (let k = 0; k < REPEAT; k++) for (const r of part) handle.decide(r);
  decideNs += since(start);
  start = now();
  for (let k = 0; k < REPEAT; k++) handle.decideBatch(part);
  batchNs += since(start);
}
const iamRate = (requests.length / iamNs) * 1e9;
const decideRate = ((REPEAT * requests.length) / decideNs) * 1e9;
const batchRate = ((REPEAT * requests.length) / batchNs) * 1e9;
report.rate('policy', 'compiled: handle.decide(request), one request per call', REPEAT * requests.length, decideNs, `interleaved with iam-simulate, ${ROUNDS} rounds`);
report.rate('policy', 'compiled: handle.decideBatch(2,000 requests)', REPEAT * requests.length, batchNs, `interleaved with iam-simulate, ${ROUNDS} rounds`);
report.rate('peers', 'iam-simulate runUnsafeSimulation (same process)', requests.length, iamNs, 'its fastest mode; parses the policies on every call');
report.text('peers', 'ratio: sts-sim handle.decide / iam-simulate unsafe', `${(decideRate / iamRate).toFixed(1)}×`, 'goal ≥ 100×');
report.text('peers', 'ratio: sts-sim handle.decideBatch / iam-simulate unsafe', `${(batchRate / iamRate).toFixed(1)}×`, '');

// Identical decisions expected everywhere except where iam-simulate applies service-specific
// rules (kms, sts); the standard workload has neither, so every request counts.
let compared = 0;
let differ = 0;
const mix = {};
requests.forEach((r, i) => {
  const service = r.action.split(':')[0].toLowerCase();
  if (service === 'kms' || service === 'sts') return;
  const ours = handle.decide(r);
  const theirs = IAM[iamDecisions[i]] ?? `unknown ${iamDecisions[i]}`;
  mix[ours] = (mix[ours] ?? 0) + 1;
  compared++;
  if (ours !== theirs) {
    if (differ < 3) console.log(`  differs: sts-sim ${ours}, iam-simulate ${theirs}: ${JSON.stringify(r)}`);
    differ++;
  }
});
const mixText = Object.entries(mix).map(([d, n]) => `${d} ${n}`).join(', ');
report.text('peers', 'decisions that differ from iam-simulate (outside kms, sts)', `${differ} of ${compared}`, `sts-sim decided ${mixText}`);

// ---------------------------------------------------------------------------------------------
// Scaling through the JS API: a constant per-call cost (the request crossing as JSON) plus the
// decision, which grows with the statements (see the native rows for the decision alone).
for (const n of STATEMENT_COUNTS) {
  const h = compiled(workload(42, 10_000, n).policies);
  const count = n >= 1_000 ? 2_000 : requests.length;
  report.rate('scaling', `policy set of ${n} identity statements: handle.decide`, count, timed(count, (r) => h.decide(r)));
  h.free?.();
}
report.write();

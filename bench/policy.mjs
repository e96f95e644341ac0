// Policy decisions per second in wasm under Node, on the standard workload. Prints figures;
// asserts nothing (speed targets live here, never in tests).
import { compilePolicies, simulate } from 'sts-sim';
import { workload } from './workload.mjs';

const { policies, requests } = workload();

function measure(label, count, fn) {
  for (let i = 0; i < Math.min(count, 500); i++) fn(requests[i % requests.length]);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) fn(requests[i % requests.length]);
  const ns = Number(process.hrtime.bigint() - start);
  const perSecond = Math.round((count / ns) * 1e9);
  console.log(`| wasm (Node) | ${label.padEnd(38)} | ${perSecond.toLocaleString('en-US').padStart(12)} | ${(ns / count / 1000).toFixed(2).padStart(9)} |`);
}

const handle = compilePolicies(policies);
if (handle.type !== 'success') throw new Error(JSON.stringify(handle));
const mix = {};
for (const r of requests) {
  const d = handle.decide ? handle.decide(r) : handle.simulate(r).decision;
  mix[d] = (mix[d] ?? 0) + 1;
}
console.log(`workload: ${requests.length} requests; decisions ${JSON.stringify(mix)}`);
console.log('| where       | mode                                   |  decisions/s |   µs/call |');
console.log('|-------------|----------------------------------------|--------------|-----------|');
measure('simulate() one-off (parse + trace)', 2_000, (request) => simulate({ policies, request }));
measure('compilePolicies handle .simulate (trace)', requests.length, (r) => handle.simulate(r));
if (handle.decide) measure('compilePolicies handle .decide', requests.length, (r) => handle.decide(r));
if (handle.decideBatch) {
  const start = process.hrtime.bigint();
  const rounds = 5;
  for (let i = 0; i < rounds; i++) handle.decideBatch(requests);
  const ns = Number(process.hrtime.bigint() - start);
  const perSecond = Math.round(((rounds * requests.length) / ns) * 1e9);
  console.log(`| wasm (Node) | ${'handle .decideBatch (10,000 per call)'.padEnd(38)} | ${perSecond.toLocaleString('en-US').padStart(12)} | ${(ns / rounds / requests.length / 1000).toFixed(2).padStart(9)} |`);
}

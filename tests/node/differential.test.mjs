// Differential test: sts-sim against @cloud-copilot/iam-simulate on ≥ 10,000 seeded random
// policy/request pairs over the features both implement (see differential-gen.mjs). Each pair
// goes through both engines; decisions are compared as Allow / ExplicitDeny / ImplicitDeny.
// A disagreement passes only when an entry of tests/differential-divergences.json matches it:
// the entry names the AWS documentation page that shows which side is right.
//
// iam-simulate is AGPL-3.0: it is a devDependency used here only, never bundled or copied.
//
// DIFF_SEED=<n> picks another corpus; DIFF_SETS=<n> changes its size (policy sets, 4 requests
// each). A disagreement is first shrunk (parts of the policies and context removed while the
// two engines still disagree the same way) so that its features, and the repro printed, are
// about what causes it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compilePolicies, simulate } from 'sts-sim';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { DERIVED_KEYS, features, generate } from './differential-gen.mjs';

const SEED = process.env.DIFF_SEED === undefined ? 20250611 : Number(process.env.DIFF_SEED);
const SETS = Number(process.env.DIFF_SETS ?? 2600);
const REQUESTS_PER_SET = 4;
const SHOW = Number(process.env.DIFF_SHOW ?? 5);
/** Shrinking is the slow part; past this many disagreements the rest are matched unshrunk. */
const MAX_SHRINKS = 2000;

const DIVERGENCES = JSON.parse(readFileSync(new URL('../differential-divergences.json', import.meta.url), 'utf8'));

/** sts-sim's input for a policy set. */
function stsPolicies(policies) {
  return {
    identity: policies.identity,
    resource: policies.resource ? [policies.resource] : [],
    boundary: policies.boundary ? [policies.boundary] : [],
    session: policies.session ? [policies.session] : [],
    scp: policies.scp,
    rcp: policies.rcp,
  };
}

function stsRequest(r) {
  return { principal: r.principal, action: r.action, resource: r.resource, resourceAccount: r.resourceAccount, context: r.context };
}

/** sts-sim's decision ("Error: …" when it refuses the input) and its trace. */
function stsAnswer(answer) {
  if (answer.type !== 'success') return { decision: `Error: ${answer.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` };
  return { decision: answer.decision, trace: answer.trace };
}

/** Through a `compilePolicies` handle: the corpus asks several requests of each policy set. */
function runStsCompiled(compiled, request) {
  return stsAnswer(compiled.type === 'success' ? compiled.simulate(stsRequest(request)) : compiled);
}

const IAM_DECISION = { Allowed: 'Allow', ExplicitlyDenied: 'ExplicitDeny', ImplicitlyDenied: 'ImplicitDeny' };
const named = (docs, prefix) => docs.map((policy, i) => ({ name: `${prefix}${i}`, policy }));

function iamSimulation(policies, r) {
  return {
    request: { principal: r.principal, action: r.action, resource: { resource: r.resource, accountId: r.resourceAccount }, contextVariables: r.context },
    identityPolicies: named(policies.identity, 'identity'),
    serviceControlPolicies: policies.scp.map((level, i) => ({ orgIdentifier: `scp-level-${i}`, policies: named(level, `scp${i}-`) })),
    resourceControlPolicies: policies.rcp.map((level, i) => ({ orgIdentifier: `rcp-level-${i}`, policies: named(level, `rcp${i}-`) })),
    resourcePolicy: policies.resource ?? undefined,
    permissionBoundaryPolicies: policies.boundary ? named([policies.boundary], 'boundary') : undefined,
    sessionPolicy: policies.session ?? undefined,
  };
}

/** iam-simulate's decision ("Error: …" when it refuses the input) and its analysis. */
async function runIam(policies, request) {
  const answer = await runSimulation(iamSimulation(policies, request), {});
  if (answer.resultType === 'error') return { decision: `Error: ${JSON.stringify(answer.errors)}` };
  if (answer.resultType !== 'single') return { decision: `Error: unexpected resultType ${answer.resultType}` };
  const ignored = answer.result.ignoredContextKeys ?? [];
  // A key iam-simulate drops would make the engines see different requests: a generator bug.
  if (ignored.length) return { decision: `Error: iam-simulate ignored context keys ${ignored.join(', ')}` };
  return { decision: IAM_DECISION[answer.overallResult] ?? `Error: ${answer.overallResult}`, analysis: answer.result.analysis };
}

async function runBoth(policies, request) {
  const sts = stsAnswer(simulate({ policies: stsPolicies(policies), request: stsRequest(request) }));
  const iam = await runIam(policies, request);
  return { sts, iam };
}

// ---------------------------------------------------------------------------------------------
// Shrinking: delete any array element or object property under `policies` and `context`
// (keeping Version, Effect, Principal and the caller's derived keys) while the two engines
// still give the same two decisions.

function* deletions(value, path = []) {
  if (Array.isArray(value)) {
    for (let i = value.length - 1; i >= 0; i--) {
      yield [...path, i];
      yield* deletions(value[i], [...path, i]);
    }
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (!['Version', 'Effect', 'Principal', 'NotPrincipal', 'Statement'].includes(key)) yield [...path, key];
      yield* deletions(value[key], [...path, key]);
    }
  }
}

function without(root, path) {
  const copy = structuredClone(root);
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step];
  const last = path[path.length - 1];
  if (Array.isArray(node)) node.splice(last, 1);
  else delete node[last];
  return copy;
}

/** Removes what does not matter to the disagreement; answers the smaller pair. */
async function shrink(policies, request, want) {
  let pair = { policies, context: request.context };
  const stillDisagrees = async (p) => {
    // Keep the repro a policy AWS would accept: no emptied Statement, element or value list.
    for (const d of [...p.policies.identity, p.policies.resource, p.policies.boundary, p.policies.session, ...p.policies.scp.flat(), ...p.policies.rcp.flat()]) {
      if (!d) continue;
      if (!Array.isArray(d.Statement) || d.Statement.length === 0) return false;
      for (const s of d.Statement) {
        if (!(s.Action ?? s.NotAction) || !(s.Resource ?? s.NotResource)) return false;
        for (const e of ['Action', 'NotAction', 'Resource', 'NotResource']) if (Array.isArray(s[e]) && s[e].length === 0) return false;
        if (s.Condition && Object.keys(s.Condition).length === 0) return false;
        for (const keys of Object.values(s.Condition ?? {})) {
          if (Object.keys(keys).length === 0) return false;
          for (const v of Object.values(keys)) if (Array.isArray(v) && v.length === 0) return false;
        }
      }
    }
    const { sts, iam } = await runBoth(p.policies, { ...request, context: p.context });
    return sts.decision === want.sts && iam.decision === want.iam;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const path of deletions(pair)) {
      if (path[0] === 'context' && (path.length !== 2 || DERIVED_KEYS.has(String(path[1]).toLowerCase()))) continue;
      if (path.length < 2 || (path.length === 2 && path[0] === 'policies')) continue; // a layer's slot itself
      if (path.includes('Principal') || path.includes('NotPrincipal')) continue; // keep documented principal shapes
      const candidate = without(pair, path);
      if (await stillDisagrees(candidate)) {
        pair = candidate;
        changed = true;
        break;
      }
    }
  }
  // The loop above keeps each layer's slot; try dropping the single-policy layers whole.
  for (const slot of ['resource', 'boundary', 'session']) {
    if (!pair.policies[slot]) continue;
    const candidate = { ...pair, policies: { ...pair.policies, [slot]: null } };
    if (await stillDisagrees(candidate)) pair = candidate;
  }
  return { policies: pair.policies, request: { ...request, context: pair.context } };
}

function known(tags, sts, iam) {
  return DIVERGENCES.find((d) => {
    const m = d.match;
    if (m.stsSim && m.stsSim !== sts) return false;
    if (m.iamSimulate && m.iamSimulate !== iam) return false;
    if (!m.features.every((f) => tags.has(f))) return false;
    if ((m.without ?? []).some((f) => tags.has(f))) return false;
    return !m.anyFeature || m.anyFeature.some((f) => tags.has(f));
  });
}

function iamSummary(analysis) {
  if (!analysis) return undefined;
  const pick = (a) => a && { result: a.result, allow: a.allowStatements?.map((s) => s.explain), deny: a.denyStatements?.map((s) => s.explain) };
  return {
    result: analysis.result,
    sameAccount: analysis.sameAccount,
    identity: pick(analysis.identityAnalysis),
    resource: pick(analysis.resourceAnalysis),
    boundary: pick(analysis.permissionBoundaryAnalysis),
    session: pick(analysis.sessionAnalysis),
    scp: analysis.scpAnalysis?.result,
    rcp: analysis.rcpAnalysis?.result,
  };
}

test(`sts-sim agrees with iam-simulate on ${SETS * REQUESTS_PER_SET} random pairs (seed ${SEED}) but for documented divergences`, async () => {
  const started = Date.now();
  const mix = { sts: {}, iam: {} };
  let pairs = 0;
  let agree = 0;
  let shrinks = 0;
  const knownHits = new Map();
  const unexplained = [];
  for (const { policies, requests } of generate(SEED, SETS, REQUESTS_PER_SET)) {
    const compiled = compilePolicies(stsPolicies(policies));
    for (const request of requests) {
      pairs++;
      const sts = runStsCompiled(compiled, request);
      const iam = await runIam(policies, request);
      mix.sts[sts.decision] = (mix.sts[sts.decision] ?? 0) + 1;
      mix.iam[iam.decision] = (mix.iam[iam.decision] ?? 0) + 1;
      if (sts.decision === iam.decision) {
        agree++;
        continue;
      }
      const want = { sts: sts.decision, iam: iam.decision };
      const small = shrinks++ < MAX_SHRINKS ? await shrink(policies, request, want) : { policies, request };
      const tags = features(small.policies, small.request);
      const entry = known(tags, sts.decision, iam.decision);
      if (entry) {
        knownHits.set(entry.id, (knownHits.get(entry.id) ?? 0) + 1);
        continue;
      }
      if (unexplained.length < 200) {
        const again = await runBoth(small.policies, small.request);
        unexplained.push({ want, tags: [...tags].sort(), policies: small.policies, request: small.request, stsTrace: again.sts.trace, iam: iamSummary(again.iam.analysis) });
      } else unexplained.push(null);
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const knownCount = [...knownHits.values()].reduce((a, b) => a + b, 0);
  const pct = ((100 * agree) / pairs).toFixed(2);
  const fmt = (m) => Object.entries(m).map(([k, v]) => `${k} ${v} (${((100 * v) / pairs).toFixed(1)}%)`).join(', ');
  console.log(`differential: seed ${SEED} (DIFF_SEED), ${pairs} pairs in ${seconds}s`);
  console.log(`sts-sim decisions: ${fmt(mix.sts)}`);
  console.log(`iam-simulate decisions: ${fmt(mix.iam)}`);
  console.log(`differential: ${pairs} pairs, ${agree} agree (${pct}%), ${knownCount} known divergences (${knownHits.size} kinds), ${unexplained.length} unexplained`);
  for (const [id, n] of knownHits) console.log(`  known ${id}: ${n}`);
  for (const u of unexplained.slice(0, SHOW)) {
    console.log(`\nUNEXPLAINED: sts-sim ${u.want.sts}, iam-simulate ${u.want.iam}`);
    console.log(`features: ${u.tags.join(' ')}`);
    console.log(`simulate input: ${JSON.stringify({ policies: stsPolicies(u.policies), request: stsRequest(u.request) })}`);
    console.log(`sts-sim trace: ${JSON.stringify(u.stsTrace)}`);
    console.log(`iam-simulate analysis: ${JSON.stringify(u.iam)}`);
  }
  // Every decision should be reachable, or the corpus proves little.
  for (const d of ['Allow', 'ExplicitDeny', 'ImplicitDeny']) assert.ok((mix.sts[d] ?? 0) > pairs / 20, `too few ${d} decisions: ${fmt(mix.sts)}`);
  assert.equal(unexplained.length, 0, `${unexplained.length} disagreements match no entry of tests/differential-divergences.json (first ${SHOW} above)`);
});

test('every divergence entry names the AWS documentation page and which side is right', () => {
  const ids = new Set();
  for (const d of DIVERGENCES) {
    assert.ok(d.id && !ids.has(d.id), `duplicate or missing id ${d.id}`);
    ids.add(d.id);
    assert.ok(['sts-sim', 'iam-simulate'].includes(d.rightSide), `${d.id}: rightSide`);
    assert.match(d.doc, / — https:\/\/docs\.aws\.amazon\.com\//, `${d.id}: doc must be "title — URL"`);
    assert.ok(d.explanation?.length > 40, `${d.id}: explanation`);
    assert.ok(Array.isArray(d.match?.features) && d.match.features.length > 0, `${d.id}: match.features`);
  }
});

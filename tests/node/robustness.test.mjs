// Bad input across the JS boundary, through the npm package as users import it: arguments of
// the wrong JS type, 10 MB strings, 10,000-level nesting and lone UTF-16 surrogates reach every
// export. Each gets a TypeError with a clear message or a failure value, never a wasm trap
// (WebAssembly.RuntimeError) or a hang; the module answers the next normal call; and 10,000
// failing calls do not make memory grow without bound (the figures are printed).
import { wasmMemoryBytes } from './support/wasm-memory.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sim, validatePolicy, simulate, compilePolicies, analyzeTrust, version, createRequestHandler } from 'sts-sim';
import { world } from './support/serve.mjs';

const alice = { AccessKeyId: 'AKIARTX3GSDSSUAQEAYE', SecretAccessKey: 'alice/Secret/Key/000000000000000000000000' };
const assume = { RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'ci' };
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const request = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
const MB10 = 10 * 1024 * 1024;

/** One shared Sim for the whole file: every bad call below is made on it, and it must keep answering. */
const sim = new Sim(world, { now: '2026-11-25T12:00:00Z', seed: 3 });
const compiled = compilePolicies({ identity: [allowAll] });

/** The module still answers normal calls, on the shared Sim and in the policy API. */
function stillUsable(after) {
  const who = sim.call(alice, 'GetCallerIdentity');
  assert.equal(who.type, 'success', `after ${after}: ${JSON.stringify(who)}`);
  assert.equal(who.response.Arn, 'arn:aws:iam::111122223333:user/alice');
  assert.equal(sim.call(alice, 'AssumeRole', assume).type, 'success', `after ${after}`);
  assert.equal(validatePolicy(allowAll).type, 'success', `after ${after}`);
  assert.equal(simulate({ policies: { identity: [allowAll] }, request }).decision, 'Allow', `after ${after}`);
  assert.equal(compiled.decide(request), 'Allow', `after ${after}`);
}

/** Calls `f`: answers `{ thrown }` or `{ answer }`, refusing a wasm trap outright. */
function outcome(label, f) {
  try {
    return { answer: f() };
  } catch (e) {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${label}: a wasm trap: ${e.stack}`);
    return { thrown: e };
  }
}

/** A failure value whose every diagnostic has a message (and a path when it is about an argument). */
function assertFailure(label, answer, pattern) {
  assert.equal(answer?.type, 'failure', `${label}: ${JSON.stringify(answer)?.slice(0, 300)}`);
  const messages = answer.errors ? answer.errors.map((e) => e.message) : [answer.error.Message];
  assert.ok(messages.length > 0 && messages.every((m) => typeof m === 'string' && m.length > 10), `${label}: ${messages}`);
  if (pattern) assert.match(messages.join('\n'), pattern, label);
}

// ---- memory over 10,000 failing calls (first, before the 10 MB inputs below swell the heaps)

test('memory over 10,000 failing calls: wasm memory and RSS stay bounded (figures printed)', { timeout: 600_000 }, () => {
  // Each failing input is ~32 KB: a leak of every failure (its input, its answer) would grow
  // memory by >= 320 MB over the run, far beyond the bounds asserted below.
  const pad = 'x'.repeat(32 * 1024);
  const loneInParams = { ...assume, RoleSessionName: `\uD800${pad}` };
  const badPolicyText = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${pad}",`;
  const failing = [
    () => validatePolicy(badPolicyText),
    () => simulate({ policies: { identity: [badPolicyText] }, request }),
    () => compilePolicies({ identity: [badPolicyText] }),
    () => Sim.create({ Accounts: [{ AccountId: pad }] }),
    () => sim.call(alice, 'AssumeRole', loneInParams),
    () => sim.authorize(alice, { action: 's3:GetObject', resource: '*', resourcePolicy: badPolicyText }),
    () => analyzeTrust({ trustPolicy: badPolicyText }),
    () => sim.handle({ method: 'POST', url: '/', body: `Action=Nope&${pad}` }),
    () => {
      try {
        sim.call(alice, 42, { pad });
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;
        return { type: 'failure' };
      }
      return undefined;
    },
  ];
  const run = (calls, n) => {
    for (let i = 0; i < n; i++) {
      const answer = calls[i % calls.length]();
      const ok = answer?.type === 'failure' || (typeof answer?.status === 'number' && answer.status >= 400);
      if (!ok) assert.fail(`call ${i % calls.length} did not fail: ${JSON.stringify(answer).slice(0, 200)}`);
    }
  };
  const figures = () => ({ wasm: wasmMemoryBytes(), rss: process.memoryUsage().rss });
  const mb = (b) => (b / 1024 / 1024).toFixed(1);
  run(failing, 1_000); // warm-up: the allocator and the JS heap reach their working size
  const before = figures();
  const start = performance.now();
  run(failing, 10_000);
  const seconds = (performance.now() - start) / 1000;
  const after = figures();
  console.log(`10,000 failing calls in ${seconds.toFixed(1)} s: wasm memory ${mb(before.wasm)} MB -> ${mb(after.wasm)} MB (+${mb(after.wasm - before.wasm)} MB), RSS ${mb(before.rss)} MB -> ${mb(after.rss)} MB (+${mb(after.rss - before.rss)} MB)`);
  assert.ok(after.wasm - before.wasm < 16 * 1024 * 1024, `wasm memory grew by ${mb(after.wasm - before.wasm)} MB`);
  assert.ok(after.rss - before.rss < 256 * 1024 * 1024, `RSS grew by ${mb(after.rss - before.rss)} MB`);

  // A refused STS call is recorded in CloudTrail, as AWS records it: the log grows by one record
  // per call (with the call's parameters, as requestParameters), and by nothing else.
  const refused = [() => sim.call(alice, 'AssumeRole', { ...assume, RoleArn: 'arn:aws:iam::111122223333:role/Nope' })];
  const records = sim.events().length;
  const beforeLog = wasmMemoryBytes();
  run(refused, 2_000);
  const perRecord = (wasmMemoryBytes() - beforeLog) / (sim.events().length - records);
  console.log(`2,000 refused AssumeRole calls: CloudTrail records +${sim.events().length - records}, wasm memory +${mb(wasmMemoryBytes() - beforeLog)} MB (${perRecord.toFixed(0)} bytes per record)`);
  assert.equal(sim.events().length - records, 2_000);
  assert.ok(perRecord < 16 * 1024, `${perRecord} bytes per CloudTrail record`);
  stillUsable('10,000 failing calls');
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

// ---- wrong argument types

const throwingProxy = new Proxy({}, { get() { throw new Error('proxy says no'); }, ownKeys() { throw new Error('proxy says no'); } });
const cyclic = {};
cyclic.self = cyclic;
const WRONG = {
  undefined, null: null, zero: 0, NaN, infinity: Infinity, negative: -1, fraction: 1.5, string: 'text', empty: '', true: true,
  array: [], arrayOfOne: [1], function: () => 1, symbol: Symbol('s'), bigint: 10n, map: new Map([['a', 1]]), date: new Date(0),
  bytes: new Uint8Array(4), nullProto: Object.create(null), cyclic, throwingToJSON: { toJSON() { throw new Error('toJSON says no'); } },
  undefinedToJSON: { toJSON() { return undefined; } }, proxy: throwingProxy, instance: new (class Thing { constructor() { this.x = 1; } })(),
};

/** Each export with arguments that work; each position gets every wrong value in turn. */
const EXPORTS = {
  validatePolicy: [(a, b) => validatePolicy(a, b), [allowAll, { kind: 'identity' }]],
  simulate: [(a) => simulate(a), [{ policies: { identity: [allowAll] }, request }]],
  compilePolicies: [(a) => compilePolicies(a), [{ identity: [allowAll] }]],
  'compiled.simulate': [(a) => compiled.simulate(a), [request]],
  'compiled.decide': [(a) => compiled.decide(a), [request]],
  'compiled.decideBatch': [(a) => compiled.decideBatch(a), [[request]]],
  analyzeTrust: [(a) => analyzeTrust(a), [{ world }]],
  'new Sim': [(a, b) => new Sim(a, b).free(), [world, { seed: 1 }]],
  'Sim.create': [(a, b) => Sim.create(a, b), [world, { seed: 1 }]],
  'sim.call': [(a, b, c, d) => sim.call(a, b, c, d), [alice, 'GetCallerIdentity', {}, { region: 'us-east-1' }]],
  'sim.authorize': [(a, b) => sim.authorize(a, b), [alice, { action: 's3:GetObject', resource: '*' }]],
  'sim.advance': [(a) => sim.advance(a), [0]],
  'sim.mintWebIdentityToken': [(a, b, c) => sim.mintWebIdentityToken(a, b, c), ['token.actions.githubusercontent.com', { sub: 'x' }, {}]],
  'sim.jwks': [(a) => sim.jwks(a), ['111122223333']],
  'sim.openidConfiguration': [(a) => sim.openidConfiguration(a), ['111122223333']],
  'sim.mintSamlResponse': [(a, b) => sim.mintSamlResponse(a, b), ['arn:aws:iam::111122223333:saml-provider/Okta', { subject: 'x' }]],
  'sim.samlMetadata': [(a) => sim.samlMetadata(a), ['arn:aws:iam::111122223333:saml-provider/Okta']],
  'sim.revokeOlderSessions': [(a) => sim.revokeOlderSessions(a), ['arn:aws:iam::111122223333:role/Admin']],
  'sim.handle': [(a) => sim.handle(a), [{ method: 'GET', url: '/?Action=GetCallerIdentity&Version=2011-06-15' }]],
  createRequestHandler: [(a) => createRequestHandler(a), [sim]],
};

test('wrong argument types: a TypeError with a clear message or a failure value, never a trap; the module keeps answering', () => {
  const tally = { TypeError: 0, failure: 0, accepted: 0, ownError: 0, worldError: 0 };
  for (const [name, [f, good]] of Object.entries(EXPORTS)) {
    for (let position = 0; position < good.length; position++) {
      for (const [label, bad] of Object.entries(WRONG)) {
        const args = [...good];
        args[position] = bad;
        const what = `${name} with ${label} as argument ${position + 1}`;
        const r = outcome(what, () => f(...args));
        if (r.thrown) {
          const e = r.thrown;
          if (e instanceof TypeError) {
            // Ours name the function ("call: 'caller' must be…"); the engine's own (a Symbol or
            // a BigInt converted to a number) say what could not be converted.
            assert.match(e.message, /^[\w.]+: .{10,}|Cannot (convert|mix)|is not|Symbol|BigInt/, `${what}: ${e.message}`);
            tally.TypeError++;
          } else if (e.message === 'proxy says no' || e.message === 'toJSON says no') {
            tally.ownError++; // the caller's own exception, passed through unchanged
          } else {
            // `new Sim` throws an Error listing the diagnostics of a world that does not load.
            assert.equal(name, 'new Sim', `${what}: ${e.stack}`);
            assert.match(e.message, /^invalid world:\n.+/, what);
            tally.worldError++;
          }
        } else if (r.answer && typeof r.answer === 'object' && r.answer.type === 'failure') {
          assertFailure(what, r.answer);
          tally.failure++;
        } else {
          tally.accepted++; // e.g. null for an optional argument, a string where text is fine
        }
      }
      stillUsable(`${name}, argument ${position + 1}`);
    }
  }
  assert.ok(tally.TypeError > 300 && tally.failure > 30, JSON.stringify(tally));
  console.log(`wrong argument types: ${JSON.stringify(tally)}`);
});

test('a freed Sim throws an Error, never traps, and other Sims are unaffected', () => {
  const freed = new Sim(world);
  freed.free();
  for (const f of [() => freed.call(alice, 'GetCallerIdentity'), () => freed.now(), () => freed.events(), () => freed.free()]) {
    const r = outcome('freed Sim', f);
    assert.ok(r.thrown instanceof Error, 'a freed Sim answered');
  }
  stillUsable('a freed Sim');
});

// ---- 10 MB strings

test('10 MB strings as policy, world, call parameter, caller, action and handle body: answers, then the next call succeeds', { timeout: 300_000 }, () => {
  const huge = 'a'.repeat(MB10);
  const hugeArn = `arn:aws:s3:::${huge}`;
  const cases = {
    'policy text': () => assertFailure('policy text', validatePolicy(huge)),
    'policy as JSON text over the quota': () => assertFailure('quota', validatePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: hugeArn }] })), /quota|exceeds|size/i),
    // The evaluator has no size quota of its own: a 10 MB resource is matched, not refused.
    'policy and request resource in simulate': () => assert.equal(simulate({ policies: { identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: hugeArn }] }] }, request: { ...request, resource: hugeArn } }).decision, 'Allow'),
    // Regression: a 10 MB action took minutes in the misspelt-action hint (an edit distance
    // against every known action); it now gets no hint.
    'action in simulate': () => {
      const r = simulate({ policies: { identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjet', Resource: '*' }] }] }, request: { ...request, action: `s3:${huge}` } });
      assert.equal(r.decision, 'ImplicitDeny');
      // The policy's own misspelling is still pointed out; the huge request action gets no hint.
      assert.ok(r.trace.hints.some((h) => h.kind === 'misspeltAction' && h.message.includes("did you mean 's3:GetObject'")));
      assert.ok(!r.trace.hints.some((h) => h.path === 'request.action' || h.message.includes('close to the requested action')), JSON.stringify(r.trace.hints));
    },
    'action and resource in authorize': () => assert.equal(sim.authorize(alice, { action: `s3:${huge}`, resource: hugeArn }).decision, 'ImplicitDeny'),
    'world: an alias': () => {
      const s = Sim.create({ Accounts: [{ ...world.Accounts[0], Alias: huge }] });
      assert.ok(s instanceof Sim, JSON.stringify(s).slice(0, 300));
      assert.equal(s.call(alice, 'GetCallerIdentity').type, 'success');
      s.free();
    },
    'world: a trust policy': () => {
      const w = structuredClone(world);
      w.Accounts[0].AuthorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument = huge;
      assertFailure('trust policy', Sim.create(w));
    },
    'call parameter': () => assertFailure('RoleSessionName', sim.call(alice, 'AssumeRole', { ...assume, RoleSessionName: huge }), /roleSessionName/),
    'call session policy': () => assertFailure('Policy', sim.call(alice, 'AssumeRole', { ...assume, Policy: huge }), /policy/),
    'operation name': () => assertFailure('operation', sim.call(alice, huge), /InvalidAction|Could not find operation/),
    'caller credentials': () => assertFailure('caller', sim.call({ AccessKeyId: huge, SecretAccessKey: huge, SessionToken: huge }, 'GetCallerIdentity')),
    'handle body': () => assert.equal(sim.handle({ method: 'POST', url: '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `Action=GetCallerIdentity&Version=2011-06-15&x=${huge}` }).status, 413),
    'handle body as bytes': () => assert.equal(sim.handle({ method: 'POST', url: '/', body: new Uint8Array(MB10) }).status, 413),
    'handle URL': () => assert.ok(sim.handle({ method: 'GET', url: `/?Action=GetCallerIdentity&x=${huge}` }).status >= 400),
    'handle header': () => assert.ok(sim.handle({ method: 'GET', url: '/?Action=GetCallerIdentity&Version=2011-06-15', headers: { Authorization: huge } }).status >= 400),
    'analyzeTrust policy': () => assertFailure('analyzeTrust', analyzeTrust({ trustPolicy: huge })),
    'minted claim': () => assertFailure('mint', sim.mintWebIdentityToken('unknown.example.com', { sub: huge })),
  };
  for (const [label, check] of Object.entries(cases)) {
    const r = outcome(label, check);
    if (r.thrown) throw r.thrown;
    stillUsable(label);
  }
});

// ---- 10,000 levels of nesting

test('10,000-level nested JSON as policy and world (objects and text): a failure value that says so', () => {
  const N = 10_000;
  let deepObject = 1;
  let deepArray = 1;
  for (let i = 0; i < N; i++) {
    deepObject = { a: deepObject };
    deepArray = [deepArray];
  }
  const deepText = '['.repeat(N) + ']'.repeat(N);
  const deepObjectText = '{"a":'.repeat(N) + '1' + '}'.repeat(N);
  const nested = /nested too deeply|levels deep|call stack|nesting/i;
  const cases = {
    'policy object': () => validatePolicy(deepObject),
    'policy object, deep statement': () => validatePolicy({ Version: '2012-10-17', Statement: deepArray }),
    // As a resource policy: an identity policy this long is refused for its size before parsing.
    'policy text (arrays)': () => validatePolicy(deepText, { kind: 'resource' }),
    'policy text (objects)': () => validatePolicy(deepObjectText, { kind: 'resource' }),
    'simulate policy text': () => simulate({ policies: { identity: [deepText] }, request }),
    'simulate context': () => simulate({ policies: {}, request: { ...request, context: { k: deepArray } } }),
    'compilePolicies': () => compilePolicies({ identity: [deepObjectText] }),
    'world object': () => Sim.create(deepObject),
    'world account': () => Sim.create({ Accounts: [deepObject] }),
    'world trust policy text': () => {
      const w = structuredClone(world);
      w.Accounts[0].AuthorizationDetails.RoleDetailList[0].AssumeRolePolicyDocument = deepObjectText;
      return Sim.create(w);
    },
    'call params': () => sim.call(alice, 'AssumeRole', { ...assume, Tags: deepArray }),
    'call session policy text': () => sim.call(alice, 'AssumeRole', { ...assume, Policy: deepText.slice(0, 2000) }),
    'authorize resource policy': () => sim.authorize(alice, { action: 's3:GetObject', resource: '*', resourcePolicy: deepObjectText }),
    'analyzeTrust': () => analyzeTrust({ trustPolicy: deepObject }),
    'mint claims': () => sim.mintWebIdentityToken('token.actions.githubusercontent.com', { sub: 'x', nested: deepObject }),
  };
  for (const [label, f] of Object.entries(cases)) {
    const r = outcome(label, f);
    assert.ok(!r.thrown, `${label}: threw ${r.thrown?.stack}`);
    // A session policy is refused for its length or syntax before any nesting is read.
    assertFailure(label, r.answer, label === 'call session policy text' ? /policy/i : nested);
    stillUsable(label);
  }
  // The wire: a nested header object is not a request; a TypeError that says why.
  const r = outcome('handle', () => sim.handle({ method: 'GET', url: '/', headers: deepObject }));
  assert.ok(r.thrown instanceof TypeError, String(r.thrown));
  assert.match(r.thrown.message, /^handle: .*(nested too deeply|call stack)/);
  stillUsable('handle');
});

// ---- invalid UTF-16

test('lone UTF-16 surrogates in strings and keys: a failure value naming the argument (a TypeError for handle)', () => {
  const lone = ['x\uD800y', 'x\uDFFFy', '\uDC00\uD800', 'tail\uD83D'];
  const notUnicode = /not valid Unicode \(a lone UTF-16 surrogate/;
  for (const s of lone) {
    const cases = {
      'policy text': () => validatePolicy(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${s}","Resource":"*"}]}`),
      'policy object': () => validatePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: s, Resource: '*' }] }),
      'policy key': () => validatePolicy({ Version: '2012-10-17', [s]: 1 }),
      'simulate request': () => simulate({ policies: { identity: [allowAll] }, request: { ...request, resource: s } }),
      'simulate context key': () => simulate({ policies: {}, request: { ...request, context: { [s]: 'v' } } }),
      'compiled decideBatch': () => compiled.decideBatch([{ ...request, action: s }])[0],
      'world': () => Sim.create({ Accounts: [{ AccountId: '111122223333', Alias: s }] }),
      'call caller': () => sim.call({ ...alice, SessionToken: s }, 'GetCallerIdentity'),
      'call operation': () => sim.call(alice, s),
      'call params': () => sim.call(alice, 'AssumeRole', { ...assume, RoleSessionName: s }),
      'call where': () => sim.call(alice, 'GetCallerIdentity', {}, { userAgent: s }),
      'authorize': () => sim.authorize(alice, { action: 's3:GetObject', resource: s }),
      'analyzeTrust': () => analyzeTrust({ trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: s }, Action: 'sts:AssumeRole' }] } }),
      'mint claims': () => sim.mintWebIdentityToken('token.actions.githubusercontent.com', { sub: s }),
      'mint SAML request': () => sim.mintSamlResponse('arn:aws:iam::111122223333:saml-provider/Okta', { subject: s }),
    };
    for (const [label, f] of Object.entries(cases)) {
      const r = outcome(label, f);
      assert.ok(!r.thrown, `${label}: threw ${r.thrown?.stack}`);
      assertFailure(`${label} (${JSON.stringify(s)})`, r.answer, notUnicode);
      stillUsable(label);
    }
    // Plain string arguments arrive as text with U+FFFD in place of the surrogate (the
    // encoding wasm-bindgen uses): no such provider or role.
    for (const [label, f] of Object.entries({ jwks: () => sim.jwks(s), openidConfiguration: () => sim.openidConfiguration(s), samlMetadata: () => sim.samlMetadata(s), revokeOlderSessions: () => sim.revokeOlderSessions(`arn:aws:iam::111122223333:role/${s}`) })) {
      assertFailure(label, outcome(label, f).answer);
      stillUsable(label);
    }
    // An HTTP request cannot carry one (an SDK URL-encodes its body, and encodeURIComponent
    // refuses lone surrogates): handle says so with a TypeError.
    for (const req of [{ method: 'POST', url: '/', body: s }, { method: 'GET', url: `/?Action=${s}` }, { method: 'GET', url: '/', headers: { host: s } }]) {
      const r = outcome('handle', () => sim.handle(req));
      assert.ok(r.thrown instanceof TypeError, `handle answered ${JSON.stringify(r.answer)}`);
      assert.match(r.thrown.message, /^handle: .*not valid Unicode/);
      stillUsable('handle');
    }
  }
});

// Every "authorize" example, run through the npm package's simulate, gives the outcome the
// gallery promises; every example's documents are valid policies of their kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate, validatePolicy } from 'sts-sim';
import { EXAMPLES } from './examples.js';
import { simulateInput } from './authorize.js';
import { decidingStatements } from './trace.js';

test('examples have unique ids and titles', () => {
  assert.equal(new Set(EXAMPLES.map((e) => e.id)).size, EXAMPLES.length);
  assert.equal(new Set(EXAMPLES.map((e) => e.title)).size, EXAMPLES.length);
});

for (const example of EXAMPLES) {
  test(`example "${example.title}": documents are valid`, () => {
    for (const d of example.docs) {
      if (d.kind === 'world') {
        assert.ok(Array.isArray(JSON.parse(d.text).Accounts));
        continue;
      }
      const result = validatePolicy(d.text, { kind: d.kind });
      assert.equal(result.type, 'success', `${d.name}: ${JSON.stringify(result.errors)}`);
    }
  });
  if (example.panel !== 'authorize') continue;
  test(`example "${example.title}" decides ${example.expect.decision}`, () => {
    const answer = simulate(simulateInput(example.docs, example.request));
    assert.equal(answer.type, 'success', JSON.stringify(answer.errors));
    assert.equal(answer.decision, example.expect.decision, answer.trace.explanation);
    if (answer.decision !== 'ImplicitDeny') assert.ok(decidingStatements(answer.trace).size > 0, 'a deciding statement is marked');
  });
}

// The STS examples through the simulator itself, when this build has it.
const { Sim } = await import('sts-sim');
const { renderCredentials, renderSteps, runCall } = await import('./sts.js');
const { base32Decode, mfaDevice, totp } = await import('./totp.js');
for (const example of EXAMPLES.filter((e) => e.panel === 'sts')) {
  test(`STS example "${example.title}" answers ${example.expect.code ?? example.expect.decision ?? example.expect.type}`, { skip: typeof Sim !== 'function' && 'no Sim in this build' }, async () => {
    const sim = Sim.create(JSON.parse(example.docs.find((d) => d.kind === 'world').text), { now: '2025-01-01T00:00:00Z', seed: 1 });
    assert.equal(sim.type, 'success', JSON.stringify(sim.errors));
    const call = structuredClone(example.call);
    if (call.params.TokenCodeFromDevice) {
      const device = mfaDevice(JSON.parse(example.docs[0].text), call.params.SerialNumber);
      call.params.TokenCode = await totp(base32Decode(device.Base32StringSeed), sim.now());
    }
    const sessions = [];
    const { answer, steps } = runCall(sim, call, call.caller, sessions, example.then);
    const follow = example.then ? [example.then].flat().length : 0;
    assert.equal(steps.length, 1 + (steps[0].session !== undefined || steps[0].decision ? follow : 0));
    // Multi-step examples: the decisions along the way, in order.
    if (example.expect.steps) assert.deepEqual(steps.map((s) => s.decision).filter(Boolean), example.expect.steps);
    if (example.expect.chain) {
      const { chainTo } = await import('./chain.js');
      assert.deepEqual(chainTo(sessions, sessions.length - 1).slice(1).map((n) => n.duration), example.expect.chain);
    }
    if (example.expect.hint) assert.ok(answer.explanation?.trace?.hints?.length, 'a hint explains the refusal');
    // Each step's line, as the page narrates the run.
    if (example.expect.outcomes) {
      const told = [...renderSteps(steps).matchAll(/<span class="(?:yes|no)">([^<]*)<\/span>/g)].map((m) => m[1]);
      assert.deepEqual(told, example.expect.outcomes);
    }
    if (example.expect.message) assert.ok(answer.error.Message.includes(example.expect.message), answer.error.Message);
    // The credentials stand for the session the example names: GetCallerIdentity with them says so.
    if (example.expect.callerArn) {
      const last = sessions[sessions.length - 1];
      assert.match(renderCredentials(answer.response, { session: sessions.length - 1, now: sim.now() }), /✓ Success[\s\S]*AccessKeyId[\s\S]*Expiration/);
      const identity = sim.call(last.credentials, 'GetCallerIdentity', {});
      assert.equal(identity.response?.Arn, example.expect.callerArn, JSON.stringify(identity));
      for (const [action, resource, decision] of example.expect.sessionDecisions ?? []) {
        assert.equal(sim.authorize(last.credentials, { action, resource }).decision, decision, `${action} as the session`);
      }
    }
    assert.equal(answer.type, example.expect.type, JSON.stringify(answer));
    if (example.expect.code) assert.equal(answer.error.Code, example.expect.code);
    if (example.expect.decision) assert.equal(answer.decision, example.expect.decision, answer.trace?.explanation);
    if (answer.response?.Credentials) assert.match(answer.response.Credentials.AccessKeyId, /^ASIA/);
    sim.free();
  });
}

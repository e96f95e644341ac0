// <sts-sim-example src="example.json">: a compact, runnable sts-sim example for a docs page —
// the policies, the call, a Run button and the answer — from a JSON file in the playground's
// example format (www/lib/examples.js). Each Run uses a fresh simulator, so the answer is the
// same every time. Bundled alone into dist/embed.js; it loads the wasm from ../pkg/.
import init, * as wasm from './pkg/sts_sim.js';
import { escapeHtml } from './lib/diagnostics.js';
import { simulateInput } from './lib/authorize.js';
import { renderDecision } from './lib/trace.js';
import { MINT_FIELDS, operation, parseWorld, renderStsError, renderSteps, runCall } from './lib/sts.js';
import { renderChecks, renderNotAnOperation } from './lib/federation.js';
import { renderDecodedMessage } from './lib/decode.js';
import { chainTo, renderChainSvg } from './lib/chain.js';
import { base32Decode, mfaDevice, totp } from './lib/totp.js';

// The simulator's clock for every embedded run (the playground uses the same).
const SIM_START = { now: '2025-01-01T00:00:00Z', seed: 1 };
let ready = null;
const engine = () => (ready ??= init());

const STYLE = `
:host { display: block; margin: 1rem 0; font: 14px/1.45 system-ui, sans-serif; color-scheme: light dark;
  --bg: #fff; --fg: #1f2328; --muted: #59636e; --panel: #f6f8fa; --border: #d1d9e0; --ok: #1a7f37; --err: #cf222e; --accent: #0969da; --hint: #ddf4ff; --warn: #9a6700; }
@media (prefers-color-scheme: dark) { :host { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --panel: #151b23; --border: #3d444d; --ok: #3fb950; --err: #ff7b72; --accent: #4493f8; --hint: #0c2d4b; --warn: #d29922; } }
.box { border: 1px solid var(--border); border-radius: 8px; padding: .6rem .8rem; background: var(--bg); color: var(--fg); overflow-wrap: anywhere; }
h3 { margin: 0 0 .2rem; font-size: 1rem; } p { margin: .3rem 0; } .muted { color: var(--muted); }
pre, code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; background: var(--panel); border-radius: 6px; padding: .4rem; margin: .3rem 0; max-height: 16rem; overflow: auto; }
details summary { cursor: pointer; margin: .2rem 0; }
button { font: inherit; color: #fff; background: var(--accent); border: 1px solid var(--accent); border-radius: 6px; padding: .25rem 1rem; cursor: pointer; font-weight: 600; }
button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.badge { display: inline-block; font-weight: 700; padding: 0 .45rem; border-radius: 999px; border: 1px solid currentColor; font-size: .85em; }
.verdict-allow .badge, .yes { color: var(--ok); } .verdict-deny .badge, .verdict-error .badge, .no { color: var(--err); }
.card { border: 1px solid var(--border); border-radius: 6px; padding: .4rem .6rem; margin: .4rem 0; background: var(--panel); }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .15rem .6rem; margin: .2rem 0; } dd { margin: 0; overflow-wrap: anywhere; } dt { font-weight: 600; }
ol, ul { padding-left: 1.2rem; margin: .2rem 0; } .check-list li.failed { font-weight: 600; }
.hints { padding: 0; } .hint { background: var(--hint); border-radius: 6px; padding: .3rem .5rem; margin: .3rem 0; list-style: none; }
.not-an-operation .badge { color: var(--warn); }
.chain-svg { display: block; height: auto; } .chain-svg rect { fill: var(--panel); stroke: var(--ok); stroke-width: 1.5; }
.chain-svg .node-identity rect { stroke: var(--accent); stroke-dasharray: 4 3; } .chain-svg text { fill: var(--fg); font: 11px ui-monospace, monospace; }
.chain-svg .node-detail { fill: var(--muted); } .chain-svg .edge { stroke: var(--muted); stroke-width: 1.5; } .chain-svg .edge-label { fill: var(--accent); font: 600 11px system-ui, sans-serif; }
.chain-svg marker path { fill: var(--muted); }
`;

/** One line saying what the example calls, with which parameters (mint inputs included). */
function describeCall(ex) {
  if (ex.panel === 'authorize') {
    const r = ex.request;
    return `<p><strong>${escapeHtml(r.principal)}</strong> → <code>${escapeHtml(r.action)}</code> on <code>${escapeHtml(r.resource)}</code>${r.context?.length ? ` with ${r.context.map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`).join(', ')}` : ''}</p>`;
  }
  const c = ex.call;
  const who = operation(c.operation).anonymous ? 'unsigned' : `as ${escapeHtml(c.caller?.Principal ?? c.caller?.Service ?? '?')}`;
  const params = Object.fromEntries(Object.entries(c.params ?? {}).filter(([k]) => !MINT_FIELDS.has(k) && k !== 'TokenCodeFromDevice'));
  const pretty = (text) => { try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; } };
  const minted = c.params?.Claims ? `<p class="muted">WebIdentityToken: minted on Run for ${escapeHtml(c.params.OidcProvider ?? '')} with these claims:</p><pre>${escapeHtml(pretty(c.params.Claims))}</pre>`
    : c.params?.SamlRequest ? `<p class="muted">SAMLAssertion: minted on Run by the provider from:</p><pre>${escapeHtml(pretty(c.params.SamlRequest))}</pre>` : '';
  return `<p><code>${escapeHtml(c.operation)}</code> ${who}</p><pre>${escapeHtml(JSON.stringify(params, null, 2))}</pre>${minted}`
    + (c.operation !== 'Authorize' && ex.then ? `<p class="muted">then ${[ex.then].flat().map((t) => escapeHtml(t.operation ?? Object.keys(t)[0])).join(', then ')}</p>` : '');
}

/** The policies to show: every document but a world; for a world, the roles' trust policies. */
function documents(ex) {
  return ex.docs.map((d) => {
    if (d.kind !== 'world') return `<details><summary>${escapeHtml(d.name)} <span class="muted">(${escapeHtml(d.kind)})</span></summary><pre>${escapeHtml(d.text)}</pre></details>`;
    const { world } = parseWorld(d.text);
    // The trust policies of the roles the example assumes; the rest is in the whole world.
    const targets = [ex.call?.params?.RoleArn, ...[ex.then ?? []].flat().map((t) => t.params?.RoleArn)].filter(Boolean);
    const roles = (world?.Accounts ?? []).flatMap((a) => a.AuthorizationDetails?.RoleDetailList ?? []).filter((r) => targets.includes(r.Arn));
    return roles.map((r) => `<details><summary>${escapeHtml(r.RoleName)} trust policy</summary><pre>${escapeHtml(JSON.stringify(r.AssumeRolePolicyDocument, null, 2))}</pre></details>`).join('')
      + `<details><summary>The whole world <span class="muted">(accounts, users, roles, providers)</span></summary><pre>${escapeHtml(d.text)}</pre></details>`;
  }).join('');
}

/** sts-sim's hints (beyond AWS) for a trace, if any. */
const renderHints = (trace) => (trace?.hints?.length ? `<ul class="hints">${trace.hints.map((h) => `<li class="hint"><strong>Hint</strong> ${escapeHtml(h.message)}</li>`).join('')}</ul>` : '');

function renderAnswer(answer, last, sessions) {
  if (answer?.type === 'failure' && answer.error) {
    return renderStsError(answer.error) + renderHints(answer.explanation?.trace) + renderNotAnOperation(last.operation, { switchButton: false }) + renderChecks(answer.explanation?.checks);
  }
  if (answer?.type === 'failure' || answer?.decision) return renderDecision(answer) + renderHints(answer.trace);
  const r = answer?.response ?? {};
  const rows = [];
  const user = r.AssumedRoleUser ?? r.FederatedUser;
  if (user) rows.push(['Session', `<code>${escapeHtml(user.Arn)}</code>`]);
  if (r.Credentials) rows.push(['Expiration', escapeHtml(r.Credentials.Expiration)], ['AccessKeyId', `<code>${escapeHtml(r.Credentials.AccessKeyId)}</code>`]);
  if (r.SourceIdentity) rows.push(['SourceIdentity', `<code>${escapeHtml(r.SourceIdentity)}</code>`]);
  for (const k of ['Arn', 'SubjectFromWebIdentityToken', 'Subject']) if (r[k]) rows.push([k, `<code>${escapeHtml(r[k])}</code>`]);
  const decoded = r.DecodedMessage !== undefined ? renderDecodedMessage(String(r.DecodedMessage)) : '';
  const chain = last.session !== undefined ? renderChainSvg(chainTo(sessions, last.session)) : '';
  return `<div class="card"><p class="verdict verdict-allow"><span class="badge">✓ Success</span></p><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${decoded}</div>${chain}`;
}

export class StsSimExample extends HTMLElement {
  static observedAttributes = ['src'];

  connectedCallback() { this.load(); }

  attributeChangedCallback(name, before, after) { if (this.isConnected && before !== null && before !== after) this.load(); }

  async load() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${STYLE}</style><div class="box"><p class="muted">Loading the example…</p></div>`;
    const box = root.querySelector('.box');
    try {
      const src = new URL(this.getAttribute('src') ?? '', document.baseURI);
      const response = await fetch(src);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText} for ${src}`);
      this.example = await response.json();
      await engine();
    } catch (e) {
      box.innerHTML = `<p class="no">This sts-sim example could not be loaded: ${escapeHtml(e.message)}</p>`;
      this.dataset.state = 'error';
      return;
    }
    const ex = this.example;
    box.innerHTML = `<h3>${escapeHtml(ex.title)}</h3><p class="muted">${escapeHtml(ex.summary ?? '')}</p>${documents(ex)}${describeCall(ex)}`
      + `<p><button type="button" aria-label="Run: ${escapeHtml(ex.title)}">Run</button> <span class="muted">sts-sim ${escapeHtml(wasm.version())}, offline</span></p><div class="result" aria-live="polite"></div>`;
    box.querySelector('button').addEventListener('click', () => this.run());
    this.dataset.state = 'ready';
  }

  async run() {
    const ex = this.example;
    const out = this.shadowRoot.querySelector('.result');
    let html;
    let outcome;
    if (ex.panel === 'authorize') {
      const answer = wasm.simulate(simulateInput(ex.docs, ex.request));
      html = renderDecision(answer) + renderHints(answer.trace);
      outcome = answer.decision ?? 'failure';
    } else {
      const { world, error } = parseWorld(ex.docs.find((d) => d.kind === 'world')?.text ?? '');
      if (error) { out.innerHTML = `<p class="no">${escapeHtml(error)}</p>`; return; }
      const sim = wasm.Sim.create(world, SIM_START);
      if (sim.type !== 'success') { out.innerHTML = renderDecision(sim); return; }
      const call = structuredClone(ex.call);
      if (call.params?.TokenCodeFromDevice) {
        const device = mfaDevice(world, call.params.SerialNumber);
        if (device) call.params.TokenCode = await totp(base32Decode(device.Base32StringSeed), sim.now());
      }
      const sessions = [];
      const { answer, steps } = runCall(sim, call, call.caller, sessions, ex.then ?? null);
      const last = steps[steps.length - 1];
      html = renderSteps(steps) + renderAnswer(answer, last, sessions);
      outcome = answer?.error?.Code ?? answer?.decision ?? answer?.type;
      sim.free();
    }
    out.innerHTML = html;
    // Pages and tests can read the outcome without parsing the text.
    this.dataset.outcome = outcome;
    this.dispatchEvent(new CustomEvent('sts-sim-run', { detail: { outcome }, bubbles: true }));
  }
}

if (!customElements.get('sts-sim-example')) customElements.define('sts-sim-example', StsSimExample);

// The playground page: documents in a CodeMirror editor validated as you type, "Authorize an
// action" through `simulate`, STS calls through the simulator (`Sim`) when the build has it —
// federation with minted tokens and SAML responses, the decoded session, the role-chain diagram,
// decoded authorization messages — an examples gallery, and the whole setup in the URL hash.
// Rendering lives in lib/ (DOM-free).
import init, * as wasm from './pkg/sts_sim.js';
import { createPolicyEditor, formatDocument } from './editor.js';
import { byteOffsetToIndex, diagnosticRanges, escapeHtml, renderProblems, summarize } from './lib/diagnostics.js';
import { DOCUMENT_KINDS, policiesFrom, simulateInput } from './lib/authorize.js';
import { renderDecision, renderTrace } from './lib/trace.js';
import { EXAMPLES, exampleById } from './lib/examples.js';
import { OPERATIONS, expiryText, mintIfBlank, operation, parseWorld, renderCredentials, renderEvents, renderMissing, renderSteps, renderStsError, runCall, supportedOperations, worldChoices } from './lib/sts.js';
import { oidcProviders, renderChecks, renderDecodedSaml, renderDecodedToken, renderNotAnOperation, samlProviders } from './lib/federation.js';
import { PROBE_ACTION, PROBE_RESOURCE, probePolicy, readProbe, renderSessionFacts, sessionFacts } from './lib/session.js';
import { chainTo, renderChainSvg } from './lib/chain.js';
import { decodeState, encodeState } from './lib/urlstate.js';
import { base32Decode, mfaDevice, totp } from './lib/totp.js';

const DEFAULT_TRUST = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "TrustTheProductionAccount",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "sts:AssumeRole",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }
    }
  ]
}`;
const DEFAULT_STATE = {
  docs: [{ name: 'Role trust policy', kind: 'trust', text: DEFAULT_TRUST }],
  active: 0,
  panel: 'authorize',
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/Admin', context: [['aws:MultiFactorAuthPresent', 'true']] },
  call: { operation: 'AssumeRole', caller: undefined, params: {}, region: 'us-east-1', endpoint: 'regional' },
};
const REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'eu-south-1', 'ap-south-1', 'ap-southeast-2', 'ap-east-1', 'sa-east-1'];
// The simulator's clock starts here (deterministic: a link reproduces the same credentials).
const SIM_START = { now: '2025-01-01T00:00:00Z', seed: 1 };

const started = performance.now();
await init();
const $ = (id) => document.getElementById(id);
const hasSim = typeof wasm.Sim === 'function';
const supported = hasSim ? supportedOperations(wasm) : null; // null: the build does not say

let state = structuredClone(DEFAULT_STATE);
let sim = null; // the live simulator, rebuilt when the world changes
let simWorldText = null;
const sessions = []; // credentials issued in this page (never in the URL)

// ------------------------------------------------------------------ documents and the editor
const editor = createPolicyEditor($('editor'), { label: 'Policy document', onChange: onEdit });
$('kind').innerHTML = DOCUMENT_KINDS.map(([value, label]) => `<option value="${value}">${escapeHtml(label)}</option>`).join('');

function activeDoc() { return state.docs[state.active]; }

function renderTabs() {
  $('doc-tabs').innerHTML = state.docs.map((d, i) => `<button type="button" role="tab" id="doc-tab-${i}" data-doc="${i}" aria-controls="editor" aria-selected="${i === state.active}" tabindex="${i === state.active ? 0 : -1}">${escapeHtml(d.name || `Document ${i + 1}`)} <span class="muted">(${escapeHtml(d.kind)})</span></button>`).join('');
  $('remove-doc').disabled = state.docs.length <= 1;
  $('editor').setAttribute('aria-labelledby', `doc-tab-${state.active}`);
}

function openDoc(index) {
  state.active = Math.max(0, Math.min(index, state.docs.length - 1));
  const d = activeDoc();
  editor.setText(d.text);
  $('doc-name').value = d.name;
  $('kind').value = d.kind;
  renderTabs();
  validate();
}

function onEdit(text) {
  activeDoc().text = text;
  validate();
  saveSoon();
}

/** Validates the active document: the problems list, the status line and the squiggles. */
function validate() {
  const d = activeDoc();
  let result;
  if (d.kind === 'world') {
    result = validateWorld(d.text);
  } else {
    result = wasm.validatePolicy(d.text, { kind: d.kind });
  }
  const { level, text } = summarize(result);
  $('status').textContent = d.kind === 'world' ? text.replace('policy', 'world') : text;
  $('status').className = `status-${level}`;
  $('problems').innerHTML = renderProblems(result);
  const ranges = diagnosticRanges(d.text, result);
  queueMicrotask(() => editor.showDiagnostics(ranges));
}

/** A world is checked as JSON here; the simulator checks the rest when it is built. */
function validateWorld(text) {
  const parsed = parseWorld(text);
  if (!parsed.error) return { type: 'success', warnings: [] };
  const at = /position (\d+)/.exec(parsed.error);
  const index = at ? Number(at[1]) : 0;
  const bytes = new TextEncoder().encode(text.slice(0, index)).length;
  const line = at ? text.slice(0, index).split('\n').length : 0;
  const column = at ? index - text.lastIndexOf('\n', index - 1) : 0;
  return { type: 'failure', warnings: [], errors: [{ severity: 'error', code: 'INVALID_WORLD', message: parsed.error, path: '', line, column, offset: bytes, endOffset: bytes + 1 }] };
}

$('doc-tabs').addEventListener('click', (e) => {
  const tab = e.target.closest('[data-doc]');
  if (tab) openDoc(Number(tab.dataset.doc));
});
$('doc-tabs').addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const next = (state.active + (e.key === 'ArrowRight' ? 1 : -1) + state.docs.length) % state.docs.length;
  openDoc(next);
  $(`doc-tab-${next}`).focus();
});
$('add-doc').addEventListener('click', () => {
  state.docs.push({ name: `Policy ${state.docs.length + 1}`, kind: 'identity', text: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": "", "Resource": "*" }\n  ]\n}' });
  openDoc(state.docs.length - 1);
  saveSoon();
});
$('remove-doc').addEventListener('click', () => {
  if (state.docs.length <= 1) return;
  state.docs.splice(state.active, 1);
  openDoc(state.active);
  saveSoon();
});
$('doc-name').addEventListener('input', () => { activeDoc().name = $('doc-name').value; renderTabs(); saveSoon(); });
$('kind').addEventListener('change', () => { activeDoc().kind = $('kind').value; renderTabs(); validate(); saveSoon(); });
$('format').addEventListener('click', () => formatDocument(editor.view));
$('problems').addEventListener('click', (event) => {
  const target = event.target.closest('button.where');
  if (!target) return;
  const text = editor.text();
  editor.select(byteOffsetToIndex(text, Number(target.dataset.offset)), byteOffsetToIndex(text, Number(target.dataset.endOffset)));
});

// ------------------------------------------------------------------ key/value rows (context, tags)
function rowHtml(kind, i, [key = '', value = '', flag = false] = []) {
  const what = kind === 'tag' ? 'Tag' : 'Context';
  return `<div class="row" data-row="${i}">`
    + `<input type="text" data-part="key" aria-label="${what} key ${i + 1}" placeholder="${kind === 'tag' ? 'Key' : 'aws:SourceIp'}" value="${escapeHtml(key)}" spellcheck="false">`
    + `<input type="text" data-part="value" aria-label="${what} value ${i + 1}" placeholder="${kind === 'tag' ? 'Value' : 'value, or [\"a\",\"b\"]'}" value="${escapeHtml(value)}" spellcheck="false">`
    + (kind === 'tag' ? `<label class="inline"><input type="checkbox" data-part="flag" ${flag ? 'checked' : ''}> transitive</label>` : '')
    + `<button type="button" data-remove-row aria-label="Remove ${what.toLowerCase()} ${i + 1}">✕</button></div>`;
}
function renderRows(container, kind, rows) { container.innerHTML = rows.map((r, i) => rowHtml(kind, i, r)).join(''); }
function readRows(container) {
  return [...container.querySelectorAll('.row')].map((row) => {
    const key = row.querySelector('[data-part="key"]').value;
    const value = row.querySelector('[data-part="value"]').value;
    const flag = row.querySelector('[data-part="flag"]');
    return flag ? [key, value, flag.checked] : [key, value];
  });
}
function wireRows(container, addButton, kind, onChange) {
  addButton.addEventListener('click', () => {
    const rows = readRows(container); rows.push(['', '']); renderRows(container, kind, rows); onChange();
    container.querySelector('.row:last-child input').focus();
  });
  container.addEventListener('click', (e) => {
    const rm = e.target.closest('[data-remove-row]');
    if (!rm) return;
    const rows = readRows(container); rows.splice(Number(rm.closest('.row').dataset.row), 1); renderRows(container, kind, rows); onChange();
  });
  container.addEventListener('input', onChange);
}

// ------------------------------------------------------------------ authorize panel
function readRequest() {
  state.request = { principal: $('auth-principal').value, action: $('auth-action').value, resource: $('auth-resource').value, context: readRows($('auth-context')) };
}
function fillRequest() {
  const r = state.request ?? DEFAULT_STATE.request;
  $('auth-principal').value = r.principal; $('auth-action').value = r.action; $('auth-resource').value = r.resource;
  renderRows($('auth-context'), 'context', r.context ?? []);
}
wireRows($('auth-context'), $('auth-add-context'), 'context', () => { readRequest(); saveSoon(); });
for (const id of ['auth-principal', 'auth-action', 'auth-resource']) $(id).addEventListener('input', () => { readRequest(); saveSoon(); });

function runAuthorize() {
  readRequest();
  const answer = wasm.simulate(simulateInput(state.docs, state.request));
  showAnswer(renderDecision(answer), answer.type === 'success' ? answer.trace : null, policiesFrom(state.docs).names);
}

function showAnswer(html, trace, names = {}) {
  $('result').innerHTML = html;
  $('trace-box').hidden = !trace;
  $('trace').innerHTML = trace ? renderTrace(trace, { names }) : '';
}

// ------------------------------------------------------------------ STS panel
$('sts-operation').innerHTML = OPERATIONS.map((op) => {
  const missing = !hasSim || (supported && op.name !== 'Authorize' && !supported.has(op.name));
  return `<option value="${op.name}">${escapeHtml(op.label ?? op.name)}${missing ? ' — not in this build' : ''}</option>`;
}).join('');
$('sts-region').innerHTML = REGIONS.map((r) => `<option>${r}</option>`).join('');
$('sim-availability').innerHTML = hasSim
  ? 'Calls run in the STS simulator (<code>Sim</code>) over the document of kind “world”.'
  : 'This build has no STS simulator (<code>Sim</code>) yet: the form is here, and Run says what is missing instead of inventing an answer. “Authorize an action” works now.';

const FIELD_HTML = {
  RoleArn: () => `<label>RoleArn <input id="f-RoleArn" type="text" list="world-roles" spellcheck="false"></label><datalist id="world-roles"></datalist>`,
  RoleSessionName: () => '<label>RoleSessionName <input id="f-RoleSessionName" type="text" spellcheck="false"></label>',
  DurationSeconds: () => '<label>DurationSeconds <input id="f-DurationSeconds" type="number" min="900" max="129600" placeholder="3600"></label>',
  ExternalId: () => '<label>ExternalId <input id="f-ExternalId" type="text" spellcheck="false"></label>',
  SerialNumber: () => '<label>MFA serial number <input id="f-SerialNumber" type="text" list="world-mfa" spellcheck="false"></label><datalist id="world-mfa"></datalist>',
  TokenCode: () => '<label>MFA code <input id="f-TokenCode" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6"></label>'
    + '<label class="inline"><input id="f-TokenCodeFromDevice" type="checkbox"> generate from the world\'s MFA device at the simulated time</label>',
  SourceIdentity: () => '<label>SourceIdentity <input id="f-SourceIdentity" type="text" spellcheck="false"></label>',
  Policy: () => '<label class="wide">Session policy (JSON) <textarea id="f-Policy" rows="4" spellcheck="false"></textarea></label>',
  Name: () => '<label>Name (federated user) <input id="f-Name" type="text" spellcheck="false"></label>',
  OidcProvider: () => '<label>OIDC provider (to mint a token) <select id="f-OidcProvider"></select></label>',
  Claims: () => '<label class="wide">Token claims (JSON; iss, iat and exp are filled in) <textarea id="f-Claims" rows="5" spellcheck="false"></textarea></label>'
    + '<p class="mint-bar"><button type="button" id="mint-token">Mint a token</button> <span class="muted">Run mints one when WebIdentityToken is blank.</span></p>',
  WebIdentityToken: () => '<label class="wide">WebIdentityToken (JWT) <textarea id="f-WebIdentityToken" rows="3" spellcheck="false"></textarea></label>'
    + '<details id="token-box" class="decoded-box" hidden><summary>Decoded token (header and claims)</summary><div id="token-decoded"></div></details>',
  SamlRequest: () => '<label class="wide">SAML response to mint (JSON: subject, roles, tags, transitiveTagKeys, sourceIdentity, sessionDuration…) <textarea id="f-SamlRequest" rows="5" spellcheck="false"></textarea></label>'
    + '<p class="mint-bar"><button type="button" id="mint-saml">Mint a SAML response</button> <span class="muted">Run mints one when SAMLAssertion is blank.</span></p>',
  ProviderId: () => '<label>ProviderId <input id="f-ProviderId" type="text" spellcheck="false"></label>',
  PrincipalArn: () => '<label>PrincipalArn (SAML provider) <input id="f-PrincipalArn" type="text" list="world-saml" spellcheck="false"></label><datalist id="world-saml"></datalist>',
  SAMLAssertion: () => '<label class="wide">SAMLAssertion (base64) <textarea id="f-SAMLAssertion" rows="3" spellcheck="false"></textarea></label>'
    + '<details id="saml-box" class="decoded-box" hidden><summary>Decoded assertion (XML)</summary><div id="saml-decoded"></div></details>',
  EncodedMessage: () => '<label class="wide">EncodedMessage <textarea id="f-EncodedMessage" rows="3" spellcheck="false"></textarea></label>',
  AccessKeyId: () => '<label>AccessKeyId (to look up) <input id="f-AccessKeyId" type="text" spellcheck="false"></label>',
  Action: () => '<label>Action <input id="f-Action" type="text" spellcheck="false" placeholder="s3:GetObject"></label>',
  Resource: () => '<label>Resource <input id="f-Resource" type="text" spellcheck="false" placeholder="arn:aws:s3:::bucket/key"></label>',
  Tags: () => '<fieldset class="wide"><legend>Session tags</legend><div id="f-Tags" class="rows"></div><button type="button" id="add-tag">Add tag</button></fieldset>',
  Context: () => '<fieldset class="wide"><legend>Request context</legend><div id="f-Context" class="rows"></div><button type="button" id="add-sts-context">Add context key</button></fieldset>',
};
// Federation's inputs right after the role, before the optional parameters.
const FIRST_FIELDS = ['RoleArn', 'RoleSessionName', 'OidcProvider', 'Claims', 'WebIdentityToken', 'PrincipalArn', 'SamlRequest', 'SAMLAssertion'];
const ALL_FIELDS = [...new Set([...FIRST_FIELDS, ...OPERATIONS.flatMap((op) => op.fields)])];
$('sts-fields').innerHTML = ALL_FIELDS.map((f) => `<div class="field" data-field="${f}">${FIELD_HTML[f]()}</div>`).join('');
wireRows($('f-Tags'), $('add-tag'), 'tag', () => { readCall(); saveSoon(); });
wireRows($('f-Context'), $('add-sts-context'), 'context', () => { readCall(); saveSoon(); });

function showFieldsFor(opName) {
  const op = operation(opName);
  for (const el of $('sts-fields').querySelectorAll('[data-field]')) el.hidden = !op.fields.includes(el.dataset.field);
  // The API reference's defaults: 12 hours for GetSessionToken and GetFederationToken, else 1 hour.
  $('f-DurationSeconds').placeholder = ['GetSessionToken', 'GetFederationToken'].includes(op.name) ? '43200' : '3600';
  // Federation calls are unsigned (the token or assertion is the proof): no caller.
  $('sts-caller').disabled = Boolean(op.anonymous);
  $('sts-caller').title = op.anonymous ? `${op.name} is called without AWS credentials` : '';
  $('unsigned-note').hidden = !op.anonymous;
}

function currentWorld() {
  const d = state.docs.find((x) => x.kind === 'world');
  return d ? parseWorld(d.text) : { error: 'No document of kind “world”: add one (Add document, kind “world”) or load an STS example.' };
}

function refreshChoices() {
  const { world } = currentWorld();
  const { callers, roles, mfaDevices } = worldChoices(world);
  const selected = $('sts-caller').value;
  $('sts-caller').innerHTML = callers.map((c) => `<option value="${c.Service ? `v:${escapeHtml(c.Service)}` : `p:${escapeHtml(c.Principal)}`}">${escapeHtml(c.label)}</option>`).join('')
    + sessions.map((s, i) => `<option value="s:${i}">session ${escapeHtml(s.label)}</option>`).join('')
    || '<option value="">(no world: no callers)</option>';
  if ([...$('sts-caller').options].some((o) => o.value === selected)) $('sts-caller').value = selected;
  $('world-roles').innerHTML = roles.map((r) => `<option value="${escapeHtml(r.arn)}">${escapeHtml(r.label)}</option>`).join('');
  $('world-mfa').innerHTML = mfaDevices.map((m) => `<option value="${escapeHtml(m.serial)}">${escapeHtml(m.label)}</option>`).join('');
  $('world-saml').innerHTML = samlProviders(world).map((p) => `<option value="${escapeHtml(p.arn)}">${escapeHtml(p.label)}</option>`).join('');
  const provider = $('f-OidcProvider').value || state.call?.params?.OidcProvider;
  const providers = oidcProviders(world);
  if (provider && !providers.some((p) => p.arn === provider)) providers.unshift({ arn: provider, label: provider });
  $('f-OidcProvider').innerHTML = providers.map((p) => `<option value="${escapeHtml(p.arn)}">${escapeHtml(p.label)}</option>`).join('');
  if (provider) $('f-OidcProvider').value = provider;
}

function readCall() {
  const values = {};
  for (const f of ALL_FIELDS) {
    if (f === 'Tags') values.Tags = readRows($('f-Tags'));
    else if (f === 'Context') values.Context = readRows($('f-Context'));
    else values[f] = $(`f-${f}`).value;
  }
  values.TokenCodeFromDevice = $('f-TokenCodeFromDevice').checked;
  const callerValue = $('sts-caller').value;
  const caller = callerValue.startsWith('p:') ? { Principal: callerValue.slice(2) }
    : callerValue.startsWith('v:') ? { Service: callerValue.slice(2) }
    : callerValue.startsWith('s:') ? { session: Number(callerValue.slice(2)), arn: sessions[Number(callerValue.slice(2))]?.arn } : undefined;
  state.call = { operation: $('sts-operation').value, caller, params: values, region: $('sts-region').value, endpoint: $('sts-endpoint').value };
}

function fillCall() {
  const c = state.call ?? DEFAULT_STATE.call;
  $('sts-operation').value = c.operation || 'AssumeRole';
  $('sts-region').value = c.region || 'us-east-1';
  $('sts-endpoint').value = c.endpoint || 'regional';
  refreshChoices();
  if (c.caller?.Principal || c.caller?.Service) {
    const v = c.caller.Service ? `v:${c.caller.Service}` : `p:${c.caller.Principal}`;
    if (![...$('sts-caller').options].some((o) => o.value === v)) $('sts-caller').insertAdjacentHTML('beforeend', `<option value="${escapeHtml(v)}">${escapeHtml(c.caller.Principal ?? c.caller.Service)}</option>`);
    $('sts-caller').value = v;
  }
  const p = c.params ?? {};
  for (const f of ALL_FIELDS) {
    if (f === 'Tags') renderRows($('f-Tags'), 'tag', p.Tags ?? []);
    else if (f === 'Context') renderRows($('f-Context'), 'context', p.Context ?? []);
    else $(`f-${f}`).value = p[f] ?? '';
  }
  $('f-TokenCodeFromDevice').checked = Boolean(p.TokenCodeFromDevice);
  showFieldsFor($('sts-operation').value);
  showDecodedInputs();
}

/** The token and assertion fields, decoded underneath as they change. */
function showDecodedInputs() {
  const token = $('f-WebIdentityToken').value.trim();
  $('token-box').hidden = !token;
  $('token-decoded').innerHTML = token ? renderDecodedToken(token) : '';
  const saml = $('f-SAMLAssertion').value.trim();
  $('saml-box').hidden = !saml;
  $('saml-decoded').innerHTML = saml ? renderDecodedSaml(saml) : '';
}
$('f-WebIdentityToken').addEventListener('input', showDecodedInputs);
$('f-SAMLAssertion').addEventListener('input', showDecodedInputs);

/** "Mint a token" / "Mint a SAML response": fills the field from the claims or request JSON. */
function mintInto(operationName, field) {
  readCall();
  const got = ensureSim();
  if (!got.sim) { showAnswer(got.failure ? renderDecision(got.failure) : renderMissing(got.missing), null); return; }
  const prepared = mintIfBlank(sim, operationName, state.call.params, { PrincipalArn: String(state.call.params.PrincipalArn ?? '').trim() });
  if (prepared.failure) { showAnswer(renderDecision(prepared.failure), null); return; }
  $(`f-${field}`).value = prepared.params[field];
  $(`${field === 'WebIdentityToken' ? 'token' : 'saml'}-box`).open = true;
  readCall();
  showDecodedInputs();
  saveSoon();
}
$('mint-token').addEventListener('click', () => mintInto('AssumeRoleWithWebIdentity', 'WebIdentityToken'));
$('mint-saml').addEventListener('click', () => mintInto('AssumeRoleWithSAML', 'SAMLAssertion'));

// Another operation is no longer the example's first step: its follow-up steps no longer apply.
$('sts-operation').addEventListener('change', () => { pendingThen = null; showFieldsFor($('sts-operation').value); readCall(); saveSoon(); });
$('panel-sts').addEventListener('input', (e) => { if (!e.target.closest('.rows') && e.target.id !== 'advance-seconds') { readCall(); saveSoon(); } });
$('panel-sts').addEventListener('submit', (e) => e.preventDefault());
$('panel-authorize').addEventListener('submit', (e) => e.preventDefault());

/** The simulator for the current world, built on first use and kept while the world is unchanged. */
function ensureSim() {
  if (!hasSim) return { missing: 'The STS simulator (Sim) is not in this build of sts-sim yet, so STS calls cannot run. Use “Authorize an action” to evaluate the policies.' };
  const d = state.docs.find((x) => x.kind === 'world');
  if (!d) return { missing: currentWorld().error };
  if (sim && simWorldText === d.text) return { sim };
  const parsed = parseWorld(d.text);
  if (parsed.error) return { missing: parsed.error };
  const created = wasm.Sim.create(parsed.world, SIM_START);
  if (created?.type === 'failure') return { failure: created };
  sim?.free?.();
  sim = created; simWorldText = d.text; sessions.length = 0;
  return { sim };
}

function callerFor(c) {
  if (c?.session !== undefined && sessions[c.session]) return sessions[c.session].credentials;
  if (c?.Principal) return { Principal: c.Principal };
  if (c?.Service) return { Service: c.Service };
  return undefined;
}

function renderCallAnswer(answer, session, operationName) {
  if (answer?.type === 'success' && answer.response) return renderCredentials(answer.response, { session, now: sim.now() });
  if (answer?.type === 'success' && answer.decision) {
    // A denial carries the encoded authorization message AWS services return with AccessDenied.
    const encoded = answer.EncodedMessage
      ? `<div class="card"><p>Encoded authorization message (what the service returns with the denial):</p><pre class="aws-error">${escapeHtml(answer.EncodedMessage)}</pre>`
        + `<button type="button" data-decode="${escapeHtml(answer.EncodedMessage)}">Decode with DecodeAuthorizationMessage</button> <span class="muted">(runs it as the form's caller)</span></div>`
      : '';
    return renderDecision(answer) + encoded;
  }
  if (answer?.type === 'failure' && answer.error) return renderStsError(answer.error) + renderNotAnOperation(operationName) + renderChecks(answer.explanation?.checks);
  if (answer?.type === 'failure') return renderDecision(answer);
  return renderMissing(`The simulator answered something this page does not know how to show: ${JSON.stringify(answer).slice(0, 200)}`);
}

async function runSts(then) {
  readCall();
  const got = ensureSim();
  if (got.missing) { showAnswer(renderMissing(got.missing), null); return; }
  if (got.failure) { showAnswer(renderDecision(got.failure), null); return; }
  const op = state.call.operation;
  if (supported && op !== 'Authorize' && !operation(op).notInAws && !supported.has(op)) {
    showAnswer(renderMissing(`${op} is not implemented by this build's STS simulator yet (it implements ${[...supported].join(', ')}), so there is no answer to show.`), null);
    return;
  }
  const p = state.call.params;
  if (p.TokenCodeFromDevice && operation(op).fields.includes('TokenCode')) {
    const device = mfaDevice(currentWorld().world, String(p.SerialNumber ?? '').trim());
    if (!device) { showAnswer(renderMissing(`No MFA device with serial number “${p.SerialNumber}” in the world, so there is no code to generate.`), null); return; }
    p.TokenCode = await totp(base32Decode(device.Base32StringSeed), sim.now());
    $('f-TokenCode').value = p.TokenCode;
  }
  const { answer, steps, minted } = runCall(sim, state.call, callerFor(state.call.caller), sessions, then);
  const last = steps[steps.length - 1];
  // An operation STS has but this build's simulator lacks answers InvalidAction: say what is missing.
  const lacking = answer?.error?.Code === 'InvalidAction' && OPERATIONS.some((o) => o.name === last.operation && !o.notInAws);
  const note = lacking ? renderMissing(`${last.operation} is not implemented by this build's STS simulator yet; it answered as AWS answers an unknown action:`) : '';
  const sent = minted ? `<details class="decoded-box sent"><summary>The ${minted.kind === 'token' ? 'token' : 'SAML response'} Run minted and sent (decoded)</summary>${minted.kind === 'token' ? renderDecodedToken(minted.value) : renderDecodedSaml(minted.value)}</details>` : '';
  const issued = [...steps].reverse().find((s) => s.session !== undefined)?.session;
  const chain = issued !== undefined ? renderChain(issued) : '';
  showAnswer(renderSteps(steps) + note + renderCallAnswer(answer, last.session, last.operation) + sent + chain, answer?.trace ?? answer?.explanation?.trace ?? null);
  refreshSimViews();
}

/** The role-chain diagram ending at a session issued in this page. */
function renderChain(index) {
  const nodes = chainTo(sessions, index);
  return `<figure class="chain" aria-labelledby="chain-caption"><figcaption id="chain-caption"><strong>Role chain</strong> <span class="muted">— identity → session → session, with the duration granted and the tags carried (⇢ transitive)</span></figcaption>${renderChainSvg(nodes)}</figure>`;
}

/**
 * What a session carries: GetCallerIdentity as the session (a logged STS call, as in AWS) and the
 * request context `sim.authorize` builds for it, read through a probe resource policy.
 */
function decodeSession(index) {
  const s = sessions[index];
  const identity = sim.call(s.credentials, 'GetCallerIdentity', {});
  const tagKeys = [...new Set(sessions.flatMap((x) => x.tags.map(([k]) => k)))];
  const probe = sim.authorize(s.credentials, { action: PROBE_ACTION, resource: PROBE_RESOURCE, resourcePolicy: probePolicy(tagKeys) });
  refreshSimViews();
  if (identity?.type !== 'success') return renderCallAnswer(identity, undefined, 'GetCallerIdentity');
  return renderSessionFacts(sessionFacts({ session: s, identity: identity.response, context: probe?.type === 'success' ? readProbe(probe.trace) : {} }));
}

function refreshSimViews() {
  if (!sim) { $('sim-now').textContent = hasSim ? SIM_START.now : '— (needs Sim)'; return; }
  $('sim-now').textContent = sim.now();
  $('events').innerHTML = renderEvents(sim.events());
  for (const el of $('result').querySelectorAll('time[datetime]')) {
    const countdown = el.parentElement.querySelector('.countdown');
    if (countdown) countdown.textContent = expiryText(el.getAttribute('datetime'), sim.now());
  }
  refreshChoices();
}

$('advance').addEventListener('click', () => {
  const got = ensureSim();
  if (!got.sim) { showAnswer(renderMissing(got.missing ?? 'The simulator could not be built from the world.'), null); return; }
  sim.advance(Math.max(0, Math.floor(Number($('advance-seconds').value) || 0)));
  refreshSimViews();
});
/** Drops the simulator: the next call builds a fresh one (clock, sessions and events reset). */
function resetSim() {
  sim?.free?.();
  sim = null; simWorldText = null; sessions.length = 0;
  $('events').innerHTML = '<p class="muted">No events yet.</p>';
  refreshSimViews();
}
$('reset-sim').addEventListener('click', resetSim);

$('result').addEventListener('click', async (e) => {
  const reveal = e.target.closest('[data-reveal]');
  if (reveal) {
    const i = Number(reveal.dataset.reveal);
    const shown = reveal.getAttribute('aria-pressed') === 'true';
    $('result').querySelector(`[data-secret="${i}"]`).textContent = shown ? '••••••••••••••••' : sessions[i].credentials.SecretAccessKey;
    reveal.setAttribute('aria-pressed', String(!shown));
    reveal.textContent = shown ? 'Reveal' : 'Hide';
    return;
  }
  const copy = e.target.closest('[data-copy]');
  if (copy) {
    const value = sessions[Number(copy.dataset.session)]?.credentials[copy.dataset.copy];
    try { await navigator.clipboard.writeText(value); copy.textContent = 'Copied'; } catch { copy.textContent = 'Copy failed'; }
    return;
  }
  const facts = e.target.closest('[data-decode-session]');
  if (facts) {
    const i = Number(facts.dataset.decodeSession);
    const box = $('result').querySelector(`[data-facts="${i}"]`);
    const open = facts.getAttribute('aria-expanded') === 'true';
    box.innerHTML = open ? '' : decodeSession(i);
    facts.setAttribute('aria-expanded', String(!open));
    return;
  }
  const decode = e.target.closest('[data-decode]');
  if (decode) {
    $('sts-operation').value = 'DecodeAuthorizationMessage';
    showFieldsFor('DecodeAuthorizationMessage');
    $('f-EncodedMessage').value = decode.dataset.decode;
    readCall();
    pendingThen = null;
    $('run').click();
    $('f-EncodedMessage').focus();
    return;
  }
  const other = e.target.closest('[data-switch-operation]');
  if (other) {
    $('sts-operation').value = other.dataset.switchOperation;
    showFieldsFor(other.dataset.switchOperation);
    readCall();
    saveSoon();
    $('sts-operation').focus();
    return;
  }
  const use = e.target.closest('[data-use-session]');
  if (use) {
    refreshChoices();
    $('sts-caller').value = `s:${use.dataset.useSession}`;
    readCall();
    $('sts-caller').focus();
  }
});

// ------------------------------------------------------------------ panels, Run, examples
function showPanel(panel) {
  state.panel = panel;
  for (const p of ['authorize', 'sts']) {
    $(`panel-${p}`).hidden = p !== panel;
    $(`tab-${p}`).setAttribute('aria-selected', String(p === panel));
    $(`tab-${p}`).tabIndex = p === panel ? 0 : -1;
  }
  $('events-box').hidden = panel !== 'sts';
  if (panel === 'sts') refreshChoices();
}
for (const panel of ['authorize', 'sts']) {
  $(`tab-${panel}`).addEventListener('click', () => {
    if (state.panel !== panel) showAnswer('<p class="muted">Press Run.</p>', null);
    showPanel(panel);
    saveSoon();
  });
}
$('run-tabs').addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const next = state.panel === 'sts' ? 'authorize' : 'sts';
  $(`tab-${next}`).click();
  $(`tab-${next}`).focus();
});

let pendingThen = null;
$('run').addEventListener('click', async () => {
  if (state.panel === 'sts') await runSts(pendingThen);
  else runAuthorize();
  // Tests wait for this counter: a run has finished rendering.
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
});

const exampleButton = (ex) => `<button type="button" data-example="${ex.id}"${ex.needs && !hasSim ? ' class="needs"' : ''} title="${escapeHtml(ex.summary)}">${escapeHtml(ex.title)}</button>`;
$('examples').innerHTML = [['authorize', 'Policy evaluation'], ['sts', 'STS calls']].map(([panel, label]) => `<div role="group" aria-label="${label} examples" class="example-group">`
  + `<span class="group-label">${label}:</span> ${EXAMPLES.filter((ex) => ex.panel === panel).map(exampleButton).join(' ')}</div>`).join('');
$('examples').addEventListener('click', (e) => {
  const b = e.target.closest('[data-example]');
  if (b) loadExample(exampleById(b.dataset.example));
});

function loadExample(ex) {
  resetSim();
  applyState({ docs: structuredClone(ex.docs), active: 0, panel: ex.panel, request: ex.request ? structuredClone(ex.request) : state.request, call: ex.call ? structuredClone(ex.call) : state.call, example: ex.id });
  showAnswer('<p class="muted">Example loaded: press Run.</p>', null);
  saveSoon();
}

function applyState(next) {
  state = { ...structuredClone(DEFAULT_STATE), ...next };
  if (!state.docs?.length) state.docs = structuredClone(DEFAULT_STATE.docs);
  const ex = state.example && exampleById(state.example);
  pendingThen = ex?.then ?? null;
  $('example-summary').textContent = ex ? `${ex.title}: ${ex.summary}${ex.needs && !hasSim ? ' (needs the STS simulator, not in this build yet)' : ''}` : '';
  for (const b of $('examples').querySelectorAll('[data-example]')) b.setAttribute('aria-pressed', String(b.dataset.example === state.example));
  fillRequest();
  fillCall();
  showPanel(state.panel);
  openDoc(state.active ?? 0);
}

// ------------------------------------------------------------------ URL state
let saveTimer = 0;
function saveSoon() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, 250);
}
async function saveNow() {
  clearTimeout(saveTimer);
  const hash = await encodeState(state);
  history.replaceState(null, '', hash);
  return hash;
}
$('copy-link').addEventListener('click', async () => {
  await saveNow();
  const link = location.href;
  $('share-link').hidden = false;
  $('share-link').value = link;
  try {
    await navigator.clipboard.writeText(link);
    $('share-status').textContent = 'Link copied.';
  } catch {
    $('share-status').textContent = 'Copy the link from the box.';
    $('share-link').select();
  }
});
window.addEventListener('hashchange', async () => {
  const decoded = await decodeState(location.hash);
  if (decoded) applyState(decoded);
});

// ------------------------------------------------------------------ start
$('version').textContent = `v${wasm.version()}`;
applyState((await decodeState(location.hash)) ?? structuredClone(DEFAULT_STATE));
refreshSimViews();
document.body.dataset.sim = String(hasSim);
document.body.dataset.ready = 'true';
console.debug(`sts-sim playground interactive after ${Math.round(performance.now() - started)} ms`);

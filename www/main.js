// The playground page: documents in a CodeMirror editor validated as you type, "Authorize an
// action" through `simulate`, STS calls through the simulator (`Sim`) when the build has it —
// federation with minted tokens and SAML responses, the decoded session, the role-chain diagram,
// decoded authorization messages — the world as forms kept in sync with its JSON (import and
// export included), trust findings as a trust policy is typed, an examples gallery, a live
// re-run on every edit, and the whole setup in the URL hash. Rendering lives in lib/ (DOM-free).
import init, * as wasm from './pkg/sts_sim.js';
import { createPolicyEditor, formatDocument } from './editor.js';
import { byteOffsetToIndex, diagnosticRanges, escapeHtml, renderProblems, summarize } from './lib/diagnostics.js';
import { DOCUMENT_KINDS, policiesFrom, simulateInput } from './lib/authorize.js';
import { renderDecision, renderTrace } from './lib/trace.js';
import { EXAMPLES, exampleById } from './lib/examples.js';
import { OPERATIONS, ROOT_TASK_POLICIES, credentialSnippets, expiryText, mintIfBlank, operation, parseWorld, renderCredentials, renderEvents, renderMissing, renderSteps, renderStsError, renderUndocumented, runCall, supportedOperations, worldChoices } from './lib/sts.js';
import { oidcProviders, renderChecks, renderDecodedSaml, renderDecodedToken, renderNotAnOperation, samlProviders } from './lib/federation.js';
import { addEntity, applyFormEdit, findRole, importWorld, removeEntity, renderWorldForms, starterWorld } from './lib/world.js';
import { renderFindings, trustAnalysis, witnessLoad } from './lib/findings.js';
import { callerKind, checkParams, durationRange } from './lib/constraints.js';
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
const hasAnalyze = typeof wasm.analyzeTrust === 'function';
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
  if (d.kind === 'trust') refreshDocFindings();
}

function onEdit(text) {
  editStarted();
  activeDoc().text = text;
  validate();
  saveSoon();
  edited();
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
  $('findings-box').hidden = d.kind !== 'trust';
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
  edited();
});
$('remove-doc').addEventListener('click', () => {
  if (state.docs.length <= 1) return;
  state.docs.splice(state.active, 1);
  openDoc(state.active);
  saveSoon();
  edited();
});
$('doc-name').addEventListener('input', () => { activeDoc().name = $('doc-name').value; renderTabs(); saveSoon(); });
$('kind').addEventListener('change', () => { activeDoc().kind = $('kind').value; renderTabs(); validate(); saveSoon(); edited(); });
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
wireRows($('auth-context'), $('auth-add-context'), 'context', () => { readRequest(); saveSoon(); edited(); });
for (const id of ['auth-principal', 'auth-action', 'auth-resource']) $(id).addEventListener('input', () => { readRequest(); saveSoon(); edited(); });

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
  DurationSeconds: () => '<label>DurationSeconds <input id="f-DurationSeconds" type="number" min="900" max="129600" placeholder="3600"></label>'
    + '<input id="f-DurationSeconds-range" type="range" min="900" max="43200" step="60" aria-label="DurationSeconds slider" aria-describedby="duration-limit"><p id="duration-limit" class="muted"></p>',
  ExternalId: () => '<label>ExternalId <input id="f-ExternalId" type="text" spellcheck="false"></label>',
  SerialNumber: () => '<label>MFA serial number <input id="f-SerialNumber" type="text" list="world-mfa" spellcheck="false"></label><datalist id="world-mfa"></datalist>',
  TokenCode: () => '<label>MFA code <input id="f-TokenCode" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6"></label>'
    + '<label class="inline"><input id="f-TokenCodeFromDevice" type="checkbox"> generate from the world\'s MFA device at the simulated time</label>'
    + '<p class="totp" id="totp-now" aria-live="polite" hidden></p>',
  SourceIdentity: () => '<label>SourceIdentity <input id="f-SourceIdentity" type="text" spellcheck="false"></label>',
  Policy: () => '<div class="wide"><span id="f-Policy-label">Session policy (JSON; blank: none)</span> <button type="button" id="format-session-policy">Format</button><div id="f-Policy" class="editor session-editor"></div><ul id="f-Policy-problems" class="field-problems-list" aria-label="Session policy problems"></ul></div>',
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
  TargetPrincipal: () => '<label>TargetPrincipal (member account id or its root ARN) <input id="f-TargetPrincipal" type="text" spellcheck="false" list="world-accounts"></label><datalist id="world-accounts"></datalist>',
  TaskPolicyArn: () => `<label>TaskPolicyArn (arn:aws:iam::aws:policy/root-task/…) <select id="f-TaskPolicyArn"><option value="">(choose a task policy)</option>${ROOT_TASK_POLICIES.map((p) => `<option>${p}</option>`).join('')}</select></label>`,
  Audience: () => '<label class="wide">Audience (1 to 10, comma or line separated) <textarea id="f-Audience" rows="2" spellcheck="false"></textarea></label>',
  SigningAlgorithm: () => '<label>SigningAlgorithm <select id="f-SigningAlgorithm"><option value="">(choose)</option><option>RS256</option><option>ES384</option></select></label>',
  TradeInToken: () => '<label class="wide">TradeInToken <textarea id="f-TradeInToken" rows="2" spellcheck="false"></textarea></label>',
};
// Federation's inputs right after the role, before the optional parameters.
const FIRST_FIELDS = ['RoleArn', 'RoleSessionName', 'OidcProvider', 'Claims', 'WebIdentityToken', 'PrincipalArn', 'SamlRequest', 'SAMLAssertion'];
const ALL_FIELDS = [...new Set([...FIRST_FIELDS, ...OPERATIONS.flatMap((op) => op.fields)])];
// Each field has a line for its constraint problem, read with the control (aria-describedby).
$('sts-fields').innerHTML = ALL_FIELDS.map((f) => `<div class="field" data-field="${f}">${FIELD_HTML[f]()}<p class="field-problem" id="problem-${f}" aria-live="polite"></p></div>`).join('');
for (const f of ALL_FIELDS) {
  const control = $(`f-${f}`);
  if (control && control.matches('input, select, textarea')) control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), `problem-${f}`].filter(Boolean).join(' '));
}
wireRows($('f-Tags'), $('add-tag'), 'tag', () => { readCall(); saveSoon(); stsEdited(); });
wireRows($('f-Context'), $('add-sts-context'), 'context', () => { readCall(); saveSoon(); stsEdited(); });

// The session policy in its own editor, validated as a session policy as it is typed.
const sessionEditor = createPolicyEditor($('f-Policy'), { label: 'Session policy (JSON)', onChange: () => { readCall(); saveSoon(); stsEdited(); } });
$('format-session-policy').addEventListener('click', () => formatDocument(sessionEditor.view));

function showFieldsFor(opName) {
  const op = operation(opName);
  for (const el of $('sts-fields').querySelectorAll('[data-field]')) el.hidden = !op.fields.includes(el.dataset.field);
  // Federation calls are unsigned (the token or assertion is the proof): no caller.
  $('sts-caller').disabled = Boolean(op.anonymous);
  $('sts-caller').title = op.anonymous ? `${op.name} is called without AWS credentials` : '';
  $('unsigned-note').hidden = !op.anonymous;
  // Where AWS's documentation is silent about this operation, the page says so next to it.
  $('op-note').innerHTML = renderUndocumented(op.name);
  refreshConstraints();
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
  // MFA serial numbers: the caller's own devices first (a user's, or the root user's "root" device).
  const who = /^arn:[\w-]+:iam::(\d{12}):(?:user\/(?:.*\/)?([^/]+)|(root))$/.exec($('sts-caller').value.slice(2));
  const mine = who ? mfaDevices.filter((m) => m.account === who[1] && m.user === (who[2] ?? 'root')) : [];
  $('world-mfa').innerHTML = (mine.length ? mine : mfaDevices).map((m) => `<option value="${escapeHtml(m.serial)}">${escapeHtml(m.label)}</option>`).join('');
  $('world-accounts').innerHTML = (world?.Accounts ?? []).map((a) => `<option value="${escapeHtml(a.AccountId)}">${escapeHtml(a.Alias ?? '')}</option>`).join('');
  $('world-saml').innerHTML = samlProviders(world).map((p) => `<option value="${escapeHtml(p.arn)}">${escapeHtml(p.label)}</option>`).join('');
  const provider = $('f-OidcProvider').value || state.call?.params?.OidcProvider;
  const providers = oidcProviders(world);
  if (provider && !providers.some((p) => p.arn === provider)) providers.unshift({ arn: provider, label: provider });
  $('f-OidcProvider').innerHTML = providers.map((p) => `<option value="${escapeHtml(p.arn)}">${escapeHtml(p.label)}</option>`).join('');
  if (provider) $('f-OidcProvider').value = provider;
}

/** The STS form's values, as the fields hold them (strings, tag and context rows). */
function formValues() {
  const values = {};
  for (const f of ALL_FIELDS) {
    if (f === 'Tags') values.Tags = readRows($('f-Tags'));
    else if (f === 'Context') values.Context = readRows($('f-Context'));
    else if (f === 'Policy') values.Policy = sessionEditor.text();
    else values[f] = $(`f-${f}`).value;
  }
  values.TokenCodeFromDevice = $('f-TokenCodeFromDevice').checked;
  return values;
}

function readCall() {
  const values = formValues();
  const callerValue = $('sts-caller').value;
  const caller = callerValue.startsWith('p:') ? { Principal: callerValue.slice(2) }
    : callerValue.startsWith('v:') ? { Service: callerValue.slice(2) }
    : callerValue.startsWith('s:') ? { session: Number(callerValue.slice(2)), arn: sessions[Number(callerValue.slice(2))]?.arn } : undefined;
  state.call = { operation: $('sts-operation').value, caller, params: values, region: $('sts-region').value, endpoint: $('sts-endpoint').value, sourceIp: $('sts-source-ip').value };
}

function fillCall() {
  const c = state.call ?? DEFAULT_STATE.call;
  $('sts-operation').value = c.operation || 'AssumeRole';
  $('sts-region').value = c.region || 'us-east-1';
  $('sts-endpoint').value = c.endpoint || 'regional';
  $('sts-source-ip').value = c.sourceIp ?? '';
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
    else if (f === 'Policy') sessionEditor.setText(p.Policy ?? '');
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
$('sts-operation').addEventListener('change', () => { pendingThen = null; showFieldsFor($('sts-operation').value); readCall(); saveSoon(); stsEdited(); });
$('panel-sts').addEventListener('input', (e) => {
  if (e.target.closest('.rows') || e.target.id === 'advance-seconds' || e.target.id === 'sts-operation' || e.target.closest('.cm-editor')) return;
  if (e.target.id === 'f-DurationSeconds-range') $('f-DurationSeconds').value = e.target.value;
  if (e.target.id === 'sts-caller') refreshChoices();
  readCall(); saveSoon(); stsEdited();
});
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

function renderCallAnswer(answer, session, operationName, { now = sim?.now(), preview = false, region = state.call?.region } = {}) {
  if (answer?.type === 'success' && answer.response) return renderCredentials(answer.response, { session, now, preview, region });
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

/**
 * Runs the form's call (and the example's follow-up steps) on `target`, recording issued
 * credentials in `list`; answers { html, trace, answer }. A preview (the live re-run) runs on a
 * throwaway simulator and leaves the form as it is.
 */
async function simulateCall(target, list, then, { preview = false, gen = 0 } = {}) {
  const call = structuredClone(state.call);
  const op = call.operation;
  if (supported && op !== 'Authorize' && !operation(op).notInAws && !supported.has(op)) {
    return { html: renderMissing(`${op} is not implemented by this build's STS simulator yet (it implements ${[...supported].join(', ')}), so there is no answer to show.`), trace: null };
  }
  const p = call.params;
  if (p.TokenCodeFromDevice && operation(op).fields.includes('TokenCode')) {
    const device = mfaDevice(currentWorld().world, String(p.SerialNumber ?? '').trim());
    if (!device) return { html: renderMissing(`No MFA device with serial number “${p.SerialNumber}” in the world, so there is no code to generate.`), trace: null };
    p.TokenCode = await totp(base32Decode(device.Base32StringSeed), target.now());
    if (preview && gen !== liveGen) return null; // a newer edit or a Run came first
    if (!preview) { $('f-TokenCode').value = p.TokenCode; state.call.params.TokenCode = p.TokenCode; }
  }
  const { answer, steps, minted } = runCall(target, call, callerFor(call.caller), list, then);
  const last = steps[steps.length - 1];
  // An operation STS has but this build's simulator lacks answers InvalidAction: say what is missing.
  const lacking = answer?.error?.Code === 'InvalidAction' && OPERATIONS.some((o) => o.name === last.operation && !o.notInAws);
  const note = lacking ? renderMissing(`${last.operation} is not implemented by this build's STS simulator yet; it answered as AWS answers an unknown action:`) : '';
  const sent = minted ? `<details class="decoded-box sent"><summary>The ${minted.kind === 'token' ? 'token' : 'SAML response'} Run minted and sent (decoded)</summary>${minted.kind === 'token' ? renderDecodedToken(minted.value) : renderDecodedSaml(minted.value)}</details>` : '';
  const issued = [...steps].reverse().find((s) => s.session !== undefined)?.session;
  const chain = issued !== undefined ? renderChain(list, issued) : '';
  if (answer?.response?.WebIdentityToken && !preview) lastWebIdentityToken = answer.response.WebIdentityToken;
  const banner = preview ? `<p class="preview-note" role="note"><span class="badge">Live preview</span> a fresh simulator (clock ${escapeHtml(target.now())}) re-ran this call after your edit. Press Run to make the call in this page's simulator: its sessions, clock and event log.</p>` : '';
  const html = banner + renderSteps(steps) + note + renderCallAnswer(answer, last.session, last.operation, { now: target.now(), preview, region: call.region }) + sent + chain;
  return { html, trace: answer?.trace ?? answer?.explanation?.trace ?? null, answer };
}

let lastWebIdentityToken = '';

async function runSts(then) {
  readCall();
  const got = ensureSim();
  if (got.missing) { showAnswer(renderMissing(got.missing), null); return; }
  if (got.failure) { showAnswer(renderDecision(got.failure), null); return; }
  const out = await simulateCall(sim, sessions, then);
  showAnswer(out.html, out.trace);
  refreshSimViews();
}

/** A fresh simulator of `world` at this page's clock and seed (for previews and warm-ups). */
function throwawaySim(world) {
  return wasm.Sim.create(world, { now: sim ? sim.now() : SIM_START.now, seed: SIM_START.seed });
}

/**
 * The live re-run of an STS call: the world as it is now, on a throwaway simulator at this
 * page's clock (same seed), so an edit shows its effect without touching the page's sessions or
 * event log. A caller that is one of this page's sessions cannot be carried over: Run it.
 */
async function previewSts(gen) {
  readCall();
  if (!hasSim) return false;
  if (state.call.caller?.session !== undefined) {
    $('live-status').textContent = 'Live re-run paused: the caller is a session of this page\'s simulator. Press Run.';
    return false;
  }
  const parsed = currentWorld();
  if (parsed.error) { showAnswer(renderMissing(parsed.error), null); return true; }
  const throwaway = throwawaySim(parsed.world);
  if (throwaway?.type === 'failure') { showAnswer(renderDecision(throwaway), null); return true; }
  try {
    const out = await simulateCall(throwaway, [], pendingThen, { preview: true, gen });
    if (!out || gen !== liveGen) return false;
    showAnswer(out.html, out.trace);
    $('live-status').textContent = '';
    return true;
  } finally {
    throwaway.free();
  }
}

/** The role-chain diagram ending at a session issued in this page (or in a preview's list). */
function renderChain(list, index) {
  const nodes = chainTo(list, index);
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
  refreshTotp();
  if (!sim) { $('sim-now').textContent = hasSim ? SIM_START.now : '— (needs Sim)'; return; }
  $('sim-now').textContent = sim.now();
  $('events').innerHTML = renderEvents(sim.events(), { filter: $('events-filter').value, errorsOnly: $('events-errors').checked });
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
for (const id of ['events-filter', 'events-errors']) $(id).addEventListener('input', () => { if (sim) $('events').innerHTML = renderEvents(sim.events(), { filter: $('events-filter').value, errorsOnly: $('events-errors').checked }); });

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
  const copy = e.target.closest('[data-copy], [data-copy-snippet], [data-copy-token]');
  if (copy) {
    const s = sessions[Number(copy.dataset.session)];
    const value = copy.dataset.copyToken !== undefined ? lastWebIdentityToken
      : copy.dataset.copySnippet ? credentialSnippets({ ...s.credentials, Expiration: s.response?.Credentials?.Expiration }, { region: state.call?.region })[copy.dataset.copySnippet]
        : s?.credentials[copy.dataset.copy];
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

// ------------------------------------------------------------------ constraints, MFA code, endpoint
/** The caller the form names, as durationRange and the endpoint note need it. */
function formCaller() {
  const v = $('sts-caller').value;
  if (v.startsWith('s:')) return { session: Number(v.slice(2)), arn: sessions[Number(v.slice(2))]?.arn };
  if (v.startsWith('v:')) return { Service: v.slice(2) };
  return v ? { Principal: v.slice(2) } : undefined;
}

/**
 * The STS constraints, live: each field's problem under it (length, pattern, required, tags),
 * the DurationSeconds range with its reason, the session policy's diagnostics, the endpoint note.
 */
function refreshConstraints() {
  const op = operation($('sts-operation').value);
  const values = formValues();
  const problems = checkParams(op.name, op.fields, values);
  const world = currentWorld().world;
  const found = world && values.RoleArn ? findRole(world, String(values.RoleArn).trim()) : null;
  const role = found ? { name: found.role.RoleName, max: found.role.MaxSessionDuration } : null;
  const range = op.fields.includes('DurationSeconds') ? durationRange(op.name, { caller: callerKind(formCaller(), op.name, op.anonymous), role }) : null;
  if (range) {
    const number = $('f-DurationSeconds');
    const slider = $('f-DurationSeconds-range');
    const typed = String(number.value).trim();
    const value = typed === '' ? range.default : Number(typed);
    number.min = String(range.min);
    number.max = String(range.max);
    number.placeholder = String(range.default);
    slider.min = String(range.min);
    slider.max = String(range.max);
    slider.step = range.max - range.min >= 3600 ? '60' : '1';
    slider.value = String(Math.min(Math.max(Number.isFinite(value) ? value : range.default, range.min), range.max));
    slider.setAttribute('aria-valuetext', `${slider.value} seconds${typed === '' ? ' (the default)' : ''}`);
    $('duration-limit').textContent = `Allowed: ${range.min}–${range.max.toLocaleString('en')} s; blank means ${range.default.toLocaleString('en')} s. ${range.why}`;
    if (typed !== '' && (!Number.isInteger(value) || value < range.min || value > range.max)) {
      problems.DurationSeconds = range.capped && value > range.max
        ? `DurationSeconds ${value}: longer than ${range.max} s, so STS shortens it to ${range.max} s.`
        : `DurationSeconds: ${Number.isInteger(value) ? value : `“${typed}”`} is outside ${range.min}–${range.max.toLocaleString('en')} s.`;
    }
  }
  for (const f of ALL_FIELDS) {
    const line = $(`problem-${f}`);
    if (line) line.textContent = problems[f] ?? '';
    const control = $(`f-${f}`);
    if (control?.matches('input, select, textarea')) control.setAttribute('aria-invalid', String(Boolean(problems[f])));
  }
  refreshSessionPolicyProblems(op.fields.includes('Policy') ? String(values.Policy ?? '') : '');
  refreshEndpointNote();
}

/** The session policy validated as a session policy: its problems listed and drawn in its editor. */
function refreshSessionPolicyProblems(text) {
  const list = $('f-Policy-problems');
  if (!text.trim()) { list.innerHTML = ''; sessionEditor.showDiagnostics([]); return; }
  const result = wasm.validatePolicy(text, { kind: 'session' });
  const all = [...(result.errors ?? []), ...(result.warnings ?? [])];
  list.innerHTML = all.map((d) => `<li class="${escapeHtml(d.severity)}">${d.line ? `${d.line}:${d.column} ` : ''}<code>${escapeHtml(d.code)}</code> ${escapeHtml(d.message)}</li>`).join('');
  sessionEditor.showDiagnostics(diagnosticRanges(text, result));
}

/** Global or Regional endpoint: which token version the caller's account gets, and where it is valid. */
function refreshEndpointNote() {
  const region = $('sts-region').value;
  if ($('sts-endpoint').value !== 'global') {
    $('endpoint-note').textContent = `Regional endpoint sts.${region}.amazonaws.com: its session tokens are valid in every Region.`;
    return;
  }
  const account = /:(\d{12}):/.exec(formCaller()?.Principal ?? formCaller()?.arn ?? '')?.[1];
  const settings = currentWorld().world?.Accounts?.find((a) => a.AccountId === account);
  const version = String(settings?.GlobalEndpointTokenVersion ?? 'v1').replace('Token', '');
  $('endpoint-note').textContent = `Global endpoint sts.amazonaws.com: ${account ? `account ${account}'s` : 'the account\'s'} session tokens are ${version} (world: GlobalEndpointTokenVersion) — ${version === 'v2' ? 'valid in every Region' : 'valid only in the Regions enabled by default'}.`;
}

let totpGen = 0;
/** The code the caller's MFA device shows now (on the simulated clock), with the seconds until the next one. */
async function refreshTotp() {
  const box = $('totp-now');
  const op = operation($('sts-operation').value);
  const serial = $('f-SerialNumber').value.trim();
  const device = op.fields.includes('TokenCode') && serial ? mfaDevice(currentWorld().world, serial) : undefined;
  const gen = ++totpGen;
  if (!device) { box.hidden = true; return; }
  const now = sim ? sim.now() : SIM_START.now;
  let code;
  try {
    code = await totp(base32Decode(device.Base32StringSeed), now);
  } catch (e) {
    box.hidden = false;
    box.textContent = `The device's Base32StringSeed is not valid: ${e.message}`;
    return;
  }
  if (gen !== totpGen) return;
  const left = 30 - (Math.floor(Date.parse(now) / 1000) % 30);
  box.hidden = false;
  box.innerHTML = `${escapeHtml(device.UserName)}'s device shows <strong class="code" data-code-now="${code}">${code}</strong> at ${escapeHtml(now)} (simulated clock); the next code in ${left} s. <button type="button" id="totp-use" data-code="${code}">Use this code</button>`;
}
$('panel-sts').addEventListener('click', (e) => {
  const use = e.target.closest('#totp-use');
  if (!use) return;
  $('f-TokenCode').value = use.dataset.code;
  $('f-TokenCodeFromDevice').checked = false;
  readCall(); saveSoon(); stsEdited();
});

// ------------------------------------------------------------------ the world panel
const openEntities = new Set(); // the <details> the reader expanded, kept across redraws
let formsShow = null; // the world text the forms were drawn from
let formsWorld = null; // …and that world, as canonical JSON (a whitespace edit redraws nothing)

function worldDoc() { return state.docs.find((d) => d.kind === 'world'); }

function worldStatus(html, level = 'ok') {
  $('world-status').innerHTML = html ? `<p class="status-${level}">${html}</p>` : '';
}

/** Draws the forms from the world document (when its text changed and parses). */
function renderWorldPanel({ force = false } = {}) {
  const d = worldDoc();
  $('create-world').hidden = Boolean(d);
  $('export-world').disabled = !d;
  if (!d) {
    $('world-fieldset').disabled = false;
    $('world-forms').innerHTML = '<p class="muted">No world document: create one, import one, or load an STS example.</p>';
    formsShow = null;
    return;
  }
  const readOnly = $('world-fieldset').disabled;
  if (!force && !readOnly && formsShow === d.text) return;
  const parsed = parseWorld(d.text);
  if (parsed.error) {
    // The forms keep the last world that parsed, read-only, until the JSON parses again.
    $('world-fieldset').disabled = true;
    worldStatus(`The world JSON does not parse (${escapeHtml(parsed.error)}): the forms are read-only until it does.`, 'error');
    return;
  }
  if (readOnly) worldStatus('');
  $('world-fieldset').disabled = false;
  const canonical = JSON.stringify(parsed.world);
  // A whitespace-only edit of the JSON changes nothing the forms show.
  if (!force && canonical === formsWorld) { formsShow = d.text; return; }
  $('world-forms').innerHTML = renderWorldForms(parsed.world, { open: openEntities });
  formsShow = d.text;
  formsWorld = canonical;
  refreshShownPolicies();
}

/** Whether a control of the forms is shown: every <details> around it is open. */
const shown = (el) => !el.parentElement.closest('details:not([open])');

/** Validates the policy textareas the reader can see, and analyzes the trust policies among them. */
function refreshShownPolicies() {
  for (const area of $('world-forms').querySelectorAll('textarea[data-kind]')) if (shown(area) && !area.dataset.checked) validateFormPolicy(area);
  refreshRoleFindings();
}

/** A policy textarea of the forms validated for its kind; the message goes under it. An optional one left blank is left out: nothing to say. */
function validateFormPolicy(area) {
  area.dataset.checked = 'true';
  if (area.dataset.as === 'opt-policy' && !area.value.trim()) {
    $(area.getAttribute('aria-describedby')).textContent = '';
    area.setAttribute('aria-invalid', 'false');
    return;
  }
  const result = wasm.validatePolicy(area.value, { kind: area.dataset.kind });
  const all = [...(result.errors ?? []), ...(result.warnings ?? [])];
  const line = $(area.getAttribute('aria-describedby'));
  line.textContent = all.map((d) => `${d.severity === 'error' ? 'Error' : 'Warning'} ${d.line ? `${d.line}:${d.column} ` : ''}${d.code}: ${d.message}`).join(' · ');
  line.className = `field-problems ${result.type === 'failure' ? 'status-error' : ''}`;
  area.setAttribute('aria-invalid', String(result.type === 'failure'));
}

/** Writes new world JSON into the world document (and the editor when it shows it). */
function setWorldText(text, { fromForms = false } = {}) {
  let d = worldDoc();
  if (!d) {
    d = { name: 'world', kind: 'world', text };
    state.docs.push(d);
    renderTabs();
  }
  d.text = text;
  if (activeDoc() === d) { editor.setText(text); validate(); }
  if (fromForms) formsShow = text;
  refreshChoices();
  saveSoon();
}

const RENAMES = new Set(['account-id', 'user-name', 'role-name', 'role-path', 'user-path']);
$('world-forms').addEventListener('input', (e) => {
  const control = e.target.closest('[data-path]');
  const d = worldDoc();
  if (!control || !d) return;
  const parsed = parseWorld(d.text);
  if (parsed.error) return;
  const value = control.type === 'checkbox' ? control.checked : control.value;
  const next = applyFormEdit(parsed.world, JSON.parse(control.dataset.path), control.dataset.as, value);
  setWorldText(JSON.stringify(next, null, 2), { fromForms: true });
  formsWorld = JSON.stringify(next);
  if (control.dataset.kind) validateFormPolicy(control);
  if (control.dataset.roleArn) refreshRoleFindings(control.dataset.roleArn);
  // A rename changes ARNs and headings elsewhere in the forms: redraw, keeping the caret.
  if (RENAMES.has(control.dataset.as)) redrawKeepingFocus(control);
  edited();
});

function redrawKeepingFocus(control) {
  const { path } = control.dataset;
  const caret = control.selectionStart;
  renderWorldPanel({ force: true });
  const again = $('world-forms').querySelector(`[data-path="${CSS.escape(path)}"]`);
  if (again) { again.focus(); if (caret !== null && again.setSelectionRange) again.setSelectionRange(caret, caret); }
}

$('world-forms').addEventListener('toggle', (e) => {
  const box = e.target;
  if (!box.matches?.('details.entity')) return;
  if (box.open) openEntities.add(box.dataset.key); else openEntities.delete(box.dataset.key);
  if (box.open) refreshShownPolicies();
}, true);

$('world-forms').addEventListener('click', (e) => {
  const add = e.target.closest('[data-world-add]');
  const remove = e.target.closest('[data-world-remove]');
  if (!add && !remove) return;
  const parsed = parseWorld(worldDoc()?.text ?? '');
  if (parsed.error) return;
  let next;
  let focus = null;
  if (add) {
    const got = addEntity(parsed.world, add.dataset.worldAdd, {
      path: add.dataset.path ? JSON.parse(add.dataset.path) : [], account: Number(add.dataset.account ?? 0), userName: add.dataset.user,
      random: (n) => crypto.getRandomValues(new Uint8Array(n)),
    });
    next = got.world;
    focus = got.focus;
    // Open what was added, and the account it is in.
    for (let i = 2; i <= focus.length; i += 1) openEntities.add(focus.slice(0, i).join('/'));
    openEntities.add(focus.join('/'));
  } else {
    next = removeEntity(parsed.world, JSON.parse(remove.dataset.worldRemove));
  }
  setWorldText(JSON.stringify(next, null, 2));
  renderWorldPanel({ force: true });
  const target = focus && [...$('world-forms').querySelectorAll('[data-path]')].find((el) => JSON.parse(el.dataset.path).join('/').startsWith(focus.join('/')));
  (target ?? $('world-heading')).focus?.();
  worldStatus(add ? `Added ${escapeHtml(add.getAttribute('aria-label').replace(/^Add /, ''))}.` : `${escapeHtml(remove.getAttribute('aria-label').replace(/^Remove/, 'Removed'))}.`);
  edited();
});

$('create-world').addEventListener('click', () => {
  setWorldText(JSON.stringify(starterWorld(), null, 2));
  openEntities.add('Accounts/0');
  renderWorldPanel({ force: true });
  worldStatus('Created a world with one account (111122223333): add roles and users below, or edit its JSON (tab “world”).');
  edited();
});

/** Imports a file (picked or dropped): a world, or an aws iam get-account-authorization-details output. */
async function importFile(file) {
  if (!file) return;
  const d = worldDoc();
  const current = d ? parseWorld(d.text) : null;
  if (current?.error) {
    worldStatus(`The world document does not parse (${escapeHtml(current.error)}); fix it before importing. Nothing was imported.`, 'error');
    return;
  }
  const got = importWorld(await file.text(), { current: current?.world ?? null, fileName: file.name });
  if (got.error) { worldStatus(escapeHtml(got.error), 'error'); return; }
  if (hasSim) {
    // Only a world the simulator loads replaces the current one.
    const check = wasm.Sim.create(got.world, SIM_START);
    if (check?.type === 'failure') {
      worldStatus(`${escapeHtml(file.name)} does not load as a world: ${check.errors.map((x) => `${escapeHtml(x.path || '(top)')}: ${escapeHtml(x.message)}`).join('; ')}. Nothing was imported.`, 'error');
      return;
    }
    check.free();
  }
  resetSim();
  setWorldText(JSON.stringify(got.world, null, 2));
  renderWorldPanel({ force: true });
  worldStatus(escapeHtml(got.message) + got.warnings.map((w) => ` <span class="status-warning">${escapeHtml(w)}</span>`).join(''));
  edited();
}
$('world-file').addEventListener('change', async () => {
  await importFile($('world-file').files[0]);
  $('world-file').value = '';
});
$('world-panel').addEventListener('dragover', (e) => { e.preventDefault(); $('world-panel').classList.add('dragging'); });
$('world-panel').addEventListener('dragleave', () => $('world-panel').classList.remove('dragging'));
$('world-panel').addEventListener('drop', (e) => {
  e.preventDefault();
  $('world-panel').classList.remove('dragging');
  importFile(e.dataTransfer?.files?.[0]);
});

$('export-world').addEventListener('click', () => {
  const d = worldDoc();
  if (!d) return;
  const url = URL.createObjectURL(new Blob([d.text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'sts-sim-world.json';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  const parsed = parseWorld(d.text);
  worldStatus(parsed.error ? `Exported the world JSON as it is, though it does not parse: ${escapeHtml(parsed.error)}` : 'Exported the world JSON (sts-sim-world.json).', parsed.error ? 'warning' : 'ok');
});

// ------------------------------------------------------------------ trust findings
let docFindings = null; // { key, setup, result, text } for the trust document in the editor
const roleFindings = new Map(); // roleArn → { key, setup, result, text } for the forms' trust policies

/** Findings for the trust document in the editor, as it is typed. */
function refreshDocFindings() {
  const d = activeDoc();
  if (d.kind !== 'trust') return;
  const worldText = worldDoc()?.text ?? '';
  const key = `${d.text}\u0000${worldText}\u0000${state.request?.resource ?? ''}`;
  if (docFindings?.key === key) return;
  if (!hasAnalyze) { $('findings').innerHTML = renderMissing('analyzeTrust is not in this build of sts-sim.'); return; }
  const world = worldDoc() ? parseWorld(worldText).world ?? null : null;
  const setup = trustAnalysis({ world, roleArn: String(state.request?.resource ?? '').trim(), trustPolicyText: d.text });
  const result = wasm.analyzeTrust(setup.input);
  docFindings = { key, setup, result, text: d.text };
  $('findings').innerHTML = renderFindings(result, { note: setup.note });
}

/** Findings under the trust policies of the roles the forms show expanded (or of one role). */
function refreshRoleFindings(only) {
  if (!hasAnalyze) return;
  const parsed = parseWorld(worldDoc()?.text ?? '');
  if (parsed.error) return;
  for (const box of $('world-forms').querySelectorAll('.findings[data-findings-for]')) {
    const arn = box.dataset.findingsFor;
    if ((only && arn !== only) || !shown(box)) continue;
    const area = box.parentElement.querySelector('textarea[data-role-arn]');
    const key = `${area.value}\u0000${worldDoc().text}`;
    if (roleFindings.get(arn)?.key === key && box.innerHTML) continue;
    const setup = trustAnalysis({ world: parsed.world, roleArn: arn, trustPolicyText: area.value });
    const result = wasm.analyzeTrust(setup.input);
    roleFindings.set(arn, { key, setup, result, text: area.value });
    box.innerHTML = renderFindings(result, { note: setup.note });
  }
}

/** "Try it": the witness's world and call loaded into the page; Run then proves (or refutes) the finding. */
function tryFinding(entry, index) {
  const role = entry.result.roles[0];
  const finding = role.findings[index];
  const loaded = witnessLoad({ world: entry.setup.world, roleArn: role.roleArn, trustPolicyText: entry.text, finding });
  if (loaded.error) { showAnswer(renderMissing(loaded.error), null); return; }
  resetSim();
  setWorldText(JSON.stringify(loaded.world, null, 2));
  state.call = loaded.call;
  state.example = undefined;
  $('example-summary').textContent = '';
  fillCall();
  pendingThen = loaded.then;
  showPanel('sts');
  renderWorldPanel({ force: true });
  showAnswer(`<div class="card witness-loaded" role="note"><p><strong>Witness loaded</strong>: ${escapeHtml(finding.how)} by ${escapeHtml(finding.who.description)}${loaded.then ? ', in two calls (the second runs after the first)' : ''}. Press Run to prove the finding.</p>`
    + `<ul>${loaded.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></div>`, null);
  saveSoon();
  $('run').focus();
}

document.addEventListener('click', (e) => {
  const button = e.target.closest('[data-try-finding]');
  if (!button) return;
  const roleBox = button.closest('.findings[data-findings-for]');
  const entry = roleBox ? roleFindings.get(roleBox.dataset.findingsFor) : docFindings;
  if (entry) tryFinding(entry, Number(button.dataset.tryFinding));
});

// ------------------------------------------------------------------ live re-simulation
// Every edit (a document, the world's forms or JSON, the request, the STS form) schedules one
// pass that redraws what depends on it — the world's forms, the trust findings, the STS
// constraints — and, with "Re-run on every edit", runs the request again. The pass runs as a
// microtask: after the edit's own handler (and any edits of the same task, coalesced into one
// pass), before the browser paints, so the result of a keystroke is in the first frame drawn
// after it. The body's data-live-ms (from the start of the edit's handling to the result
// drawn, the editor's own validation included) and data-live-compute-ms (the pass alone) are
// what the e2e run prints.
let pending = false;
let editAt = 0;
let liveGen = 0;
let reRun = false;

/** The moment an edit's handling starts (for data-live-ms), when no pass is pending yet. */
function editStarted() {
  if (!editAt) editAt = performance.now();
}
function edited({ run = true } = {}) {
  editStarted();
  reRun ||= run;
  if (!pending) {
    pending = true;
    queueMicrotask(livePass);
  }
}
/** An edit of the STS form: its constraints, then the shared pass. */
function stsEdited() {
  editStarted();
  refreshConstraints();
  refreshTotp();
  edited();
}

async function livePass() {
  if (!pending) return; // a Run came first
  pending = false;
  const since = editAt;
  const run = reRun && $('live').checked;
  editAt = 0;
  reRun = false;
  const t0 = performance.now();
  renderWorldPanel();
  refreshDocFindings();
  refreshConstraints();
  if (!run) return;
  const gen = ++liveGen;
  let drawn = true;
  if (state.panel === 'sts') drawn = await previewSts(gen);
  else runAuthorize();
  if (!drawn || gen !== liveGen) return;
  const done = performance.now();
  document.body.dataset.liveMs = (done - since).toFixed(2);
  document.body.dataset.liveComputeMs = (done - t0).toFixed(2);
  document.body.dataset.liveRuns = String(Number(document.body.dataset.liveRuns ?? 0) + 1);
}
$('live').addEventListener('change', () => { $('live-status').textContent = $('live').checked ? '' : 'Results change only when you press Run.'; });

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
  // A Run supersedes a pending live re-run.
  pending = false;
  editAt = 0;
  reRun = false;
  liveGen += 1;
  renderWorldPanel();
  refreshDocFindings();
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
  openEntities.clear();
  applyState({ docs: structuredClone(ex.docs), active: 0, panel: ex.panel, request: ex.request ? structuredClone(ex.request) : state.request, call: ex.call ? structuredClone(ex.call) : state.call, example: ex.id });
  showAnswer('<p class="muted">Example loaded: press Run.</p>', null);
  saveSoon();
  warmUpSoon();
}

/**
 * Once the page is idle after an example loads, its call runs once on a throwaway simulator and
 * the answer is dropped. Nothing on the page changes; what it buys is the one-time work of the
 * example's world — an identity provider's seed-derived RSA key, a first signature — done
 * before the first edit instead of inside it (those are kept process-wide, see src/memo.rs).
 */
function warmUpSoon() {
  if (!hasSim || state.panel !== 'sts') return;
  const idle = globalThis.requestIdleCallback ?? ((f) => setTimeout(f, 50));
  idle(() => {
    const parsed = currentWorld();
    if (parsed.error || state.call.caller?.session !== undefined) return;
    const throwaway = throwawaySim(parsed.world);
    if (throwaway?.type === 'failure') return;
    try {
      runCall(throwaway, structuredClone(state.call), callerFor(state.call.caller), [], pendingThen);
    } catch { /* a warm-up only: the real run reports any problem */ } finally {
      throwaway.free();
    }
  }, { timeout: 200 });
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
  renderWorldPanel({ force: true });
  refreshTotp();
  worldStatus('');
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

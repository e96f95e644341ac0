// The STS side of the playground, DOM-free: which operations exist and what parameters each
// takes, the callers and roles a world offers, the request parameters a form produces, and the
// HTML for answers (credentials card, AWS-shaped error, CloudTrail event log).
import { escapeHtml } from './diagnostics.js';
import { contextFromRows } from './authorize.js';
import { renderDecodedMessage } from './decode.js';

/** Operations the picker offers, with the form fields each one uses (AWS parameter names). */
export const OPERATIONS = [
  { name: 'AssumeRole', fields: ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SerialNumber', 'TokenCode', 'Tags', 'SourceIdentity', 'Policy'] },
  { name: 'GetSessionToken', fields: ['DurationSeconds', 'SerialNumber', 'TokenCode'] },
  { name: 'GetFederationToken', fields: ['Name', 'DurationSeconds', 'Tags', 'Policy'] },
  // OidcProvider, Claims and SamlRequest are the page's own (what to mint), not request parameters.
  { name: 'AssumeRoleWithWebIdentity', fields: ['RoleArn', 'RoleSessionName', 'OidcProvider', 'Claims', 'WebIdentityToken', 'ProviderId', 'DurationSeconds', 'Policy'], anonymous: true },
  { name: 'AssumeRoleWithSAML', fields: ['RoleArn', 'PrincipalArn', 'SamlRequest', 'SAMLAssertion', 'DurationSeconds', 'Policy'], anonymous: true },
  { name: 'GetCallerIdentity', fields: [] },
  { name: 'GetAccessKeyInfo', fields: ['AccessKeyId'] },
  { name: 'DecodeAuthorizationMessage', fields: ['EncodedMessage'] },
  { name: 'Authorize', label: 'Authorize an action (sim.authorize)', fields: ['Action', 'Resource', 'Context'] },
  // Not an STS operation: offered because people look for it; the page explains what to call.
  { name: 'AssumeRoleWithJWT', label: 'AssumeRoleWithJWT (not an AWS operation)', fields: ['RoleArn', 'RoleSessionName', 'WebIdentityToken'], anonymous: true, notInAws: true },
];

/** Form fields that say what the page mints before the call; never sent as parameters. */
export const MINT_FIELDS = new Set(['OidcProvider', 'Claims', 'SamlRequest']);

export function operation(name) {
  return OPERATIONS.find((op) => op.name === name) ?? OPERATIONS[0];
}

const SERVICE_CALLERS = ['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'];

/**
 * Whether this build's simulator implements an operation: from its own list when it exports one
 * (`supportedOperations()`), else null (unknown until called; an InvalidAction answer says no).
 */
export function supportedOperations(wasm) {
  const list = wasm.supportedOperations?.() ?? wasm.Sim?.supportedOperations?.();
  return Array.isArray(list) ? new Set(list) : null;
}

/** Parses world JSON text; { world } or { error }. */
export function parseWorld(text) {
  try {
    const world = JSON.parse(text);
    if (!world || typeof world !== 'object' || !Array.isArray(world.Accounts)) return { error: 'The world needs an "Accounts" list.' };
    return { world };
  } catch (e) {
    return { error: `The world is not valid JSON: ${e.message}` };
  }
}

/** Everything in a world a form can pick: callers (roots and users), roles, MFA devices. */
export function worldChoices(world) {
  const partition = world?.Partition ?? 'aws';
  const callers = [];
  const roles = [];
  const mfaDevices = [];
  for (const account of world?.Accounts ?? []) {
    const id = account.AccountId;
    const alias = account.Alias ? ` (${account.Alias})` : '';
    callers.push({ label: `root of ${id}${alias}`, Principal: `arn:${partition}:iam::${id}:root` });
    const details = account.AuthorizationDetails ?? {};
    for (const user of details.UserDetailList ?? []) {
      const arn = user.Arn ?? `arn:${partition}:iam::${id}:user${user.Path ?? '/'}${user.UserName}`;
      callers.push({ label: `user ${user.UserName} in ${id}${alias}`, Principal: arn });
    }
    for (const role of details.RoleDetailList ?? []) {
      roles.push({ label: `${role.RoleName} in ${id}${alias}`, arn: role.Arn ?? `arn:${partition}:iam::${id}:role${role.Path ?? '/'}${role.RoleName}` });
    }
    for (const device of account.MFADevices ?? []) mfaDevices.push({ label: `${device.UserName}'s MFA device`, serial: device.SerialNumber, user: device.UserName });
  }
  // AWS services call AssumeRole on roles whose trust policy names them.
  if (callers.length) for (const Service of SERVICE_CALLERS) callers.push({ label: `service ${Service}`, Service });
  return { callers, roles, mfaDevices };
}

/** Form values (strings, tag rows) → the operation's request parameters; blanks are omitted. */
export function buildParams(operationName, values) {
  const op = operation(operationName);
  const params = {};
  for (const field of op.fields) {
    if (field === 'Tags') {
      const rows = (values.Tags ?? []).filter(([k]) => String(k).trim());
      if (rows.length) params.Tags = rows.map(([Key, Value]) => ({ Key: String(Key).trim(), Value: String(Value ?? '') }));
      const transitive = rows.filter(([, , t]) => t).map(([k]) => String(k).trim());
      if (transitive.length && op.name === 'AssumeRole') params.TransitiveTagKeys = transitive;
      continue;
    }
    if (field === 'Context' || field === 'Action' || field === 'Resource' || MINT_FIELDS.has(field)) continue;
    const raw = values[field];
    if (raw === undefined || raw === null || String(raw).trim() === '') continue;
    params[field] = field === 'DurationSeconds' ? Number(raw) : String(raw).trim();
  }
  return params;
}

function remaining(seconds) {
  if (seconds <= 0) return 'expired';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `expires in ${h ? `${h} h ` : ''}${m} min ${s} s`;
}

/** "expires in 59 min 40 s" / "expired", from ISO times (the simulator's clock, not the wall's). */
export function expiryText(expiration, now) {
  return remaining((Date.parse(expiration) - Date.parse(now)) / 1000);
}

/**
 * The credentials card for a successful answer. Secrets are masked: the page's buttons
 * (data-reveal / data-copy with the session's index) read them from memory, not from the HTML.
 */
export function renderCredentials(response, { session, now }) {
  const c = response.Credentials;
  const rows = [];
  if (c) {
    rows.push(['AccessKeyId', `<code>${escapeHtml(c.AccessKeyId)}</code> <button type="button" data-copy="AccessKeyId" data-session="${session}">Copy</button>`]);
    rows.push(['SecretAccessKey', `<code class="secret" data-secret="${session}">••••••••••••••••</code> <button type="button" data-reveal="${session}" aria-pressed="false">Reveal</button> <button type="button" data-copy="SecretAccessKey" data-session="${session}">Copy</button>`]);
    if (c.SessionToken) rows.push(['SessionToken', `<code>${escapeHtml(c.SessionToken.slice(0, 16))}…</code> (${c.SessionToken.length} characters) <button type="button" data-copy="SessionToken" data-session="${session}">Copy</button>`]);
    rows.push(['Expiration', `<time datetime="${escapeHtml(c.Expiration)}">${escapeHtml(c.Expiration)}</time> — <span class="countdown">${escapeHtml(expiryText(c.Expiration, now))}</span>`]);
  }
  const user = response.AssumedRoleUser ?? response.FederatedUser;
  if (user) {
    rows.push([response.AssumedRoleUser ? 'AssumedRoleUser' : 'FederatedUser', `<code>${escapeHtml(user.Arn)}</code><br><span class="muted">id</span> <code>${escapeHtml(user.AssumedRoleId ?? user.FederatedUserId ?? '')}</code>`]);
  }
  if (response.PackedPolicySize !== undefined) {
    const pct = Number(response.PackedPolicySize);
    rows.push(['PackedPolicySize', `<meter min="0" max="100" value="${pct}" low="70" high="90" optimum="0" aria-label="Packed policy size, percent of the limit">${pct}%</meter> ${pct}% of the limit`]);
  }
  if (response.SourceIdentity) rows.push(['SourceIdentity', `<code>${escapeHtml(response.SourceIdentity)}</code>`]);
  if (response.DecodedMessage !== undefined) rows.push(['DecodedMessage', renderDecodedMessage(String(response.DecodedMessage))]);
  for (const key of ['Account', 'Arn', 'UserId', 'Provider', 'SubjectFromWebIdentityToken', 'Audience', 'Subject', 'Issuer']) {
    if (response[key] !== undefined) rows.push([key, `<code>${escapeHtml(response[key])}</code>`]);
  }
  const use = c ? `<p class="actions"><button type="button" data-use-session="${session}">Use these credentials as the caller</button> <button type="button" data-decode-session="${session}" aria-expanded="false">What this session carries</button></p><div class="session-facts" data-facts="${session}"></div>` : '';
  return `<div class="card credentials"><p class="verdict verdict-allow"><span class="badge">✓ Success</span></p><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${use}</div>`;
}

/** An error as AWS returns it: Type, Code, Message. */
export function renderStsError(error) {
  return `<div class="card sts-error" data-code="${escapeHtml(error.Code)}"><p class="verdict verdict-deny"><span class="badge">✗ ${escapeHtml(error.Code)}</span> ${escapeHtml(error.Type ?? 'Sender')} error</p>`
    + `<pre class="aws-error">&lt;Error&gt;\n  &lt;Type&gt;${escapeHtml(error.Type ?? 'Sender')}&lt;/Type&gt;\n  &lt;Code&gt;${escapeHtml(error.Code)}&lt;/Code&gt;\n  &lt;Message&gt;${escapeHtml(error.Message)}&lt;/Message&gt;\n&lt;/Error&gt;</pre></div>`;
}

/** CloudTrail records (`sim.events()`: an array, or `{ type, events }`), each expandable. */
export function renderEvents(answer) {
  const events = Array.isArray(answer) ? answer : answer?.events;
  if (!events?.length) return '<p class="muted">No events yet.</p>';
  return `<ol class="events">${events.map((e) => {
    const who = e.userIdentity?.arn ?? e.userIdentity?.type ?? '';
    const outcome = e.errorCode ? `<span class="no">✗ ${escapeHtml(e.errorCode)}</span>` : '<span class="yes">✓ success</span>';
    // A cross-account call is delivered to both accounts (the same sharedEventID).
    const to = e.recipientAccountId ? ` <span class="muted">in account ${escapeHtml(e.recipientAccountId)}</span>` : '';
    return `<li><details><summary><time>${escapeHtml(e.eventTime ?? '')}</time> <strong>${escapeHtml(e.eventName ?? '?')}</strong> ${outcome}${to} <span class="muted">by ${escapeHtml(who)}</span></summary>`
      + `<pre>${escapeHtml(JSON.stringify(e, null, 2))}</pre></details></li>`;
  }).join('')}</ol>`;
}

/** What the page says when an STS operation cannot run in this build. */
export function renderMissing(what) {
  return `<div class="card missing" role="note"><p><span class="badge">Not available</span> ${escapeHtml(what)}</p></div>`;
}

/** JSON text from a form field, or { error }. Blank text is {}. */
function parseJsonField(text, what) {
  if (!String(text ?? '').trim()) return { value: {} };
  try { return { value: JSON.parse(text) }; } catch (e) { return { error: `${what} is not valid JSON: ${e.message}` }; }
}

/**
 * What to mint before a federation call whose token or assertion field is blank: a web identity
 * token from the claims JSON (`sim.mintWebIdentityToken`), or a SAML response from the request
 * JSON (`sim.mintSamlResponse`, for the PrincipalArn's provider). Answers { params, minted } or
 * { failure } (the mint's own failure value, or a diagnostic for JSON that does not parse).
 */
export function mintIfBlank(sim, operationName, values, params) {
  if (operationName === 'AssumeRoleWithWebIdentity' && !params.WebIdentityToken && String(values.Claims ?? '').trim()) {
    const claims = parseJsonField(values.Claims, 'The claims');
    if (claims.error) return { failure: { type: 'failure', errors: [{ code: 'INVALID_CLAIMS', message: claims.error, path: 'Claims' }] } };
    const minted = sim.mintWebIdentityToken(String(values.OidcProvider ?? '').trim(), claims.value, {});
    if (minted?.type !== 'success') return { failure: minted };
    return { params: { ...params, WebIdentityToken: minted.token }, minted: { kind: 'token', value: minted.token } };
  }
  if (operationName === 'AssumeRoleWithSAML' && !params.SAMLAssertion && String(values.SamlRequest ?? '').trim()) {
    const request = parseJsonField(values.SamlRequest, 'The SAML response request');
    if (request.error) return { failure: { type: 'failure', errors: [{ code: 'INVALID_SAML_REQUEST', message: request.error, path: 'SamlRequest' }] } };
    const minted = sim.mintSamlResponse(String(params.PrincipalArn ?? ''), request.value);
    if (minted?.type !== 'success') return { failure: minted };
    return { params: { ...params, SAMLAssertion: minted.samlResponse }, minted: { kind: 'saml', value: minted.samlResponse, request: request.value } };
  }
  return { params };
}

/** The tags and transitive keys a call asks to put on its session (AssumeRole/GetFederationToken parameters, minted SAML attributes). */
function requestedTags(params, minted) {
  if (minted?.kind === 'saml') return { tags: Object.entries(minted.request.tags ?? {}), transitiveKeys: minted.request.transitiveTagKeys ?? [] };
  if (minted?.kind === 'token') return { tags: [], transitiveKeys: [] };
  return { tags: (params.Tags ?? []).map((t) => [t.Key, t.Value]), transitiveKeys: params.TransitiveTagKeys ?? [] };
}

/** A caller as the page names it, for the chain diagram's first node. */
function callerName(who, operationName, params) {
  if (who === null || who === undefined) {
    if (operationName === 'AssumeRoleWithSAML') return `SAML user via ${params.PrincipalArn ?? 'provider'}`;
    return 'web identity user';
  }
  return who.Principal ?? who.Service ?? who.AccessKeyId ?? 'caller';
}

/**
 * Runs a call and then, for an example, its follow-up steps, against a simulator with the `Sim`
 * contract (src/wasm.rs): `call(caller, operation, params, where)`, `authorize(caller, request)`,
 * `advance(seconds)`, `revokeOlderSessions(roleArn)`, the minting functions. `then` is one step or
 * a list; a step is { operation, params, as? } (as: "first" — the session the first call issued,
 * the default — "latest", or "caller" — the form's caller), { advance: seconds },
 * { revokeOlderSessions: roleArn }, or { operation, encodedMessageFromFirstStep: true }
 * (decode the first step's denial, as the form's caller). Anonymous operations (the federation
 * ones) are called unsigned. Credentials issued are appended to `sessions`: { label, arn,
 * credentials, operation, params, response, parent, caller, issuedAt, tags, transitiveKeys }.
 * Returns { answer, steps, minted }: steps narrate what ran, minted is the token or SAML response
 * minted for a blank field (for the page to show decoded).
 */
export function runCall(sim, call, caller, sessions, then = null) {
  const steps = [];
  let minted = null;
  const one = (c, who) => {
    let answer;
    const op = operation(c.operation);
    if (op.anonymous) who = null;
    if (c.operation === 'Authorize') {
      const p = c.params ?? {};
      answer = sim.authorize(who, { action: String(p.Action ?? '').trim(), resource: String(p.Resource ?? '').trim(), context: contextFromRows(p.Context), region: c.region });
    } else {
      const base = op.name === c.operation ? buildParams(c.operation, c.params ?? {}) : { ...(c.params ?? {}) };
      const prepared = mintIfBlank(sim, c.operation, c.params ?? {}, base);
      if (prepared.minted) minted = prepared.minted;
      answer = prepared.failure ?? sim.call(who, c.operation, prepared.params, { region: c.region, endpoint: c.endpoint });
      const credentials = answer?.type === 'success' ? answer.response?.Credentials : undefined;
      if (credentials) {
        const r = answer.response;
        const arn = r.AssumedRoleUser?.Arn ?? r.FederatedUser?.Arn ?? `${c.operation} session`;
        const parentIndex = who?.AccessKeyId ? sessions.findIndex((s) => s.credentials.AccessKeyId === who.AccessKeyId) : -1;
        const parent = parentIndex >= 0 ? parentIndex : null;
        const asked = requestedTags(prepared.params, prepared.minted);
        // Transitive tags persist through role chaining ("Chaining roles with session tags").
        const inherited = parent === null ? { tags: [], transitiveKeys: [] } : { tags: sessions[parent].tags.filter(([k]) => sessions[parent].transitiveKeys.includes(k)), transitiveKeys: sessions[parent].transitiveKeys };
        const tags = [...inherited.tags.filter(([k]) => !asked.tags.some(([a]) => a === k)), ...asked.tags];
        sessions.push({
          label: `${arn} (${credentials.AccessKeyId})`, arn,
          credentials: { AccessKeyId: credentials.AccessKeyId, SecretAccessKey: credentials.SecretAccessKey, SessionToken: credentials.SessionToken },
          operation: c.operation, params: prepared.params, response: r, parent,
          caller: parent !== null ? sessions[parent].arn : callerName(who, c.operation, prepared.params),
          issuedAt: sim.now(), tags, transitiveKeys: [...new Set([...inherited.transitiveKeys, ...asked.transitiveKeys])],
        });
      }
    }
    const issued = answer?.type === 'success' && answer.response?.Credentials ? sessions.length - 1 : undefined;
    steps.push({ operation: c.operation, ok: answer?.type === 'success' && !(answer.decision && answer.decision !== 'Allow'), session: issued, decision: answer?.decision, code: answer?.error?.Code, as: c.as });
    return answer;
  };
  let answer = one(call, caller);
  const first = steps[0];
  const firstAnswer = answer;
  const list = then ? (Array.isArray(then) ? then : [then]) : [];
  for (const step of list) {
    if (step.advance !== undefined) { sim.advance(step.advance); steps.push({ operation: 'advance', ok: true, seconds: step.advance, now: sim.now() }); continue; }
    if (step.revokeOlderSessions) {
      answer = sim.revokeOlderSessions(step.revokeOlderSessions);
      steps.push({ operation: 'revokeOlderSessions', ok: answer?.type === 'success', roleArn: step.revokeOlderSessions });
      continue;
    }
    if (step.encodedMessageFromFirstStep) {
      if (!firstAnswer?.EncodedMessage) break;
      // The denial's encoded message, decoded by the same caller.
      answer = one({ ...call, operation: step.operation, params: { ...step.params, EncodedMessage: firstAnswer.EncodedMessage } }, caller);
      continue;
    }
    const as = step.as ?? 'first';
    const session = as === 'latest' ? [...steps].reverse().find((s) => s.session !== undefined)?.session : first.session;
    if (as !== 'caller' && session === undefined) break; // nothing was issued to continue with
    const who = as === 'caller' ? caller : sessions[session].credentials;
    answer = one({ ...call, operation: step.operation, params: step.params, as }, who);
  }
  return { answer, steps, minted };
}

const STEP_WORDS = { advance: (s) => `advanced the clock ${s.seconds} s (now ${s.now})`, revokeOlderSessions: (s) => `revoked older sessions of ${s.roleArn} (AWSRevokeOlderSessions)` };

/** The steps a run made, as an ordered list, when there was more than one. */
export function renderSteps(steps) {
  if (steps.length < 2) return '';
  const who = { first: 'as the first session', latest: 'as the newest session', caller: 'as the form\'s caller' };
  return `<ol class="steps" aria-label="Steps run">${steps.map((s, i) => {
    const words = STEP_WORDS[s.operation]?.(s) ?? `${s.operation === 'Authorize' ? 'authorize' : s.operation}${i > 0 && s.as ? ` ${who[s.as]}` : ''}`;
    const outcome = s.code ? `✗ ${s.code}` : s.decision ? `${s.decision === 'Allow' ? '✓' : '✗'} ${s.decision}` : s.ok ? `✓${s.session !== undefined ? ' credentials issued' : ''}` : '✗';
    return `<li class="step" data-step="${i}"><span class="${s.ok ? 'yes' : 'no'}">${escapeHtml(outcome)}</span> ${escapeHtml(words)}</li>`;
  }).join('')}</ol>`;
}

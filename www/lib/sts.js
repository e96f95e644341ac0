// The STS side of the playground, DOM-free: which operations exist and what parameters each
// takes, the callers and roles a world offers, the request parameters a form produces, and the
// HTML for answers (credentials card, AWS-shaped error, CloudTrail event log).
import { escapeHtml } from './diagnostics.js';
import { contextFromRows } from './authorize.js';

/** Operations the picker offers, with the form fields each one uses (AWS parameter names). */
export const OPERATIONS = [
  { name: 'AssumeRole', fields: ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SerialNumber', 'TokenCode', 'Tags', 'SourceIdentity', 'Policy'] },
  { name: 'GetSessionToken', fields: ['DurationSeconds', 'SerialNumber', 'TokenCode'] },
  { name: 'GetFederationToken', fields: ['Name', 'DurationSeconds', 'Tags', 'Policy'] },
  { name: 'AssumeRoleWithWebIdentity', fields: ['RoleArn', 'RoleSessionName', 'WebIdentityToken', 'ProviderId', 'DurationSeconds', 'Policy'], anonymous: true },
  { name: 'AssumeRoleWithSAML', fields: ['RoleArn', 'PrincipalArn', 'SAMLAssertion', 'DurationSeconds', 'Policy'], anonymous: true },
  { name: 'GetCallerIdentity', fields: [] },
  { name: 'GetAccessKeyInfo', fields: ['AccessKeyId'] },
  { name: 'DecodeAuthorizationMessage', fields: ['EncodedMessage'] },
  { name: 'Authorize', label: 'Authorize an action (sim.authorize)', fields: ['Action', 'Resource', 'Context'] },
];

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
    if (field === 'Context' || field === 'Action' || field === 'Resource') continue;
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
  if (response.DecodedMessage !== undefined) {
    let text = String(response.DecodedMessage);
    try { text = JSON.stringify(JSON.parse(text), null, 2); } catch { /* shown as it came */ }
    rows.push(['DecodedMessage', `<pre class="decoded">${escapeHtml(text)}</pre>`]);
  }
  for (const key of ['Account', 'Arn', 'UserId', 'Provider', 'SubjectFromWebIdentityToken', 'Audience', 'Subject', 'Issuer']) {
    if (response[key] !== undefined) rows.push([key, `<code>${escapeHtml(response[key])}</code>`]);
  }
  const use = c ? `<p><button type="button" data-use-session="${session}">Use these credentials as the caller</button></p>` : '';
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

/**
 * Runs a call and, for a two-step example, a second one: as the session the first one issued, or
 * (encodedMessageFromFirstStep) decoding the message the first one's denial carried
 * against a simulator with the `Sim` contract (src/api/sim.rs): `call(caller, operation, params,
 * { region, endpoint })` and `authorize(caller, { action, resource, context, region })`. Credentials issued are
 * appended to `sessions` ({ label, arn, credentials }). Returns { answer, steps } where steps
 * describes the calls made, for the page to narrate.
 */
export function runCall(sim, call, caller, sessions, then = null) {
  const steps = [];
  const one = (c, who) => {
    let answer;
    if (c.operation === 'Authorize') {
      const p = c.params ?? {};
      answer = sim.authorize(who, { action: String(p.Action ?? '').trim(), resource: String(p.Resource ?? '').trim(), context: contextFromRows(p.Context), region: c.region });
    } else {
      answer = sim.call(who, c.operation, buildParams(c.operation, c.params ?? {}), { region: c.region, endpoint: c.endpoint });
    }
    const credentials = answer?.type === 'success' ? answer.response?.Credentials : undefined;
    if (credentials) {
      const r = answer.response;
      const arn = r.AssumedRoleUser?.Arn ?? r.FederatedUser?.Arn ?? `${c.operation} session`;
      sessions.push({ label: `${arn} (${credentials.AccessKeyId})`, arn, credentials: { AccessKeyId: credentials.AccessKeyId, SecretAccessKey: credentials.SecretAccessKey, SessionToken: credentials.SessionToken } });
    }
    steps.push({ operation: c.operation, ok: answer?.type === 'success', session: credentials ? sessions.length - 1 : undefined });
    return answer;
  };
  let answer = one(call, caller);
  const first = steps[0];
  if (then?.encodedMessageFromFirstStep && answer?.EncodedMessage) {
    // The denial's encoded message, decoded by the same caller.
    answer = one({ ...call, operation: then.operation, params: { ...then.params, EncodedMessage: answer.EncodedMessage } }, caller);
  } else if (then && first.session !== undefined) {
    answer = one({ ...call, operation: then.operation, params: then.params }, sessions[first.session].credentials);
  }
  return { answer, steps };
}

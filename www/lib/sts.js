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
  { name: 'AssumeRoot', fields: ['TargetPrincipal', 'TaskPolicyArn', 'DurationSeconds'], doc: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html',
    undocumented: 'AWS documents who may call AssumeRoot (the management account or the delegated administrator for IAM, with centralized root access enabled) but not the error codes or messages for anyone else, a disabled feature, a target that is not a member account, a root-user caller or another task policy: those answers are sts-sim\'s (AccessDenied for who may call, ValidationError for the parameters), each message saying what was wrong.' },
  // The JWT going out of AWS (outbound identity federation); AssumeRoleWithWebIdentity is the one coming in.
  { name: 'GetWebIdentityToken', label: 'GetWebIdentityToken (a JWT out of AWS)', fields: ['Audience', 'SigningAlgorithm', 'DurationSeconds', 'Tags'], doc: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html',
    undocumented: 'AWS documents the error JWTPayloadSizeExceededException but not the size behind it: sts-sim refuses a payload past 8 KiB, its own choice. How AWS picks the issuer URL\'s id (https://<id>.tokens.sts.global.api.aws) is not documented: sts-sim derives it from its seed and the account id. The root user as a caller is not documented either (sts-sim allows it; sub is its ARN).' },
  { name: 'GetDelegatedAccessToken', fields: ['TradeInToken'], doc: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetDelegatedAccessToken.html',
    undocumented: 'AWS documents this operation\'s parameter, response (Credentials, AssumedPrincipal; PackedPolicySize "is not populated") and errors, including ExpiredTradeInTokenException, but not the trade-in token itself: neither its format, nor how long it lives, nor the session it is exchanged for, nor the answer to a token STS did not issue, nor whether a token can be exchanged twice. sts-sim invents none of it: the world lists the tokens a delegation handed out and what each buys (Accounts[].TradeInTokens, sts-sim\'s own fixture: the token, a role of the account, the session name, ExpiresAt, DurationSeconds, the delegated permissions as a session policy). A listed token buys a session of its role (AssumedPrincipal names the role: sts-sim\'s reading); past its ExpiresAt it answers ExpiredTradeInTokenException; a token the world does not list is refused with InvalidParameterValue and a message saying why; exchanging a listed token again is not refused.' },
  // Not an STS operation: offered because people look for it; the page explains what to call.
  { name: 'AssumeRoleWithJWT', label: 'AssumeRoleWithJWT (not an AWS operation)', fields: ['RoleArn', 'RoleSessionName', 'WebIdentityToken'], anonymous: true, notInAws: true },
];

/** The AWS managed task policies AssumeRoot takes (`arn:aws:iam::aws:policy/root-task/<name>`). */
export const ROOT_TASK_POLICIES = ['IAMAuditRootUserCredentials', 'IAMCreateRootUserPassword', 'IAMDeleteRootUserCredentials', 'S3UnlockBucketPolicy', 'SQSUnlockQueuePolicy'];

/** What AWS leaves undocumented about an operation, as the page says next to it; '' when nothing. */
export function renderUndocumented(name) {
  const op = OPERATIONS.find((o) => o.name === name);
  if (!op?.undocumented) return '';
  return `<div class="card undocumented" role="note" data-operation="${escapeHtml(op.name)}"><p><span class="badge">Where AWS is silent</span> ${escapeHtml(op.undocumented)}</p>`
    + `<p><a href="${escapeHtml(op.doc)}">${escapeHtml(op.name)} in the STS API reference</a></p></div>`;
}

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
    for (const device of account.MFADevices ?? []) mfaDevices.push({ label: `${device.UserName}'s MFA device`, serial: device.SerialNumber, user: device.UserName, account: id });
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
    if (field === 'Audience') params.Audience = String(raw).split(/[\n,]/).map((a) => a.trim()).filter(Boolean);
    else if (field === 'TaskPolicyArn') params.TaskPolicyArn = { arn: String(raw).includes(':') ? String(raw).trim() : `arn:aws:iam::aws:policy/root-task/${String(raw).trim()}` };
    else params[field] = field === 'DurationSeconds' ? Number(raw) : String(raw).trim();
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
 * Ready-to-paste snippets for credentials: environment variables, a `~/.aws/credentials` profile
 * and an AWS SDK for JavaScript v3 client config. The page renders them with the secret masked
 * and copies the real text from memory.
 */
export function credentialSnippets(c, { region = 'us-east-1', profile = 'sts-sim' } = {}) {
  const token = c.SessionToken ? [`export AWS_SESSION_TOKEN=${c.SessionToken}`] : [];
  return {
    env: [`export AWS_ACCESS_KEY_ID=${c.AccessKeyId}`, `export AWS_SECRET_ACCESS_KEY=${c.SecretAccessKey}`, ...token, `export AWS_REGION=${region}`].join('\n'),
    profile: [`[${profile}]`, `aws_access_key_id = ${c.AccessKeyId}`, `aws_secret_access_key = ${c.SecretAccessKey}`, ...(c.SessionToken ? [`aws_session_token = ${c.SessionToken}`] : []), `region = ${region}`].join('\n'),
    sdk: [
      "import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';",
      '',
      'const client = new STSClient({',
      `  region: '${region}',`,
      '  credentials: {',
      `    accessKeyId: '${c.AccessKeyId}',`,
      `    secretAccessKey: '${c.SecretAccessKey}',`,
      ...(c.SessionToken ? [`    sessionToken: '${c.SessionToken}',`] : []),
      ...(c.Expiration ? [`    expiration: new Date('${c.Expiration}'),`] : []),
      '  },',
      '});',
      'console.log(await client.send(new GetCallerIdentityCommand({})));',
    ].join('\n'),
  };
}

export const SNIPPET_NAMES = { env: 'Environment variables', profile: '~/.aws/credentials profile', sdk: 'AWS SDK for JavaScript v3' };
const MASK = '••••••••••••••••';

function renderSnippets(c, { session, region, preview }) {
  // The secret and the token stay out of the HTML: masked here, copied from memory by the page.
  const masked = credentialSnippets({ ...c, SecretAccessKey: MASK, SessionToken: c.SessionToken ? `${c.SessionToken.slice(0, 16)}…` : undefined }, { region });
  return `<details class="snippets"><summary>Use these credentials: environment variables, a ~/.aws/credentials profile, JS SDK config</summary>${Object.entries(masked).map(([k, text]) => `<div class="snippet" data-snippet="${k}"><p><strong>${escapeHtml(SNIPPET_NAMES[k])}</strong>${preview ? '' : ` <button type="button" data-copy-snippet="${k}" data-session="${session}" aria-label="Copy ${escapeHtml(SNIPPET_NAMES[k])}">Copy</button>`}</p><pre>${escapeHtml(text)}</pre></div>`).join('')}`
    + '<p class="muted">The secret and the session token are masked here; Copy puts the complete text on the clipboard.</p></details>';
}

/**
 * The credentials card for a successful answer. Secrets are masked: the page's buttons
 * (data-reveal / data-copy with the session's index) read them from memory, not from the HTML.
 * `preview`: a live re-run on a throwaway simulator, shown without the buttons that act on sessions.
 */
export function renderCredentials(response, { session, now, preview = false, region = 'us-east-1' }) {
  const c = response.Credentials;
  const rows = [];
  const act = (html) => (preview ? '' : html);
  if (c) {
    rows.push(['AccessKeyId', `<code>${escapeHtml(c.AccessKeyId)}</code> ${act(`<button type="button" data-copy="AccessKeyId" data-session="${session}">Copy</button>`)}`]);
    rows.push(['SecretAccessKey', `<code class="secret" data-secret="${session}">${MASK}</code> ${act(`<button type="button" data-reveal="${session}" aria-pressed="false">Reveal</button> <button type="button" data-copy="SecretAccessKey" data-session="${session}">Copy</button>`)}`]);
    if (c.SessionToken) rows.push(['SessionToken', `<code>${escapeHtml(c.SessionToken.slice(0, 16))}…</code> (${c.SessionToken.length} characters) ${act(`<button type="button" data-copy="SessionToken" data-session="${session}">Copy</button>`)}`]);
    rows.push(['Expiration', `<time datetime="${escapeHtml(c.Expiration)}">${escapeHtml(c.Expiration)}</time> — <span class="countdown">${escapeHtml(expiryText(c.Expiration, now))}</span>`]);
  }
  if (response.WebIdentityToken) {
    rows.push(['WebIdentityToken', `<code>${escapeHtml(response.WebIdentityToken.slice(0, 24))}…</code> (${response.WebIdentityToken.length} characters) ${act('<button type="button" data-copy-token>Copy</button>')}`]);
    if (response.Expiration) rows.push(['Expiration', `<time datetime="${escapeHtml(response.Expiration)}">${escapeHtml(response.Expiration)}</time> — <span class="countdown">${escapeHtml(expiryText(response.Expiration, now))}</span>`]);
  }
  const user = response.AssumedRoleUser ?? response.FederatedUser;
  if (user) {
    rows.push([response.AssumedRoleUser ? 'AssumedRoleUser' : 'FederatedUser', `<code>${escapeHtml(user.Arn)}</code><br><span class="muted">id</span> <code>${escapeHtml(user.AssumedRoleId ?? user.FederatedUserId ?? '')}</code>`]);
  }
  if (response.AssumedPrincipal) rows.push(['AssumedPrincipal', `<code>${escapeHtml(response.AssumedPrincipal)}</code>`]);
  if (response.PackedPolicySize !== undefined) {
    const pct = Number(response.PackedPolicySize);
    rows.push(['PackedPolicySize', `<meter min="0" max="100" value="${pct}" low="70" high="90" optimum="0" aria-label="Packed policy size, percent of the limit">${pct}%</meter> ${pct}% of the limit`]);
  }
  if (response.SourceIdentity) rows.push(['SourceIdentity', `<code>${escapeHtml(response.SourceIdentity)}</code>`]);
  if (response.DecodedMessage !== undefined) rows.push(['DecodedMessage', renderDecodedMessage(String(response.DecodedMessage))]);
  for (const key of ['Account', 'Arn', 'UserId', 'Provider', 'SubjectFromWebIdentityToken', 'Audience', 'Subject', 'Issuer']) {
    if (response[key] !== undefined) rows.push([key, `<code>${escapeHtml(response[key])}</code>`]);
  }
  const use = c && !preview ? `<p class="actions"><button type="button" data-use-session="${session}">Use these credentials as the caller</button> <button type="button" data-decode-session="${session}" aria-expanded="false">What this session carries</button></p><div class="session-facts" data-facts="${session}"></div>` : '';
  const snippets = c ? renderSnippets(c, { session, region, preview }) : '';
  const token = response.WebIdentityToken ? `<details class="decoded-box" open><summary>The token, decoded (what an outside service verifies against the account's JWKS)</summary><div class="outbound-token">${renderOutboundToken(response.WebIdentityToken)}</div></details>` : '';
  return `<div class="card credentials"><p class="verdict verdict-allow"><span class="badge">✓ Success</span></p><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${token}${use}${snippets}</div>`;
}

/** A JWT's header and claims (no verification: that is the outside service's job). */
function renderOutboundToken(token) {
  const parts = String(token).split('.');
  const decode = (part) => {
    try {
      const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
      return JSON.stringify(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (ch) => ch.charCodeAt(0)))), null, 2);
    } catch { return '(not base64url JSON)'; }
  };
  return `<h4>Header</h4><pre class="decoded">${escapeHtml(decode(parts[0] ?? ''))}</pre><h4>Claims</h4><pre class="decoded">${escapeHtml(decode(parts[1] ?? ''))}</pre>`;
}

/** An error as AWS returns it: Type, Code, Message. */
export function renderStsError(error) {
  return `<div class="card sts-error" data-code="${escapeHtml(error.Code)}"><p class="verdict verdict-deny"><span class="badge">✗ ${escapeHtml(error.Code)}</span> ${escapeHtml(error.Type ?? 'Sender')} error</p>`
    + `<pre class="aws-error">&lt;Error&gt;\n  &lt;Type&gt;${escapeHtml(error.Type ?? 'Sender')}&lt;/Type&gt;\n  &lt;Code&gt;${escapeHtml(error.Code)}&lt;/Code&gt;\n  &lt;Message&gt;${escapeHtml(error.Message)}&lt;/Message&gt;\n&lt;/Error&gt;</pre></div>`;
}

/** Whether a CloudTrail record matches a filter text (words, all present, in any field). */
export function eventMatches(e, filter) {
  const words = String(filter ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const text = JSON.stringify(e).toLowerCase();
  return words.every((w) => text.includes(w));
}

/**
 * CloudTrail records (`sim.events()`: an array, or `{ type, events }`), each expandable; `filter`
 * keeps the records containing every word (event name, error code, principal, any field),
 * `errorsOnly` the refused calls.
 */
export function renderEvents(answer, { filter = '', errorsOnly = false } = {}) {
  const all = Array.isArray(answer) ? answer : answer?.events;
  if (!all?.length) return '<p class="muted">No events yet.</p>';
  const events = all.filter((e) => eventMatches(e, filter) && (!errorsOnly || e.errorCode));
  if (!events.length) return `<p class="muted">No event of ${all.length} matches the filter.</p>`;
  const shown = events.length === all.length ? '' : `<p class="muted">${events.length} of ${all.length} events.</p>`;
  return `${shown}<ol class="events">${events.map((e) => {
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

/** Where a call is made: Region, endpoint, and the caller's source IP when the form gives one (aws:SourceIp). */
function where(c) {
  const at = { region: c.region, endpoint: c.endpoint };
  if (String(c.sourceIp ?? '').trim()) at.sourceIp = String(c.sourceIp).trim();
  return at;
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
      answer = prepared.failure ?? sim.call(who, c.operation, prepared.params, where(c));
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

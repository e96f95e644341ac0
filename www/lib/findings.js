// Trust findings in the playground, DOM-free: what to ask `analyzeTrust` about a trust policy
// being typed (with the page's world, or a world made up around the role when there is none),
// the findings as HTML — who, how, severity, the conditions that still constrain, AWS's advice,
// "unknown" said as such — and a finding's witness turned into a world and a call the STS form
// can run (`witnessLoad`), so that pressing Run proves the finding.
import { escapeHtml } from './diagnostics.js';
import { findRole, policyValue } from './world.js';

const ROLE_ARN = /^arn:([\w-]+):iam::(\d{12}):role(\/(?:[^/]*\/)*)?([\w+=,.@-]+)$/;
/** The role analyzeTrust installs a trust policy on when no role is named (src/api/trust.rs). */
const ANALYZED_ROLE = 'sts-sim-analyzed';
const DEFAULT_ACCOUNT = '111122223333';

/** { partition, account, path, name } of a role ARN, or null. */
export function roleArnParts(arn) {
  const m = ROLE_ARN.exec(String(arn ?? '').trim());
  return m ? { partition: m[1], account: m[2], path: m[3] ?? '/', name: m[4] } : null;
}

function ensureAccount(world, id) {
  let account = world.Accounts.find((a) => a.AccountId === id);
  if (!account) {
    account = { AccountId: id };
    world.Accounts.push(account);
  }
  account.AuthorizationDetails ??= {};
  account.AuthorizationDetails.UserDetailList ??= [];
  account.AuthorizationDetails.RoleDetailList ??= [];
  return account;
}

/** Puts `policy` on the role `arn`, adding the role (and its account) when the world lacks it. */
function installTrust(world, arn, policy) {
  const found = findRole(world, arn);
  if (found) {
    world.Accounts[found.accountIndex].AuthorizationDetails.RoleDetailList[found.roleIndex].AssumeRolePolicyDocument = policy;
    return world;
  }
  const p = roleArnParts(arn);
  ensureAccount(world, p.account).AuthorizationDetails.RoleDetailList.push({ RoleName: p.name, Path: p.path, AssumeRolePolicyDocument: policy });
  return world;
}

/**
 * The identity providers a trust policy names, for a world made up around it: an OIDC provider
 * registered with the audiences its conditions compare (else sts.amazonaws.com), a SAML provider
 * by name — as analyzeTrust does for a trust policy given alone.
 */
function providersOf(policy) {
  const out = [];
  const statements = Array.isArray(policy?.Statement) ? policy.Statement : policy?.Statement ? [policy.Statement] : [];
  for (const st of statements) {
    const federated = st?.Principal?.Federated;
    for (const arn of [federated ?? []].flat()) {
      const m = /^arn:[\w-]+:iam::(\d{12}):(oidc-provider|saml-provider)\/(.+)$/.exec(String(arn));
      if (!m) continue;
      if (m[2] === 'saml-provider') { out.push({ account: m[1], saml: { Name: m[3] } }); continue; }
      const audKey = `${m[3]}:aud`.toLowerCase();
      const auds = Object.entries(st.Condition ?? {}).filter(([op]) => !/Not/.test(op))
        .flatMap(([, keys]) => Object.entries(keys ?? {}).filter(([k]) => k.toLowerCase() === audKey).flatMap(([, v]) => [v].flat()))
        .map((v) => String(v).replace(/\*/g, 'sts-sim').replace(/\?/g, 'x'));
      out.push({ account: m[1], oidc: { Url: `https://${m[3]}`, ClientIDList: auds.length ? auds : ['sts.amazonaws.com'] } });
    }
  }
  return out;
}

/**
 * What to ask analyzeTrust about `trustPolicyText`, the trust policy of `roleArn` (optional).
 * With a world: the role when the world has it, else a role of analyzeTrust's own in the first
 * account. Without one: a world made up of the role's account (111122223333 when no role is
 * named) and the providers the policy names — so the zone of trust is that account alone, which
 * `note` says. Answers { input, world, roleArn, note }: `world` and `roleArn` are what the
 * analysis ran on (for witnessLoad).
 */
export function trustAnalysis({ world, roleArn, trustPolicyText }) {
  const role = roleArnParts(roleArn);
  if (world) {
    if (role && findRole(world, roleArn)) return { input: { world, roleArn, trustPolicy: trustPolicyText }, world, roleArn, note: '' };
    const first = world.Accounts?.[0]?.AccountId ?? DEFAULT_ACCOUNT;
    const note = role ? `${roleArn} is not a role of the world: analyzed as a new role in account ${first}.` : '';
    return { input: { world, trustPolicy: trustPolicyText }, world, roleArn: `arn:${world.Partition ?? 'aws'}:iam::${first}:role/${ANALYZED_ROLE}`, note };
  }
  const arn = role ? roleArn : `arn:aws:iam::${DEFAULT_ACCOUNT}:role/${ANALYZED_ROLE}`;
  const parts = roleArnParts(arn);
  const made = { ...(parts.partition !== 'aws' ? { Partition: parts.partition } : {}), Accounts: [] };
  ensureAccount(made, parts.account);
  let parsed = null;
  try { parsed = JSON.parse(trustPolicyText); } catch { /* analyzeTrust names the problem */ }
  for (const p of providersOf(parsed)) {
    const account = ensureAccount(made, p.account);
    if (p.oidc && !(account.OpenIDConnectProviders ??= []).some((x) => x.Url === p.oidc.Url)) account.OpenIDConnectProviders.push(p.oidc);
    if (p.saml && !(account.SAMLProviders ??= []).some((x) => x.Name === p.saml.Name)) account.SAMLProviders.push(p.saml);
  }
  // A placeholder the world loads with; analyzeTrust installs the policy being typed over it.
  installTrust(made, arn, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${parts.partition}:iam::${parts.account}:root` }, Action: 'sts:AssumeRole' }] });
  const zone = made.Accounts.map((a) => a.AccountId).join(', ');
  return { input: { world: made, roleArn: arn, trustPolicy: trustPolicyText }, world: made, roleArn: arn, note: `No world document: the zone of trust is ${zone === parts.account ? `the role's account, ${zone}` : `accounts ${zone}`}. Add a world (with every account you own, or your organization) to widen it.` };
}

const SEVERITY_WORDS = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/** "Title — https://…" → a link. */
function adviceLink(doc) {
  const at = String(doc ?? '').lastIndexOf(' — ');
  if (at < 0) return escapeHtml(doc ?? '');
  const title = doc.slice(0, at);
  const url = doc.slice(at + 3);
  return /^https:\/\//.test(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>` : escapeHtml(doc);
}

function callText(call) {
  const who = call.caller === null ? 'unsigned' : call.caller?.FromCall !== undefined ? `as the session of call ${call.caller.FromCall + 1}` : `as ${call.caller?.Principal ?? call.caller?.Service ?? '?'}`;
  const params = Object.fromEntries(Object.entries(call.params ?? {}).map(([k, v]) => [k, v?.FromMint !== undefined ? '(minted)' : v]));
  const where = Object.entries(call.where ?? {}).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${call.operation} ${who}${where ? ` (${where})` : ''}: ${JSON.stringify(params)}`;
}

function renderWitness(f, i) {
  if (!f.witness) return `<p class="witness muted">No witness: ${escapeHtml(f.witnessNote ?? 'the world cannot hold the caller')}.</p>`;
  const w = f.witness;
  const verdict = f.witnessVerified
    ? '<span class="yes">✓ the simulator accepted it</span>'
    : `<span class="no">✗ the simulator refused it${f.witnessError?.Code ? ` (${escapeHtml(f.witnessError.Code)})` : ''}</span>`;
  const mint = w.mintWebIdentityToken ? `<li>mints a token from ${escapeHtml(w.mintWebIdentityToken.provider)} with claims <code>${escapeHtml(JSON.stringify(w.mintWebIdentityToken.claims))}</code></li>`
    : w.mintSamlResponse ? `<li>mints a SAML response from ${escapeHtml(w.mintSamlResponse.provider)} for <code>${escapeHtml(w.mintSamlResponse.subject)}</code></li>` : '';
  return `<div class="witness"><p><strong>Witness</strong> — ${verdict}${f.witnessNote ? ` <span class="muted">${escapeHtml(f.witnessNote)}</span>` : ''}</p>`
    + `<ul>${(w.worldChanges ?? []).map((c) => `<li>${escapeHtml(c)}</li>`).join('')}${mint}${(w.calls ?? []).map((c) => `<li><code>${escapeHtml(callText(c))}</code></li>`).join('')}</ul>`
    + `<p><button type="button" data-try-finding="${i}">Try it</button> <span class="muted">loads this call into the STS form (and what it needs into the world); Run proves it</span></p></div>`;
}

function renderFinding(f, i) {
  const unknown = f.status === 'unknown';
  const conditions = f.conditions?.length
    ? `<ul class="finding-conditions">${f.conditions.map((c) => `<li data-effect="${escapeHtml(c.effect)}"><code>${escapeHtml(c.operator)} ${escapeHtml(c.key)} ${escapeHtml(c.values.join(', '))}</code> — ${escapeHtml(c.effect === 'unknown' ? 'unknown' : c.effect)}: ${escapeHtml(c.note)}</li>`).join('')}</ul>`
    : '<p class="muted">No condition narrows it.</p>';
  const needs = `ExternalId ${f.externalIdRequired ? 'required' : 'not required'} · MFA ${f.mfaRequired ? 'required' : 'not required'}`;
  return `<li class="finding severity-${escapeHtml(f.severity)}${unknown ? ' unknown' : ''}" data-kind="${escapeHtml(f.kind)}" data-severity="${escapeHtml(f.severity)}" data-status="${escapeHtml(f.status)}">`
    + `<p class="finding-head"><span class="badge severity">${escapeHtml(SEVERITY_WORDS[f.severity] ?? f.severity)}</span>${unknown ? ' <span class="badge unknown-badge">Unknown</span>' : ''} <strong>Who:</strong> ${escapeHtml(f.who.description)} <code>${escapeHtml(f.who.principal)}</code> <span class="muted">(${escapeHtml(f.statement ?? '')}${f.sid ? `, Sid ${escapeHtml(f.sid)}` : ''})</span></p>`
    + `<p><strong>How:</strong> ${escapeHtml(f.how)} · ${escapeHtml(needs)}</p>`
    + (unknown ? `<p class="unknown-reason"><strong>Unknown, not safe:</strong> ${escapeHtml((f.unknown ?? []).join('; ') || 'the analysis cannot decide')}</p>` : '')
    + conditions
    + (f.advice?.length ? `<ul class="advice">${f.advice.map((a) => `<li><strong>${escapeHtml(a.code)}</strong>: ${escapeHtml(a.message)} — ${adviceLink(a.doc)}</li>`).join('')}</ul>` : '')
    + renderWitness(f, i) + '</li>';
}

/**
 * analyzeTrust's answer for one role as HTML: the zone of trust, then each finding, or the "no
 * finding" verdict with the outside callers the simulator refused. `note` says how the analysis
 * was set up (a made-up world, a role analyzeTrust added).
 */
export function renderFindings(result, { note = '' } = {}) {
  if (result?.type !== 'success') {
    const errors = result?.errors ?? [{ message: 'analyzeTrust gave no answer' }];
    return `<div class="trust-findings" data-status="error"><p class="no">Cannot analyze: ${errors.map((e) => `${escapeHtml(e.path ? `${e.path}: ` : '')}${escapeHtml(e.message)}`).join('; ')}</p></div>`;
  }
  const role = result.roles[0];
  if (!role) return '<div class="trust-findings" data-status="none"><p class="muted">No role to analyze.</p></div>';
  const zone = `<p class="muted">Zone of trust: accounts ${escapeHtml(result.zoneOfTrust.accounts.join(', ') || 'none')}${result.zoneOfTrust.organizationIds.length ? `; organizations ${escapeHtml(result.zoneOfTrust.organizationIds.join(', '))}` : ''}.${note ? ` ${escapeHtml(note)}` : ''}</p>`;
  const found = role.findings.filter((f) => f.status === 'finding').length;
  const unknown = role.findings.length - found;
  const head = role.findings.length
    ? `<p class="verdict verdict-deny"><span class="badge">${found ? `${found} finding${found === 1 ? '' : 's'}` : ''}${found && unknown ? ', ' : ''}${unknown ? `${unknown} unknown` : ''}</span> someone outside the zone of trust ${found ? 'can' : 'may be able to'} assume ${escapeHtml(role.roleArn)}</p>`
    : `<p class="verdict verdict-allow"><span class="badge">✓ No finding</span> no principal outside the zone of trust can assume ${escapeHtml(role.roleArn)}</p>`
      + (role.checkedCallers?.length ? `<p class="muted">Checked: ${role.checkedCallers.map((c) => `${escapeHtml(c.who)} — ${c.accepted ? '<span class="no">accepted</span>' : `refused (${escapeHtml(c.answer?.Code ?? 'no')})`}`).join('; ')}.</p>` : '');
  const inside = role.insideZone?.length ? `<p class="muted">Inside the zone: ${role.insideZone.map((z) => `${escapeHtml(z.principal)} (${escapeHtml(z.reason)})`).join('; ')}.</p>` : '';
  return `<div class="trust-findings" data-status="${escapeHtml(role.status)}">${head}${zone}${inside}`
    + (role.findings.length ? `<ol class="findings-list">${role.findings.map(renderFinding).join('')}</ol>` : '') + '</div>';
}

// ------------------------------------------------------------------------------ witnesses

/** The policy the witness caller's own account gives it (src/trust/witness.rs, sts_permissions). */
const WITNESS_POLICY = { PolicyName: 'sts-sim-witness', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: '*' }] } };
/** The witness's virtual MFA seed: RFC 4226's test secret in base32 (src/trust/witness.rs, MFA_SEED). */
const WITNESS_MFA_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const ARN_ENTITY = /^arn:[\w-]+:iam::(\d{12}):(user|role)(\/(?:[^/]*\/)*)?([^/]+)$/;

function ensureEntity(world, arn, tags) {
  const m = ARN_ENTITY.exec(arn);
  if (!m) return;
  const [, id, kind, path = '/', name] = m;
  const account = ensureAccount(world, id);
  const list = account.AuthorizationDetails[kind === 'user' ? 'UserDetailList' : 'RoleDetailList'];
  const nameKey = kind === 'user' ? 'UserName' : 'RoleName';
  let entity = list.find((e) => String(e[nameKey]).toLowerCase() === name.toLowerCase());
  if (!entity) {
    entity = { [nameKey]: name, Path: path };
    list.push(entity);
  }
  // The witness's role is one its own account may assume (witness.rs "adds (or replaces) the role").
  if (kind === 'role') entity.AssumeRolePolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] };
  const policies = (entity[kind === 'user' ? 'UserPolicyList' : 'RolePolicyList'] ??= []);
  if (!policies.some((p) => p.PolicyName === WITNESS_POLICY.PolicyName)) policies.push(structuredClone(WITNESS_POLICY));
  if (tags.length) {
    entity.Tags = [...(entity.Tags ?? []).filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
  }
}

/** The principal tags a finding's conditions ask for, with an example value (as the analysis picks one). */
function askedPrincipalTags(finding) {
  return (finding.conditions ?? [])
    .filter((c) => /^aws:PrincipalTag\//i.test(c.key) && c.effect !== 'excludes' && /^(StringEquals|StringEqualsIgnoreCase|StringLike)(IfExists)?$/.test(c.operator) && c.values.length)
    .map((c) => ({ Key: c.key.slice('aws:PrincipalTag/'.length), Value: c.values[0].replace(/\*/g, 'sts-sim').replace(/\?/g, 'x') }));
}

const tagRows = (tags) => (tags ?? []).map((t) => [t.Key, t.Value, false]);

/** AWS request parameters → the STS form's values (strings, tag rows; MFA codes from the device). */
function formParams(params) {
  const out = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v?.FromMint !== undefined) out[k] = '';
    else if (k === 'Tags') out.Tags = tagRows(v);
    else if (k === 'TokenCode') out.TokenCodeFromDevice = true;
    else if (k === 'TransitiveTagKeys') continue;
    else out[k] = typeof v === 'string' ? v : String(v);
  }
  if (params?.TransitiveTagKeys && out.Tags) out.Tags = out.Tags.map(([k, v]) => [k, v, params.TransitiveTagKeys.includes(k)]);
  return out;
}

/**
 * The fallback for a witness caller without `witness.world` (an analyzeTrust older than the
 * field): its account, user (and, for a two-call witness, the role it assumes first), the
 * principal tags the conditions ask for and its MFA device, rebuilt as src/trust/witness.rs
 * builds them. Organizations are not rebuilt: only `witness.world` carries them.
 */
function rebuildCaller(world, finding) {
  const calls = finding.witness.calls;
  const first = calls[0];
  const last = calls[calls.length - 1];
  const tags = askedPrincipalTags(finding);
  ensureEntity(world, first.caller.Principal, calls.length > 1 ? [] : tags);
  if (calls.length > 1) ensureEntity(world, first.params.RoleArn, tags);
  if (last.params?.SerialNumber) {
    const m = ARN_ENTITY.exec(first.caller.Principal);
    const account = ensureAccount(world, m[1]);
    account.MFADevices ??= [];
    if (!account.MFADevices.some((d) => d.SerialNumber === last.params.SerialNumber)) account.MFADevices.push({ UserName: m[4], SerialNumber: last.params.SerialNumber, Base32StringSeed: WITNESS_MFA_SEED });
  }
}

/**
 * A finding's witness as the page runs it — { world, call: { operation, caller, params, region,
 * endpoint, sourceIp }, then, notes } — or { error }. The world is the one the witness ran in
 * (`witness.world`: analyzeTrust's copy with its outside account, user, chained role, MFA device,
 * organization or OU placement), with the trust policy being typed installed on the role; a
 * witness that changed nothing (a service, OIDC or SAML caller) carries no world, and then the
 * world the analysis ran on is used, with what such a witness could need rebuilt here. A two-call
 * witness (through a role of the outside account) loads its first call into the form and the
 * second as the step Run makes next.
 */
export function witnessLoad({ world, roleArn, trustPolicyText, finding }) {
  const w = finding?.witness;
  if (!w?.calls?.length) return { error: `This finding has no witness${finding?.witnessNote ? `: ${finding.witnessNote}` : ''}.` };
  const next = structuredClone(w.world ?? world ?? { Accounts: [] });
  next.Accounts ??= [];
  installTrust(next, roleArn, policyValue(trustPolicyText));
  const notes = [`installed the trust policy on ${roleArn}`, ...(w.worldChanges ?? [])];
  const first = w.calls[0];
  const last = w.calls[w.calls.length - 1];
  if (!w.world && first.caller?.Principal) rebuildCaller(next, finding);
  if (w.mintWebIdentityToken) notes.push(`Run mints a token from ${w.mintWebIdentityToken.provider} with the witness's claims`);
  if (w.mintSamlResponse) notes.push(`Run mints a SAML response from ${w.mintSamlResponse.provider}`);
  const params = formParams(first.params);
  if (w.mintWebIdentityToken) {
    params.OidcProvider = w.mintWebIdentityToken.provider;
    params.Claims = JSON.stringify(w.mintWebIdentityToken.claims, null, 2);
  }
  if (w.mintSamlResponse) {
    const { provider, ...request } = w.mintSamlResponse;
    params.SamlRequest = JSON.stringify({ ...request, roles: [first.params.RoleArn] }, null, 2);
  }
  const at = last.where ?? {};
  const call = {
    operation: first.operation,
    caller: first.caller === null ? undefined : first.caller,
    params,
    region: at.region ?? 'us-east-1',
    endpoint: 'regional',
    sourceIp: at.sourceIp ?? '',
  };
  const then = w.calls.length > 1 ? { operation: last.operation, params: Object.fromEntries(Object.entries(last.params).filter(([, v]) => v?.FromMint === undefined)) } : null;
  return { world: next, call, then, notes };
}

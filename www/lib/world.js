// The world panel, DOM-free: the world JSON (schema/world.schema.json) shown as forms — accounts,
// roles, users, their MFA devices and access keys, identity providers, SCPs, the organization,
// the trade-in tokens GetDelegatedAccessToken exchanges (sts-sim's fixture) —
// where every control names the JSON path it edits, so a form edit is one `applyFormEdit` on the
// world and a JSON edit is one `renderWorldForms` of it. Also importing a file (a world, or the
// raw output of `aws iam get-account-authorization-details`) and the templates of added entities.
import { escapeHtml } from './diagnostics.js';

const POLICY_VERSION = '2012-10-17';

// ------------------------------------------------------------------------------ paths and values

/** The value at `path` (an array of keys and indexes), or undefined. */
export function getAt(world, path) {
  return path.reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), world);
}

/** A copy of `world` with `value` at `path` (objects and arrays created on the way); undefined deletes. */
export function setAt(world, path, value) {
  const root = structuredClone(world);
  let v = root;
  for (let i = 0; i < path.length - 1; i += 1) {
    if (v[path[i]] === undefined || v[path[i]] === null) v[path[i]] = typeof path[i + 1] === 'number' ? [] : {};
    v = v[path[i]];
  }
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(v)) v.splice(last, 1);
    else delete v[last];
  } else {
    v[last] = value;
  }
  return root;
}

/**
 * A policy document as readable JSON text. The world accepts an object, JSON text, or the
 * URL-encoded JSON text the raw IAM API returns; all three read back as pretty JSON.
 */
export function policyText(doc) {
  if (doc === undefined || doc === null) return '';
  if (typeof doc !== 'string') return JSON.stringify(doc, null, 2);
  for (const candidate of [doc, safeDecode(doc)]) {
    try { return JSON.stringify(JSON.parse(candidate), null, 2); } catch { /* next */ }
  }
  return doc;
}

function safeDecode(text) {
  try { return decodeURIComponent(text.replace(/\+/g, ' ')); } catch { return text; }
}

/** Form text → the value stored in the world: the parsed object, or the text itself when it is not JSON (the loader then names the problem). */
export function policyValue(text) {
  try { return JSON.parse(text); } catch { return text; }
}

/** "a, b\nc" → ["a", "b", "c"]. */
export function splitList(text) {
  return String(text ?? '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

const partitionOf = (world) => world?.Partition ?? 'aws';

/** The ARN of a role or user of an account (its `Arn` when the world states one). */
export function entityArn(world, account, kind, entity) {
  if (entity?.Arn) return entity.Arn;
  const name = kind === 'role' ? entity.RoleName : entity.UserName;
  return `arn:${partitionOf(world)}:iam::${account.AccountId}:${kind}${entity.Path ?? '/'}${name}`;
}

/** Every role of the world: { arn, accountIndex, roleIndex, role }. */
export function worldRoles(world) {
  return (world?.Accounts ?? []).flatMap((account, accountIndex) => (account.AuthorizationDetails?.RoleDetailList ?? [])
    .map((role, roleIndex) => ({ arn: entityArn(world, account, 'role', role), accountIndex, roleIndex, role })));
}

/** The role's position in the world, by ARN (case-insensitive name, as IAM compares role names). */
export function findRole(world, arn) {
  const want = String(arn ?? '').toLowerCase();
  return worldRoles(world).find((r) => r.arn.toLowerCase() === want) ?? null;
}

// ------------------------------------------------------------------------------ form edits

/**
 * Applies one form control's value to the world. `as` says how the control's text maps to JSON:
 * text (kept, even blank), opt (blank deletes), int (blank deletes), bool, policy, opt-policy
 * (blank deletes), list (comma or
 * newline separated), managed (policy ARNs → AttachedManagedPolicies), boundary (an ARN →
 * PermissionsBoundary), account-id / user-name / role-name / role-path / user-path (renames that
 * carry the ARNs, MFA devices and access keys that name the old value).
 */
export function applyFormEdit(world, path, as, raw) {
  const text = raw;
  switch (as) {
    case 'text': return setAt(world, path, String(text));
    case 'opt': return setAt(world, path, String(text).trim() === '' ? undefined : String(text));
    case 'int': {
      const t = String(text).trim();
      if (t === '') return setAt(world, path, undefined);
      const n = Number(t);
      return setAt(world, path, Number.isInteger(n) ? n : t);
    }
    case 'bool': return setAt(world, path, Boolean(raw));
    case 'policy': return setAt(world, path, policyValue(String(text)));
    case 'opt-policy': return setAt(world, path, String(text).trim() === '' ? undefined : policyValue(String(text)));
    case 'list': return setAt(world, path, splitList(text));
    case 'managed': return setAt(world, path, splitList(text).map((PolicyArn) => ({ PolicyName: PolicyArn.split('/').pop(), PolicyArn })));
    case 'boundary': {
      const arn = String(text).trim();
      return setAt(world, path, arn ? { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } : undefined);
    }
    case 'account-id': return renameAccount(world, path[1], String(text).trim());
    case 'user-name': case 'user-path': return renameEntity(world, path, 'user', as === 'user-name' ? 'UserName' : 'Path', String(text));
    case 'role-name': case 'role-path': return renameEntity(world, path, 'role', as === 'role-name' ? 'RoleName' : 'Path', String(text));
    default: throw new Error(`unknown form mapping '${as}'`);
  }
}

/** A new account id: the ARNs, MFA serials, trade-in tokens' roles and organization lists that named the old one follow. */
function renameAccount(world, index, id) {
  const old = world.Accounts[index]?.AccountId;
  const next = setAt(world, ['Accounts', index, 'AccountId'], id);
  if (!old || old === id) return next;
  const swap = (s) => (typeof s === 'string' ? s.replace(`:${old}:`, `:${id}:`) : s);
  const account = next.Accounts[index];
  const details = account.AuthorizationDetails ?? {};
  for (const list of ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies']) for (const e of details[list] ?? []) if (e.Arn) e.Arn = swap(e.Arn);
  for (const d of account.MFADevices ?? []) d.SerialNumber = swap(d.SerialNumber);
  for (const t of account.TradeInTokens ?? []) t.RoleArn = swap(t.RoleArn);
  // An access key id encodes its account.
  if (/^\d{12}$/.test(id)) for (const k of account.AccessKeys ?? []) k.AccessKeyId = reKey(k.AccessKeyId, id);
  const org = next.Organization;
  if (org) {
    if (org.ManagementAccount === old) org.ManagementAccount = id;
    if (org.CentralizedRootAccess?.DelegatedAdministrator === old) org.CentralizedRootAccess.DelegatedAdministrator = id;
    const visit = (unit) => {
      if (Array.isArray(unit?.Accounts)) unit.Accounts = unit.Accounts.map((a) => (a === old ? id : a));
      for (const ou of unit?.OrganizationalUnits ?? []) visit(ou);
    };
    visit(org.Root);
  }
  return next;
}

/**
 * A user or role renamed (or moved to another path): its `Arn`, a user's MFA devices and access
 * keys, and the trade-in tokens that buy a session of a role, follow.
 */
function renameEntity(world, path, kind, field, value) {
  const entityPath = path.slice(0, -1);
  const before = getAt(world, entityPath);
  const account = world.Accounts[path[1]];
  const next = setAt(world, path, value);
  const after = getAt(next, entityPath);
  if (before?.Arn) after.Arn = entityArn(next, account, kind, { ...after, Arn: undefined });
  if (kind === 'user' && field === 'UserName' && before?.UserName !== value) {
    const acct = next.Accounts[path[1]];
    for (const list of ['MFADevices', 'AccessKeys']) for (const d of acct[list] ?? []) if (d.UserName === before.UserName) d.UserName = value;
  }
  if (kind === 'role' && before) {
    const [was, now] = [entityArn(world, account, 'role', before), entityArn(next, account, 'role', after)];
    for (const t of next.Accounts[path[1]].TradeInTokens ?? []) if (t.RoleArn === was) t.RoleArn = now;
  }
  return next;
}

// ------------------------------------------------------------------------------ added entities

const TRADE_IN_DEFAULT_EXPIRY = '2025-01-01T01:00:00Z';
const FREE_ACCOUNT_IDS = ['111122223333', '444455556666', '777788889999', '123456789012', '210987654321', '555566667777'];
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** RFC 4648 Base32 of bytes (no padding; 10 bytes are exactly 16 characters). */
function base32(bytes) {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return bits ? out + BASE32[(value << (5 - bits)) & 31] : out;
}

function base32Bytes(text) {
  const out = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    value = (value << 5) | BASE32.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  return out;
}

/**
 * A long-term access key id for `account`: AKIA + Base32 of 10 bytes whose first 48 bits are
 * 1 << 47 | account << 7 | 7 random bits (the layout src/sts/access_key.rs reads the account
 * from, as GetAccessKeyInfo does). `low` is the 7 bits and 4 bytes that follow.
 */
export function accessKeyId(account, low) {
  const z = (1n << 47n) | (BigInt(account) << 7n) | BigInt(low[0] & 0x7f);
  const raw = [];
  for (let i = 5; i >= 0; i -= 1) raw.push(Number((z >> BigInt(8 * i)) & 0xffn));
  return `AKIA${base32([...raw, ...low.slice(1, 5)])}`;
}

/** The same key's id for another account (an account renamed): its random bits kept. Pre-scheme (I/J) ids are kept as they are. */
function reKey(id, account) {
  if (!/^AKIA[A-HK-Z2-7][A-Z2-7]{15}$/.test(id)) return id;
  const raw = base32Bytes(id.slice(4));
  return accessKeyId(account, [raw[5], ...raw.slice(6, 10)]);
}

function randomText(random, alphabet, length) {
  const bytes = random(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function unusedName(taken, base) {
  for (let i = 1; ; i += 1) if (!taken.includes(`${base}${i}`)) return `${base}${i}`;
}

const allowStatement = (Action, Resource = '*') => ({ Version: POLICY_VERSION, Statement: [{ Effect: 'Allow', Action, Resource }] });

/**
 * A world with one entity added. `what`: account, role, user, inline (a policy added to the list
 * at `path`), tag, managed-policy, mfa, access-key, oidc, saml, scp (to the list at `path`),
 * trade-in-token (for the account's first role), organization. `random(n)` gives n random bytes (crypto.getRandomValues in the page) for MFA
 * seeds and access keys. Answers { world, focus } — focus: the path of the new entity.
 */
export function addEntity(world, what, { path = [], account: index = 0, userName, random } = {}) {
  const w = structuredClone(world ?? { Accounts: [] });
  w.Accounts ??= [];
  const account = w.Accounts[index];
  const details = () => {
    account.AuthorizationDetails ??= {};
    return account.AuthorizationDetails;
  };
  const push = (list, value) => { list.push(value); return list.length - 1; };
  switch (what) {
    case 'account': {
      const taken = w.Accounts.map((a) => a.AccountId);
      const id = FREE_ACCOUNT_IDS.find((a) => !taken.includes(a)) ?? Array.from(random(12), (b) => String(b % 10)).join('');
      const i = push(w.Accounts, { AccountId: id, AuthorizationDetails: { UserDetailList: [], RoleDetailList: [] } });
      return { world: w, focus: ['Accounts', i] };
    }
    case 'role': {
      const roles = (details().RoleDetailList ??= []);
      const RoleName = unusedName(roles.map((r) => r.RoleName), 'NewRole');
      const trust = { Version: POLICY_VERSION, Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${partitionOf(w)}:iam::${account.AccountId}:root` }, Action: 'sts:AssumeRole' }] };
      const i = push(roles, { RoleName, Path: '/', AssumeRolePolicyDocument: trust, RolePolicyList: [], AttachedManagedPolicies: [], Tags: [] });
      return { world: w, focus: ['Accounts', index, 'AuthorizationDetails', 'RoleDetailList', i] };
    }
    case 'user': {
      const users = (details().UserDetailList ??= []);
      const UserName = unusedName(users.map((u) => u.UserName), 'new-user-');
      const i = push(users, { UserName, Path: '/', UserPolicyList: [], AttachedManagedPolicies: [], Tags: [] });
      return { world: w, focus: ['Accounts', index, 'AuthorizationDetails', 'UserDetailList', i] };
    }
    case 'inline': {
      const list = getAt(w, path) ?? [];
      const PolicyName = unusedName(list.map((p) => p.PolicyName), 'Policy');
      const next = setAt(w, path, [...list, { PolicyName, PolicyDocument: allowStatement('sts:AssumeRole') }]);
      return { world: next, focus: [...path, list.length] };
    }
    case 'tag': {
      const list = getAt(w, path) ?? [];
      const Key = unusedName(list.map((t) => t.Key), 'tag');
      return { world: setAt(w, path, [...list, { Key, Value: '' }]), focus: [...path, list.length] };
    }
    case 'scp': {
      const list = getAt(w, path) ?? [];
      // Attaching a first SCP replaces the default FullAWSAccess: start from it.
      const doc = { Version: POLICY_VERSION, Statement: [{ Sid: list.length ? 'NewStatement' : 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }] };
      return { world: setAt(w, path, [...list, doc]), focus: [...path, list.length] };
    }
    case 'managed-policy': {
      const list = (details().Policies ??= []);
      const PolicyName = unusedName(list.map((p) => p.PolicyName), 'ManagedPolicy');
      const i = push(list, {
        PolicyName, Arn: `arn:${partitionOf(w)}:iam::${account.AccountId}:policy/${PolicyName}`, Path: '/', DefaultVersionId: 'v1',
        PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: allowStatement('s3:GetObject') }],
      });
      return { world: w, focus: ['Accounts', index, 'AuthorizationDetails', 'Policies', i] };
    }
    case 'mfa': {
      const list = (account.MFADevices ??= []);
      const serial = `arn:${partitionOf(w)}:iam::${account.AccountId}:mfa/${userName === 'root' ? 'root-account-mfa-device' : userName}`;
      const i = push(list, { UserName: userName, SerialNumber: serial, Base32StringSeed: randomText(random, BASE32, 32) });
      return { world: w, focus: ['Accounts', index, 'MFADevices', i] };
    }
    case 'access-key': {
      const list = (account.AccessKeys ??= []);
      const i = push(list, { UserName: userName, AccessKeyId: accessKeyId(account.AccountId, [...random(5)]), SecretAccessKey: randomText(random, SECRET_CHARS, 40), Status: 'Active' });
      return { world: w, focus: ['Accounts', index, 'AccessKeys', i] };
    }
    case 'oidc': {
      const list = (account.OpenIDConnectProviders ??= []);
      const i = push(list, { Url: 'https://token.actions.githubusercontent.com', ClientIDList: ['sts.amazonaws.com'] });
      return { world: w, focus: ['Accounts', index, 'OpenIDConnectProviders', i] };
    }
    case 'saml': {
      const list = (account.SAMLProviders ??= []);
      const i = push(list, { Name: unusedName(list.map((p) => p.Name), 'IdP') });
      return { world: w, focus: ['Accounts', index, 'SAMLProviders', i] };
    }
    case 'trade-in-token': {
      const list = (account.TradeInTokens ?? []);
      const role = (account.AuthorizationDetails?.RoleDetailList ?? [])[0];
      if (!role) return { world: w, focus: ['Accounts', index] };
      account.TradeInTokens = list;
      const i = push(list, {
        TradeInToken: unusedName(list.map((t) => t.TradeInToken), 'trade-in-token-'), RoleArn: entityArn(w, account, 'role', role), RoleSessionName: 'delegated-session',
        // The page's simulated clock starts at 2025-01-01T00:00:00Z: the token lives an hour from then.
        ExpiresAt: TRADE_IN_DEFAULT_EXPIRY,
      });
      return { world: w, focus: ['Accounts', index, 'TradeInTokens', i] };
    }
    case 'organization': {
      const ids = w.Accounts.map((a) => a.AccountId);
      w.Organization = { Id: 'o-a1b2c3d4e5', ManagementAccount: ids[0] ?? '111122223333', Root: { Accounts: ids } };
      return { world: w, focus: ['Organization'] };
    }
    default: throw new Error(`unknown entity '${what}'`);
  }
}

/** A world with the entity at `path` removed (a user takes its MFA devices and access keys along, a role its trade-in tokens). */
export function removeEntity(world, path) {
  const removed = getAt(world, path);
  let next = setAt(world, path, undefined);
  if (path[2] === 'AuthorizationDetails' && path[3] === 'UserDetailList' && removed?.UserName) {
    const account = next.Accounts[path[1]];
    for (const list of ['MFADevices', 'AccessKeys']) if (account[list]) account[list] = account[list].filter((d) => d.UserName !== removed.UserName);
    next = structuredClone(next);
  }
  if (path[2] === 'AuthorizationDetails' && path[3] === 'RoleDetailList' && removed?.RoleName) {
    const account = next.Accounts[path[1]];
    const arn = entityArn(world, world.Accounts[path[1]], 'role', removed);
    if (account.TradeInTokens) account.TradeInTokens = account.TradeInTokens.filter((t) => t.RoleArn !== arn);
  }
  if (path.length === 2 && path[0] === 'Accounts' && next.Organization) {
    const id = removed?.AccountId;
    const visit = (unit) => {
      if (Array.isArray(unit?.Accounts)) unit.Accounts = unit.Accounts.filter((a) => a !== id);
      for (const ou of unit?.OrganizationalUnits ?? []) visit(ou);
    };
    visit(next.Organization.Root);
  }
  return next;
}

/** A world to start from: one account, no entities. */
export function starterWorld() {
  return { Accounts: [{ AccountId: '111122223333', AuthorizationDetails: { UserDetailList: [], RoleDetailList: [] } }] };
}

// ------------------------------------------------------------------------------ import

const DETAIL_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'];
const DETAIL_FIELDS = new Set([...DETAIL_LISTS, 'IsTruncated', 'Marker']);
const IAM_ARN = /^arn:([\w-]+):iam::(\d{12}):/;

/**
 * The account an `aws iam get-account-authorization-details` output describes: the account id
 * (and partition) of the ARNs of its users, groups, roles and customer managed policies (AWS
 * managed policies, `arn:aws:iam::aws:policy/…`, name no account). { accountId, partition } or
 * { error }.
 */
export function accountOfDetails(details) {
  const found = new Map();
  for (const list of DETAIL_LISTS) {
    for (const entity of Array.isArray(details[list]) ? details[list] : []) {
      const m = IAM_ARN.exec(String(entity?.Arn ?? ''));
      if (m) found.set(m[2], m[1]);
    }
  }
  if (found.size === 0) return { error: 'No account id can be derived: the file has no user, group, role or customer managed policy with an ARN (arn:aws:iam::<account>:…).' };
  if (found.size > 1) return { error: `The ARNs name ${found.size} accounts (${[...found.keys()].join(', ')}); get-account-authorization-details describes one account. Import each account's output separately.` };
  const [[accountId, partition]] = found;
  return { accountId, partition };
}

/**
 * Reads an imported file's text: a world ({ Accounts: [...] }), or a raw
 * get-account-authorization-details output (top-level UserDetailList / GroupDetailList /
 * RoleDetailList / Policies), which becomes one account of the world — added to `current`, or
 * replacing the authorization details of the account with the same id there. Answers
 * { world, message, warnings } or { error } (the current world is then left as it is).
 */
export function importWorld(text, { current = null, fileName = 'the file' } = {}) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `${fileName} is not JSON: ${e.message}. Nothing was imported.` };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { error: `${fileName} holds ${Array.isArray(data) ? 'a list' : typeof data}, not a JSON object: expected a world ({ "Accounts": [...] }) or an aws iam get-account-authorization-details output. Nothing was imported.` };
  if (Array.isArray(data.Accounts)) return { world: data, message: `Imported the world from ${fileName}: ${data.Accounts.length} account${data.Accounts.length === 1 ? '' : 's'}.`, warnings: [] };
  if (data.Accounts !== undefined) return { error: `${fileName}: "Accounts" must be a list of accounts. Nothing was imported.` };
  if (!DETAIL_LISTS.some((k) => k in data)) {
    return { error: `${fileName} is neither a world (no "Accounts" list) nor an aws iam get-account-authorization-details output (no UserDetailList, GroupDetailList, RoleDetailList or Policies). Nothing was imported.` };
  }
  const bad = DETAIL_LISTS.find((k) => k in data && !Array.isArray(data[k]));
  if (bad) return { error: `${fileName}: "${bad}" must be a list. Nothing was imported.` };
  const owner = accountOfDetails(data);
  if (owner.error) return { error: `${fileName}: ${owner.error} Nothing was imported.` };
  const warnings = [];
  const ignored = Object.keys(data).filter((k) => !DETAIL_FIELDS.has(k));
  if (ignored.length) warnings.push(`Left out fields the command does not print: ${ignored.join(', ')}.`);
  if (data.IsTruncated) warnings.push('The output says IsTruncated: it is one page of several. Import the complete output (the AWS CLI fetches every page unless --max-items or --no-paginate is given).');
  const AuthorizationDetails = Object.fromEntries(Object.entries(data).filter(([k]) => DETAIL_FIELDS.has(k)));
  const world = structuredClone(current && Array.isArray(current.Accounts) ? current : { Accounts: [] });
  if (owner.partition !== 'aws') {
    if (world.Partition && world.Partition !== owner.partition) return { error: `${fileName}: its ARNs are in partition ${owner.partition}, the world's in ${world.Partition}. Nothing was imported.` };
    world.Partition = owner.partition;
  }
  const counts = DETAIL_LISTS.map((k) => [k, AuthorizationDetails[k]?.length ?? 0]).filter(([, n]) => n).map(([k, n]) => `${n} ${{ UserDetailList: 'users', GroupDetailList: 'groups', RoleDetailList: 'roles', Policies: 'managed policies' }[k]}`).join(', ');
  const existing = world.Accounts.find((a) => a.AccountId === owner.accountId);
  if (existing) {
    existing.AuthorizationDetails = AuthorizationDetails;
    return { world, message: `Replaced the authorization details of account ${owner.accountId} with ${fileName} (${counts || 'empty'}); its MFA devices, access keys and providers are kept.`, warnings };
  }
  world.Accounts.push({ AccountId: owner.accountId, AuthorizationDetails });
  return { world, message: `Imported ${fileName} as account ${owner.accountId} (the account of its ARNs): ${counts || 'empty'}.`, warnings };
}

// ------------------------------------------------------------------------------ rendering

const attrPath = (path) => escapeHtml(JSON.stringify(path));
const keyOf = (path) => path.join('/');

function input(label, path, as, value, { type = 'text', extra = '', wide = false, help = '' } = {}) {
  const shown = value === undefined || value === null ? '' : String(value);
  return `<label class="${wide ? 'wide' : ''}">${escapeHtml(label)}${help ? ` <span class="muted">${escapeHtml(help)}</span>` : ''} <input type="${type}" data-path="${attrPath(path)}" data-as="${as}" value="${escapeHtml(shown)}" spellcheck="false"${extra}></label>`;
}

function checkbox(label, path, checked) {
  return `<label class="inline"><input type="checkbox" data-path="${attrPath(path)}" data-as="bool"${checked ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
}

/**
 * A policy document's textarea; `kind` is validatePolicy's; `role` names the role whose trust
 * policy it is; `optional`: left blank, the document is left out (opt-policy).
 */
function policyArea(label, path, doc, kind, { roleArn, optional = false } = {}) {
  const id = `wp-${keyOf(path).replace(/[^\w-]/g, '_')}`;
  const text = policyText(doc);
  const rows = Math.min(14, Math.max(4, text.split('\n').length));
  return `<div class="policy-field wide"><label for="${id}">${escapeHtml(label)}</label>`
    + `<textarea id="${id}" rows="${rows}" spellcheck="false" data-path="${attrPath(path)}" data-as="${optional ? 'opt-policy' : 'policy'}" data-kind="${kind}" aria-describedby="${id}-problems"${roleArn ? ` data-role-arn="${escapeHtml(roleArn)}"` : ''}>${escapeHtml(text)}</textarea>`
    + `<p class="field-problems" id="${id}-problems" aria-live="polite"></p>`
    + (roleArn ? `<div class="findings" data-findings-for="${escapeHtml(roleArn)}" aria-label="Trust findings for ${escapeHtml(roleArn)}"></div>` : '')
    + '</div>';
}

function button(label, attrs, text = label) {
  return `<button type="button" aria-label="${escapeHtml(label)}" ${attrs}>${escapeHtml(text)}</button>`;
}
const addButton = (label, what, opts) => button(label, `data-world-add="${what}"${Object.entries(opts).map(([k, v]) => ` data-${k}="${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}"`).join('')}`, label.replace(/ to .*| for .*/, ''));
const removeButton = (label, path) => button(label, `data-world-remove="${attrPath(path)}" class="remove"`, 'Remove');

function inlinePolicies(listPath, list, owner) {
  const items = (list ?? []).map((p, i) => `<div class="inline-policy">${input('PolicyName', [...listPath, i, 'PolicyName'], 'text', p.PolicyName)}`
    + `${policyArea(`Policy ${p.PolicyName ?? i + 1} (JSON)`, [...listPath, i, 'PolicyDocument'], p.PolicyDocument, 'identity')}`
    + `${removeButton(`Remove policy ${p.PolicyName} of ${owner}`, [...listPath, i])}</div>`).join('');
  return `<fieldset class="wide"><legend>Inline permission policies</legend>${items || '<p class="muted">None.</p>'}${addButton(`Add inline policy to ${owner}`, 'inline', { path: listPath })}</fieldset>`;
}

function tagRows(listPath, list, owner) {
  const rows = (list ?? []).map((t, i) => `<div class="row">${input(`Tag key ${i + 1}`, [...listPath, i, 'Key'], 'text', t.Key)}${input(`Tag value ${i + 1}`, [...listPath, i, 'Value'], 'text', t.Value)}`
    + `${removeButton(`Remove tag ${t.Key} of ${owner}`, [...listPath, i])}</div>`).join('');
  return `<fieldset class="wide"><legend>Tags</legend><div class="rows">${rows}</div>${addButton(`Add tag to ${owner}`, 'tag', { path: listPath })}</fieldset>`;
}

function managedAndBoundary(base, entity) {
  return input('Attached managed policy ARNs', [...base, 'AttachedManagedPolicies'], 'managed', (entity.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn).join(', '), { wide: true, help: '(comma separated)' })
    + input('Permissions boundary ARN', [...base, 'PermissionsBoundary'], 'boundary', entity.PermissionsBoundary?.PermissionsBoundaryArn ?? '', { wide: true });
}

function details(key, open, summary, body) {
  return `<details class="entity" data-key="${escapeHtml(key)}"${open.has(key) ? ' open' : ''}><summary>${summary}</summary><div class="entity-body">${body}</div></details>`;
}

function roleForm(world, account, a, role, r, open) {
  const base = ['Accounts', a, 'AuthorizationDetails', 'RoleDetailList', r];
  const arn = entityArn(world, account, 'role', role);
  const name = `role ${role.RoleName} in ${account.AccountId}`;
  const body = `<div class="form-grid" role="group" aria-label="Role ${escapeHtml(role.RoleName)} in account ${escapeHtml(account.AccountId)}">`
    + input('RoleName', [...base, 'RoleName'], 'role-name', role.RoleName)
    + input('Path', [...base, 'Path'], 'role-path', role.Path ?? '/')
    + input('MaxSessionDuration (seconds)', [...base, 'MaxSessionDuration'], 'int', role.MaxSessionDuration, { type: 'number', extra: ' min="3600" max="43200" step="1" placeholder="3600"', help: '3600–43200' })
    + policyArea('Trust policy (JSON)', [...base, 'AssumeRolePolicyDocument'], role.AssumeRolePolicyDocument, 'trust', { roleArn: arn })
    + inlinePolicies([...base, 'RolePolicyList'], role.RolePolicyList, name)
    + managedAndBoundary(base, role)
    + tagRows([...base, 'Tags'], role.Tags, name)
    + `<p class="wide">${removeButton(`Remove ${name}`, base)}</p></div>`;
  return details(keyOf(base), open, `Role <strong>${escapeHtml(role.RoleName)}</strong> <span class="muted">${escapeHtml(arn)}</span>`, body);
}

function deviceRows(account, a, userName) {
  const devices = (account.MFADevices ?? []).map((d, i) => [d, i]).filter(([d]) => d.UserName === userName);
  const rows = devices.map(([d, i]) => `<div class="row">${input('MFA serial number', ['Accounts', a, 'MFADevices', i, 'SerialNumber'], 'text', d.SerialNumber)}`
    + `${input('Base32 seed', ['Accounts', a, 'MFADevices', i, 'Base32StringSeed'], 'text', d.Base32StringSeed)}`
    + `${removeButton(`Remove MFA device ${d.SerialNumber}`, ['Accounts', a, 'MFADevices', i])}</div>`).join('');
  return `<fieldset class="wide"><legend>MFA device</legend><div class="rows">${rows || '<p class="muted">None.</p>'}</div>${devices.length ? '' : addButton(`Add MFA device for ${userName} in ${account.AccountId}`, 'mfa', { account: String(a), user: userName })}</fieldset>`;
}

function keyRows(account, a, userName) {
  const keys = (account.AccessKeys ?? []).map((k, i) => [k, i]).filter(([k]) => k.UserName === userName);
  const rows = keys.map(([k, i]) => `<div class="row">${input('AccessKeyId', ['Accounts', a, 'AccessKeys', i, 'AccessKeyId'], 'text', k.AccessKeyId)}`
    + `${input('SecretAccessKey', ['Accounts', a, 'AccessKeys', i, 'SecretAccessKey'], 'text', k.SecretAccessKey, { type: 'password', extra: ' autocomplete="off"' })}`
    + `<label>Status <select data-path="${attrPath(['Accounts', a, 'AccessKeys', i, 'Status'])}" data-as="text">${['Active', 'Inactive'].map((s) => `<option${(k.Status ?? 'Active') === s ? ' selected' : ''}>${s}</option>`).join('')}</select></label>`
    + `${removeButton(`Remove access key ${k.AccessKeyId}`, ['Accounts', a, 'AccessKeys', i])}</div>`).join('');
  // IAM allows two access keys per user.
  return `<fieldset class="wide"><legend>Access keys</legend><div class="rows">${rows || '<p class="muted">None.</p>'}</div>${keys.length < 2 ? addButton(`Add access key for ${userName} in ${account.AccountId}`, 'access-key', { account: String(a), user: userName }) : ''}</fieldset>`;
}

function userForm(world, account, a, user, u, open) {
  const base = ['Accounts', a, 'AuthorizationDetails', 'UserDetailList', u];
  const arn = entityArn(world, account, 'user', user);
  const name = `user ${user.UserName} in ${account.AccountId}`;
  const body = `<div class="form-grid" role="group" aria-label="User ${escapeHtml(user.UserName)} in account ${escapeHtml(account.AccountId)}">`
    + input('UserName', [...base, 'UserName'], 'user-name', user.UserName)
    + input('Path', [...base, 'Path'], 'user-path', user.Path ?? '/')
    + input('Groups', [...base, 'GroupList'], 'list', (user.GroupList ?? []).join(', '), { help: '(comma separated)' })
    + inlinePolicies([...base, 'UserPolicyList'], user.UserPolicyList, name)
    + managedAndBoundary(base, user)
    + deviceRows(account, a, user.UserName)
    + keyRows(account, a, user.UserName)
    + tagRows([...base, 'Tags'], user.Tags, name)
    + `<p class="wide">${removeButton(`Remove ${name}`, base)}</p></div>`;
  return details(keyOf(base), open, `User <strong>${escapeHtml(user.UserName)}</strong> <span class="muted">${escapeHtml(arn)}</span>`, body);
}

function providerForms(account, a) {
  const oidc = (account.OpenIDConnectProviders ?? []).map((p, i) => `<div class="row provider">${input('OIDC provider URL', ['Accounts', a, 'OpenIDConnectProviders', i, 'Url'], 'text', p.Url)}`
    + `${input('Client IDs (audiences)', ['Accounts', a, 'OpenIDConnectProviders', i, 'ClientIDList'], 'list', (p.ClientIDList ?? []).join(', '))}`
    + `${input('Thumbprints', ['Accounts', a, 'OpenIDConnectProviders', i, 'ThumbprintList'], 'list', (p.ThumbprintList ?? []).join(', '))}`
    + `${removeButton(`Remove OIDC provider ${p.Url}`, ['Accounts', a, 'OpenIDConnectProviders', i])}</div>`).join('');
  const saml = (account.SAMLProviders ?? []).map((p, i) => `<div class="row provider">${input('SAML provider name', ['Accounts', a, 'SAMLProviders', i, 'Name'], 'text', p.Name)}`
    + `<span class="muted">metadata: ${p.SAMLMetadataDocument ? 'from the world' : 'the simulator\'s (sim.samlMetadata)'}</span>`
    + `${removeButton(`Remove SAML provider ${p.Name}`, ['Accounts', a, 'SAMLProviders', i])}</div>`).join('');
  return `<fieldset class="wide"><legend>Identity providers</legend><div class="rows">${oidc}${saml}${oidc || saml ? '' : '<p class="muted">None.</p>'}</div>`
    + `${addButton(`Add OIDC provider to ${account.AccountId}`, 'oidc', { account: String(a) })} ${addButton(`Add SAML provider to ${account.AccountId}`, 'saml', { account: String(a) })}</fieldset>`;
}

/**
 * The trade-in tokens GetDelegatedAccessToken exchanges: sts-sim's fixture (AWS documents no
 * token format), each buying a session of one of this account's roles until ExpiresAt.
 */
function tradeInTokens(world, account, a) {
  const roles = (account.AuthorizationDetails?.RoleDetailList ?? []).map((r) => entityArn(world, account, 'role', r));
  const rows = (account.TradeInTokens ?? []).map((t, i) => {
    const base = ['Accounts', a, 'TradeInTokens', i];
    const choices = roles.includes(t.RoleArn) ? roles : [t.RoleArn, ...roles];
    return `<div class="inline-policy trade-in-token" role="group" aria-label="Trade-in token ${escapeHtml(t.TradeInToken)} of ${escapeHtml(account.AccountId)}">`
      + input('TradeInToken', [...base, 'TradeInToken'], 'text', t.TradeInToken, { wide: true })
      + `<label class="wide">RoleArn <span class="muted">(a role of this account)</span> <select data-path="${attrPath([...base, 'RoleArn'])}" data-as="text">${choices.map((arn) => `<option${arn === t.RoleArn ? ' selected' : ''}>${escapeHtml(arn)}</option>`).join('')}</select></label>`
      + input('RoleSessionName', [...base, 'RoleSessionName'], 'text', t.RoleSessionName)
      + input('ExpiresAt', [...base, 'ExpiresAt'], 'text', t.ExpiresAt, { help: '(ISO 8601)' })
      + input('DurationSeconds', [...base, 'DurationSeconds'], 'int', t.DurationSeconds, { type: 'number', extra: ' min="900" max="43200" step="1" placeholder="3600"', help: '900–43200' })
      + policyArea('Delegated permissions: session policy (JSON, optional)', [...base, 'Policy'], t.Policy, 'session', { optional: true })
      + `${removeButton(`Remove trade-in token ${t.TradeInToken} of ${account.AccountId}`, base)}</div>`;
  }).join('');
  const add = roles.length ? addButton(`Add trade-in token to ${account.AccountId}`, 'trade-in-token', { account: String(a) }) : '<p class="muted">Add a role first: a token buys a session of one of the account\'s roles.</p>';
  return `<fieldset class="wide"><legend>Trade-in tokens (GetDelegatedAccessToken)</legend>`
    + '<p class="muted">sts-sim\'s fixture: AWS documents no token format, so the world lists the tokens a delegation handed out and what each buys. A token not listed is refused (InvalidParameterValue); past ExpiresAt, ExpiredTradeInTokenException.</p>'
    + `<div class="rows">${rows || '<p class="muted">None.</p>'}</div>${add}</fieldset>`;
}

function scpList(listPath, list, where) {
  const items = (list ?? []).map((doc, i) => `<div class="inline-policy">${policyArea(`SCP ${i + 1} (JSON)`, [...listPath, i], doc, 'scp')}${removeButton(`Remove SCP ${i + 1} of ${where}`, [...listPath, i])}</div>`).join('');
  return `<fieldset class="wide"><legend>Service control policies (${escapeHtml(where)})</legend>${items || '<p class="muted">None attached here: FullAWSAccess applies.</p>'}${addButton(`Add SCP to ${where}`, 'scp', { path: listPath })}</fieldset>`;
}

function managedPolicies(account, a, open) {
  const list = account.AuthorizationDetails?.Policies ?? [];
  const items = list.map((p, i) => {
    const base = ['Accounts', a, 'AuthorizationDetails', 'Policies', i];
    const versions = p.PolicyVersionList ?? [];
    const v = Math.max(0, versions.findIndex((x) => x.IsDefaultVersion || x.VersionId === p.DefaultVersionId));
    const body = input('PolicyName', [...base, 'PolicyName'], 'text', p.PolicyName) + input('Arn', [...base, 'Arn'], 'text', p.Arn, { wide: true })
      + (versions.length ? policyArea(`Default version ${versions[v].VersionId ?? ''} (JSON)`, [...base, 'PolicyVersionList', v, 'Document'], versions[v].Document, 'identity') : '')
      + `<p class="wide">${removeButton(`Remove managed policy ${p.PolicyName}`, base)}</p>`;
    return details(keyOf(base), open, `Managed policy <strong>${escapeHtml(p.PolicyName)}</strong>`, `<div class="form-grid">${body}</div>`);
  }).join('');
  return `<fieldset class="wide"><legend>Managed policies</legend>${items || '<p class="muted">None.</p>'}${addButton(`Add managed policy to ${account.AccountId}`, 'managed-policy', { account: String(a) })}</fieldset>`;
}

function accountForm(world, account, a, open) {
  const d = account.AuthorizationDetails ?? {};
  const roles = (d.RoleDetailList ?? []).map((r, i) => roleForm(world, account, a, r, i, open)).join('');
  const users = (d.UserDetailList ?? []).map((u, i) => userForm(world, account, a, u, i, open)).join('');
  const rootDevice = deviceRows(account, a, 'root').replace('<legend>MFA device</legend>', '<legend>Root user MFA device</legend>');
  const body = `<div class="form-grid" role="group" aria-label="Account ${escapeHtml(account.AccountId)}">`
    + input('AccountId', ['Accounts', a, 'AccountId'], 'account-id', account.AccountId, { extra: ' inputmode="numeric" pattern="[0-9]{12}"' })
    + input('Alias', ['Accounts', a, 'Alias'], 'opt', account.Alias)
    + `<label>Global endpoint token <select data-path="${attrPath(['Accounts', a, 'GlobalEndpointTokenVersion'])}" data-as="opt">${[['', 'v1 (default: valid only in Regions enabled by default)'], ['v2', 'v2 (valid in every Region)']].map(([v, t]) => `<option value="${v}"${(account.GlobalEndpointTokenVersion ?? '').replace('Token', '') === v ? ' selected' : ''}>${t}</option>`).join('')}</select></label>`
    + checkbox('Outbound identity federation (GetWebIdentityToken) enabled', ['Accounts', a, 'OutboundWebIdentityFederation', 'Enabled'], account.OutboundWebIdentityFederation?.Enabled)
    + input('Enabled opt-in Regions', ['Accounts', a, 'EnabledRegions'], 'list', (account.EnabledRegions ?? []).join(', '), { wide: true, help: '(comma separated)' })
    + `<section class="wide entity-list" aria-label="Roles of ${escapeHtml(account.AccountId)}"><h4>Roles</h4>${roles || '<p class="muted">None.</p>'}${addButton(`Add role to ${account.AccountId}`, 'role', { account: String(a) })}</section>`
    + `<section class="wide entity-list" aria-label="Users of ${escapeHtml(account.AccountId)}"><h4>Users</h4>${users || '<p class="muted">None.</p>'}${addButton(`Add user to ${account.AccountId}`, 'user', { account: String(a) })}</section>`
    + rootDevice
    + providerForms(account, a)
    + tradeInTokens(world, account, a)
    + managedPolicies(account, a, open)
    + scpList(['Accounts', a, 'Policies', 'SCP'], account.Policies?.SCP, `account ${account.AccountId}`)
    + ((d.GroupDetailList ?? []).length ? `<p class="wide muted">${d.GroupDetailList.length} group(s): edit groups in the JSON.</p>` : '')
    + `<p class="wide">${removeButton(`Remove account ${account.AccountId}`, ['Accounts', a])}</p></div>`;
  const counts = `${(d.RoleDetailList ?? []).length} roles, ${(d.UserDetailList ?? []).length} users`;
  return details(keyOf(['Accounts', a]), open, `Account <strong>${escapeHtml(account.AccountId)}</strong>${account.Alias ? ` (${escapeHtml(account.Alias)})` : ''} <span class="muted">${counts}</span>`, body);
}

function organizationForm(world, open) {
  const org = world.Organization;
  if (!org) return `<p>${addButton('Add an organization', 'organization', {})} <span class="muted">(SCPs at the root, centralized root access for AssumeRoot)</span></p>`;
  const body = '<div class="form-grid" role="group" aria-label="Organization">'
    + input('Organization id', ['Organization', 'Id'], 'text', org.Id, { help: '(o-…)' })
    + input('Management account', ['Organization', 'ManagementAccount'], 'text', org.ManagementAccount)
    + input('Accounts at the root', ['Organization', 'Root', 'Accounts'], 'list', (org.Root?.Accounts ?? []).join(', '), { wide: true, help: '(comma separated)' })
    + checkbox('Centralized root access enabled (AssumeRoot)', ['Organization', 'CentralizedRootAccess', 'Enabled'], org.CentralizedRootAccess?.Enabled)
    + input('Delegated administrator for IAM', ['Organization', 'CentralizedRootAccess', 'DelegatedAdministrator'], 'opt', org.CentralizedRootAccess?.DelegatedAdministrator)
    + scpList(['Organization', 'Root', 'Policies', 'SCP'], org.Root?.Policies?.SCP, 'the organization root')
    + ((org.Root?.OrganizationalUnits ?? []).length ? `<p class="wide muted">${org.Root.OrganizationalUnits.length} organizational unit(s): edit OUs and their SCPs in the JSON.</p>` : '')
    + `<p class="wide">${removeButton('Remove the organization', ['Organization'])}</p></div>`;
  return details('Organization', open, `Organization <strong>${escapeHtml(org.Id ?? '')}</strong>`, body);
}

/**
 * The world as forms (HTML). `open` is the set of `data-key`s whose <details> are expanded, so
 * a re-render after a JSON edit keeps what the reader had open.
 */
export function renderWorldForms(world, { open = new Set() } = {}) {
  const accounts = (world.Accounts ?? []).map((account, a) => accountForm(world, account, a, open)).join('');
  return `<div class="world-accounts">${accounts || '<p class="muted">No accounts.</p>'}</div>`
    + `<p>${addButton('Add account', 'account', {})}</p>${organizationForm(world, open)}`;
}

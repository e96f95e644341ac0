// The STS parameter constraints the form checks as you type, DOM-free: the lengths and patterns
// of the STS API reference (the same ones the simulator enforces, src/sts/params.rs), the
// required parameters of each operation, and the DurationSeconds range a call allows, with the
// reason (the role's MaxSessionDuration, role chaining's one hour, the root user's cap…). The
// page shows these next to the fields; the simulator still answers Run with AWS's own error.

const NAME = { pattern: /^[\w+=,.@-]*$/, allowed: 'letters, digits and _+=,.@-' };

/** Per parameter: { min, max, pattern?, allowed? } (characters; the API reference's constraints). */
export const PARAM_RULES = {
  RoleArn: { min: 20, max: 2048 },
  PrincipalArn: { min: 20, max: 2048 },
  RoleSessionName: { min: 2, max: 64, ...NAME },
  SourceIdentity: { min: 2, max: 64, ...NAME },
  Name: { min: 2, max: 32, ...NAME },
  ExternalId: { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, allowed: 'letters, digits and _+=,.@:/-' },
  SerialNumber: { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/, allowed: 'letters, digits and _+=/:,.@-' },
  TokenCode: { min: 6, max: 6, pattern: /^\d*$/, allowed: 'digits' },
  // "The plaintext that you use for both inline and managed session policies can't exceed 2,048 characters."
  Policy: { min: 1, max: 2048, pattern: /^[\t\n\r\u0020-\u00FF]*$/, allowed: 'tab, line breaks and the characters U+0020 to U+00FF' },
  WebIdentityToken: { min: 4, max: 20000 },
  SAMLAssertion: { min: 4, max: 100000 },
  ProviderId: { min: 4, max: 2048 },
  AccessKeyId: { min: 16, max: 128, pattern: /^\w*$/, allowed: 'letters, digits and _' },
  EncodedMessage: { min: 1, max: 10240 },
  TargetPrincipal: { min: 12, max: 2048 },
};
const TAG_KEY = { min: 1, max: 128, pattern: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, allowed: 'letters, digits, spaces and _.:/=+-@' };
const TAG_VALUE = { min: 0, max: 256, pattern: TAG_KEY.pattern, allowed: TAG_KEY.allowed };

/** Parameters each operation cannot do without. */
export const REQUIRED = {
  AssumeRole: ['RoleArn', 'RoleSessionName'],
  AssumeRoleWithWebIdentity: ['RoleArn', 'RoleSessionName'],
  AssumeRoleWithSAML: ['RoleArn', 'PrincipalArn'],
  GetFederationToken: ['Name'],
  GetAccessKeyInfo: ['AccessKeyId'],
  DecodeAuthorizationMessage: ['EncodedMessage'],
  AssumeRoot: ['TargetPrincipal', 'TaskPolicyArn'],
  GetWebIdentityToken: ['Audience', 'SigningAlgorithm'],
  GetDelegatedAccessToken: ['TradeInToken'],
};

function check(label, value, rule) {
  const text = String(value);
  const length = [...text].length;
  if (length < rule.min) return `${label}: at least ${rule.min} character${rule.min === 1 ? '' : 's'} (this has ${length}).`;
  if (rule.max !== undefined && length > rule.max) return `${label}: at most ${rule.max.toLocaleString('en')} characters (this has ${length.toLocaleString('en')}).`;
  if (rule.pattern && !rule.pattern.test(text)) {
    const bad = [...text].find((c) => !rule.pattern.test(c));
    return `${label}: only ${rule.allowed}${bad !== undefined ? ` (not “${bad}”)` : ''}.`;
  }
  return '';
}

/**
 * The problems of a form's values for an operation, by field: { RoleSessionName: "…", Tags: "…" }.
 * Blank optional fields are fine; a field the operation's fields do not include is not checked.
 * (`fromDevice`: the MFA code will come from the world's device, so a blank code is fine.)
 */
export function checkParams(operationName, fields, values) {
  const problems = {};
  const has = (f) => fields.includes(f);
  for (const field of REQUIRED[operationName] ?? []) {
    if (!has(field)) continue;
    const v = values[field];
    const blank = Array.isArray(v) ? !v.length : String(v ?? '').trim() === '';
    if (blank && !(field === 'WebIdentityToken' || field === 'SAMLAssertion')) problems[field] = `${field} is required.`;
  }
  for (const [field, rule] of Object.entries(PARAM_RULES)) {
    if (!has(field) || problems[field]) continue;
    const v = String(values[field] ?? '');
    if (v.trim() === '') continue;
    if (field === 'TokenCode' && values.TokenCodeFromDevice) continue;
    const message = check(field, field === 'Policy' ? v : v.trim(), rule);
    if (message) problems[field] = message;
  }
  if (has('SerialNumber') && has('TokenCode') && String(values.SerialNumber ?? '').trim() && !String(values.TokenCode ?? '').trim() && !values.TokenCodeFromDevice) {
    problems.TokenCode = 'TokenCode: the MFA code is needed with SerialNumber.';
  }
  if (has('Tags')) {
    const rows = (values.Tags ?? []).filter(([k, v]) => String(k).trim() || String(v ?? '').trim());
    // "You can pass up to 50 session tags."
    const messages = [];
    if (rows.length > 50) messages.push(`at most 50 session tags (these are ${rows.length})`);
    rows.forEach(([k, v], i) => {
      const key = check(`tag ${i + 1} key`, String(k).trim(), TAG_KEY);
      const value = check(`tag ${i + 1} value`, String(v ?? ''), TAG_VALUE);
      if (key) messages.push(key.replace(/\.$/, ''));
      if (value) messages.push(value.replace(/\.$/, ''));
    });
    const keys = rows.map(([k]) => String(k).trim().toLowerCase());
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    // Tag keys are case-insensitive in a session: two keys differing only in case are one tag twice.
    if (dup) messages.push(`the tag key “${dup}” is given twice (keys compare case-insensitively)`);
    if (messages.length) problems.Tags = `Tags: ${messages.join('; ')}.`;
  }
  if (has('Audience')) {
    const audiences = String(values.Audience ?? '').split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
    if (audiences.length > 10) problems.Audience = `Audience: 1 to 10 values (these are ${audiences.length}).`;
    else if (audiences.some((a) => a.length > 1000)) problems.Audience = 'Audience: each value at most 1,000 characters.';
  }
  return problems;
}

const hours = (s) => (s % 3600 === 0 ? `${s / 3600} h` : s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

/**
 * The DurationSeconds a call may ask for: { min, max, default, why, capped? } — or null when the
 * operation takes none. `caller`: 'root' | 'user' | 'role-session' | 'session' | 'service' |
 * 'anonymous'. `role`: the target role of the world ({ name, max }) or null when it is not in
 * the world. `capped`: a longer value is shortened to `max`, not refused. Sources: each
 * operation's DurationSeconds in the STS API reference.
 */
export function durationRange(operationName, { caller = 'user', role = null } = {}) {
  const roleMax = role ? (role.max ?? 3600) : 43200;
  const roleWhy = role
    ? `900 s up to the role's MaxSessionDuration: ${role.name} allows ${hours(roleMax)}${role.max ? '' : ' (the default)'}.`
    : '900 s up to the role\'s MaxSessionDuration (1 to 12 h; the role is not in the world).';
  switch (operationName) {
    case 'AssumeRole':
      if (caller === 'role-session') {
        return { min: 900, max: 3600, default: 3600, why: 'Role chaining: credentials of a role session assume a role for at most 1 hour; asking for more is refused.' };
      }
      return { min: 900, max: roleMax, default: 3600, why: roleWhy };
    case 'AssumeRoleWithWebIdentity':
    case 'AssumeRoleWithSAML':
      return { min: 900, max: roleMax, default: 3600, why: roleWhy };
    case 'GetSessionToken':
    case 'GetFederationToken':
      return caller === 'root'
        ? { min: 900, max: 3600, default: 3600, capped: true, why: 'The root user\'s sessions last at most 1 hour: a longer value is shortened to 1 hour, not refused.' }
        : { min: 900, max: 129600, default: 43200, why: '900 s (15 min) to 129,600 s (36 h); 12 h when left blank.' };
    case 'AssumeRoot':
      return { min: 0, max: 900, default: 900, why: 'A privileged root session lasts at most 900 s (15 min), the default.' };
    case 'GetWebIdentityToken':
      return { min: 60, max: 3600, default: 300, why: 'The token lives 60 s to 1 h (5 min when left blank), and never past the caller\'s own session.' };
    default:
      return null;
  }
}

/** The caller's kind for durationRange, from the form's caller ({ Principal } | { Service } | a session's ARN). */
export function callerKind(caller, operationName, anonymous) {
  if (anonymous) return 'anonymous';
  if (caller?.Service) return 'service';
  const arn = String(caller?.arn ?? caller?.Principal ?? '');
  if (/:root$/.test(arn)) return 'root';
  if (/:assumed-role\//.test(arn)) return 'role-session';
  if (caller?.session !== undefined || /:federated-user\//.test(arn)) return 'session';
  return 'user';
}

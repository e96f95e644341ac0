// The differential test's input generator: seeded random policy sets and requests over the IAM
// features that both sts-sim and @cloud-copilot/iam-simulate implement, and `features(pair)`,
// the tags that tests/differential-divergences.json entries match on. Not a test file itself
// (no `.test.` in its name): tests/node/differential.test.mjs imports it.
//
// `generate` yields { policies, requests }: policies = { identity: doc[], resource: doc|null,
// boundary: doc|null, session: doc|null, scp: doc[][] (levels), rcp: doc[][] (levels) } and
// requests = [{ principal, principalKind, action, resource, resourceAccount, context }], plain
// JSON that both engines take (the test adapts the shapes).

import { mulberry32 } from '../../bench/workload.mjs';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
const ORG = 'o-a1b2c3d4e5';

// ---------------------------------------------------------------------------------------------
// The world: callers, and the actions/resources they call.

/** Callers in ACCOUNT. `derived` are the context keys AWS sets from the caller; iam-simulate
 *  does not derive them, so the generator always gives them to both engines. */
const PRINCIPALS = [
  { kind: 'user', weight: 4, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, derived: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/alice`, 'aws:username': 'alice', 'aws:userid': 'AIDAEXAMPLEALICE0001', 'aws:PrincipalType': 'User' } },
  { kind: 'user', weight: 2, arn: `arn:aws:iam::${ACCOUNT}:user/eng/bob`, derived: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:user/eng/bob`, 'aws:username': 'bob', 'aws:userid': 'AIDAEXAMPLEBOB000002', 'aws:PrincipalType': 'User' } },
  { kind: 'role-session', weight: 4, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Dev/alice`, roleArn: `arn:aws:iam::${ACCOUNT}:role/Dev`, derived: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/Dev`, 'aws:userid': 'AROAEXAMPLEDEV000003:alice', 'aws:PrincipalType': 'AssumedRole' } },
  { kind: 'federated', weight: 1, arn: `arn:aws:sts::${ACCOUNT}:federated-user/carol`, derived: { 'aws:PrincipalArn': `arn:aws:sts::${ACCOUNT}:federated-user/carol`, 'aws:userid': `${ACCOUNT}:carol`, 'aws:PrincipalType': 'FederatedUser' } },
  { kind: 'root', weight: 0.5, arn: `arn:aws:iam::${ACCOUNT}:root`, derived: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:root`, 'aws:userid': ACCOUNT, 'aws:PrincipalType': 'Account' } },
];
for (const p of PRINCIPALS) p.derived['aws:PrincipalAccount'] = ACCOUNT;

/** Actions with a function from the resource account to a resource ARN. `keys` are the
 *  service-specific condition keys the action supports (iam-simulate drops the others). */
const ACTIONS = [
  { action: 's3:GetObject', resource: (_, r) => `arn:aws:s3:::${r.bucket}/${r.pick(['home/alice/notes.txt', 'home/bob/a.txt', 'public/index.html', 'home/Alice/x.txt'])}` },
  { action: 's3:PutObject', resource: (_, r) => `arn:aws:s3:::${r.bucket}/${r.pick(['home/alice/up.bin', 'home/carol/b.txt', 'public/new.html'])}` },
  { action: 's3:DeleteObject', resource: (_, r) => `arn:aws:s3:::${r.bucket}/${r.pick(['home/alice/old.txt', 'tmp/x'])}` },
  { action: 's3:ListBucket', resource: (_, r) => `arn:aws:s3:::${r.bucket}`, keys: ['s3:prefix'] },
  { action: 'dynamodb:GetItem', resource: (a, r) => `arn:aws:dynamodb:${r.region}:${a}:table/${r.pick(['Orders', 'Users', 'alice'])}`, keys: ['dynamodb:LeadingKeys'] },
  { action: 'dynamodb:PutItem', resource: (a, r) => `arn:aws:dynamodb:${r.region}:${a}:table/${r.pick(['Orders', 'Users'])}`, keys: ['dynamodb:LeadingKeys'] },
  { action: 'dynamodb:Query', resource: (a, r) => `arn:aws:dynamodb:${r.region}:${a}:table/Orders`, keys: ['dynamodb:LeadingKeys'] },
  { action: 'sqs:SendMessage', resource: (a, r) => `arn:aws:sqs:${r.region}:${a}:${r.pick(['orders-queue', 'audit', 'alice-queue'])}` },
  { action: 'sqs:ReceiveMessage', resource: (a, r) => `arn:aws:sqs:${r.region}:${a}:orders-queue` },
  { action: 'lambda:InvokeFunction', resource: (a, r) => `arn:aws:lambda:${r.region}:${a}:function:${r.pick(['resize', 'report'])}` },
  { action: 'lambda:GetFunction', resource: (a, r) => `arn:aws:lambda:${r.region}:${a}:function:resize` },
  { action: 'sns:Publish', resource: (a, r) => `arn:aws:sns:${r.region}:${a}:alerts` },
  { action: 'ec2:StopInstances', resource: (a, r) => `arn:aws:ec2:${r.region}:${a}:instance/i-0abc1234def567890` },
  // A wildcard-only action: its resource is "*" (the caller's account).
  { action: 'ec2:DescribeInstances', resource: () => '*', wildcardOnly: true },
];
const OTHER_ACTIONS = ['s3:GetObjectVersion', 's3:PutObjectAcl', 'dynamodb:Scan', 'sqs:DeleteMessage', 'lambda:UpdateFunctionCode', 'ec2:StartInstances', 'sns:Subscribe', 'iam:PassRole'];

/** Condition keys: type, the values requests carry, and the values policies compare with. */
const KEYS = {
  'aws:PrincipalTag/team': { type: 'string', ctx: ['blue', 'red', 'Blue', 'blue-team'], pol: ['blue', 'red', 'green', 'BLUE', 'blu*', '*-team', 'b?ue'] },
  'aws:RequestedRegion': { type: 'string', ctx: ['us-east-1', 'eu-west-1', 'us-west-2'], pol: ['us-east-1', 'eu-west-1', 'us-*', 'eu-*', 'ap-southeast-2'] },
  'aws:PrincipalOrgID': { type: 'string', ctx: [ORG, 'o-zzzzzzzzzz'], pol: [ORG, 'o-*', 'o-zzzz*'] },
  'aws:RequestTag/env': { type: 'string', ctx: ['prod', 'dev'], pol: ['prod', 'dev', '*'] },
  'aws:username': { type: 'string', derived: true, pol: ['alice', 'bob', 'Alice', 'a*', '*o*'] },
  'aws:PrincipalAccount': { type: 'string', derived: true, pol: [ACCOUNT, OTHER_ACCOUNT, '1111*'] },
  'aws:PrincipalType': { type: 'string', derived: true, pol: ['User', 'AssumedRole', 'Account', 'FederatedUser'] },
  'aws:userid': { type: 'string', derived: true, pol: ['AIDAEXAMPLEALICE0001', 'AROAEXAMPLEDEV000003:*', 'AIDA*', '*:alice'] },
  'aws:MultiFactorAuthAge': { type: 'numeric', ctx: ['30', '600', '3600', '86400'], pol: ['60', '600', '3600', '7200', 3600, '600.5'] },
  'aws:MultiFactorAuthPresent': { type: 'bool', ctx: ['true', 'false'], pol: ['true', 'false'] },
  'aws:SecureTransport': { type: 'bool', ctx: ['true', 'false'], pol: ['true', 'false'] },
  'aws:ViaAWSService': { type: 'bool', ctx: ['true', 'false'], pol: ['true', 'false'] },
  'aws:SourceIp': { type: 'ip', ctx: ['10.1.2.3', '192.0.2.10', '203.0.113.77', '2001:db8::1', '10.200.0.1'], pol: ['10.0.0.0/8', '10.1.2.0/24', '192.0.2.10/32', '192.0.2.10', '203.0.113.0/25', '2001:db8::/32', '0.0.0.0/0'] },
  'aws:CurrentTime': { type: 'date', ctx: ['2024-01-15T12:00:00Z', '2025-06-01T00:00:00Z', '2023-12-31T23:59:59Z'], pol: ['2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2024-01-15T12:00:00Z', '2024-06-30', '2024-01-15T14:00:00+02:00', '2024-01-15T12:00:00.500Z'] },
  'aws:TokenIssueTime': { type: 'date', ctx: ['2024-03-01T08:00:00Z', '2024-09-01T08:00:00Z'], pol: ['2024-06-01T00:00:00Z', '2024-03-01T08:00:00Z'] },
  'aws:EpochTime': { type: 'date', ctx: ['1705320000', '1748736000'], pol: ['1704067200', '1735689600', '2025-01-01T00:00:00Z'] },
  'aws:PrincipalArn': { type: 'arn', derived: true, pol: [`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:role/Dev`, `arn:aws:iam::${ACCOUNT}:user/*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::${OTHER_ACCOUNT}:*`] },
  'aws:SourceArn': { type: 'arn', ctx: [`arn:aws:sns:us-east-1:${ACCOUNT}:alerts`, 'arn:aws:s3:::bucket-a', `arn:aws:lambda:us-east-1:${OTHER_ACCOUNT}:function:x`], pol: [`arn:aws:sns:us-east-1:${ACCOUNT}:alerts`, 'arn:aws:s3:::bucket-*', `arn:aws:*:*:${ACCOUNT}:*`, `arn:aws:lambda:*:*:function:x`] },
  'aws:TagKeys': { type: 'string', multi: true, ctx: ['env', 'team', 'owner', 'Env'], pol: ['env', 'team', 'cost-*', 'Env', 'owner'] },
  'aws:PrincipalOrgPaths': { type: 'string', multi: true, ctx: [`${ORG}/r-ab12/ou-ab12-11111111/`, `${ORG}/r-ab12/ou-ab12-22222222/`], pol: [`${ORG}/r-ab12/ou-ab12-11111111/*`, `${ORG}/*`, `${ORG}/r-ab12/ou-ab12-22222222/`] },
  's3:prefix': { type: 'string', service: 's3:ListBucket', ctx: ['home/alice/', 'home/bob/', 'public/', ''], pol: ['home/alice/', 'home/${aws:username}/*', 'public/*', ''] },
  'dynamodb:LeadingKeys': { type: 'string', multi: true, service: 'dynamodb:', ctx: ['alice', 'bob', 'AIDAEXAMPLEALICE0001'], pol: ['alice', '${aws:username}', '${aws:userid}', 'b*'] },
};

const OPERATORS = {
  string: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
  numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
  date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
  bool: ['Bool'],
  ip: ['IpAddress', 'NotIpAddress'],
  arn: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals'],
};

/** Policy variables a Resource or condition value may use. */
const VARIABLES = ['${aws:username}', '${aws:PrincipalTag/team}', '${aws:userid}', '${aws:PrincipalAccount}', "${aws:PrincipalTag/team, 'none'}", '${*}'];

// ---------------------------------------------------------------------------------------------
// The generator.

class Gen {
  constructor(seed) {
    this.rand = mulberry32(seed);
  }
  chance(p) {
    return this.rand() < p;
  }
  int(lo, hi) {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.rand() * list.length)];
  }
  weighted(list) {
    const total = list.reduce((s, x) => s + x.weight, 0);
    let r = this.rand() * total;
    for (const x of list) if ((r -= x.weight) < 0) return x;
    return list[list.length - 1];
  }
  some(list, lo, hi) {
    const pool = [...list];
    const n = Math.min(pool.length, this.int(lo, hi));
    const out = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(this.rand() * pool.length), 1)[0]);
    return out;
  }
  /** One element, or a list of them. */
  oneOrList(items) {
    return items.length === 1 && this.chance(0.6) ? items[0] : items;
  }
}

function keysFor(action) {
  return Object.keys(KEYS).filter((k) => !KEYS[k].service || action.startsWith(KEYS[k].service));
}

/** A request's context: the caller's derived keys, then a random subset of the others. */
function makeContext(g, principal, action) {
  const ctx = { ...principal.derived };
  if (principal.kind !== 'user') delete ctx['aws:username'];
  for (const key of keysFor(action)) {
    const k = KEYS[key];
    if (k.derived || !g.chance(0.65)) continue;
    ctx[key] = k.multi ? g.some(k.ctx, 0, 3) : g.pick(k.ctx);
  }
  return ctx;
}

function actionElement(g, action) {
  const [svc, name] = action.split(':');
  const forms = [
    () => action,
    () => action,
    () => `${svc}:*`,
    () => '*',
    () => `${svc}:${name.slice(0, g.int(1, name.length - 1))}*`,
    () => `${svc}:*${name.slice(g.int(1, name.length - 1))}`,
    () => `${svc}:${name.slice(0, 2)}?${name.slice(3)}`,
    () => (g.chance(0.5) ? action.toLowerCase() : `${svc.toUpperCase()}:${name}`),
    () => g.pick(OTHER_ACTIONS),
    () => g.pick(ACTIONS).action,
  ];
  return g.oneOrList(Array.from({ length: g.int(1, 2) }, () => g.pick(forms)()));
}

function resourceElement(g, req) {
  const r = req.resource;
  const forms = [() => r, () => r, () => '*'];
  if (r !== '*') {
    const parts = r.split(':');
    forms.push(
      () => r.replace(/[^/:]+$/, '*'),
      () => [...parts.slice(0, 4), '*', ...parts.slice(5)].join(':'),
      () => [...parts.slice(0, 3), '*', ...parts.slice(4)].join(':'),
      () => r.slice(0, g.int(13, r.length - 1)) + '*',
      () => r.replace(/[a-z](?=[^a-z]*$)/, '?'),
    );
    if (r.startsWith('arn:aws:s3:::')) {
      const bucket = r.slice(13).split('/')[0];
      forms.push(
        () => `arn:aws:s3:::${bucket}/home/\${aws:username}/*`,
        () => `arn:aws:s3:::${bucket}/home/${g.pick(VARIABLES)}/*`,
        () => `arn:aws:s3:::${bucket}/*`,
        () => 'arn:aws:s3:::bucket-*',
      );
    } else if (r.includes('alice')) {
      forms.push(() => r.replace('alice', '${aws:username}'), () => r.replace('alice', '${aws:username}').replace(/:\d{12}:/, ':*:'));
    }
    // AWS substitutes variables only after the fifth colon ("IAM policy elements: Variables
    // and tags"); a variable in the account field is kept rare, to watch that divergence.
    if (r.includes(`:${ACCOUNT}:`) && g.chance(0.15)) forms.push(() => r.replace(ACCOUNT, '${aws:PrincipalAccount}'));
  }
  forms.push(() => `arn:aws:sqs:us-east-1:${ACCOUNT}:other-queue`);
  return g.oneOrList(Array.from({ length: g.int(1, 2) }, () => g.pick(forms)()));
}

/** A Condition block of 1–2 operators over keys the action supports. */
function conditionBlock(g, action) {
  const block = {};
  const keys = keysFor(action);
  for (let i = g.int(1, 2); i > 0; i--) {
    const key = g.pick(keys);
    const k = KEYS[key];
    let op;
    if (g.chance(0.1)) {
      block.Null = { ...block.Null, [key]: g.pick(['true', 'false']) };
      continue;
    }
    op = g.pick(OPERATORS[k.type]);
    if (k.multi) {
      // "Multivalued context keys require a condition set operator" (Single-valued vs.
      // multivalued context keys): a bare operator on a set is left undefined by the docs.
      op = `${g.chance(0.5) ? 'ForAnyValue' : 'ForAllValues'}:${op}`;
    } else if (g.chance(0.04)) {
      op = `${g.pick(['ForAnyValue', 'ForAllValues'])}:${op}`;
    }
    if (g.chance(0.2)) op += 'IfExists';
    let values = g.some(k.pol, 1, 3);
    if (k.type === 'string' && g.chance(0.1)) values.push(g.pick(VARIABLES));
    // Context key names are not case-sensitive ("IAM JSON policy elements: Condition").
    const already = Object.keys(block[op] ?? {}).find((x) => x.toLowerCase() === key.toLowerCase());
    const spelled = already ?? (g.chance(0.05) ? key.toUpperCase() : key);
    block[op] = { ...block[op], [spelled]: g.oneOrList(values) };
  }
  return block;
}

function statement(g, req, { effect, principal, conditions = 0.45, notAction = 0.12, notResource = 0.08 }) {
  const s = { Effect: effect };
  if (principal) Object.assign(s, principal);
  s[g.chance(notAction) ? 'NotAction' : 'Action'] = actionElement(g, req.action);
  s[g.chance(notResource) ? 'NotResource' : 'Resource'] = resourceElement(g, req);
  if (g.chance(conditions)) s.Condition = conditionBlock(g, req.action);
  return s;
}

function policy(statements) {
  return { Version: '2012-10-17', Statement: statements };
}

/** An identity-style policy (identity, boundary, session): mostly Allows, some Denies. */
function identityPolicy(g, req, denyChance = 0.3) {
  const statements = [statement(g, req, { effect: 'Allow' })];
  if (g.chance(0.35)) statements.push(statement(g, req, { effect: 'Allow' }));
  if (g.chance(denyChance)) statements.push(statement(g, req, { effect: 'Deny', conditions: 0.7 }));
  return policy(statements);
}

/** A Principal element naming the caller in some way, or someone else. */
function principalElement(g, p, { everyone = true } = {}) {
  const forms = [
    ...(everyone ? [() => ({ Principal: '*' }), () => ({ Principal: { AWS: '*' } })] : []),
    () => ({ Principal: { AWS: ACCOUNT } }),
    () => ({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
    () => ({ Principal: { AWS: p.arn } }),
    () => ({ Principal: { AWS: p.arn } }),
    () => ({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/Dev` } }),
    () => ({ Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }),
    () => ({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/mallory` } }),
    () => ({ Principal: { AWS: [p.arn, `arn:aws:iam::${OTHER_ACCOUNT}:root`] } }),
    () => ({ Principal: { Service: 'lambda.amazonaws.com' } }),
  ];
  return g.pick(forms)();
}

/** `everyone: false` leaves out Principal "*": with a session policy, the docs say how a
 *  resource-based policy naming the role or the session combines with it ("Session policies"),
 *  not one naming everyone. */
function resourcePolicy(g, req, p, everyone = true) {
  const allow = () => statement(g, req, { effect: 'Allow', principal: principalElement(g, p, { everyone }), notResource: 0.03 });
  const statements = [allow()];
  if (g.chance(0.3)) statements.push(allow());
  if (g.chance(0.25)) {
    // NotPrincipal only as "AWS JSON policy elements: NotPrincipal" recommends: the principal
    // with its account ARN (and a session with its role ARN too). Lists without them "might"
    // deny the whole account or role, depending on the service: not a defined behaviour.
    const root = `arn:aws:iam::${ACCOUNT}:root`;
    const documented = [
      p.roleArn ? [p.arn, p.roleArn, root] : p.kind === 'root' ? [root] : [p.arn, root],
      [`arn:aws:iam::${OTHER_ACCOUNT}:user/mallory`, `arn:aws:iam::${OTHER_ACCOUNT}:root`],
    ];
    const who = g.chance(0.15) ? { NotPrincipal: { AWS: g.pick(documented) } } : principalElement(g, p);
    statements.push(statement(g, req, { effect: 'Deny', principal: who, conditions: 0.7, notResource: 0.03 }));
  }
  return policy(statements);
}

/** One level of SCPs: usually FullAWSAccess or a service allow, sometimes a guardrail Deny. */
function scpLevel(g, req) {
  const docs = [];
  const allow = g.pick([
    () => policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    () => policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    () => policy([{ Effect: 'Allow', Action: `${req.action.split(':')[0]}:*`, Resource: '*' }]),
    () => policy([{ Effect: 'Allow', Action: g.pick(OTHER_ACTIONS), Resource: '*' }]),
    () => policy([{ Effect: 'Allow', Action: actionElement(g, req.action), Resource: '*' }]),
  ])();
  docs.push(allow);
  if (g.chance(0.35)) {
    docs.push(policy([statement(g, req, { effect: 'Deny', conditions: 0.8, notAction: 0.25, notResource: 0 })]));
  }
  return docs;
}

/** One level of RCPs: customer RCPs may only Deny; both engines add the AWS-managed
 *  RCPFullAWSAccess to every level themselves. */
const RCP_SERVICES = ['s3', 'sqs', 'dynamodb'];
function rcpLevel(g, req) {
  const svc = req.action.split(':')[0];
  const docs = [];
  if (g.chance(0.8)) {
    const s = { Effect: 'Deny', Principal: '*', Action: g.chance(0.7) ? `${svc}:*` : `${g.pick(RCP_SERVICES)}:*`, Resource: '*', Condition: conditionBlock(g, req.action) };
    docs.push(policy([s]));
  }
  return docs;
}

/** One policy set and `requestsPerSet` requests against it (varying context, sometimes principal). */
export function* generate(seed, sets, requestsPerSet) {
  const g = new Gen(seed);
  for (let n = 0; n < sets; n++) {
    const spec = g.pick(ACTIONS);
    const crossAccount = !spec.wildcardOnly && g.chance(0.22);
    const resourceAccount = crossAccount ? OTHER_ACCOUNT : ACCOUNT;
    const region = g.pick(['us-east-1', 'us-east-1', 'eu-west-1']);
    const bucket = crossAccount ? 'bucket-b' : 'bucket-a';
    const resource = spec.resource(resourceAccount, { bucket, region, pick: (l) => g.pick(l) });
    const principal = g.weighted(PRINCIPALS);
    const base = { action: spec.action, resource };
    const isSession = principal.kind === 'role-session' || principal.kind === 'federated';
    const policies = { identity: [], resource: null, boundary: null, session: null, scp: [], rcp: [] };
    // No identity-based policy, permissions boundary or session policy applies to the root
    // user: only users and roles (and their sessions) have them.
    const root = principal.kind === 'root';
    for (let i = root ? 0 : g.int(1, 2); i > 0; i--) policies.identity.push(identityPolicy(g, base));
    if (principal.kind !== 'root' && g.chance(0.25)) policies.boundary = identityPolicy(g, base, 0.15);
    if (isSession && g.chance(0.3)) policies.session = identityPolicy(g, base, 0.15);
    if (!spec.wildcardOnly && (crossAccount ? g.chance(0.8) : g.chance(0.35))) policies.resource = resourcePolicy(g, base, principal, !policies.session);
    if (g.chance(0.3)) for (let i = g.int(1, 3); i > 0; i--) policies.scp.push(scpLevel(g, base));
    if (!spec.wildcardOnly && RCP_SERVICES.includes(spec.action.split(':')[0]) && g.chance(0.15)) {
      for (let i = g.int(1, 2); i > 0; i--) policies.rcp.push(rcpLevel(g, base));
    }
    const requests = [];
    for (let i = 0; i < requestsPerSet; i++) {
      // Now and then the same policies are asked about by another caller of the same kind.
      const p = g.chance(0.15) ? g.weighted(PRINCIPALS.filter((x) => x.kind === principal.kind)) : principal;
      requests.push({
        principal: p.arn,
        principalKind: p.kind,
        action: spec.action,
        resource,
        resourceAccount,
        context: makeContext(g, p, spec.action),
      });
    }
    yield { policies, requests };
  }
}

/** Keys the engines derive (or are given) from the caller: the shrinker keeps them. */
export const DERIVED_KEYS = new Set(['aws:principalarn', 'aws:username', 'aws:userid', 'aws:principaltype', 'aws:principalaccount']);

// ---------------------------------------------------------------------------------------------
// Features: tags describing what a pair exercises; divergence entries match on them.

function list(v) {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function statementFeatures(tags, layer, s, ctxLower, request) {
  tags.add(`${layer}:${s.Effect}`);
  if (s.NotAction) tags.add('NotAction');
  if (s.NotResource) tags.add('NotResource');
  if (s.NotPrincipal) tags.add('NotPrincipal');
  for (const a of list(s.Action ?? s.NotAction)) if (/[*?]/.test(a)) tags.add('action-wildcard');
  for (const r of list(s.NotResource)) {
    const unresolved = [...r.matchAll(/\$\{([^}]*)\}/g)].some((m) => !ctxLower.has(m[1].toLowerCase()));
    if (unresolved) tags.add('notresource-variable-without-value');
  }
  if (s.NotPrincipal) {
    const named = list(s.NotPrincipal.AWS);
    const caller = [request.principal, request.context['aws:PrincipalArn']];
    if (named.includes(`arn:aws:iam::${ACCOUNT}:root`) && !named.some((n) => caller.includes(n))) tags.add('notprincipal-lists-caller-account-not-caller');
  }
  for (const r of list(s.Resource ?? s.NotResource)) {
    if (/[*?]/.test(r.replace(/\$\{[^}]*\}/g, ''))) tags.add('resource-wildcard');
    for (const m of r.matchAll(/\$\{([^}]*)\}/g)) tags.add(`resource-variable:${m[1]}`);
    if (/\$\{[^}]*,/.test(r)) tags.add('variable-default-value');
    if (/\$\{[*?$]\}/.test(r)) tags.add('variable-special-character');
    if (r.includes('${')) {
      const parts = r.replace(/\$\{[^}]*\}/g, '\u0000').split(':');
      const at = parts.findIndex((x) => x.includes('\u0000'));
      if (at >= 0 && at < 5) tags.add('resource-variable-before-fifth-colon');
      const rest = parts.slice(5).join(':');
      const s3 = parts[2] === 's3' && !parts[3] && !parts[4];
      if (!s3 && rest.includes('\u0000') && !(rest.indexOf('/') >= 0 && rest.indexOf('/') < rest.indexOf('\u0000'))) tags.add('resource-variable-before-first-slash');
    }
  }
  if (layer === 'resource' && s.Principal) {
    const p = s.Principal;
    if (p === '*') tags.add('rp-principal:*');
    for (const v of list(p.AWS)) {
      if (v === '*') tags.add('rp-principal:*');
      else if (/^\d{12}$/.test(v) || v.endsWith(':root')) tags.add(`rp-principal:account${v.includes(ACCOUNT) ? '' : '-other'}`);
      else tags.add(`rp-principal:${v.split(':')[5].split('/')[0]}`);
    }
    if (p.Service) tags.add('rp-principal:service');
  }
  for (const [op, keys] of Object.entries(s.Condition ?? {})) {
    const base = op.replace(/^For(AllValues|AnyValue):/, '').replace(/IfExists$/, '');
    tags.add(`op:${base}`);
    if (op.endsWith('IfExists')) tags.add('IfExists');
    if (op.startsWith('ForAllValues:')) tags.add('ForAllValues');
    if (op.startsWith('ForAnyValue:')) tags.add('ForAnyValue');
    for (const [key, values] of Object.entries(keys)) {
      const lower = key.toLowerCase();
      tags.add(`key:${lower}`);
      if (key !== Object.keys(KEYS).find((x) => x.toLowerCase() === lower)) tags.add('key-name-case');
      if (!ctxLower.has(lower)) tags.add(`absent:${lower}`);
      else if (Array.isArray(ctxLower.get(lower)) && ctxLower.get(lower).length === 0) tags.add(`empty-set:${lower}`);
      const k = KEYS[Object.keys(KEYS).find((x) => x.toLowerCase() === lower)];
      if (k?.multi && base !== 'Null' && !/^For(AllValues|AnyValue):/.test(op)) tags.add('multivalued-key-without-set-operator');
      if (/^For(AllValues|AnyValue):/.test(op) && op.endsWith('IfExists') && !ctxLower.has(lower)) tags.add('set-operator-ifexists-absent-key');
      const ctxValue = ctxLower.get(lower);
      if ((base === 'IpAddress' || base === 'NotIpAddress') && typeof ctxValue === 'string' && list(values).some((v) => !String(v).includes('/') && String(v).includes(':') !== ctxValue.includes(':'))) tags.add('ip-family-mismatch-bare-address');
      if (k && !k.multi && /^For(AllValues|AnyValue):/.test(op)) tags.add('set-operator-on-single-valued-key');
      for (const v of list(values)) {
        if (typeof v !== 'string') tags.add('condition-value-json-number');
        else for (const m of v.matchAll(/\$\{([^}]*)\}/g)) tags.add(`condition-variable:${m[1]}`);
        if (typeof v === 'string' && /\$\{[^}]*,/.test(v)) tags.add('variable-default-value');
        if (typeof v === 'string' && /\$\{[*?$]\}/.test(v)) tags.add('variable-special-character');
        if (typeof v === 'string' && /T\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/.test(v)) tags.add('date-utc-offset');
        if (typeof v === 'string' && /T\d\d:\d\d:\d\d\.\d+Z$/.test(v)) tags.add('date-fraction');
        if (typeof v === 'string' && /^\d+\.\d+$/.test(v)) tags.add('numeric-decimal');
        if (typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v)) tags.add('date-only');
        if (base.startsWith('Date') && /^\d+$/.test(String(v))) tags.add('date-epoch-policy-value');
        if (base.startsWith('Ip') || base.startsWith('NotIp')) tags.add(String(v).includes(':') ? 'ipv6' : String(v).includes('/') ? 'ipv4-cidr' : 'ipv4-bare');
        if ((base.startsWith('Ip') || base.startsWith('NotIp')) && /^[\d.]+\/0$/.test(String(v))) tags.add('ipv4-prefix-0');
        if (base.startsWith('Date') && /^\d+$/.test(String(ctxLower.get(lower) ?? '')) && !/^\d+$/.test(String(v))) tags.add('date-epoch-context-vs-iso-policy');
      }
      if (base.startsWith('Date') && /^\d+$/.test(String(ctxLower.get(lower) ?? ''))) tags.add('date-epoch-context-value');
    }
  }
}

export function features(policies, request) {
  const tags = new Set([`principal:${request.principalKind}`]);
  if (request.resourceAccount !== ACCOUNT) tags.add('cross-account');
  const ctxLower = new Map(Object.entries(request.context).map(([k, v]) => [k.toLowerCase(), v]));
  const layer = (name, docs) => {
    if (docs.length) tags.add(`layer:${name}`);
    for (const d of docs) for (const s of list(d.Statement)) statementFeatures(tags, name, s, ctxLower, request);
  };
  layer('identity', policies.identity);
  layer('resource', policies.resource ? [policies.resource] : []);
  layer('boundary', policies.boundary ? [policies.boundary] : []);
  layer('session', policies.session ? [policies.session] : []);
  layer('scp', policies.scp.flat());
  layer('rcp', policies.rcp.flat());
  if (policies.scp.length > 1) tags.add('scp-levels');
  return tags;
}

// What an issued session carries, as AWS would see it, DOM-free. The simulator has no call that
// lists a session's context, so it is read the way a policy reads it: `sim.authorize` as the
// session against a probe resource policy with one statement per context key (authorize writes
// no CloudTrail record), plus GetCallerIdentity and the issuing call's request and response.
import { escapeHtml } from './diagnostics.js';

/** Global condition keys a session's requests carry (AWS global condition context keys). */
export const SESSION_KEYS = ['aws:PrincipalArn', 'aws:userid', 'aws:PrincipalAccount', 'aws:PrincipalType', 'aws:FederatedProvider',
  'aws:TokenIssueTime', 'aws:MultiFactorAuthPresent', 'aws:MultiFactorAuthAge', 'aws:SourceIdentity', 'aws:PrincipalIsAWSService'];

export const PROBE_ACTION = 's3:GetObject';
export const PROBE_RESOURCE = 'arn:aws:s3:::sts-sim-session-probe/probe';

/** The probe: one Allow statement per key, true whenever the key is present (`*` matches any value). */
export function probePolicy(tagKeys = []) {
  const keys = [...SESSION_KEYS, ...tagKeys.map((k) => `aws:PrincipalTag/${k}`)];
  return {
    Version: '2012-10-17',
    Statement: keys.map((key, i) => ({ Sid: `Key${i}`, Effect: 'Allow', Principal: '*', Action: PROBE_ACTION, Resource: PROBE_RESOURCE, Condition: { 'ForAnyValue:StringLike': { [key]: '*' } } })),
  };
}

/** The context values the probe's trace saw: { key: [values] } for present keys only. */
export function readProbe(trace) {
  const out = {};
  for (const layer of trace?.layers ?? []) {
    if (layer.layer !== 'resource') continue;
    for (const policy of layer.policies) {
      for (const st of policy.statements) {
        for (const c of st.conditions ?? []) if (c.contextValues?.length) out[c.key] = c.contextValues;
      }
    }
  }
  return out;
}

/**
 * The decoded session's rows. `session` is the page's record of the issuing call (operation,
 * request parameters, response, issued time, transitive keys carried from its parent); `identity`
 * the GetCallerIdentity response; `context` what readProbe found.
 */
export function sessionFacts({ session, identity, context }) {
  const one = (k) => context[k]?.[0];
  const tags = Object.entries(context).filter(([k]) => k.startsWith('aws:PrincipalTag/')).map(([k, v]) => [k.slice('aws:PrincipalTag/'.length), v[0]]);
  const transitive = session.transitiveKeys ?? [];
  const expires = session.response?.Credentials?.Expiration;
  const issued = one('aws:TokenIssueTime') ?? session.issuedAt;
  const rows = [
    ['Principal ARN', identity?.Arn ?? session.arn],
    ['UserId', identity?.UserId ?? one('aws:userid')],
    ['Account', identity?.Account ?? one('aws:PrincipalAccount')],
    ['Principal type', one('aws:PrincipalType')],
    ['Role', one('aws:PrincipalArn') !== identity?.Arn ? one('aws:PrincipalArn') : undefined],
    ['Issued by', `${session.operation}${session.parent !== undefined && session.parent !== null ? ' (role chaining: called with an earlier session)' : ''}`],
    ['Federated provider', one('aws:FederatedProvider')],
    ['Session tags', tags.length ? tags.map(([k, v]) => `${k}=${v}${transitive.includes(k) ? ' (transitive)' : ''}`).join(', ') : 'none'],
    ['Transitive tag keys', transitive.length ? transitive.join(', ') : 'none'],
    ['Source identity', one('aws:SourceIdentity') ?? 'none'],
    ['MFA', one('aws:MultiFactorAuthPresent') === 'true' ? `present${one('aws:MultiFactorAuthAge') !== undefined ? ` (age ${one('aws:MultiFactorAuthAge')} s)` : ''}` : 'absent'],
    ['Issued (aws:TokenIssueTime)', issued],
    ['Expires', expires],
    ['Duration', issued && expires ? durationText((Date.parse(expires) - Date.parse(issued)) / 1000) : undefined],
  ];
  return rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
}

export function durationText(seconds) {
  if (!Number.isFinite(seconds)) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return h && m ? `${h} h ${m} min` : h ? `${h} h` : `${m} min`;
}

export function renderSessionFacts(facts) {
  return `<div class="card decoded-session"><p><strong>What this session carries</strong> <span class="muted">(GetCallerIdentity, the issuing call, and the request context <code>sim.authorize</code> sees for it)</span></p>`
    + `<dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(String(v))}</dd>`).join('')}</dl></div>`;
}

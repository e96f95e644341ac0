// DOM-free rendering of a `simulate` answer: the decision and its trace (each layer, policy,
// statement and condition) as HTML strings. Every state is written out in words as well as
// coloured, and the statements that made the decision are marked.
import { escapeHtml } from './diagnostics.js';

const LAYER_NAMES = {
  scp: 'Service control policies (SCP)',
  rcp: 'Resource control policies (RCP)',
  resource: 'Resource-based policies',
  identity: 'Identity-based policies',
  boundary: 'Permissions boundary',
  session: 'Session policies',
};

const RESULT_WORDS = { allow: 'Allow', explicitDeny: 'Explicit deny', implicitDeny: 'Implicit deny (nothing allows)', notApplicable: 'Does not apply' };
const DECISION_WORDS = { Allow: 'Allowed', ExplicitDeny: 'Denied explicitly', ImplicitDeny: 'Denied implicitly' };
const DECISION_CLASS = { Allow: 'allow', ExplicitDeny: 'deny', ImplicitDeny: 'deny' };

/** The layer's heading: its name, and for SCPs/RCPs the organization level. */
export function layerTitle(layer) {
  const name = LAYER_NAMES[layer.layer] ?? layer.layer;
  if (layer.level === undefined) return name;
  return `${name}, level ${layer.level}${layer.level === 0 ? ' (organization root)' : ''}`;
}

/**
 * Which statements decided: for Allow and ExplicitDeny, the matching statements of that effect in
 * the deciding layer(s) (every SCP/RCP level with the deciding result). Across accounts an allow
 * needs both the identity-based and the resource-based policy ("Cross-account policy evaluation
 * logic"), so both grant it. Returns a Set of "layerIndex/policyIndex/statementIndex" keys. An
 * implicit deny has no deciding statement.
 */
export function decidingStatements(trace) {
  const keys = new Set();
  const wanted = { Allow: ['allow', 'Allow'], ExplicitDeny: ['explicitDeny', 'Deny'] }[trace.decision];
  if (!wanted) return keys;
  const [result, effect] = wanted;
  const layers = new Set([trace.decidedBy]);
  if (trace.decision === 'Allow' && trace.sameAccount === false) { layers.add('identity'); layers.add('resource'); }
  trace.layers.forEach((layer, li) => {
    if (!layers.has(layer.layer) || layer.result !== result) return;
    layer.policies.forEach((policy, pi) => {
      policy.statements.forEach((st, si) => {
        if (st.matched && st.effect === effect) keys.add(`${li}/${pi}/${si}`);
      });
    });
  });
  return keys;
}

/** The decision headline and explanation. */
export function renderDecision(answer) {
  if (answer.type === 'failure') {
    return `<p class="verdict verdict-error"><span class="badge">✗ Error</span> The request could not be evaluated.</p>`
      + `<ul class="errors">${answer.errors.map((e) => `<li><strong>${escapeHtml(e.code)}</strong> ${escapeHtml(e.message)}${e.path ? ` <span class="muted">(${escapeHtml(e.path)})</span>` : ''}</li>`).join('')}</ul>`;
  }
  const d = answer.decision;
  const mark = d === 'Allow' ? '✓' : '✗';
  return `<p class="verdict verdict-${DECISION_CLASS[d]}" data-decision="${escapeHtml(d)}"><span class="badge">${mark} ${escapeHtml(d)}</span> ${escapeHtml(DECISION_WORDS[d] ?? d)}</p>`
    + (answer.trace?.explanation ? `<p class="explanation">${escapeHtml(answer.trace.explanation)}</p>` : '');
}

/** Near-miss hints (sts-sim's advice beyond AWS's answer). */
export function renderHints(hints) {
  if (!hints?.length) return '';
  return `<ul class="hints" aria-label="Hints">${hints.map((h) => `<li class="hint"><span class="badge">Hint</span> ${escapeHtml(h.message)}`
    + `${h.path ? ` <span class="muted">(${escapeHtml(h.path)})</span>` : ''}</li>`).join('')}</ul>`;
}

function list(values) {
  if (values === null || values === undefined) return '<em>absent</em>';
  const items = Array.isArray(values) ? values : [values];
  if (!items.length) return '<em>empty</em>';
  return items.map((v) => `<code>${escapeHtml(typeof v === 'string' ? v : JSON.stringify(v))}</code>`).join(', ');
}

function yesNo(ok, yes = 'matched', no = 'not matched') {
  return `<span class="${ok ? 'yes' : 'no'}">${ok ? `✓ ${yes}` : `✗ ${no}`}</span>`;
}

function renderElement(name, el) {
  if (!el) return '';
  const label = el.negated ? `Not${name}` : name;
  return `<li><span class="el">${label}</span> ${list(el.patterns)} — ${yesNo(el.matched)}</li>`;
}

function renderPrincipal(p) {
  if (!p) return '';
  const how = p.how ? ` <span class="muted">(${escapeHtml(p.how)})</span>` : '';
  return `<li><span class="el">${p.negated ? 'NotPrincipal' : 'Principal'}</span> — ${yesNo(p.matched)}${how}</li>`;
}

function renderCondition(c) {
  return `<li class="condition ${c.result ? 'cond-true' : 'cond-false'}">`
    + `<span class="el">Condition</span> <code>${escapeHtml(c.operator)}</code> <code>${escapeHtml(c.key)}</code> — ${yesNo(c.result, 'true', 'false')}`
    + `<dl><dt>Policy values</dt><dd>${list(c.policyValues)}</dd><dt>Request value</dt><dd>${list(c.contextValues)}</dd></dl>`
    + (c.reason ? `<p class="reason">${escapeHtml(c.reason)}</p>` : '')
    + `${renderHints(c.hints)}</li>`;
}

function renderStatement(st, deciding) {
  const name = st.sid ? `${escapeHtml(st.sid)} (${escapeHtml(st.path)})` : escapeHtml(st.path);
  const why = !st.matched && st.decidedBy ? ` — its ${escapeHtml(st.decidedBy)} did not match` : '';
  const classes = ['statement', st.matched ? 'matched' : 'unmatched', deciding ? 'deciding' : ''].filter(Boolean).join(' ');
  return `<li class="${classes}"${deciding ? ' aria-current="true"' : ''}>`
    + `<p class="st-head">${deciding ? '<span class="badge deciding-badge">★ Deciding statement</span> ' : ''}`
    + `<span class="effect effect-${st.effect === 'Deny' ? 'deny' : 'allow'}">${escapeHtml(st.effect)}</span> <strong>${name}</strong> ${yesNo(st.matched, 'applies', 'does not apply')}${why}</p>`
    + `<ul class="elements">${renderElement('Action', st.action)}${renderElement('Resource', st.resource)}${renderPrincipal(st.principal)}${st.conditions.map(renderCondition).join('')}</ul>`
    + `${renderHints(st.hints)}</li>`;
}

/**
 * The trace: one section per layer, its policies, their statements and conditions. `names` maps
 * a policy's location (`identity[0]`, `scp[0][1]`…) to a name to show beside it.
 */
export function renderTrace(trace, { names = {} } = {}) {
  const deciding = decidingStatements(trace);
  const layers = trace.layers.map((layer, li) => {
    const decisive = layer.layer === trace.decidedBy;
    const policies = layer.policies.length
      ? layer.policies.map((policy, pi) => `<li class="policy"><p class="policy-head">Policy ${names[policy.location] ? `<strong>${escapeHtml(names[policy.location])}</strong> ` : ''}<code>${escapeHtml(policy.location)}</code>${policy.id ? ` (${escapeHtml(policy.id)})` : ''}</p>`
        + `<ol class="statements">${policy.statements.map((st, si) => renderStatement(st, deciding.has(`${li}/${pi}/${si}`))).join('')}</ol></li>`).join('')
      : '<li class="muted">No policies of this type.</li>';
    return `<section class="layer layer-${escapeHtml(layer.result)}${decisive ? ' decisive' : ''}">`
      + `<h4>${escapeHtml(layerTitle(layer))}: <span class="result">${escapeHtml(RESULT_WORDS[layer.result] ?? layer.result)}</span>${decisive ? ' <span class="badge deciding-badge">★ decided the answer</span>' : ''}</h4>`
      + `<ul class="policies">${policies}</ul></section>`;
  });
  return `<div class="trace">${renderHints(trace.hints)}${layers.join('')}</div>`;
}

// A DecodeAuthorizationMessage answer (`DecodedMessage`, JSON text in the AWS CLI reference's
// shape) as a readable explanation, DOM-free: the verdict, the statements that matched, and the
// request context the service evaluated.
import { escapeHtml } from './diagnostics.js';

const values = (v) => (v?.items ?? []).map((x) => x.value);

export function renderDecodedMessage(text) {
  let m;
  try { m = JSON.parse(text); } catch { return `<pre class="decoded">${escapeHtml(text)}</pre>`; }
  const verdict = m.allowed ? '✓ Allowed' : m.explicitDeny ? '✗ Denied explicitly: a statement with "Effect": "Deny" matched' : '✗ Denied implicitly: no statement allowed it';
  const ctx = m.context ?? {};
  const statements = m.matchedStatements?.items ?? [];
  const st = statements.map((s) => `<li class="statement"><span class="effect effect-${String(s.effect).toLowerCase() === 'deny' ? 'deny' : 'allow'}">${escapeHtml(s.effect)}</span>${s.statementId ? ` <strong>${escapeHtml(s.statementId)}</strong>` : ''}`
    + `<br>actions: <code>${escapeHtml(values(s.actions).join(', ') || '—')}</code>; resources: <code>${escapeHtml(values(s.resources).join(', ') || '—')}</code>`
    + `${(s.conditions?.items ?? []).length ? `<br>conditions: ${s.conditions.items.map((c) => `<code>${escapeHtml(c.key)}</code> = <code>${escapeHtml(values(c.values).join(', '))}</code>`).join('; ')}` : ''}</li>`).join('');
  const conditions = (ctx.conditions?.items ?? []).map((c) => `<dt><code>${escapeHtml(c.key)}</code></dt><dd><code>${escapeHtml(values(c.values).join(', '))}</code></dd>`).join('');
  return `<div class="decoded-message" data-allowed="${Boolean(m.allowed)}" data-explicit-deny="${Boolean(m.explicitDeny)}">`
    + `<p class="verdict ${m.allowed ? 'verdict-allow' : 'verdict-deny'}"><span class="badge">${m.allowed ? 'allowed: true' : `allowed: false, explicitDeny: ${Boolean(m.explicitDeny)}`}</span> ${escapeHtml(verdict)}</p>`
    + `<p><strong>${escapeHtml(ctx.principal?.arn ?? '?')}</strong> asked for <code>${escapeHtml(ctx.action ?? '?')}</code> on <code>${escapeHtml(ctx.resource ?? '?')}</code>.</p>`
    + `<h4>Matched statements</h4>${statements.length ? `<ul class="matched">${st}</ul>` : '<p class="muted">None: nothing in the policies that apply matched this request.</p>'}`
    + `<h4>Request context</h4>${conditions ? `<dl class="context">${conditions}</dl>` : '<p class="muted">No context keys.</p>'}`
    + `<details><summary>Decoded JSON</summary><pre class="decoded">${escapeHtml(JSON.stringify(m, null, 2))}</pre></details></div>`;
}

// The role-chain diagram, DOM-free: the identity that started it, then each session issued with
// the one before it as the caller, with the duration granted and the tags carried; rendered as an
// SVG string (top to bottom, so it fits a narrow screen).
import { escapeHtml } from './diagnostics.js';
import { durationText } from './session.js';

/**
 * The chain ending at session `index`: [identity node, session nodes…]. Sessions are the page's
 * records: { arn, operation, parent, caller, issuedAt, response, tags, transitiveKeys }.
 */
export function chainTo(sessions, index) {
  const path = [];
  for (let i = index, guard = 0; i !== undefined && i !== null && sessions[i] && guard < 50; i = sessions[i].parent, guard += 1) path.unshift(sessions[i]);
  if (!path.length) return [];
  const first = path[0];
  const nodes = [{ kind: 'identity', title: first.caller ?? 'caller', detail: 'identity' }];
  for (const s of path) {
    const expires = s.response?.Credentials?.Expiration;
    const seconds = expires && s.issuedAt ? (Date.parse(expires) - Date.parse(s.issuedAt)) / 1000 : NaN;
    nodes.push({
      kind: 'session', title: s.arn, operation: s.operation, duration: durationText(seconds), seconds,
      tags: (s.tags ?? []).map(([k, v]) => `${k}=${v}${(s.transitiveKeys ?? []).includes(k) ? ' ⇢' : ''}`),
      chained: s.parent !== undefined && s.parent !== null,
    });
  }
  return nodes;
}

/** Splits an ARN for two-line display: the type part and the name part. */
function arnLines(text, max = 44) {
  const t = String(text);
  if (t.length <= max) return [t];
  const cut = t.lastIndexOf(':', max) > 10 ? t.lastIndexOf(':', max) + 1 : max;
  const rest = t.slice(cut);
  return [t.slice(0, cut), rest.length > max ? `${rest.slice(0, max - 1)}…` : rest];
}

/** SVG for chainTo's nodes; every label is text, so screen readers and tests can read it. */
export function renderChainSvg(nodes) {
  if (!nodes.length) return '';
  const W = 340; const boxH = 62; const gap = 46; const x = 10; const w = W - 20;
  let y = 10;
  const parts = [];
  nodes.forEach((n, i) => {
    if (i > 0) {
      const top = y - gap;
      // The arrow runs down the left so its label has the width of the box to the right.
      parts.push(`<line x1="40" y1="${top}" x2="40" y2="${y - 4}" class="edge" marker-end="url(#arrow)"/>`);
      const label = `${n.operation}${n.duration ? ` · ${n.duration}` : ''}${n.chained && n.seconds <= 3600 ? ' (chained: ≤ 1 h)' : ''}`;
      parts.push(`<text x="52" y="${top + gap / 2 + 4}" class="edge-label">${escapeHtml(label)}</text>`);
    }
    const lines = arnLines(n.title);
    const tagLine = n.kind === 'session' ? (n.tags.length ? `tags: ${n.tags.join(', ')}` : 'no session tags') : n.detail;
    parts.push(`<g class="node node-${n.kind}" data-node="${i}"><rect x="${x}" y="${y}" width="${w}" height="${boxH}" rx="8"/>`
      + lines.map((l, j) => `<text x="${x + 10}" y="${y + 18 + j * 16}" class="node-title">${escapeHtml(l)}</text>`).join('')
      + `<text x="${x + 10}" y="${y + boxH - 9}" class="node-detail">${escapeHtml(tagLine.length > 52 ? `${tagLine.slice(0, 51)}…` : tagLine)}</text></g>`);
    y += boxH + gap;
  });
  const height = y - gap + 10;
  const summary = nodes.map((n, i) => (i === 0 ? n.title : `→ ${n.operation} ${n.duration} → ${n.title}${n.tags.length ? ` [${n.tags.join(', ')}]` : ''}`)).join(' ');
  return `<svg class="chain-svg" viewBox="0 0 ${W} ${height}" width="100%" style="max-width:${W * 1.4}px" role="img" aria-label="Role chain: ${escapeHtml(summary)}">`
    + '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>'
    + `${parts.join('')}</svg>`;
}

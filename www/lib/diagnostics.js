// DOM-free rendering of validatePolicy answers: summaries and the problems list as HTML strings,
// so node's test runner checks them without a browser.

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** One line of status for a validatePolicy answer. */
export function summarize(result) {
  const warnings = result.warnings?.length ?? 0;
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (result.type === 'failure') {
    return { level: 'error', text: `Invalid: ${plural(result.errors.length, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}` };
  }
  return { level: 'ok', text: warnings ? `Valid, with ${plural(warnings, 'warning')}` : 'Valid policy' };
}

/** "3:5" for a diagnostic with a position in the text, else its JSON path. */
export function location(d) {
  return d.line > 0 ? `${d.line}:${d.column}` : d.path || '(document)';
}

/** The problems list's <li> items: errors first, then warnings, each in source order. */
export function renderProblems(result) {
  const all = [...(result.errors ?? []), ...(result.warnings ?? [])];
  return all
    .map((d) => {
      const where = d.line > 0
        ? `<button type="button" class="where" data-offset="${d.offset}" data-end-offset="${d.endOffset}" aria-label="Go to line ${d.line}, column ${d.column}">${location(d)}</button>`
        : `<span class="where">${escapeHtml(location(d))}</span>`;
      return `<li class="${d.severity}">${where} <strong>${escapeHtml(d.code)}</strong> ${escapeHtml(d.message)}`
        + `${d.path ? ` <span class="muted">(${escapeHtml(d.path)})</span>` : ''}</li>`;
    })
    .join('');
}

/** Pretty-prints JSON policy text; returns null when it is not valid JSON. */
export function formatJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/**
 * UTF-8 byte offset (what diagnostics carry) → UTF-16 index (what a textarea selection uses).
 */
export function byteOffsetToIndex(text, byteOffset) {
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byteOffset) {
    const cp = text.codePointAt(i);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/**
 * The diagnostics of a validatePolicy answer as editor ranges: { from, to, severity, code,
 * message } in UTF-16 indexes of `text`. Diagnostics without a position in the text (line 0)
 * are left to the problems list. Offsets are converted in one pass, in ascending order.
 */
export function diagnosticRanges(text, result) {
  const all = [...(result.errors ?? []), ...(result.warnings ?? [])].filter((d) => d.line > 0);
  const offsets = [...new Set(all.flatMap((d) => [d.offset, d.endOffset]))].sort((a, b) => a - b);
  const index = new Map();
  let bytes = 0;
  let i = 0;
  for (const target of offsets) {
    while (i < text.length && bytes < target) {
      const cp = text.codePointAt(i);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    index.set(target, i);
  }
  return all.map((d) => ({ from: index.get(d.offset), to: Math.max(index.get(d.endOffset), index.get(d.offset)), severity: d.severity, code: d.code, message: d.message }));
}

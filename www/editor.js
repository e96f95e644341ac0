// The policy editor (CodeMirror 6, bundled by scripts/bundle-www.mjs): JSON highlighting,
// diagnostics drawn at their positions (set by the page after each validation), completion from
// lib/completions.js, and format-on-demand (Shift-Alt-F).
import { basicSetup } from 'codemirror';
import { EditorView, keymap } from '@codemirror/view';
import { EditorState } from '@codemirror/state';
import { json } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { autocompletion } from '@codemirror/autocomplete';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { completionsAt } from './lib/completions.js';
import { formatJson } from './lib/diagnostics.js';

// Colours come from style.css custom properties, so light and dark follow the system.
const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--syn-key)' },
  { tag: tags.string, color: 'var(--syn-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--syn-literal)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--syn-punct)' },
]);

function policyCompletions(context) {
  const found = completionsAt(context.state.doc.toString(), context.pos);
  if (!found) return null;
  if (!context.explicit && found.from === context.pos && !found.inString) return null;
  return {
    from: found.from,
    options: found.options.map((o) => ({ ...o, apply: found.inString ? o.label : `"${o.label}"` })),
    validFor: /^[\w:\/.\-]*$/,
  };
}

/** Replaces the whole text with its formatted form; false when the text is not valid JSON. */
export function formatDocument(view) {
  const formatted = formatJson(view.state.doc.toString());
  if (formatted === null) return false;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: formatted } });
  return true;
}

/**
 * Creates the editor. `onChange(text)` runs after every edit. Returns { view, stateFor(text),
 * showDiagnostics(ranges), select(from, to) }.
 */
export function createPolicyEditor(parent, { label, onChange }) {
  const extensions = [
    basicSetup,
    json(),
    syntaxHighlighting(highlight),
    lintGutter(),
    autocompletion({ override: [policyCompletions], activateOnTyping: true, icons: false }),
    EditorView.lineWrapping,
    keymap.of([{ key: 'Shift-Alt-f', run: formatDocument }]),
    EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
    EditorView.updateListener.of((update) => { if (update.docChanged) onChange(update.state.doc.toString()); }),
    EditorState.tabSize.of(2),
  ];
  const stateFor = (text) => EditorState.create({ doc: text, extensions });
  const view = new EditorView({ parent, state: stateFor('') });
  return {
    view,
    stateFor,
    setText(text) { view.setState(stateFor(text)); },
    text: () => view.state.doc.toString(),
    showDiagnostics(ranges) {
      const length = view.state.doc.length;
      const diagnostics = ranges.map((r) => ({
        from: Math.min(r.from, length), to: Math.min(r.to, length), severity: r.severity, source: r.code, message: r.message,
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    select(from, to) {
      view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
      view.focus();
    },
  };
}

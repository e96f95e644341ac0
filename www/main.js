// The playground page: live policy validation through the wasm module (web build).
import init, { validatePolicy, version } from './pkg/sts_sim.js';
import { byteOffsetToIndex, formatJson, renderProblems, summarize } from './lib/diagnostics.js';

const EXAMPLE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "TrustTheProductionAccount",
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
      "Action": "sts:AssumeRole",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } }
    }
  ]
}`;

await init();
const $ = (id) => document.getElementById(id);
const editor = $('policy');
const kind = $('kind');
$('version').textContent = `v${version()}`;
editor.value = EXAMPLE;

function validate() {
  const result = validatePolicy(editor.value, { kind: kind.value });
  const { level, text } = summarize(result);
  $('status').textContent = text;
  $('status').className = `status-${level}`;
  $('problems').innerHTML = renderProblems(result);
}

editor.addEventListener('input', validate);
kind.addEventListener('change', validate);
$('format').addEventListener('click', () => {
  const formatted = formatJson(editor.value);
  if (formatted !== null) {
    editor.value = formatted;
    validate();
  }
});
$('problems').addEventListener('click', (event) => {
  const target = event.target.closest('button.where');
  if (!target) return;
  editor.focus();
  editor.setSelectionRange(byteOffsetToIndex(editor.value, Number(target.dataset.offset)), byteOffsetToIndex(editor.value, Number(target.dataset.endOffset)));
});
validate();
document.body.dataset.ready = 'true';

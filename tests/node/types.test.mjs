// The package's TypeScript declarations, as a strict TypeScript user meets them: tsc --noEmit
// over tests/types/usage.ts, which imports 'sts-sim' (the built pkg/) and @aws-sdk/client-sts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/serve.mjs';

test('tsc --noEmit (strict) accepts the typed usage of every export', () => {
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', join(ROOT, 'tests', 'types', 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

test('tsc refuses every misuse in tests/types/misuse.ts (each line carries @ts-expect-error)', () => {
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', join(ROOT, 'tests', 'types', 'tsconfig.misuse.json')], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `a misuse compiled (unused @ts-expect-error) or the file broke:\n${r.stdout}${r.stderr}`);
});

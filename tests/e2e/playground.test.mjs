// The playground in headless Chromium (Debian's, driven by playwright-core), served by the same
// script the README's play command runs. Screenshots go to test-results/ (git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = `${root}test-results/e2e`;
let server;
let browser;
let baseUrl;

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = spawn('node', ['scripts/serve.mjs'], { cwd: root, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/$/.test(l.trim()));
      if (line) resolve(line.trim());
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
});

test('policy validation flow: valid example, a diagnostic appears at its position, then clears', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const started = Date.now();
  await page.goto(baseUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  console.log(`# playground interactive after ${Date.now() - started} ms`);
  const status = page.getByRole('status');
  assert.match(await status.textContent(), /^Valid/);
  await page.screenshot({ path: `${shots}/01-valid.png`, fullPage: true });

  // Remove the Effect line: IAM rejects the statement; the problem names the position.
  const editor = page.getByLabel('Policy document');
  const original = await editor.inputValue();
  await editor.fill(original.replace(/\s*"Effect": "Allow",/, ''));
  assert.match(await status.textContent(), /^Invalid: 1 error/);
  const problem = page.getByRole('list', { name: 'Problems' }).getByRole('listitem').first();
  assert.match(await problem.textContent(), /MISSING_EFFECT/);
  await page.screenshot({ path: `${shots}/02-missing-effect.png`, fullPage: true });

  // The location button selects the statement in the editor.
  await problem.getByRole('button').click();
  const selected = await editor.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.match(selected, /"Sid": "TrustTheProductionAccount"/);

  // A trust policy checked as an identity policy: Principal is not allowed there.
  await editor.fill(original);
  assert.match(await status.textContent(), /^Valid/);
  await page.getByLabel('Policy kind').selectOption('identity');
  assert.match(await status.textContent(), /^Invalid/);
  await page.screenshot({ path: `${shots}/03-identity-kind.png`, fullPage: true });

  await page.getByLabel('Policy kind').selectOption('trust');
  assert.match(await status.textContent(), /^Valid/);
  assert.deepEqual(errors, []);
  await page.close();
});

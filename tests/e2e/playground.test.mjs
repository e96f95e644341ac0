// The playground in headless Chromium (Debian's, driven by playwright-core), served by the same
// script the README's play command runs. Screenshots go to test-results/e2e/ (git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { EXAMPLES } from '../../www/lib/examples.js';

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

/** A fresh page on the playground, failing the test on any page error or non-local request. */
async function open(t, url = baseUrl, options = {}) {
  const page = await browser.newPage(options);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(baseUrl) && !r.url().startsWith('data:')) problems.push(`non-local request: ${r.url()}`); });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  t.after(async () => { await page.close(); assert.deepEqual(problems, []); });
  const started = Date.now();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  return { page, ms: Date.now() - started };
}

/** Presses the button named exactly "Run" and waits until the page has rendered that run. */
async function run(page) {
  const before = Number(await page.getAttribute('body', 'data-runs') ?? 0);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n, before);
}

/** The editor's text, line by line as CodeMirror shows it. */
const editorText = (page) => page.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));

/** Replaces the editor's text the way a user would: select all, then type (insert) the new text. */
async function replaceText(page, text) {
  await page.getByRole('textbox', { name: 'Policy document' }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

test('editing: a diagnostic appears at its position with its message, then clears', async (t) => {
  const { page, ms } = await open(t);
  console.log(`# playground interactive after ${ms} ms`);
  // The brief is < 1 s on an idle machine (typically ~0.5 s here); leave room for a busy CI box.
  assert.ok(ms < 2000, `interactive after ${ms} ms`);
  const status = page.getByRole('status');
  assert.match(await status.textContent(), /^Valid/);
  await page.screenshot({ path: `${shots}/01-valid.png`, fullPage: true });

  // Remove the Effect line: IAM rejects the statement; the problem names the position.
  const original = await editorText(page);
  assert.match(original, /"Sid": "TrustTheProductionAccount"/);
  await replaceText(page, original.replace(/\s*"Effect": "Allow",/, ''));
  await page.waitForFunction(() => /^Invalid: 1 error/.test(document.getElementById('status').textContent));
  const problem = page.getByRole('list', { name: 'Problems' }).getByRole('listitem').first();
  assert.match(await problem.textContent(), /MISSING_EFFECT/);

  // The squiggle covers exactly the statement the diagnostic names, and hovering shows the message.
  const squiggle = page.locator('.cm-lintRange-error').first();
  await squiggle.waitFor();
  const marked = await page.locator('.cm-lintRange-error').evaluateAll((els) => els.map((e) => e.textContent).join(''));
  assert.match(marked, /^\{\s*"Sid": "TrustTheProductionAccount"/);
  await squiggle.hover();
  const tooltip = page.locator('.cm-tooltip-lint');
  await tooltip.waitFor();
  assert.match(await tooltip.textContent(), /Effect/);
  await page.screenshot({ path: `${shots}/02-missing-effect.png`, fullPage: true });

  // The location button selects the statement in the editor.
  await problem.getByRole('button').click();
  const selected = await page.evaluate(() => document.getSelection().toString());
  assert.match(selected, /"Sid": "TrustTheProductionAccount"/);

  // Restoring the text clears the diagnostic and its squiggle.
  await replaceText(page, original);
  await page.waitForFunction(() => /^Valid/.test(document.getElementById('status').textContent));
  await page.waitForFunction(() => document.querySelectorAll('.cm-lintRange-error').length === 0);
  assert.equal(await page.getByRole('list', { name: 'Problems' }).getByRole('listitem').count(), 0);

  // A trust policy checked as an identity policy: Principal is not allowed there.
  await page.getByLabel('Policy kind').selectOption('identity');
  assert.match(await status.textContent(), /^Invalid/);
  await page.locator('.cm-lintRange-error').first().waitFor();
  await page.screenshot({ path: `${shots}/03-identity-kind.png`, fullPage: true });
  await page.getByLabel('Policy kind').selectOption('trust');
  assert.match(await status.textContent(), /^Valid/);

  // Completion offers condition operators inside a Condition block, and Format pretty-prints.
  await replaceText(page, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole","Condition":{"StringL');
  await page.keyboard.press('Control+Space');
  const completion = page.locator('.cm-tooltip-autocomplete');
  await completion.waitFor();
  assert.match(await completion.textContent(), /StringLike/);
  await page.screenshot({ path: `${shots}/04-completion.png` });
  await page.keyboard.press('Escape');
  await replaceText(page, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}');
  await page.getByRole('button', { name: 'Format', exact: true }).click();
  assert.equal(await editorText(page), JSON.stringify(JSON.parse(await editorText(page)), null, 2));
  assert.match(await status.textContent(), /^Valid/);
});

test('every example runs with its expected outcome', async (t) => {
  const { page } = await open(t);
  const hasSim = (await page.getAttribute('body', 'data-sim')) === 'true';
  for (const ex of EXAMPLES) {
    await page.getByRole('button', { name: ex.title, exact: true }).click();
    await run(page);
    const result = page.locator('#result');
    if (ex.panel === 'authorize') {
      assert.equal(await result.locator('[data-decision]').getAttribute('data-decision'), ex.expect.decision, ex.title);
      const deciding = await page.locator('#trace .statement.deciding').count();
      assert.equal(deciding > 0, ex.expect.decision !== 'ImplicitDeny', `${ex.title}: deciding statement marked`);
      if (ex.expect.hint) assert.ok(await page.locator('#trace .hint').count() > 0, `${ex.title}: hint shown`);
      // Every condition states its outcome in words, not colour alone.
      for (const c of await page.locator('#trace .condition').all()) assert.match(await c.textContent(), /[✓✗] (true|false)/);
    } else if (hasSim) {
      if (ex.expect.decision) assert.equal(await result.locator('[data-decision]').getAttribute('data-decision'), ex.expect.decision, ex.title);
      else if (ex.expect.type === 'success') assert.match(await result.textContent(), /✓ Success[\s\S]*(AccessKeyId|DecodedMessage)/, ex.title);
      else assert.equal(await result.locator('[data-code]').getAttribute('data-code'), ex.expect.code, ex.title);
      // Multi-step examples narrate every step with its outcome, in order.
      if (ex.expect.steps) {
        const told = (await result.locator('ol.steps li').allTextContents()).join('\n');
        assert.match(told, new RegExp(ex.expect.steps.join('[\\s\\S]*')), ex.title);
      }
      if (ex.expect.chain) {
        const label = await result.locator('figure.chain svg').getAttribute('aria-label');
        assert.match(label, new RegExp(ex.expect.chain.map((d) => `AssumeRole ${d}`).join('.*')), ex.title);
      }
      if (ex.expect.hint) assert.ok(await page.locator('#trace .hint').count() > 0, `${ex.title}: hint shown`);
      if (ex.expect.instead) assert.equal(await result.locator('.not-an-operation').getAttribute('data-instead'), ex.expect.instead);
    } else {
      // No simulator in this build: the page says what is missing instead of faking an answer.
      assert.match(await result.textContent(), /Not available[\s\S]*simulator \(Sim\)/, ex.title);
      assert.equal(await result.locator('.credentials, [data-code]').count(), 0);
    }
    await page.screenshot({ path: `${shots}/example-${ex.id}.png`, fullPage: true });
  }
});

test('a setup shared by link comes back the same; no secrets in the link', async (t) => {
  const { page } = await open(t);
  await page.getByRole('button', { name: 'Third party with ExternalId', exact: true }).click();
  // Give the right ExternalId this time.
  await page.getByRole('textbox', { name: 'Context value 1' }).fill('Unicorn-2f9c');
  await run(page);
  assert.equal(await page.locator('#result [data-decision]').getAttribute('data-decision'), 'Allow');
  const text = await editorText(page);
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Link to this setup' }).inputValue();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#s=[A-Za-z0-9_-]+$/);

  const { page: other } = await open(t, link);
  assert.equal(await editorText(other), text);
  assert.equal(await other.getByRole('textbox', { name: 'Context value 1' }).inputValue(), 'Unicorn-2f9c');
  assert.equal(await other.getByRole('tab', { name: /alice|vendor identity policy/ }).count(), 1);
  await run(other);
  assert.equal(await other.locator('#result [data-decision]').getAttribute('data-decision'), 'Allow');
  await other.screenshot({ path: `${shots}/05-shared-link.png`, fullPage: true });
});

test('narrow and dark: 360 px wide without sideways scrolling; every control is named and reachable', async (t) => {
  const { page } = await open(t, baseUrl, { viewport: { width: 360, height: 780 }, colorScheme: 'dark' });
  await page.getByRole('button', { name: 'MFA-protected role', exact: true }).click();
  await run(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: `${shots}/06-narrow-dark.png`, fullPage: true });
  await page.getByRole('tab', { name: 'STS call' }).click();
  await page.screenshot({ path: `${shots}/07-narrow-dark-sts.png`, fullPage: true });

  const unnamed = await page.evaluate(() => [...document.querySelectorAll('button, input, select, textarea, [contenteditable="true"], [role="tab"]')]
    .filter((el) => el.offsetParent !== null || el.getClientRects().length)
    .filter((el) => !(el.getAttribute('aria-label') || el.labels?.length || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);

  // Keyboard: Tab reaches Run, and the focused control is visibly outlined.
  await page.keyboard.press('Tab');
  let reached = false;
  for (let i = 0; i < 120 && !reached; i += 1) {
    reached = await page.evaluate(() => document.activeElement?.id === 'run');
    if (!reached) await page.keyboard.press('Tab');
  }
  assert.ok(reached, 'Run is reachable with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
});

test('STS: AssumeRole issues credentials; the card, clock, event log and session-as-caller work', async (t) => {
  const { page } = await open(t);
  if ((await page.getAttribute('body', 'data-sim')) !== 'true') {
    t.skip('this build has no STS simulator (Sim)');
    return;
  }
  await page.getByRole('button', { name: 'AssumeRole across accounts', exact: true }).click();
  await run(page);
  const card = page.locator('#result .credentials');
  await card.waitFor();
  assert.match(await card.textContent(), /AccessKeyId\s*ASIA/);
  assert.match(await card.textContent(), /arn:aws:sts::444455556666:assumed-role\/Deploy\/alice-deploy/);
  assert.match(await card.textContent(), /expires in 1 h 0 min 0 s/);
  // The secret is masked until revealed.
  const secret = card.locator('code.secret');
  assert.match(await secret.textContent(), /^•+$/);
  await card.getByRole('button', { name: 'Reveal' }).click();
  const secretText = await secret.textContent();
  assert.match(secretText, /^[A-Za-z0-9/+]{40}$/);
  const keyId = /ASIA[A-Z0-9]{16}/.exec(await card.textContent())[0];
  await page.screenshot({ path: `${shots}/08-sts-credentials.png`, fullPage: true });

  // The clock moves the countdown; the event log holds the call.
  await page.getByRole('spinbutton', { name: 'Advance by (seconds)' }).fill('600');
  await page.getByRole('button', { name: 'Advance clock' }).click();
  assert.match(await page.locator('#sim-now').textContent(), /T00:10:00/);
  assert.match(await card.textContent(), /expires in 50 min 0 s/);
  const event = page.locator('#events details').first();
  assert.match(await event.locator('summary').textContent(), /AssumeRole/);
  await event.locator('summary').click();
  assert.match(await event.locator('pre').textContent(), /"eventName": "AssumeRole"/);

  // The session becomes the caller: GetCallerIdentity answers the assumed-role ARN.
  await card.getByRole('button', { name: 'Use these credentials as the caller' }).click();
  await page.getByLabel('Operation').selectOption('GetCallerIdentity');
  await run(page);
  assert.match(await page.locator('#result').textContent(), /assumed-role\/Deploy\/alice-deploy/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: `${shots}/09-sts-caller-identity.png`, fullPage: true });

  // Every operation in the picker either gets the simulator's own answer (credentials or an AWS
  // error) or, when this build's simulator lacks it, says so: never an invented result.
  const operations = await page.getByLabel('Operation').locator('option').evaluateAll((os) => os.map((o) => o.value));
  for (const op of operations.filter((o) => o !== 'Authorize')) {
    await page.getByLabel('Operation').selectOption(op);
    await run(page);
    const text = await page.locator('#result').textContent();
    if (op === 'AssumeRoleWithJWT') assert.match(text, /InvalidAction[\s\S]*does not exist in AWS; use AssumeRoleWithWebIdentity/, op);
    else if (/InvalidAction/.test(text)) assert.match(text, new RegExp(`${op} is not implemented by this build's STS simulator yet`), op);
    else assert.ok(/✓ Success/.test(text) || (await page.locator('#result [data-code]').count()) === 1, `${op}: ${text}`);
  }

  // No issued secret reaches the URL.
  await page.getByRole('button', { name: 'Copy link' }).click();
  const link = await page.getByRole('textbox', { name: 'Link to this setup' }).inputValue();
  const state = JSON.stringify(await page.evaluate(async (hash) => (await import('./lib/urlstate.js')).decodeState(hash), new URL(link).hash));
  assert.ok(state.length > 100 && !state.includes(keyId) && !state.includes(secretText) && !state.includes('IQoJb3JpZ2lu'), 'no issued credential in the link');
  assert.match(state, /"caller":\{"Principal":"arn:aws:sts::444455556666:assumed-role\/Deploy\/alice-deploy"\}/);
});

/** Opens the playground with the simulator, or skips the test when this build lacks it. */
async function openWithSim(t, options) {
  const { page } = await open(t, baseUrl, options);
  if ((await page.getAttribute('body', 'data-sim')) !== 'true') { t.skip('this build has no STS simulator (Sim)'); return null; }
  return page;
}

test('web identity: mint a token from claims, read it decoded, assume the role, see what the session carries', async (t) => {
  const page = await openWithSim(t);
  if (!page) return;
  await page.getByRole('button', { name: 'GitHub Actions web identity', exact: true }).click();
  assert.equal(await page.getByLabel('OIDC provider (to mint a token)').inputValue(), 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com');
  await page.getByRole('button', { name: 'Mint a token' }).click();
  const token = await page.getByLabel('WebIdentityToken (JWT)').inputValue();
  assert.match(token, /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  const decoded = page.locator('#token-decoded');
  assert.match(await decoded.textContent(), /"alg": "ES256"[\s\S]*sub\s*repo:acme\/app:ref:refs\/heads\/main[\s\S]*iss\s*https:\/\/token\.actions\.githubusercontent\.com/);
  await page.screenshot({ path: `${shots}/10-web-identity-minted.png`, fullPage: true });
  await run(page);
  const result = page.locator('#result');
  assert.match(await result.textContent(), /✓ Success[\s\S]*assumed-role\/GitHubDeploy\/GitHubActions[\s\S]*SubjectFromWebIdentityToken\s*repo:acme\/app:ref:refs\/heads\/main/);
  await result.getByRole('button', { name: 'What this session carries' }).click();
  const facts = await result.locator('.decoded-session').textContent();
  assert.match(facts, /Principal ARNarn:aws:sts::111122223333:assumed-role\/GitHubDeploy\/GitHubActions/);
  assert.match(facts, /Federated providerarn:aws:iam::111122223333:oidc-provider\/token\.actions\.githubusercontent\.com/);
  assert.match(facts, /MFAabsent[\s\S]*Issued \(aws:TokenIssueTime\)2025-01-01T00:00:00Z[\s\S]*Expires2025-01-01T01:00:00Z[\s\S]*Duration1 h/);
  assert.match(await result.locator('figure.chain svg').getAttribute('aria-label'), /web identity user → AssumeRoleWithWebIdentity 1 h → arn:aws:sts::111122223333:assumed-role\/GitHubDeploy\/GitHubActions/);
  await page.screenshot({ path: `${shots}/11-web-identity-session.png`, fullPage: true });

  // The case-mismatch variant: AccessDenied, every verification step passed, the trace's hint says why.
  await page.getByRole('button', { name: 'GitHub Actions: Acme vs acme', exact: true }).click();
  await run(page);
  assert.equal(await result.locator('[data-code]').getAttribute('data-code'), 'AccessDenied');
  assert.equal(await result.locator('.check-list li.passed').count(), await result.locator('.check-list li').count());
  assert.match(await page.locator('#trace .hint').first().textContent(), /differs from policy value 'repo:acme\/app:\*' only in case/);
  // A tampered token fails a verification step, named in words.
  await page.getByLabel('WebIdentityToken (JWT)').fill(`${token.slice(0, -4)}AAAA`);
  await run(page);
  assert.equal(await result.locator('[data-code]').getAttribute('data-code'), 'InvalidIdentityToken');
  assert.match(await result.locator('.check-list li.failed').textContent(), /✗ failed Signature/);
  await page.screenshot({ path: `${shots}/12-web-identity-bad-signature.png`, fullPage: true });
});

test('SAML: mint a response, read the assertion, and the chained session carries the transitive tag', async (t) => {
  const page = await openWithSim(t);
  if (!page) return;
  await page.getByRole('button', { name: 'SAML federation', exact: true }).click();
  await page.getByRole('button', { name: 'Mint a SAML response' }).click();
  assert.ok((await page.getByLabel('SAMLAssertion (base64)').inputValue()).length > 1000);
  assert.match(await page.locator('#saml-decoded').textContent(), /<saml:NameID[^>]*>alice@example\.com<\/saml:NameID>[\s\S]*PrincipalTag:Project[\s\S]*Unicorn/);
  await page.screenshot({ path: `${shots}/13-saml-minted.png`, fullPage: true });
  // Run with the field blank again: Run mints, sends, then chains to Reports.
  await page.getByLabel('SAMLAssertion (base64)').fill('');
  await run(page);
  const result = page.locator('#result');
  assert.deepEqual(await result.locator('ol.steps li').allTextContents(), ['✓ credentials issued AssumeRoleWithSAML', '✓ credentials issued AssumeRole as the first session']);
  const svg = result.locator('figure.chain svg');
  assert.equal(await svg.locator('g.node').count(), 3);
  assert.match(await svg.getAttribute('aria-label'), /SAML user via arn:aws:iam::111122223333:saml-provider\/ExampleIdP → AssumeRoleWithSAML 1 h → .*SamlDeveloper\/alice@example\.com \[Project=Unicorn ⇢, CostCenter=987654\] → AssumeRole 1 h → .*Reports\/alice-reports \[Project=Unicorn ⇢\]/);
  await result.getByRole('button', { name: 'What this session carries' }).click();
  const facts = await result.locator('.decoded-session').textContent();
  assert.match(facts, /Issued byAssumeRole \(role chaining/);
  assert.match(facts, /Session tagsProject=Unicorn \(transitive\)/);
  assert.doesNotMatch(facts, /CostCenter/);
  assert.match(facts, /Source identityalice/);
  await page.screenshot({ path: `${shots}/14-saml-chain-session.png`, fullPage: true });
});

test('decode: a denied authorize hands its encoded message to DecodeAuthorizationMessage, read as an explanation', async (t) => {
  const page = await openWithSim(t);
  if (!page) return;
  await page.getByRole('button', { name: 'Decode an authorization message', exact: true }).click();
  await run(page);
  const result = page.locator('#result');
  const message = result.locator('.decoded-message');
  assert.equal(await message.getAttribute('data-allowed'), 'false');
  assert.match(await message.textContent(), /Denied implicitly[\s\S]*arn:aws:iam::111122223333:user\/alice asked for s3:PutObject on arn:aws:s3:::reports\/q3\.csv[\s\S]*Request context[\s\S]*aws:Region/);
  // By hand: authorize (denied), click the message, and the decode runs.
  await page.getByLabel('Operation').selectOption('Authorize');
  await run(page);
  assert.equal(await result.locator('[data-decision]').getAttribute('data-decision'), 'ImplicitDeny');
  const before = Number(await page.getAttribute('body', 'data-runs'));
  await result.getByRole('button', { name: 'Decode with DecodeAuthorizationMessage' }).click();
  await page.waitForFunction((n) => Number(document.body.dataset.runs) > n, before);
  assert.equal(await page.getByLabel('Operation').inputValue(), 'DecodeAuthorizationMessage');
  assert.match(await page.getByLabel('EncodedMessage').inputValue(), /^[A-Za-z0-9_-]{20,}/);
  assert.match(await result.locator('.decoded-message').textContent(), /asked for s3:PutObject/);
  await page.screenshot({ path: `${shots}/15-decoded-message.png`, fullPage: true });
});

test('AssumeRoleWithJWT: InvalidAction as AWS answers, with a card pointing to AssumeRoleWithWebIdentity', async (t) => {
  const page = await openWithSim(t);
  if (!page) return;
  await page.getByRole('button', { name: 'AssumeRoleWithJWT does not exist', exact: true }).click();
  await run(page);
  const card = page.locator('#result .not-an-operation');
  assert.match(await card.textContent(), /AssumeRoleWithJWT does not exist in AWS; use AssumeRoleWithWebIdentity/);
  await page.screenshot({ path: `${shots}/16-assume-role-with-jwt.png`, fullPage: true });
  await card.getByRole('button', { name: 'Switch to AssumeRoleWithWebIdentity' }).click();
  assert.equal(await page.getByLabel('Operation').inputValue(), 'AssumeRoleWithWebIdentity');
  assert.ok(await page.getByRole('button', { name: 'Mint a token' }).isVisible());
});

test('narrow and dark: the federation forms, the chain diagram and the decoded session fit 360 px', async (t) => {
  const page = await openWithSim(t, { viewport: { width: 360, height: 780 }, colorScheme: 'dark' });
  if (!page) return;
  await page.getByRole('button', { name: 'Role chaining: 1-hour cap', exact: true }).click();
  await run(page);
  await page.locator('#result').getByRole('button', { name: 'What this session carries' }).click();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  assert.match(await page.locator('figure.chain svg').getAttribute('aria-label'), /AssumeRole 2 h .* AssumeRole 1 h/);
  await page.locator('figure.chain').screenshot({ path: `${shots}/17-narrow-dark-chain.png` });
  await page.locator('#result .decoded-session').screenshot({ path: `${shots}/21-narrow-dark-session.png` });
  await page.screenshot({ path: `${shots}/18-narrow-dark-chain-page.png`, fullPage: true });

  // The federation forms: every control named, nothing wider than the screen.
  for (const op of ['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']) {
    await page.getByLabel('Operation').selectOption(op);
    const unnamed = await page.evaluate(() => [...document.querySelectorAll('#panel-sts button, #panel-sts input, #panel-sts select, #panel-sts textarea, #result button')]
      .filter((el) => el.getClientRects().length)
      .filter((el) => !(el.getAttribute('aria-label') || el.labels?.length || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim())))
      .map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(unnamed, [], op);
    // Keyboard: Tab from the JSON box reaches the mint button, visibly outlined.
    await page.locator(op === 'AssumeRoleWithSAML' ? '#f-SamlRequest' : '#f-Claims').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), op === 'AssumeRoleWithSAML' ? 'mint-saml' : 'mint-token');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wide <= 0, `${op}: page scrolls sideways by ${wide}px`);
  }
  await page.screenshot({ path: `${shots}/20-narrow-dark-saml-form.png`, fullPage: true });
});

test('embedding: the demo page renders two <sts-sim-example> elements that run offline', async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    const page = await browser.newPage({ colorScheme, viewport: { width: colorScheme === 'dark' ? 360 : 900, height: 900 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (!r.url().startsWith(baseUrl) && !r.url().startsWith('data:')) problems.push(`non-local request: ${r.url()}`); });
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
    t.after(() => page.close());
    await page.goto(`${baseUrl}embed-demo.html`);
    const examples = page.locator('sts-sim-example');
    assert.equal(await examples.count(), 2);
    await page.waitForFunction(() => [...document.querySelectorAll('sts-sim-example')].every((e) => e.dataset.state === 'ready'));
    // Playwright's role queries pierce the open shadow roots.
    await page.getByRole('button', { name: 'Run: GitHub Actions: Acme vs acme' }).click();
    await page.getByRole('button', { name: 'Run: AssumeRole with the wrong ExternalId' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('sts-sim-example')].every((e) => e.dataset.outcome));
    assert.deepEqual(await examples.evaluateAll((els) => els.map((e) => e.dataset.outcome)), ['AccessDenied', 'AccessDenied']);
    const text = (i) => examples.nth(i).evaluate((e) => e.shadowRoot.querySelector('.box').textContent);
    assert.match(await text(0), /AccessDenied[\s\S]*Hint request value 'repo:Acme[\s\S]*only in case[\s\S]*✓ passed Signature/);
    assert.match(await text(1), /VendorAccess trust policy[\s\S]*AssumeRole as arn:aws:iam::999988887777:user\/integrator[\s\S]*Unicorn-0000[\s\S]*AccessDenied/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${colorScheme}: page scrolls sideways by ${overflow}px`);
    await page.screenshot({ path: `${shots}/19-embed-demo-${colorScheme}.png`, fullPage: true });
    assert.deepEqual(problems, []);
  }
});

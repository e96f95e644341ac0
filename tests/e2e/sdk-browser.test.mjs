// The npm package in headless Chromium, as users ship it:
// 1. the real AWS SDK (@aws-sdk/client-sts, bundled for the browser with esbuild) runs
//    AssumeRole -> GetCallerIdentity against a Sim through createRequestHandler(sim);
// 2. a fresh project installs the `npm pack` tarball and bundles `sts-sim/web` with Vite: the
//    wasm comes out of the bundler beside the code and `await init()` finds it, nobody copies it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const world = JSON.parse(readFileSync(join(root, 'tests', 'node', 'fixtures', 'wire-world.json'), 'utf8'));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

let browser;
const servers = [];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A static server for `dir` on 127.0.0.1; answers its URL. */
function serveDir(dir) {
  const server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!path.startsWith(dir + sep)) return res.writeHead(403).end();
    try {
      const body = readFileSync(path.endsWith(sep) ? join(path, 'index.html') : path);
      res.writeHead(200, { 'Content-Type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/`)));
}

async function pageResult(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => window.result !== undefined, null, { timeout: 30_000 }).catch(() => {});
  const result = await page.evaluate(() => window.result);
  await page.close();
  assert.ok(result !== undefined, `the page produced no result; errors: ${errors.join('\n')}`);
  return result;
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

test('the AWS SDK in Chromium: AssumeRole -> GetCallerIdentity through createRequestHandler(sim)', async () => {
  // Under target/, so that bare imports resolve to the repository's node_modules.
  mkdirSync(join(root, 'target'), { recursive: true });
  const dir = mkdtempSync(join(root, 'target', 'sdk-browser-'));
  writeFileSync(join(dir, 'main.js'), `
    import init, { Sim, createRequestHandler } from 'sts-sim/web';
    import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
    const world = ${JSON.stringify(world)};
    try {
      await init();
      const sim = new Sim(world, { now: Date.now(), seed: 1 });
      const requestHandler = createRequestHandler(sim);
      const alice = { accessKeyId: 'AKIARTX3GSDSSUAQEAYE', secretAccessKey: 'alice/Secret/Key/000000000000000000000000' };
      const out = await new STSClient({ region: 'us-east-1', credentials: alice, requestHandler })
        .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/Deploy', RoleSessionName: 'browser' }));
      const c = out.Credentials;
      const who = await new STSClient({ region: 'us-east-1', requestHandler,
        credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } })
        .send(new GetCallerIdentityCommand({}));
      let denied;
      try {
        await new STSClient({ region: 'us-east-1', credentials: alice, requestHandler })
          .send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/Admin', RoleSessionName: 'denied' }));
      } catch (e) { denied = e.name; }
      window.result = { arn: who.Arn, key: c.AccessKeyId, denied, events: sim.events().map((e) => e.eventName) };
    } catch (e) {
      window.result = { error: String(e && e.stack || e) };
    }
  `);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="bundle.js"></script>');
  // esbuild resolves 'sts-sim/web' from the repository (node_modules/sts-sim -> pkg/); it does not
  // emit the wasm for `new URL('…wasm', import.meta.url)`, so it is put beside the bundle.
  run(bin('esbuild'), [join(dir, 'main.js'), '--bundle', '--format=esm', '--platform=browser', '--log-level=warning', `--outfile=${join(dir, 'bundle.js')}`], root);
  copyFileSync(join(root, 'pkg', 'web', 'sts_sim_bg.wasm'), join(dir, 'sts_sim_bg.wasm'));
  const result = await pageResult(await serveDir(dir));
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.arn, 'arn:aws:sts::111122223333:assumed-role/Deploy/browser');
  assert.match(result.key, /^ASIA/);
  assert.equal(result.denied, 'AccessDenied');
  assert.deepEqual(result.events, ['AssumeRole', 'GetCallerIdentity', 'AssumeRole']);
});

test('a fresh project installs the npm pack tarball and bundles sts-sim/web with Vite; the wasm loads by itself', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sts-sim-vite-'));
  const tarball = run('npm', ['pack', join(root, 'pkg'), '--pack-destination', dir, '--silent'], dir).trim().split('\n').pop();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', join(dir, tarball)], dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/main.js"></script>');
  writeFileSync(join(dir, 'main.js'), `
    import init, { validatePolicy, Sim, createRequestHandler } from 'sts-sim/web';
    await init();
    const v = validatePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}', undefined);
    window.result = { validate: v.type, sim: typeof Sim, handler: typeof createRequestHandler };
  `);
  // Vite from the repository's devDependencies, run on the consumer project.
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', 'dist'], dir);
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `Vite emitted no wasm: ${assets}`);
  const result = await pageResult(await serveDir(join(dir, 'dist')));
  assert.deepEqual(result, { validate: 'success', sim: 'function', handler: 'function' });
});

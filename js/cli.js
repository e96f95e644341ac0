#!/usr/bin/env node
// sts-sim serve --world world.json --port N [--host 127.0.0.1] [--seed S] [--now T]
// sts-sim analyze world.json [--role ARN] [--json] [--fail-on critical|high|medium|low|info]
//
// serve: serves `sim.handle` over HTTP, so any AWS SDK or the AWS CLI can use the simulator as its
// STS endpoint (`--endpoint-url http://127.0.0.1:N`), and GETs of the outbound issuer documents
// (OpenID configuration, JWKS) of every account that enables OutboundWebIdentityFederation. The
// clock follows real time (the Sim is advanced by the seconds elapsed before each request) unless
// `--now` fixes it. Prints the URL on a line of its own once listening, then one line per request;
// stops cleanly on SIGINT/SIGTERM.
//
// analyze: `analyzeTrust` on a world file, as text or JSON; exit 1 when a finding is at or above
// `--fail-on`, 2 on a usage error or a world the analysis refuses.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Sim, analyzeTrust } from './node/index.mjs';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

const ANALYZE_USAGE = `usage: sts-sim analyze world.json [--role ARN] [--json] [--fail-on critical|high|medium|low|info]

  world.json  the world: JSON as schema/world.schema.json describes it
  --role      analyze only this role (its ARN); default: every role of the world
  --json      print analyzeTrust's answer as JSON instead of text
  --fail-on   exit 1 when a finding's severity is at or above this one (default: never)

  exit status: 0 done, 1 a finding at or above --fail-on, 2 a usage error or a world refused`;

const SERVE_USAGE = `usage: sts-sim serve --world world.json [--port 4566] [--host 127.0.0.1] [--seed 0] [--now 2026-11-25T12:00:00Z]

  --world   the world: JSON as schema/world.schema.json describes it (required)
  --port    TCP port; 0 picks a free one (default 4566)
  --host    address to listen on (default 127.0.0.1)
  --seed    the random seed: same world + seed + requests give the same answers (default 0)
  --now     fix the clock at this ISO 8601 time (default: now, following real time)

  Also answers GET <issuer>/.well-known/openid-configuration and the jwks_uri of every account
  whose world enables OutboundWebIdentityFederation, matched by path (see sim.openidConfiguration).`;

const USAGE = `${SERVE_USAGE}\n${ANALYZE_USAGE}`;

// The Rust side refuses bodies over 1 MiB (query::MAX_BODY_BYTES) with a 413; reading one byte
// more than that is enough to get its answer without holding a hostile body in memory.
const MAX_BODY_BYTES = (1 << 20) + 1;

function fail(message, code = 1) {
  process.stderr.write(`sts-sim: ${message}\n`);
  process.exit(code);
}

function parseServeArgs(rest) {
  if (rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    process.exit(0);
  }
  const opts = { port: '4566', host: '127.0.0.1' };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const [name, inline] = flag.startsWith('--') ? flag.slice(2).split(/=(.*)/s, 2) : [undefined];
    if (!['world', 'port', 'host', 'seed', 'now'].includes(name)) fail(`unknown option '${flag}'\n${SERVE_USAGE}`, 2);
    const value = inline ?? rest[++i];
    if (value === undefined) fail(`option --${name} needs a value`, 2);
    opts[name] = value;
  }
  if (!opts.world) fail(`--world is required\n${SERVE_USAGE}`, 2);
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a whole number 0-65535, not '${opts.port}'`, 2);
  const seed = opts.seed === undefined ? 0 : Number(opts.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) fail(`--seed must be a non-negative whole number, not '${opts.seed}'`, 2);
  return { ...opts, port, seed };
}

/** Reads and parses a world file; any problem is fatal with exit status `code`. */
function readWorld(path, code) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    fail(`cannot read the world file '${path}': ${e.message}`, code);
  }
  let world;
  try {
    world = JSON.parse(text);
  } catch (e) {
    fail(`the world file '${path}' is not JSON: ${e.message}`, code);
  }
  if (world === null || typeof world !== 'object' || Array.isArray(world)) fail(`the world file '${path}' must hold a JSON object { "Accounts": [...] }`, code);
  return world;
}

const errorLines = (errors) => errors.map((e) => `  ${e.path || '(world)'}: ${e.message}`).join('\n');

function loadSim({ world: path, seed, now }) {
  const world = readWorld(path, 1);
  const sim = Sim.create(world, { now: now ?? Date.now(), seed });
  if (sim.type === 'failure') fail(`the world in '${path}' does not load:\n${errorLines(sim.errors)}`);
  return { sim, world };
}

/**
 * The outbound issuer documents, keyed by URL path: for every account whose issuer
 * `sim.openidConfiguration` answers (those enabling OutboundWebIdentityFederation),
 * `<issuer path>/.well-known/openid-configuration` and the path of its `jwks_uri`.
 *
 * The issuer's host is AWS's (`<uuid>.tokens.sts.global.api.aws`), not this server's, so requests
 * are matched by path alone. AWS's issuers have an empty path, so with several such accounts the
 * bare paths are shared: the request's Host header picks the account when it names the issuer's
 * host, and `/<issuer host>/.well-known/...` always names one account unambiguously.
 */
function issuerRoutes(sim, world) {
  const routes = new Map(); // path -> [{ host, document() }]
  const add = (path, host, document) => {
    if (!routes.has(path)) routes.set(path, []);
    routes.get(path).push({ host, document });
  };
  for (const account of Array.isArray(world.Accounts) ? world.Accounts : []) {
    const accountId = account?.AccountId;
    if (typeof accountId !== 'string') continue;
    const config = sim.openidConfiguration(accountId);
    if (config.type !== 'success') continue;
    const issuer = new URL(config.configuration.issuer);
    const jwks = new URL(config.configuration.jwks_uri);
    const discovery = `${issuer.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`;
    // Each GET asks the Sim again, so the documents are always the Sim's current ones.
    const openid = () => sim.openidConfiguration(accountId).configuration;
    const keys = () => { const { type: _, ...set } = sim.jwks(accountId); return set; };
    for (const [path, host, document] of [[discovery, issuer.host, openid], [jwks.pathname, jwks.host, keys]]) {
      add(path, host, document);
      add(`/${host}${path}`, host, document);
    }
  }
  return (path, hostHeader) => {
    const candidates = routes.get(path);
    if (!candidates) return undefined;
    if (candidates.length === 1) return candidates[0];
    const host = (hostHeader ?? '').toLowerCase();
    return candidates.find((c) => c.host === host) ?? { ambiguous: candidates.map((c) => `/${c.host}${path}`) };
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      if (size >= MAX_BODY_BYTES) return;
      const part = chunk.subarray(0, MAX_BODY_BYTES - size);
      chunks.push(part);
      size += part.length;
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function pairs(raw) {
  const out = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

// The operation a request names, for the log line.
function actionOf(url, body) {
  const fromQuery = new URL(url, 'http://x').searchParams.get('Action');
  if (fromQuery) return fromQuery;
  try {
    return new URLSearchParams(body.toString('utf8')).get('Action') ?? '-';
  } catch {
    return '-';
  }
}

function serve(args) {
  const opts = parseServeArgs(args);
  const { sim, world } = loadSim(opts);
  const issuerRoute = issuerRoutes(sim, world);
  const followRealTime = opts.now === undefined;
  const startedAt = Date.now();
  let advanced = 0;

  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (followRealTime) {
        const elapsed = Math.floor((Date.now() - startedAt) / 1000);
        if (elapsed > advanced) {
          sim.advance(elapsed - advanced);
          advanced = elapsed;
        }
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        const path = new URL(req.url, 'http://x').pathname;
        const route = issuerRoute(path, req.headers.host);
        if (route) {
          const [status, document] = route.ambiguous
            ? [404, { message: `several accounts publish ${path}: ask for one of ${route.ambiguous.join(', ')}` }]
            : [200, route.document()];
          const text = `${JSON.stringify(document)}\n`;
          res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
          res.end(req.method === 'HEAD' ? undefined : text);
          process.stdout.write(`${sim.now()} ${req.method} ${path} ${status}\n`);
          return;
        }
      }
      const answer = sim.handle({ method: req.method, url: req.url, headers: pairs(req.rawHeaders), body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) });
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      const code = answer.status >= 400 ? ` ${/<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1] ?? ''}` : '';
      process.stdout.write(`${sim.now()} ${req.method} ${actionOf(req.url, body)} ${answer.status}${code} ${answer.headers['x-amzn-RequestId'] ?? ''}\n`);
    } catch (e) {
      process.stderr.write(`sts-sim: ${e?.stack ?? e}\n`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error\n');
    }
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });
  server.on('error', (e) => fail(`cannot listen on ${opts.host}:${opts.port}: ${e.message}`));
  server.listen(opts.port, opts.host, () => {
    const { address, port } = server.address();
    const host = address.includes(':') ? `[${address}]` : address;
    process.stdout.write(`http://${host}:${port}\n`);
  });

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`sts-sim: ${signal}, stopping\n`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function parseAnalyzeArgs(rest) {
  const opts = { json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${ANALYZE_USAGE}\n`);
      process.exit(0);
    }
    if (!arg.startsWith('--')) {
      if (opts.world !== undefined) fail(`one world file only, not also '${arg}'\n${ANALYZE_USAGE}`, 2);
      opts.world = arg;
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (name === 'json' && inline === undefined) {
      opts.json = true;
      continue;
    }
    if (name !== 'role' && name !== 'fail-on') fail(`unknown option '${arg}'\n${ANALYZE_USAGE}`, 2);
    const value = inline ?? rest[++i];
    if (value === undefined) fail(`option --${name} needs a value`, 2);
    opts[name === 'role' ? 'role' : 'failOn'] = value;
  }
  if (opts.world === undefined) fail(`the world file is required\n${ANALYZE_USAGE}`, 2);
  if (opts.failOn !== undefined && !SEVERITIES.includes(opts.failOn)) fail(`--fail-on must be one of ${SEVERITIES.join(', ')}, not '${opts.failOn}'`, 2);
  return opts;
}

function formatTrust(answer) {
  const out = [];
  const counts = new Map();
  for (const role of answer.roles) {
    out.push(`${role.roleArn}: ${role.status}`);
    for (const f of role.findings) {
      counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
      const unknown = f.status === 'unknown' ? ' (unknown)' : '';
      out.push(`  ${f.severity} ${f.kind}${unknown}: ${f.who.description} (${f.who.principal})`);
      out.push(`    how: ${f.how}; witnessVerified: ${f.witnessVerified}${f.witnessNote ? ` (${f.witnessNote})` : ''}`);
      if (f.advice[0]) out.push(`    advice: ${f.advice[0].message}`);
    }
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const bySeverity = SEVERITIES.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`).join(', ');
  out.push(`${answer.roles.length} role${answer.roles.length === 1 ? '' : 's'}, ${total} finding${total === 1 ? '' : 's'}${total ? ` (${bySeverity})` : ''}`);
  return `${out.join('\n')}\n`;
}

function analyze(args) {
  const opts = parseAnalyzeArgs(args);
  const world = readWorld(opts.world, 2);
  const answer = analyzeTrust(opts.role === undefined ? { world } : { world, roleArn: opts.role });
  if (opts.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  if (answer.type === 'failure') {
    process.stderr.write(`sts-sim: analyzeTrust refused '${opts.world}':\n${errorLines(answer.errors)}\n`);
    process.exitCode = 2;
    return;
  }
  if (!opts.json) process.stdout.write(formatTrust(answer));
  if (opts.failOn !== undefined) {
    const limit = SEVERITIES.indexOf(opts.failOn);
    const hit = answer.roles.some((r) => r.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit));
    if (hit) process.exitCode = 1;
  }
}

function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (command === 'serve') return serve(rest);
  if (command === 'analyze') return analyze(rest);
  fail(`unknown command '${command ?? ''}'\n${USAGE}`, 2);
}

main();

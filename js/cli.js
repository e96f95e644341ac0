#!/usr/bin/env node
// sts-sim serve --world world.json --port N [--host 127.0.0.1] [--seed S] [--now T]
//
// Serves `sim.handle` over HTTP, so any AWS SDK or the AWS CLI can use the simulator as its STS
// endpoint (`--endpoint-url http://127.0.0.1:N`). The clock follows real time (the Sim is
// advanced by the seconds elapsed before each request) unless `--now` fixes it. Prints the URL on
// a line of its own once listening, then one line per request; stops cleanly on SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Sim } from './node/index.mjs';

const USAGE = `usage: sts-sim serve --world world.json [--port 4566] [--host 127.0.0.1] [--seed 0] [--now 2026-11-25T12:00:00Z]

  --world   the world: JSON as schema/world.schema.json describes it (required)
  --port    TCP port; 0 picks a free one (default 4566)
  --host    address to listen on (default 127.0.0.1)
  --seed    the random seed: same world + seed + requests give the same answers (default 0)
  --now     fix the clock at this ISO 8601 time (default: now, following real time)`;

// The Rust side refuses bodies over 1 MiB (query::MAX_BODY_BYTES) with a 413; reading one byte
// more than that is enough to get its answer without holding a hostile body in memory.
const MAX_BODY_BYTES = (1 << 20) + 1;

function fail(message, code = 1) {
  process.stderr.write(`sts-sim: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (command !== 'serve') fail(`unknown command '${command ?? ''}'\n${USAGE}`, 2);
  const opts = { port: '4566', host: '127.0.0.1' };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const [name, inline] = flag.startsWith('--') ? flag.slice(2).split(/=(.*)/s, 2) : [undefined];
    if (!['world', 'port', 'host', 'seed', 'now'].includes(name)) fail(`unknown option '${flag}'\n${USAGE}`, 2);
    const value = inline ?? rest[++i];
    if (value === undefined) fail(`option --${name} needs a value`, 2);
    opts[name] = value;
  }
  if (!opts.world) fail(`--world is required\n${USAGE}`, 2);
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a whole number 0-65535, not '${opts.port}'`, 2);
  const seed = opts.seed === undefined ? 0 : Number(opts.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) fail(`--seed must be a non-negative whole number, not '${opts.seed}'`, 2);
  return { ...opts, port, seed };
}

function loadSim({ world: path, seed, now }) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    fail(`cannot read the world file '${path}': ${e.message}`);
  }
  let world;
  try {
    world = JSON.parse(text);
  } catch (e) {
    fail(`the world file '${path}' is not JSON: ${e.message}`);
  }
  if (world === null || typeof world !== 'object' || Array.isArray(world)) fail(`the world file '${path}' must hold a JSON object { "Accounts": [...] }`);
  const sim = Sim.create(world, { now: now ?? Date.now(), seed });
  if (sim.type === 'failure') {
    const lines = sim.errors.map((e) => `  ${e.path || '(world)'}: ${e.message}`).join('\n');
    fail(`the world in '${path}' does not load:\n${lines}`);
  }
  return sim;
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

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const sim = loadSim(opts);
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

main();

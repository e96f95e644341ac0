// Size and start-up: the release wasm (pkg/web/sts_sim_bg.wasm, after wasm-opt) raw and gzip,
// beside @cedar-policy/cedar-wasm (the closest Rust→wasm policy engine) as a reference; the time
// to import each in Node (fresh processes, minus a bare `node -e 0`); and where the bytes go:
// code and data sections, then twiggy's breakdown by crate and by function, so growth is
// visible. twiggy needs names, which the release build strips: it reads the same cargo output
// through wasm-bindgen and wasm-opt with the release flags plus `-g` (names kept; the code is the
// same). Prints figures and writes target/bench/results-size.json; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR, Report, median } from './results.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STS_WASM = `${ROOT}pkg/web/sts_sim_bg.wasm`;
const CEDAR = '@cedar-policy/cedar-wasm';
const CEDAR_WASM = `${ROOT}node_modules/${CEDAR}/web/cedar_wasm_bg.wasm`;
const BUDGET_GZIP = 400_000; // bytes: 400 KB read the strict way
const IMPORT_RUNS = 25;

const report = new Report('size', 'wasm');
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
// GNU gzip -9, the reference implementation (Node's bundled zlib compresses ~1 % worse).
const gzip = (bytes) => execFileSync('gzip', ['-9', '-c'], { input: bytes, maxBuffer: 1 << 26 }).length;

const sts = readFileSync(STS_WASM);
const cedar = readFileSync(CEDAR_WASM);
const cedarVersion = JSON.parse(readFileSync(`${ROOT}node_modules/${CEDAR}/package.json`, 'utf8')).version;
const stsGzip = gzip(sts);
report.text('size', 'sts-sim wasm (pkg/web/sts_sim_bg.wasm), raw / gzip', `${kb(sts.length)} / ${kb(stsGzip)} (${stsGzip.toLocaleString('en-US')} B)`, `budget ${kb(BUDGET_GZIP)} gzip: ${stsGzip <= BUDGET_GZIP ? 'within' : `over by ${kb(stsGzip - BUDGET_GZIP)}`}`);
report.text('size', `${CEDAR} ${cedarVersion} wasm, raw / gzip`, `${kb(cedar.length)} / ${kb(gzip(cedar))}`, 'reference');

// ---------------------------------------------------------------------------------------------
// Sections of the release wasm.

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

function sections(bytes) {
  const out = {};
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at++];
    const [size, body] = leb(bytes, at);
    const name = { 10: 'code', 11: 'data' }[id] ?? 'other';
    out[name] = Buffer.concat([out[name] ?? Buffer.alloc(0), bytes.subarray(body, body + size)]);
    at = body + size;
  }
  return out;
}
const parts = sections(sts);
for (const [name, what] of [['code', 'code section (functions)'], ['data', 'data section (strings, tables)']]) {
  report.text('size', `sts-sim ${what}, raw / gzip`, `${kb(parts[name].length)} / ${kb(gzip(parts[name]))}`);
}

// ---------------------------------------------------------------------------------------------
// Import time in fresh processes, interleaved so a busy machine slows each alike.

function wallMs(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const runs = { bare: [], sts: [], cedar: [] };
const imports = { bare: ['-e', '0'], sts: ['--input-type=module', '-e', "await import('sts-sim')"], cedar: ['--input-type=module', '-e', `await import('${CEDAR}/nodejs')`] };
for (const args of Object.values(imports)) wallMs(args); // warm the file cache
for (let i = 0; i < IMPORT_RUNS; i++) for (const [k, args] of Object.entries(imports)) runs[k].push(wallMs(args));
const bare = median(runs.bare);
// Each round's import minus the same round's bare start, then the median: a busy spell of the
// shared machine slows a round's processes alike, so paired differences vary far less than a
// difference of medians taken apart.
const paired = (k) => median(runs[k].map((ms, i) => ms - runs.bare[i]));
report.text('size', 'sts-sim: import in Node (median of fresh processes − bare node)', `${paired('sts').toFixed(1)} ms`, `goal ≤ 20 ms; bare node ${bare.toFixed(1)} ms; ${IMPORT_RUNS} rounds, paired`);
report.text('size', `${CEDAR}: import in Node (same measure)`, `${paired('cedar').toFixed(1)} ms`, 'reference');

// ---------------------------------------------------------------------------------------------
// twiggy: shallow bytes by crate and by function, on a build with names.

const NAMED_DIR = `${BENCH_DIR}named/`;
mkdirSync(NAMED_DIR, { recursive: true });
const conf = readFileSync(`${ROOT}wasm-pack.toml`, 'utf8');
const level = /^level\s*=\s*"([^"]+)"/m.exec(conf)?.[1] ?? '-Oz';
const flags = JSON.parse(/^flags\s*=\s*(\[.*\])/m.exec(conf)?.[1] ?? '[]').filter((f) => f !== '--strip-debug');
execFileSync('wasm-bindgen', ['--target', 'web', '--out-dir', NAMED_DIR, '--out-name', 'sts_sim', `${ROOT}target/wasm32-unknown-unknown/release/sts_sim.wasm`], { stdio: 'inherit' });
execFileSync(`${ROOT}node_modules/.bin/wasm-opt`, [level, '-g', ...flags, `${NAMED_DIR}sts_sim_bg.wasm`, '-o', `${NAMED_DIR}named.wasm`], { stdio: 'inherit' });
const items = JSON.parse(execFileSync('twiggy', ['top', '-n', '1000000', '-f', 'json', `${NAMED_DIR}named.wasm`], { encoding: 'utf8', maxBuffer: 1 << 28 }));

/** The crate a (demangled) function belongs to: the first path of its name. */
function crateOf(name) {
  if (/ shim$|^Ref\(|^__wbindgen|^__externref/.test(name)) return 'sts_sim (wasm-bindgen exports)';
  const m = /([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
  return m ? m[1] : '(unnamed)';
}
const byCrate = new Map();
const functions = [];
let codeTotal = 0;
for (const { name, shallow_size: size } of items) {
  if (/subsection"?$|^custom section|^data segment|^data\[|^elem\[|^type\[|^import |^export |^table\[|^memory\[|^global\[/.test(name)) continue;
  const crate = crateOf(name);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  functions.push([name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, ''), size]);
  codeTotal += size;
}
const pct = (n) => `${((100 * n) / codeTotal).toFixed(1)} %`;
for (const [crate, size] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 16)) {
  report.text('twiggy', `crate ${crate}`, kb(size), `${pct(size)} of function bytes`);
}
for (const [name, size] of functions.sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  report.text('twiggy', `fn ${name.length > 80 ? `${name.slice(0, 77)}…` : name}`, kb(size), pct(size));
}
report.write();

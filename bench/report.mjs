// The one table of `./x bench`, and BENCHMARKS.md: every figure the benchmarks wrote to
// target/bench/results-*.json, with the machine, the date, the commit and the load average
// (the machine may be shared: a busy one slows every figure). bench/NOTES.md (how things are
// measured, how lookups are indexed, the size work) follows the table in BENCHMARKS.md.
// `node bench/report.mjs --start` marks the start of a run (and forgets the last run's figures).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR } from './results.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUN = `${BENCH_DIR}run.json`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
/** The commit measured: HEAD when the run starts, and the tracked files changed from it. */
function commit() {
  const changed = git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).map((l) => l.slice(3));
  return `${git('rev-parse', '--short=12', 'HEAD')}${changed.length ? ` with uncommitted changes to ${changed.join(', ')}` : ''}`;
}

if (process.argv.includes('--start')) {
  mkdirSync(BENCH_DIR, { recursive: true });
  for (const f of readdirSync(BENCH_DIR)) if (/^results-.*\.json$/.test(f)) rmSync(`${BENCH_DIR}${f}`);
  writeFileSync(RUN, JSON.stringify({ started: new Date().toISOString(), load: load(), commit: commit() }));
  process.exit(0);
}

const SECTIONS = ['policy', 'peers', 'sts', 'federation', 'boto3', 'size', 'scaling', 'twiggy'];
const rows = readdirSync(BENCH_DIR)
  .filter((f) => /^results-.*\.json$/.test(f))
  .flatMap((f) => JSON.parse(readFileSync(`${BENCH_DIR}${f}`, 'utf8')).rows);
rows.sort((a, b) => SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section));

const WHERE = { native: 'native', wasm: 'wasm in Node', python: 'boto3 (Python)' };
function figure(r) {
  if (r.text !== undefined) return r.text;
  const rate = r.rate >= 100 ? Math.round(r.rate).toLocaleString('en-US') : r.rate.toFixed(1);
  return `${rate}/s (${r.micros < 10 ? r.micros.toFixed(2) : r.micros.toFixed(0)} µs)`;
}
const table = [['section', 'where', 'what', 'figure', 'note'], ...rows.map((r) => [r.section, WHERE[r.where] ?? r.where, r.what, figure(r), r.note ?? ''])];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
const line = (row) => `| ${row.map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
const text = [line(table[0]), `|${widths.map((w, i) => (i === 3 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`, ...table.slice(1).map(line)].join('\n');

const cpu = cpus();
const run = existsSync(RUN) ? JSON.parse(readFileSync(RUN, 'utf8')) : { started: '?', load: '?' };
const version = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8' }).trim(); } catch { return `${cmd}: unavailable`; } };
const machine = [
  `- machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory`,
  `- date: ${run.started} to ${new Date().toISOString()}; load average (1, 5, 15 min) ${run.load} at the start, ${load()} at the end`,
  `- commit: ${run.commit ?? commit()}`,
  `- ${version('rustc', ['--version'])}; node ${process.version}; ${version(`${ROOT}node_modules/.bin/wasm-opt`, ['--version'])}`,
].join('\n');

console.log(`\n${text}\n\n${machine}\n`);
const notes = existsSync(`${ROOT}bench/NOTES.md`) ? readFileSync(`${ROOT}bench/NOTES.md`, 'utf8') : '';
writeFileSync(`${ROOT}BENCHMARKS.md`, `# Benchmarks

Written by \`./x bench\` (bench/report.mjs) from the figures of its last run; the notes after the
table come from bench/NOTES.md. Figures only: no test asserts a speed.

${machine}

${text}

${notes}`);
console.log('wrote BENCHMARKS.md');

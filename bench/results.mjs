// Figures of a benchmark script, printed as they are measured and written to
// target/bench/results-<name>.json for bench/report.mjs (the one table of `./x bench`, and
// BENCHMARKS.md). The same rows as benches/report/mod.rs writes for the native benchmarks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('../target/bench/', import.meta.url));

export class Report {
  constructor(name, where) {
    this.name = name;
    this.where = where;
    this.rows = [];
  }

  /** `count` operations took `ns` nanoseconds: a rate per second and µs per operation. */
  rate(section, what, count, ns, note = '') {
    const micros = ns / count / 1000;
    const rate = 1e6 / micros;
    console.log(`  ${this.where.padEnd(7)} ${section.padEnd(10)} ${what.padEnd(58)} ${Math.round(rate).toString().padStart(12)}/s ${micros.toFixed(3).padStart(10)} µs  ${note}`);
    this.rows.push({ section, where: this.where, what, rate, micros, note });
  }

  /** A figure that is not a rate (a size, a ratio, a count). */
  text(section, what, text, note = '') {
    console.log(`  ${this.where.padEnd(7)} ${section.padEnd(10)} ${what.padEnd(58)} ${text}  ${note}`);
    this.rows.push({ section, where: this.where, what, text, note });
  }

  write() {
    mkdirSync(BENCH_DIR, { recursive: true });
    writeFileSync(`${BENCH_DIR}results-${this.name}.json`, JSON.stringify({ rows: this.rows }, null, 2));
  }
}

export const now = () => process.hrtime.bigint();
export const since = (start) => Number(process.hrtime.bigint() - start);
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

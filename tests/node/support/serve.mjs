// Runs `sts-sim serve` (the package's bin) as a child process and answers its URL, read from the
// line it prints once it listens. Shared by the node tests that drive it with real clients.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..', '..');
export const WORLD_FILE = join(here, '..', 'fixtures', 'wire-world.json');
export const world = JSON.parse(require('node:fs').readFileSync(WORLD_FILE, 'utf8'));

/** The `bin` of the built package, as npm would link it. */
export function cliPath() {
  const pkg = JSON.parse(require('node:fs').readFileSync(join(ROOT, 'pkg', 'package.json'), 'utf8'));
  return join(ROOT, 'pkg', pkg.bin['sts-sim']);
}

/** Writes a file into a fresh temp dir; answers its path. */
export function tempFile(name, text) {
  const dir = mkdtempSync(join(tmpdir(), 'sts-sim-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Starts `sts-sim serve`; answers { url, child, lines, stop }. */
export function serve(args) {
  const child = spawn(process.execPath, [cliPath(), 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`sts-sim serve did not print its URL in 10s; stderr: ${stderr}`)), 10_000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sts-sim serve exited with ${code}: ${stderr}`)); });
    child.stdout.on('data', (d) => {
      buffered += d;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        lines.push(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
      if (lines.length && /^http:\/\//.test(lines[0])) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        const stop = () => new Promise((done) => {
          if (child.exitCode !== null) return done(child.exitCode);
          child.on('exit', (code, signal) => done(code ?? signal));
          child.kill('SIGTERM');
        });
        resolve({ url: lines[0], child, lines, stop, stderr: () => stderr });
      }
    });
  });
}

// Bundles the playground's page script (www/main.js and the npm packages it imports, e.g.
// CodeMirror) into www/dist/ with esbuild: one minified ES module plus its sourcemap, so the
// page loads only local files. The wasm glue (www/pkg/, written by scripts/build.py) stays a
// separate file: it finds its .wasm beside itself through import.meta.url, so the bundle imports
// it at run time instead of inlining it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const www = fileURLToPath(new URL('../www/', import.meta.url));

/** Keeps `./pkg/…` imports external, rewritten to be relative to www/dist/. */
const wasmGlueStaysExternal = {
  name: 'wasm-glue-stays-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/pkg\// }, (args) => ({ path: `../${args.path.slice(2)}`, external: true }));
  },
};

rmSync(`${www}dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: www,
  entryPoints: ['main.js'],
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [wasmGlueStaysExternal],
});
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, out]) => sum + out.bytes, 0);
console.log(`www/dist: ${bytes.toLocaleString('en')} bytes of JavaScript (minified)`);

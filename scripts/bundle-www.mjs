// Bundles the playground's page script (www/main.js and the npm packages it imports, e.g.
// CodeMirror) and the embeddable <sts-sim-example> element (www/embed.js) into www/dist/ with
// esbuild: one minified ES module each plus sourcemaps, so the pages load only local files. The
// gallery's examples are written out as dist/examples/<id>.json, the format the element loads. The wasm glue (www/pkg/, written by scripts/build.py) stays a
// separate file: it finds its .wasm beside itself through import.meta.url, so the bundle imports
// it at run time instead of inlining it.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
  entryPoints: ['main.js', 'embed.js'],
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
const { EXAMPLES } = await import(new URL('../www/lib/examples.js', import.meta.url));
mkdirSync(`${www}dist/examples`, { recursive: true });
for (const example of EXAMPLES) writeFileSync(`${www}dist/examples/${example.id}.json`, `${JSON.stringify(example, null, 2)}\n`);
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, out]) => sum + out.bytes, 0);
console.log(`www/dist: ${bytes.toLocaleString('en')} bytes of JavaScript (minified), ${EXAMPLES.length} examples as JSON`);

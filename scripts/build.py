#!/usr/bin/env python3
"""Builds the wasm module and assembles the npm package, as wasm-pack.toml says.

cargo (wasm32-unknown-unknown) -> wasm-bindgen (one run per target) -> wasm-opt (npm's binaryen)
-> package.json, ESM wrapper for Node, README -> the hand-written JS of js/ (createRequestHandler,
the `sts-sim` CLI) with an entry per target that adds it -> a copy of the web target for the
playground.
Ends by printing the wasm size, raw and gzip.
"""
import gzip
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, **kw):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kw)


# Hand-written JS in js/, shipped beside the bindings: the module every entry re-exports (ESM
# source; the CommonJS copy is converted from it with esbuild, so there is one source) and the CLI.
JS_MODULE = "request-handler"
JS_EXPORTS = ["createRequestHandler"]
CLI = "cli.js"


def copy_js(pkg_dir):
    src = ROOT / "js"
    shutil.copy(src / f"{JS_MODULE}.js", pkg_dir / f"{JS_MODULE}.js")
    shutil.copy(src / f"{JS_MODULE}.d.ts", pkg_dir / f"{JS_MODULE}.d.ts")
    shutil.copy(src / f"{JS_MODULE}.d.ts", pkg_dir / f"{JS_MODULE}.d.cts")
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    if not esbuild.exists():
        sys.exit(f"{esbuild} is missing: run `npm ci` (./x does)")
    run(esbuild, src / f"{JS_MODULE}.js", "--format=cjs", "--log-level=warning", f"--outfile={pkg_dir / (JS_MODULE + '.cjs')}")
    cli = pkg_dir / CLI
    shutil.copy(src / CLI, cli)
    cli.chmod(0o755)


def main():
    conf = tomllib.loads((ROOT / "wasm-pack.toml").read_text())
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())["package"]
    build = conf["build"]
    profile = build["profile"]
    out_name = build["out-name"]
    pkg_dir = ROOT / build["package-dir"]

    run("cargo", "build", "--lib", "--target", "wasm32-unknown-unknown", "--profile", profile)
    crate_file = cargo["name"].replace("-", "_") + ".wasm"
    profile_dir = "debug" if profile == "dev" else profile
    raw = ROOT / "target" / "wasm32-unknown-unknown" / profile_dir / crate_file

    if pkg_dir.exists():
        shutil.rmtree(pkg_dir)
    opt = conf.get("wasm-opt", {})
    wasm_opt = ROOT / "node_modules" / ".bin" / "wasm-opt"
    if opt.get("enabled") and not wasm_opt.exists():
        sys.exit(f"wasm-opt is enabled in wasm-pack.toml but {wasm_opt} is missing: run `npm ci` (./x does)")
    for target, sub in conf["targets"].items():
        out = pkg_dir / sub
        run("wasm-bindgen", "--target", target, "--out-dir", out, "--out-name", out_name, raw)
        wasm = out / f"{out_name}_bg.wasm"
        if opt.get("enabled"):
            run(wasm_opt, opt["level"], *opt.get("flags", []), wasm, "-o", wasm)
    node_dir = pkg_dir / conf["targets"]["nodejs"]
    web_dir = conf["targets"]["web"]
    bundler_dir = conf["targets"]["bundler"]
    node_sub = conf["targets"]["nodejs"]

    # wasm-bindgen's nodejs output is CommonJS: mark its folder so, and give ESM users a wrapper
    # that re-exports every binding by name (no init call needed in Node).
    (node_dir / "package.json").write_text(json.dumps({"type": "commonjs"}) + "\n")
    # The JS snippets of `#[wasm_bindgen(inline_js)]` are ES modules, which the CommonJS glue
    # `require`s: convert them (the web and bundler glue import them as they are).
    esbuild = ROOT / "node_modules" / ".bin" / "esbuild"
    for snippet in sorted((node_dir / "snippets").rglob("*.js")):
        cjs = snippet.with_suffix(".cjs.tmp")
        run(esbuild, snippet, "--format=cjs", "--log-level=warning", f"--outfile={cjs}")
        cjs.replace(snippet)
    names = json.loads(subprocess.run(
        ["node", "-e", f"console.log(JSON.stringify(Object.keys(require('./{node_dir.relative_to(ROOT)}/{out_name}.js'))))"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    names = [n for n in names if n.isidentifier() and not n.startswith("__")]
    (node_dir / "index.mjs").write_text(
        "// ESM entry for Node: the CommonJS wasm-bindgen build, re-exported by name.\n"
        "import { createRequire } from 'node:module';\n"
        "const require = createRequire(import.meta.url);\n"
        f"const wasm = require('./{out_name}.js');\n"
        f"export const {{ {', '.join(names)} }} = wasm;\n"
        f"export {{ {', '.join(JS_EXPORTS)} }} from '../{JS_MODULE}.js';\n"
        "export default wasm;\n")
    bindings_dts = (node_dir / f"{out_name}.d.ts").read_text()
    (node_dir / "index.d.mts").write_text(bindings_dts + f"export * from '../{JS_MODULE}.js';\n")
    # CommonJS entry: the bindings plus the hand-written module, converted from its ESM source.
    (node_dir / "index.cjs").write_text(
        "// CommonJS entry for Node: the wasm-bindgen build plus the hand-written module.\n"
        "'use strict';\n"
        f"module.exports = {{ ...require('./{out_name}.js'), ...require('../{JS_MODULE}.cjs') }};\n")
    (node_dir / "index.d.cts").write_text(bindings_dts + f"export * from '../{JS_MODULE}.cjs';\n")
    # Browser and bundler entries: the wasm-bindgen module (its default export is `init`) plus
    # the hand-written module.
    for sub in (web_dir, bundler_dir):
        (pkg_dir / sub / "index.js").write_text(
            f"export * from './{out_name}.js';\n"
            + (f"export {{ default }} from './{out_name}.js';\n" if sub == web_dir else "")
            + f"export * from '../{JS_MODULE}.js';\n")
        (pkg_dir / sub / "index.d.ts").write_text(
            f"export * from './{out_name}.js';\n"
            + (f"export {{ default }} from './{out_name}.js';\n" if sub == web_dir else "")
            + f"export * from '../{JS_MODULE}.js';\n")
    copy_js(pkg_dir)

    package = {
        "name": conf["package"]["name"],
        "version": cargo["version"],
        "description": cargo.get("description", ""),
        "license": cargo.get("license", ""),
        "type": "module",
        "main": f"./{node_sub}/index.cjs",
        "types": f"./{node_sub}/index.d.cts",
        "bin": {"sts-sim": f"./{CLI}"},
        "exports": {
            ".": {
                "node": {
                    "import": {"types": f"./{node_sub}/index.d.mts", "default": f"./{node_sub}/index.mjs"},
                    "require": {"types": f"./{node_sub}/index.d.cts", "default": f"./{node_sub}/index.cjs"},
                },
                "types": f"./{web_dir}/index.d.ts",
                "default": f"./{web_dir}/index.js",
            },
            "./web": {"types": f"./{web_dir}/index.d.ts", "default": f"./{web_dir}/index.js"},
            "./bundler": {"types": f"./{bundler_dir}/index.d.ts", "default": f"./{bundler_dir}/index.js"},
            "./package.json": "./package.json",
        },
        "files": [f"{d}/" for d in conf["targets"].values()]
        + [f"{JS_MODULE}.js", f"{JS_MODULE}.cjs", f"{JS_MODULE}.d.ts", f"{JS_MODULE}.d.cts", CLI, "README.md"],
        "sideEffects": [f"./{bundler_dir}/index.js", f"./{bundler_dir}/{out_name}.js", f"./{bundler_dir}/{out_name}_bg.js"],
    }
    (pkg_dir / "package.json").write_text(json.dumps(package, indent=2) + "\n")
    shutil.copy(ROOT / "README.md", pkg_dir / "README.md")

    www = ROOT / build["www-copy"]
    if www.exists():
        shutil.rmtree(www)
    # The playground loads the bindings only; the package entries refer outside the folder.
    shutil.copytree(pkg_dir / web_dir, www, ignore=shutil.ignore_patterns("index.js", "index.d.ts"))

    data = (pkg_dir / web_dir / f"{out_name}_bg.wasm").read_bytes()
    print(f"wasm size: {len(data):,} bytes raw, {len(gzip.compress(data, 9)):,} bytes gzip "
          f"({'wasm-opt ' + opt['level'] if opt.get('enabled') else 'no wasm-opt'})")


if __name__ == "__main__":
    main()

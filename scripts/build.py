#!/usr/bin/env python3
"""Builds the wasm module and assembles the npm package, as wasm-pack.toml says.

cargo (wasm32-unknown-unknown) -> wasm-bindgen (one run per target) -> wasm-opt (npm's binaryen)
-> package.json, ESM wrapper for Node, README -> a copy of the web target for the playground.
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
        "export default wasm;\n")
    shutil.copy(node_dir / f"{out_name}.d.ts", node_dir / "index.d.mts")

    package = {
        "name": conf["package"]["name"],
        "version": cargo["version"],
        "description": cargo.get("description", ""),
        "license": cargo.get("license", ""),
        "type": "module",
        "main": f"./{node_sub}/{out_name}.js",
        "types": f"./{node_sub}/{out_name}.d.ts",
        "exports": {
            ".": {
                "node": {
                    "import": {"types": f"./{node_sub}/index.d.mts", "default": f"./{node_sub}/index.mjs"},
                    "require": {"types": f"./{node_sub}/{out_name}.d.ts", "default": f"./{node_sub}/{out_name}.js"},
                },
                "types": f"./{web_dir}/{out_name}.d.ts",
                "default": f"./{web_dir}/{out_name}.js",
            },
            "./web": {"types": f"./{web_dir}/{out_name}.d.ts", "default": f"./{web_dir}/{out_name}.js"},
            "./bundler": {"types": f"./{bundler_dir}/{out_name}.d.ts", "default": f"./{bundler_dir}/{out_name}.js"},
            "./package.json": "./package.json",
        },
        "files": [f"{d}/" for d in conf["targets"].values()] + ["README.md"],
        "sideEffects": [f"./{bundler_dir}/{out_name}.js", f"./{bundler_dir}/{out_name}_bg.js"],
    }
    (pkg_dir / "package.json").write_text(json.dumps(package, indent=2) + "\n")
    shutil.copy(ROOT / "README.md", pkg_dir / "README.md")

    www = ROOT / build["www-copy"]
    if www.exists():
        shutil.rmtree(www)
    shutil.copytree(pkg_dir / web_dir, www)

    data = (pkg_dir / web_dir / f"{out_name}_bg.wasm").read_bytes()
    print(f"wasm size: {len(data):,} bytes raw, {len(gzip.compress(data, 9)):,} bytes gzip "
          f"({'wasm-opt ' + opt['level'] if opt.get('enabled') else 'no wasm-opt'})")


if __name__ == "__main__":
    main()

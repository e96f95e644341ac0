#!/usr/bin/env python3
"""`./x fuzz [seconds] [target…]`: runs each cargo-fuzz target of fuzz/ for a set time (60 s
by default), one after the other, then prints executions and crashes per target and writes
FUZZING.md.

Installs what it needs, once: the nightly toolchain (rustup) and cargo-fuzz (crates.io). Seeds
each target's corpus from tests/cases (policies, simulate inputs, whole scenarios, JWK Sets,
SAML metadata, tokens); the corpus grows across runs under fuzz/corpus/ (not committed).
Targets are built with debug assertions and overflow checks (-a) and without a sanitizer
(-s none: the crate has no unsafe code; the point is panics, overflows, hangs and memory).
A crash stops its target (libFuzzer stops at the first one) and is saved under
fuzz/artifacts/<target>/; the exit status is 1 when any target crashed.

Environment: FUZZ_TIMEOUT (seconds one input may take before it counts as a hang, default 10),
FUZZ_RSS_MB (memory limit, default 2048), FUZZ_JOBS (cargo build jobs, default 1: the machine is
shared).
"""
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"
CASES = ROOT / "tests" / "cases"
TARGETS = ["policy_validate", "simulate", "world_load", "wire", "session_token", "jwt", "saml"]
TIMEOUT = int(os.environ.get("FUZZ_TIMEOUT", "10"))
RSS_MB = int(os.environ.get("FUZZ_RSS_MB", "2048"))
JOBS = os.environ.get("FUZZ_JOBS", "1")
BUILD_FLAGS = ["-s", "none", "-a"]
# libFuzzer dictionaries (fuzz/dicts/): the JSON targets share the IAM words.
DICTS = {"policy_validate": "iam", "simulate": "iam", "world_load": "iam"}
KINDS = ["identity", "resource", "trust", "boundary", "scp", "rcp", "session"]


def say(msg):
    print(f"\033[1m==> {msg}\033[0m", flush=True)


def run(*args, **kw):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, **kw)


def ensure_tools():
    toolchains = subprocess.run(["rustup", "toolchain", "list"], capture_output=True, text=True, check=True).stdout
    if not any(line.startswith("nightly") for line in toolchains.splitlines()):
        say("installing the nightly toolchain (cargo-fuzz needs it); once")
        run("rustup", "toolchain", "install", "nightly", "--profile", "minimal", check=True)
    if subprocess.run(["cargo", "fuzz", "--version"], capture_output=True).returncode != 0:
        say("installing cargo-fuzz from crates.io; a few minutes, once")
        run("cargo", "install", "cargo-fuzz", check=True)


# ---------------------------------------------------------------------------------------------
# Seeds from tests/cases.


def cases():
    for path in sorted(CASES.rglob("*.json")):
        try:
            yield path, json.loads(path.read_text())
        except (ValueError, OSError):
            continue


def text_of(doc):
    return doc if isinstance(doc, str) else json.dumps(doc, separators=(",", ":"))


def world_policies(world):
    """(kind, document) of every policy in a world."""
    for account in world.get("Accounts", []) if isinstance(world, dict) else []:
        details = account.get("AuthorizationDetails", {})
        for u in details.get("UserDetailList", []):
            for p in u.get("UserPolicyList", []):
                yield "identity", p.get("PolicyDocument")
        for g in details.get("GroupDetailList", []):
            for p in g.get("GroupPolicyList", []):
                yield "identity", p.get("PolicyDocument")
        for r in details.get("RoleDetailList", []):
            yield "trust", r.get("AssumeRolePolicyDocument")
            for p in r.get("RolePolicyList", []):
                yield "identity", p.get("PolicyDocument")
        for m in details.get("Policies", []):
            for v in m.get("PolicyVersionList", []):
                yield "identity", v.get("Document")
        for kind in ("SCP", "RCP"):
            for d in account.get("Policies", {}).get(kind, []):
                yield kind.lower(), d


def seeds():
    """{target: [bytes]}"""
    out = {t: [] for t in TARGETS}
    policy = lambda kind, doc: out["policy_validate"].append(bytes([KINDS.index(kind)]) + text_of(doc).encode())
    for _, case in cases():
        call, inp = case.get("call"), case.get("input")
        if call == "validatePolicy" and isinstance(inp, dict) and "policy" in inp:
            kind = (inp.get("options") or {}).get("kind") or "identity"
            if kind in KINDS:
                policy(kind, inp["policy"])
        elif call == "simulate" and isinstance(inp, dict):
            out["simulate"].append(json.dumps(inp).encode())
            for layer, docs in (inp.get("policies") or {}).items():
                flat = [d for level in docs for d in (level if isinstance(level, list) else [level])] if isinstance(docs, list) else []
                for d in flat:
                    policy({"identity": "identity", "resource": "resource", "boundary": "boundary", "session": "session", "scp": "scp", "rcp": "rcp"}.get(layer, "identity"), d)
        elif call == "sim" and isinstance(inp, dict):
            out["world_load"].append(json.dumps(inp).encode())
            for kind, d in world_policies(inp.get("world") or {}):
                if d is not None:
                    policy(kind, d)
            for account in (inp.get("world") or {}).get("Accounts", []):
                for p in account.get("OpenIDConnectProviders", []):
                    if "Jwks" in p:
                        out["jwt"].append(b"\x00" + json.dumps(p["Jwks"]).encode())
                for p in account.get("SAMLProviders", []):
                    if "SAMLMetadataDocument" in p:
                        out["saml"].append(b"\x00" + p["SAMLMetadataDocument"].encode())
            for step in inp.get("steps", []):
                params = (step.get("call") or {}).get("params") if isinstance(step, dict) else None
                if not isinstance(params, dict):
                    continue
                if isinstance(params.get("WebIdentityToken"), str):
                    out["jwt"].append(b"\x00" + params["WebIdentityToken"].encode())
                if isinstance(params.get("SAMLAssertion"), str):
                    out["saml"].append(b"\x01" + params["SAMLAssertion"].encode())
                if isinstance(params.get("Policy"), str):
                    policy("session", params["Policy"])
                caller = (step.get("call") or {}).get("caller")
                if isinstance(caller, dict) and isinstance(caller.get("SessionToken"), str):
                    out["session_token"].append(b"\x00" + caller["SessionToken"].encode())
        elif call == "analyzeTrust" and isinstance(inp, dict):
            if inp.get("trustPolicy") is not None:
                policy("trust", inp["trustPolicy"])
            for kind, d in world_policies(inp.get("world") or {}):
                if d is not None:
                    policy(kind, d)
    return out


def write_seeds():
    total = 0
    for target, items in seeds().items():
        d = FUZZ / "corpus" / target
        d.mkdir(parents=True, exist_ok=True)
        for data in items:
            f = d / f"seed-{hashlib.sha1(data).hexdigest()}"
            if not f.exists():
                f.write_bytes(data)
                total += 1
    return total


# ---------------------------------------------------------------------------------------------
# Running.


def parse(log):
    """(executions, exec/s, crash) from a libFuzzer log."""
    execs = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    rate = re.search(r"stat::average_exec_per_sec:\s*(\d+)", log)
    if execs:
        n = int(execs.group(1))
    else:
        # A crash ends the run before the final stats: the last status line, or "Done N runs".
        done = re.findall(r"Done (\d+) runs", log) or re.findall(r"^#(\d+)\s", log, re.M)
        n = int(done[-1]) if done else 0
    per_sec = int(rate.group(1)) if rate else None
    artifact = re.search(r"Test unit written to (\S+)", log)
    crash = None
    if artifact:
        why = re.search(r"panicked at ([^\n]+)\n([^\n]*)", log)
        kind = re.search(r"==\d+== ERROR: libFuzzer: ([^\n]+)", log) or re.search(r"ERROR: libFuzzer: ([^\n]+)", log)
        crash = {
            "artifact": os.path.relpath(artifact.group(1), ROOT),
            "kind": kind.group(1).strip() if kind else "crash",
            "panic": f"{why.group(1)} {why.group(2)}".strip() if why else "",
        }
    return n, per_sec, crash


def fuzz_one(target, seconds):
    corpus = FUZZ / "corpus" / target
    corpus.mkdir(parents=True, exist_ok=True)
    dicts = FUZZ / "dicts" / f"{DICTS.get(target, target)}.dict"
    args = [
        "nice", "-n", "10", "cargo", "+nightly", "fuzz", "run", target, *BUILD_FLAGS, "--",
        f"-max_total_time={seconds}", f"-timeout={TIMEOUT}", f"-rss_limit_mb={RSS_MB}", "-print_final_stats=1",
    ]
    if dicts.exists():
        args.append(f"-dict={dicts}")
    say(f"fuzzing {target} for {seconds} s")
    log_dir = ROOT / "target" / "fuzz-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CARGO_BUILD_JOBS": JOBS})
    log = proc.stdout + proc.stderr
    (log_dir / f"{target}.log").write_text(log)
    n, per_sec, crash = parse(log)
    if per_sec is None:
        per_sec = round(n / seconds) if seconds else 0
    if proc.returncode != 0 and crash is None:
        crash = {"artifact": "", "kind": f"exit status {proc.returncode}", "panic": log.strip().splitlines()[-1] if log.strip() else ""}
    return {"target": target, "seconds": seconds, "executions": n, "per_sec": per_sec, "crash": crash}


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def write_report(results, seconds):
    fixed = json.loads((FUZZ / "fixed.json").read_text()) if (FUZZ / "fixed.json").exists() else []
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "unknown CPU") if Path("/proc/cpuinfo").exists() else "unknown CPU"
    nightly = subprocess.run(["rustc", "+nightly", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Fuzzing",
        "",
        "Written by `./x fuzz` (scripts/fuzz.py); the figures below are from its last run. Targets are in",
        "`fuzz/fuzz_targets/` (cargo-fuzz, libFuzzer), their input grammars in `fuzz/src/`.",
        "",
        f"- date: {date}",
        f"- commit: {commit}{dirty}",
        f"- machine: {cpu}, {os.cpu_count()} cores (shared; targets run one at a time, niced)",
        f"- toolchain: {nightly}; built with `cargo fuzz build -s none -a` (debug assertions and overflow checks, no sanitizer)",
        f"- limits: {TIMEOUT} s per input (longer is a hang), {RSS_MB} MB memory",
        "",
        "| target | what it feeds | seconds | executions | exec/s | crashes found | crashes fixed (regression case) |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in results:
        t = r["target"]
        mine = [f for f in fixed if f["target"] == t and not f["kind"].startswith("slow")]
        fixed_text = "; ".join(f"{f['kind'].split(' (')[0]} → `{f['regression'].split(' ')[0]}`" for f in mine) or "—"
        found = 1 if r["crash"] else 0
        lines.append(f"| `{t}` | {DESCRIPTIONS[t]} | {r['seconds']} | {r['executions']:,} | {r['per_sec']:,} | {found} | {fixed_text} |")
    lines += [""]
    open_crashes = [r for r in results if r["crash"]]
    if open_crashes:
        lines += ["## Crashes of this run (not fixed yet)", ""]
        for r in open_crashes:
            c = r["crash"]
            lines.append(f"- `{r['target']}`: {c['kind']} {c['panic']} — input `{c['artifact']}` (replay: `cargo +nightly fuzz run {r['target']} {c['artifact']}`)")
        lines.append("")
    lines += [
        "“Crashes found” counts this run: libFuzzer stops a target at its first crash. “Crashes fixed” lists",
        "what the fuzzers found during development (panics, overflows, hangs), each fixed in `src/` with a",
        "regression test that `./x test rust` runs; the details, and what else fuzzing turned up, follow",
        "(from `fuzz/fixed.json`).",
        "",
        "## Found and fixed",
        "",
    ]
    for f in fixed:
        lines += [
            f"- **`{f['target']}`: {f['kind']}.** {f['summary']}.",
            f"  Found by: {f['found']}. Fix: {f['fix']}. Regression: {f['regression']}",
        ]
    lines += [
        "",
        "## Running",
        "",
        "```sh",
        "./x fuzz                 # every target, 60 s each, then this file",
        "./x fuzz 600             # longer: 10 minutes per target",
        "./x fuzz 3600 wire jwt   # some targets only",
        "```",
        "",
        "Longer or unattended, straight through cargo-fuzz (needs nightly; the corpus under",
        "`fuzz/corpus/<target>` carries over between runs):",
        "",
        "```sh",
        "cargo +nightly fuzz run saml -s none -a -- -max_total_time=86400 -timeout=10",
        "cargo +nightly fuzz run saml -s none -a fuzz/artifacts/saml/crash-…   # replay one input",
        "cargo +nightly fuzz tmin saml -s none -a fuzz/artifacts/saml/crash-…  # shrink it",
        "```",
        "",
        "Every structured target also reads raw input (a first byte or `{` picks it), which is what the",
        "seeds from `tests/cases` use. `STS_SIM_FUZZ_TRACE=1 fuzz/target/x86_64-unknown-linux-gnu/release/<target>",
        "fuzz/corpus/<target> -runs=0` prints what each corpus input reached (how far past validation).",
        "",
    ]
    (ROOT / "FUZZING.md").write_text("\n".join(lines))


DESCRIPTIONS = {
    "policy_validate": "policy text (every policy in tests/cases as seeds), each policy kind: parse, validate, `validatePolicy`, evaluate",
    "simulate": "policy sets and requests from the policy grammar (statements, principals, operators with qualifiers, condition keys and values, contexts); `simulate` vs `decide` must agree, and the in-place request readers (JSON text, packed fields) vs serde",
    "world_load": "worlds from the world grammar (accounts, users, groups, roles, managed policies, keys, MFA, OIDC/SAML providers, organizations with SCPs/RCPs) and STS scenarios on them; `analyzeTrust`",
    "wire": "HTTP requests: Query-protocol parameters from the STS model, hosts, headers, SigV4 header or presigned signatures (valid, skewed, altered)",
    "session_token": "session tokens: raw, real ones with a byte changed, and forged with the world key holding arbitrary claims, then used",
    "jwt": "web identity tokens: raw, and headers + claims signed with the fixture providers' keys (then altered); AssumeRoleWithWebIdentity",
    "saml": "SAML responses: raw XML, a Response/Assertion grammar signed with the provider key (signature-wrapping shapes), minted responses; AssumeRoleWithSAML",
}


def main(argv):
    seconds = 60
    targets = []
    for a in argv:
        if a.isdigit():
            seconds = int(a)
        elif a in TARGETS:
            targets.append(a)
        else:
            print(f"usage: ./x fuzz [seconds] [{'|'.join(TARGETS)}]…", file=sys.stderr)
            return 2
    targets = targets or TARGETS
    ensure_tools()
    say(f"seeding corpora from tests/cases ({write_seeds()} new seed files)")
    say("building the fuzz targets (cargo fuzz build -s none -a)")
    run("nice", "-n", "10", "cargo", "+nightly", "fuzz", "build", *BUILD_FLAGS, check=True, env={**os.environ, "CARGO_BUILD_JOBS": JOBS})
    results = [fuzz_one(t, seconds) for t in targets]
    print()
    say("summary")
    print(f"{'target':<16}{'seconds':>8}{'executions':>14}{'exec/s':>10}  crashes")
    for r in results:
        c = r["crash"]
        print(f"{r['target']:<16}{r['seconds']:>8}{r['executions']:>14,}{r['per_sec']:>10,}  {1 if c else 0}" + (f"  {c['kind']} {c['panic']} ({c['artifact']})" if c else ""))
    total = sum(r["executions"] for r in results)
    crashed = sum(1 for r in results if r["crash"])
    print(f"total: {total:,} executions, {crashed} crash(es)")
    if set(targets) == set(TARGETS):
        write_report(results, seconds)
        say("wrote FUZZING.md")
    else:
        print("(FUZZING.md is written by a run of every target)")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

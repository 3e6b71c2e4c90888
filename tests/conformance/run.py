#!/usr/bin/env python
"""Run Theano 1.0.5's and Lasagne 0.1's own test files against our installed `theano`.

    python tests/conformance/run.py                 # full run: every listed file, rewrites ledger.json
    python tests/conformance/run.py --gate          # fast subset, exit 1 if a file's passes drop below the ledger
    python tests/conformance/run.py --files test_var test_casting   # some files (substring match), ledger updated
    python tests/conformance/run.py --write-docs    # regenerate docs/compatibility.md from the ledger (no run)
    python tests/conformance/run.py --inventory --python /path/to/theano-1.0.5/bin/python
                                                    # re-collect inventory.json with the real Theano 1.0.5
    python tests/conformance/run.py --flags floatX=float32 --files test_basic --results /tmp/f32.json
                                                    # the files under THEANO_FLAGS (never writes the ledger)

The sdists are downloaded once with pip into $THEANO_XLA_CONFORMANCE_CACHE (default
~/.cache/theano-xla-conformance); see docs/conformance.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import conformance_harness as H  # noqa: E402
import conformance_inventory as I  # noqa: E402
import conformance_ledger as L  # noqa: E402

LEDGER = H.HERE / "ledger.json"
DOCS = H.REPO / "docs" / "compatibility.md"
COMMAND = "python tests/conformance/run.py"
KNOWN_DIFFERENCES = H.HERE.parent / "oracle" / "known_differences.json"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gate", action="store_true", help="run the fast subset and fail on a pass-count regression")
    p.add_argument("--suite", choices=("theano", "lasagne", "all"), default="all")
    p.add_argument("--files", nargs="+", metavar="PART", help="only files whose path contains one of these")
    p.add_argument("--write-docs", action="store_true", help="write docs/compatibility.md from the ledger and exit")
    p.add_argument("--jobs", "-j", type=int, default=max(1, min(os.cpu_count() or 1, 8)),
                   help="test files run in parallel (default: CPU count, at most 8)")
    p.add_argument("--timeout", type=float, default=120, help="per-test timeout in seconds (pytest-timeout)")
    p.add_argument("--file-timeout", type=float, default=1800,
                   help="wall-clock limit of one file's run; the tests it did not report count as errors")
    p.add_argument("--python", default=sys.executable, help="interpreter whose installed theano is tested")
    p.add_argument("--cache", help="cache folder (default $THEANO_XLA_CONFORMANCE_CACHE or ~/.cache/...)")
    p.add_argument("--no-ledger", action="store_true", help="do not rewrite ledger.json")
    p.add_argument("--flags", metavar="THEANO_FLAGS",
                   help="run every file with THEANO_FLAGS set to this (e.g. floatX=float32); such a run never "
                        "writes the ledger, and its logs go to logs/flags-<flags>")
    p.add_argument("--results", metavar="PATH",
                   help="also write each file's entry (counts, passed test ids, top failures) as JSON to PATH")
    p.add_argument("--log-dir", metavar="DIR", help="where the per-file logs go (default <cache>/logs/latest)")
    p.add_argument("--update-ledger", action="store_true", help="with --gate: also record the new counts")
    p.add_argument("--strict-imports", action="store_true",
                   help="no missing-name placeholders: a file whose imports fail counts as one error")
    p.add_argument("--no-install", action="store_true", help="do not pip-install missing test dependencies")
    p.add_argument("--allow-offline", action="store_true",
                   help="exit 0 (with a warning) when the sdists cannot be downloaded")
    p.add_argument("--fresh-processes", action="store_true",
                   help="start every file's pytest in a fresh interpreter (default: fork it from a server that "
                        "imported jax and theano once, see conformance_forkserver.py)")
    p.add_argument("--keep-scratch", action="store_true", help="keep the scratch folder (path is printed)")
    p.add_argument("--list", action="store_true", help="list the files and exclusions, run nothing")
    p.add_argument("--inventory", action="store_true",
                   help="collect the test ids of the selected files with --python (the real Theano 1.0.5's "
                        "interpreter, with pytest) into inventory.json; runs no test")
    p.add_argument("pytest_args", nargs="*", help="extra pytest arguments after --, e.g. -- -k test_sum")
    return p.parse_args(argv)


def _selected(suites: dict[str, Any], args: argparse.Namespace) -> list[tuple[str, str]]:
    names = ("theano", "lasagne") if args.suite == "all" else (args.suite,)
    files = [(s, f) for s in names for f in suites[s]]
    if args.gate:
        gate = set(suites.get("gate", []))
        files = [(s, f) for s, f in files if f in gate]
    if args.files:
        files = [(s, f) for s, f in files if any(part in f for part in args.files)]
    return files


def _apply_flags(args: argparse.Namespace, environ: Any) -> bool:
    """--flags: THEANO_FLAGS for the fork servers and every file's process (run_environment copies `environ`),
    and no ledger write (the ledger holds the default-flags counts); False when --update-ledger asks for one."""
    if args.flags is None:
        return True
    if args.update_ledger:
        return False
    environ["THEANO_FLAGS"] = args.flags
    args.no_ledger = True
    return True


def _slug(text: str) -> str:
    """A folder-name form of a THEANO_FLAGS string."""
    import re

    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", text).replace("=", "-") or "none"


def _environment(python: str) -> dict[str, str]:
    code = ("import sys, numpy, jax, pytest, theano; print(sys.version.split()[0], numpy.__version__, "
            "jax.__version__, pytest.__version__, theano.__version__)")
    res = subprocess.run([python, "-c", code], capture_output=True, text=True)
    if res.returncode != 0:
        return {}
    py, np_, jax_, pt, th = res.stdout.split()
    return {"python": py, "numpy": np_, "jax": jax_, "pytest": pt, "theano": th, "platform": platform.system()}


def _commit() -> str:
    """The commit the run measured: HEAD, with "+changes" when the work tree differs from it."""
    def git(*a: str) -> str:
        res = subprocess.run(["git", *a], cwd=H.REPO, capture_output=True, text=True)
        return res.stdout.strip() if res.returncode == 0 else ""
    head = git("rev-parse", "--short=12", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def render_page(ledger: dict[str, Any]) -> str:
    """docs/compatibility.md as the generator makes it from `ledger` and the committed data files."""
    known = H.load_json(KNOWN_DIFFERENCES).get("differences", []) if KNOWN_DIFFERENCES.exists() else []
    return L.compatibility_markdown(ledger, H.load_json(H.EXCLUSIONS_FILE), COMMAND, H.load_json(H.PATCHES_FILE),
                                    H.load_json(H.SUITES_FILE).get("families"), known, _config_flag_rows())


def _config_flag_rows() -> list[tuple[str, str, str]]:
    """(name, status, where used or why ignored) for every built-in config flag, from frontend/config_flags.py."""
    from theano.frontend.config_flags import _FLAGS

    return [(f.name, f.status, f.ignored or f.used or "") for f in sorted(_FLAGS, key=lambda f: f.name.lower())]


def _write_docs(ledger: dict[str, Any], exclusions: dict[str, Any]) -> None:
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(render_page(ledger))
    print(f"== wrote {DOCS.relative_to(H.REPO)}")


def main(argv: list[str] | None = None) -> int:
    """The runner; returns the process exit status."""
    args = _parse(argv)
    suites = H.load_json(H.SUITES_FILE)
    exclusions = H.load_json(H.EXCLUSIONS_FILE)
    ledger = L.load_ledger(LEDGER)
    if args.write_docs:
        _write_docs(ledger, exclusions)
        return 0
    selected = _selected(suites, args)
    if args.list:
        for suite, f in selected:
            why = exclusions["files"].get(f)
            print(f"{suite:8} {f}" + (f"   [excluded: {why}]" if why else ""))
        return 0
    if not selected:
        print("no test files selected", file=sys.stderr)
        return 2

    if not _apply_flags(args, os.environ):
        print("--flags never writes the ledger: drop --update-ledger", file=sys.stderr)
        return 2
    cache = H.cache_dir(args.cache)
    missing = H.ensure_test_dependencies(args.python, install=not (args.no_install or args.inventory))
    if missing:
        print(f"missing test dependencies: {' '.join(missing)} (pip install them or drop --no-install)",
              file=sys.stderr)
        return 2
    sources: dict[str, Path] = {}
    try:
        for suite in sorted({s for s, _ in selected}):
            meta = suites["sdists"][suite]
            sources[suite] = H.ensure_sdist(cache, meta["project"], meta["version"], meta["sha256"], args.python)
    except H.SdistError as e:
        print(f"cannot get the original sdists: {e}", file=sys.stderr)
        return 0 if args.allow_offline else 2

    scratch_path = cache / "scratch" / f"run-{os.getpid()}-{int(time.time())}"
    scratch = H.build_scratch(scratch_path, sources)
    if args.inventory:
        return _inventory(scratch, [sf for sf in selected if sf[1] not in exclusions["files"]], args)
    inventory = I.load()
    log_dir = Path(args.log_dir) if args.log_dir else cache / "logs" / (
        ("flags-" + _slug(args.flags)) if args.flags is not None else "gate" if args.gate else "latest")
    results: dict[str, dict[str, Any]] = {}
    baseline = ledger.get("files", {})
    order = sorted(selected, key=lambda sf: -float(baseline.get(sf[1], {}).get("duration_s", 1e9)))

    servers = _ForkServers(args.python, scratch, enabled=not args.fresh_processes)

    def one(sf: tuple[str, str]) -> tuple[str, dict[str, Any]]:
        suite, f = sf
        if f in exclusions["files"]:
            return f, L.excluded_file_entry(suite, exclusions["files"][f])
        rules = exclusions["tests"].get(f, [])
        drops = {k: {d["name"]: d["reason"] for d in v} for k, v in exclusions["drop"].items()}
        res = H.run_file(scratch, suite, f, python=args.python, exclude=rules, drops=drops,
                         test_timeout=args.timeout, file_timeout=args.file_timeout,
                         guard_imports=not args.strict_imports, log_dir=log_dir, extra_args=args.pytest_args,
                         server=servers.get())
        accounted = I.account(res.report, inventory.get(f), rules, drops.get(f, {})) \
            if f in inventory and not args.pytest_args else None
        entry = L.ledger_entry(suite, res.status, res.report, res.wall_s, accounted)
        c = entry
        print(f"   {f}: {c['passed']} passed, {c['failed']} failed, {c['errors']} errors, "
              f"{c['skipped']} skipped, {c['excluded']} excluded [{res.status}, {res.wall_s:.0f}s]"
              + (f" ({c['not_reported']} inventory tests not reported)" if c.get("not_reported") else ""), flush=True)
        return f, entry

    start = time.time()
    print(f"== running {len(order)} test files, {args.jobs} at a time (logs: {log_dir})", flush=True)
    try:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for f, entry in pool.map(one, order):
                results[f] = entry
    finally:
        servers.close()
    print(f"== done in {time.time() - start:.0f}s\n")
    if args.results:
        Path(args.results).write_text(__import__("json").dumps(
            {"flags": args.flags, "python": args.python, "files": results}, indent=1, sort_keys=True) + "\n")
        print(f"== wrote {args.results}")
    print(L.format_table(results, baseline))

    status = 0
    if args.gate:
        dropped = L.regressions(baseline, results)
        if dropped:
            print("\nconformance gate FAILED: tests that pass in tests/conformance/ledger.json do not pass now:")
            for f, before, now, lost in dropped:
                print(f"  {f}: {before} -> {now} passed (see {log_dir / (f.replace('/', '__') + '.log')})")
                for nid in lost[:20]:
                    print(f"      no longer passes: {nid}")
                if len(lost) > 20:
                    print(f"      ... and {len(lost) - 20} more")
            status = 1
        else:
            print("\nconformance gate passed: every test that passes in the ledger still passes")
    if (not args.gate and not args.no_ledger) or (args.gate and args.update_ledger):
        ledger.setdefault("files", {}).update(results)
        ledger["environment"] = {**_environment(args.python), "commit": _commit()}
        ledger["sources"] = {s: f"{m['project']}-{m['version']}" for s, m in suites["sdists"].items()}
        L.save_ledger(LEDGER, ledger)
        print(f"== updated {LEDGER.relative_to(H.REPO)}")
        _write_docs(ledger, exclusions)  # the page always says what the ledger says (a test checks it)
    if args.keep_scratch:
        print(f"== scratch kept at {scratch.path}")
    else:
        import shutil
        shutil.rmtree(scratch.path, ignore_errors=True)
    return status


class _ForkServers:
    """One fork server per worker thread, started on its first file; None (plain processes) where fork is
    unavailable, disabled, or the server cannot start (said once)."""

    def __init__(self, python: str, scratch: H.Scratch, enabled: bool) -> None:
        self.python, self.scratch = python, scratch
        self.enabled = enabled and hasattr(os, "fork")
        self.local = threading.local()
        self.started: list[Any] = []
        self.lock = threading.Lock()

    def get(self) -> Any:
        if not self.enabled:
            return None
        if not hasattr(self.local, "server"):
            from conformance_forkserver import ForkServer

            env = H.run_environment(self.scratch, self.scratch.path / "reports" / "forkserver.json")
            try:
                self.local.server = ForkServer(self.python, env)
                with self.lock:
                    self.started.append(self.local.server)
            except RuntimeError as e:
                with self.lock:
                    if self.enabled:
                        print(f"== fork server unavailable ({e}); running each file in a fresh interpreter", flush=True)
                    self.enabled = False
                self.local.server = None
        return self.local.server

    def close(self) -> None:
        for server in self.started:
            server.close()


def _inventory(scratch: H.Scratch, selected: list[tuple[str, str]], args: argparse.Namespace) -> int:
    """--inventory: collect the selected files' test ids with the reference interpreter; merge into inventory.json."""
    print(f"== collecting {len(selected)} files with {args.python}", flush=True)
    new = I.build(selected, scratch, args.python, args.jobs)
    old = H.load_json(I.INVENTORY_FILE) if I.INVENTORY_FILE.exists() else {"files": {}}
    new["files"] = dict(sorted({**old.get("files", {}), **new["files"]}.items()))
    I.INVENTORY_FILE.write_text(__import__("json").dumps(new, indent=1, sort_keys=True) + "\n")
    print(f"== wrote {I.INVENTORY_FILE.relative_to(H.REPO)}")
    if not args.keep_scratch:
        import shutil
        shutil.rmtree(scratch.path, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

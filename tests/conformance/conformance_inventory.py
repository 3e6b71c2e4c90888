"""The inventory: which tests each in-scope file has, so that no test can drop out of the denominator.

The ids are collected once with the *real* Theano 1.0.5 (`run.py --inventory --python <its interpreter>`,
`pytest --collect-only` through the same scratch folder, conftest shims and patches as a run, so the ids are
the ones our runs report) and committed as `inventory.json`. Where the real Theano cannot collect a file (an
import error, a module-level skip), the ids come from a static reading of the file (test functions, and test
methods of the classes pytest collects) and the entry says so.

`account` reconciles one file's run against its inventory: every inventory test that the run neither
reported nor excluded counts as an error (a file that fails to collect, or crashes half-way, cannot shrink
the count); tests the run reports that the inventory lacks count as they ran.
"""
from __future__ import annotations

import ast
import fnmatch
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import conformance_harness as H

INVENTORY_FILE = H.HERE / "inventory.json"
_ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
_ITEM = re.compile(r"^(suites/\S+?\.py)::(.+)$")


def local_id(nodeid: str) -> str:
    """The id inside its file (`Class::test_x[3]`), memory addresses blanked as in the ledger."""
    return _ADDRESS.sub("0x?", nodeid.split("::", 1)[1] if "::" in nodeid else nodeid)


def base_of(local: str) -> str:
    """The test a (generated or parametrized) id belongs to: `Class::test_x[3]` -> `Class::test_x`."""
    return local.split("[", 1)[0]


# ------------------------------------------------------------------------------------- collection

def collect_file(scratch: H.Scratch, suite: str, rel: str, python: str, file_timeout: float = 600) -> dict[str, Any]:
    """Collect one file's test ids with `python` (the real Theano's interpreter); static ids if that fails."""
    target = scratch.test_path(suite, rel)
    report = scratch.path / "reports" / ("inventory__" + rel.replace("/", "__") + ".json")
    report.parent.mkdir(parents=True, exist_ok=True)
    env = H.run_environment(scratch, report, guard_imports=False)
    cmd = [python, "-m", "pytest", str(target), "-c", str(scratch.path / "pytest.ini"), "--rootdir",
           str(scratch.path), "--confcutdir", str(scratch.path), "--collect-only", "-q", "-p", "no:randomly"]
    try:
        res = subprocess.run(cmd, cwd=scratch.path, env=env, capture_output=True, text=True, timeout=file_timeout)
        out, code = res.stdout + res.stderr, res.returncode
    except subprocess.TimeoutExpired:
        out, code = "", -1
    ids = sorted({local_id(ln.strip()) for ln in out.splitlines() if _ITEM.match(ln.strip())})
    errors = [ln.strip() for ln in out.splitlines() if ln.startswith("ERROR ")]
    if ids and code in (0, 1, 2):   # 2: some collectors failed; their ids are added statically below
        static = static_ids(target)
        have = {base_of(i) for i in ids}
        failed = {base_of(local_id(e.split(" ", 1)[1].split(" - ")[0])) for e in errors if "::" in e}
        extra = sorted(i for i in static if base_of(i) in failed and base_of(i) not in have)
        return {"method": "collected", "tests": sorted(ids + extra)}
    tail = [ln for ln in out.strip().splitlines() if ln.strip()][-1:] or [f"exit {code}"]
    why = tail[0][:200] if errors else "the module skipped itself (an optional package it needs is missing)"
    return {"method": "static", "why": f"the real Theano 1.0.5 collected no test: {why}",
            "tests": static_ids(target)}


def static_ids(path: Path) -> list[str]:
    """Test ids read from the source: `test*` functions, and `test*` methods (own and inherited from classes
    of the same file) of the classes pytest collects (`Test*`/`test*` names, or unittest.TestCase subclasses)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    ids = [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
           and n.name.startswith("test")]
    for name, node in classes.items():
        methods: set[str] = set()
        is_case, stack, seen = False, [node], set()
        while stack:                       # the class and its in-file bases, iteratively
            c = stack.pop()
            if c.name in seen:
                continue
            seen.add(c.name)
            methods |= {b.name for b in c.body if isinstance(b, (ast.FunctionDef, ast.AsyncFunctionDef))
                        and b.name.startswith("test")}
            for b in c.bases:
                bname = b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "")
                is_case = is_case or bname.endswith("TestCase")
                if bname in classes:
                    stack.append(classes[bname])
        if name.startswith(("Test", "test")) or is_case:
            ids += [f"{name}::{m}" for m in sorted(methods)]
    return sorted(set(ids))


def build(files: Iterable[tuple[str, str]], scratch: H.Scratch, python: str, jobs: int = 2) -> dict[str, Any]:
    """The inventory of `files` ((suite, path) pairs), collected with the real Theano's `python`."""
    from concurrent.futures import ThreadPoolExecutor
    files = list(files)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        entries = list(pool.map(lambda sf: collect_file(scratch, sf[0], sf[1], python), files))
    for (_, f), e in zip(files, entries):
        print(f"   {f}: {len(e['tests'])} tests ({e['method']})", flush=True)
    version = subprocess.run([python, "-c", "import theano, pytest, sys; print(theano.__version__, pytest.__version__,"
                              " sys.version.split()[0])"], capture_output=True, text=True, cwd="/").stdout.split()
    return {"_comment": "Test ids of each in-scope file, collected with the real Theano 1.0.5 by "
                        "`python tests/conformance/run.py --inventory --python <its interpreter>`; 'static' entries "
                        "were read from the source because it could not collect them. Do not edit by hand.",
            "collected_with": dict(zip(("theano", "pytest", "python"), version)),
            "files": {f: e for (_, f), e in sorted(zip(files, entries), key=lambda p: p[0][1])}}


def load(path: Path = INVENTORY_FILE) -> dict[str, Any]:
    """The committed inventory (file -> entry), or an empty one."""
    return H.load_json(path).get("files", {}) if path.exists() else {}


# -------------------------------------------------------------------------------------- accounting

def account(report: dict[str, Any], inventory: dict[str, Any] | None, rules: list[dict[str, str]],
            drops: Iterable[str] = ()) -> dict[str, Any]:
    """Counts of one file's run reconciled with its inventory entry.

    Inventory tests excluded by a rule (pattern or dropped definition) stay excluded; of the others, each one
    the run did not report counts as an error, or as skipped where the whole module skipped. Tests are matched
    per test (ids with their `[...]` suffix removed, by count); what is left unmatched is then matched by count
    within its class (or the module), since generated names can differ between Theano's run and ours
    (`parameterized` versions name expanded tests differently).
    """
    counts = {k: int(report.get(k, 0)) for k in ("passed", "failed", "errors", "skipped", "excluded")}
    if not inventory:
        return {**counts, "not_reported": [], "method": None}
    drops = set(drops)

    def ruled(local: str) -> bool:
        return local.split("::", 1)[0] in drops or any(fnmatch.fnmatchcase(local, r["pattern"]) for r in rules)

    ran = [local_id(n) for n in report.get("outcomes", {})]
    excluded = (local_id(n) for n in report.get("excluded_tests", {}) if "::" in n)
    seen = ran + [x for x in excluded if x.split("::", 1)[0] not in drops]
    expected = [t for t in inventory["tests"] if t.split("::", 1)[0] not in drops]
    missing = [t for t in _unmatched(expected, seen) if not ruled(t)]
    expected = [t for t in expected if not ruled(t)]
    if not ran and not report.get("excluded_tests"):
        counts["excluded"] = len(inventory["tests"]) - len(expected)
    if missing:
        skipped_module = bool(report.get("module_skips")) and not ran
        kind = "skipped" if skipped_module else "errors"
        # a collector that failed (or a module that skipped) stands for the tests it hid: counted per test instead
        hidden = "module_skips" if skipped_module else "collection_errors"
        counts[kind] -= sum(1 for key in report.get(hidden, {}) if _covers(key, missing))
        counts[kind] += len(missing)
    return {**counts, "not_reported": missing, "method": inventory.get("method", "collected")}


def _container(local: str) -> str:
    base = base_of(local)
    return base.rsplit("::", 1)[0] if "::" in base else ""


def _unmatched(expected: list[str], seen: list[str]) -> list[str]:
    """The `expected` ids that `seen` does not account for: by test, then by count within each class."""
    have = Counter(base_of(t) for t in seen)
    want: Counter[str] = Counter()
    left: dict[str, list[str]] = {}
    for t in expected:
        b = base_of(t)
        want[b] += 1
        if want[b] > have[b]:
            left.setdefault(_container(t), []).append(t)
    spare: Counter[str] = Counter()          # tests we report that the inventory has no such test for
    for b, n in have.items():
        if n > want[b]:
            spare[_container(b)] += n - want[b]
    return [t for c, ids in left.items() for t in ids[spare[c]:]]


def _covers(collector: str, missing: list[str]) -> bool:
    """Whether the collector `collector` (a node id) holds one of the `missing` tests."""
    if "::" not in collector:
        return True                        # the module itself
    loc = local_id(collector)
    return any(m == loc or m.startswith(loc + "::") or base_of(m) == loc for m in missing)


if __name__ == "__main__":  # pragma: no cover - convenience: print a file's static ids
    for p in sys.argv[1:]:
        print("\n".join(static_ids(Path(p))))

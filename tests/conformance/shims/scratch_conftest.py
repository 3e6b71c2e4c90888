"""conftest.py injected into a conformance scratch folder (copied there by tests/conformance/run.py).

Adapts nose-era test files to pytest >= 8 without touching what they assert:

- installs the shims of conformance_shims (numpy aliases, numpy.testing.dec, imp, mock, suite finder,
  missing-name placeholders);
- imports each copied test file under its original dotted name (`theano.tensor.tests.test_basic`), so
  test files that import each other share one module;
- `yield_tests`: a generator test function or method becomes one test item per yielded check
  (`test_x[0]`, `test_x[1]`, ...), as nose ran them;
- `nose_setup`: nose-style `setup`/`teardown` of plain classes and modules are called;
- `exclusions`: tests listed in exclusions.json are deselected and reported as excluded (with the reason);
  definitions listed under "drop" are removed before the file runs (see conformance_shims.drop_definitions);
- `report`: every outcome is written as JSON to $CONFORMANCE_REPORT for the ledger.

Configuration comes from environment variables set by the runner: CONFORMANCE_ROOTS (JSON: top-level
name -> folder of the copied tree), CONFORMANCE_EXCLUDE (JSON list of {"pattern", "reason"}),
CONFORMANCE_DROPS (JSON: file -> {definition: reason}), CONFORMANCE_REPORT (output path),
CONFORMANCE_GUARD_IMPORTS ("0" disables the placeholders).
"""
from __future__ import annotations

import fnmatch
import importlib
import inspect
import json
import os
import re
import sys
import time
import traceback
import unittest
from collections import Counter
from typing import Any

import pytest

import conformance_shims

_ROOTS: dict[str, str] = json.loads(os.environ.get("CONFORMANCE_ROOTS", "{}"))
_GUARD = os.environ.get("CONFORMANCE_GUARD_IMPORTS", "1") != "0"
SHIMS_INSTALLED = conformance_shims.install(_ROOTS, guard_imports=_GUARD,
                                            drops=json.loads(os.environ.get("CONFORMANCE_DROPS", "{}")))
FINDER = conformance_shims._FINDER

_EXCLUDE: list[dict[str, str]] = json.loads(os.environ.get("CONFORMANCE_EXCLUDE", "[]"))
_REPORT_PATH = os.environ.get("CONFORMANCE_REPORT")

_outcomes: dict[str, str] = {}          # nodeid -> passed / failed / error / skipped
_messages: dict[str, str] = {}          # nodeid -> first line of the failure or skip reason
_excluded: dict[str, str] = {}          # nodeid -> reason
_collect_errors: dict[str, str] = {}    # collector nodeid -> message
_module_skips: dict[str, str] = {}      # collector nodeid -> reason (module raised SkipTest at import)
_modules_under_test: set[str] = set()   # dotted names of the collected test files
_started = time.time()
_last_write = [0.0]


# ------------------------------------------------------------------------------ module import by name

class SuiteModule(pytest.Module):
    """A copied test file, imported under its original dotted name through the suite finder."""

    def _getobj(self) -> Any:
        name = FINDER.module_name_for(str(self.path)) if FINDER else None
        if name is None:
            return super()._getobj()
        _modules_under_test.add(name)
        try:
            return importlib.import_module(name)
        except ImportError as e:
            tb = "".join(traceback.format_exception(type(e), e, e.__traceback__, limit=-6))
            raise self.CollectError(f"ImportError while importing test module {name!r}:\n{tb}") from e


def pytest_configure(config: pytest.Config) -> None:
    if FINDER is not None:
        FINDER.pytest_config = config


def pytest_pycollect_makemodule(module_path: Any, parent: Any) -> Any:
    if FINDER is not None and FINDER.module_name_for(str(module_path)) is not None:
        return SuiteModule.from_parent(parent, path=module_path)
    return None


# ------------------------------------------------------------------------------------- yield tests

class _GenerationError(pytest.Collector):
    """Stands for a generator test whose generation raised: reported as a collection error."""

    def __init__(self, *args: Any, error: BaseException, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error = error

    def collect(self) -> list:
        raise self.error


def _yielded_call(fn: Any, args: tuple) -> Any:
    def yielded_check() -> None:
        fn(*args)
    yielded_check.__name__ = getattr(fn, "__name__", "yielded_check")
    return yielded_check


def expand_yield_test(collector: Any, name: str, obj: Any) -> list:
    """Run generator test `obj` and turn each yielded `(callable, *args)` into a pytest item."""
    instance = None
    cls = collector.obj if isinstance(collector, pytest.Class) else None
    try:
        if cls is not None:
            # nose ran class setup before generating; pytest's setup_class fixture only runs later
            setup_class = getattr(cls, "setup_class", None) or getattr(cls, "setUpClass", None)
            if setup_class is not None:
                setup_class()
            instance = cls()
            for setup_name in ("setup_method", "setup", "setUp"):
                if callable(getattr(instance, setup_name, None)):
                    fn = getattr(instance, setup_name)
                    fn(obj) if setup_name == "setup_method" and _takes_arg(fn) else fn()
                    break
            gen = getattr(instance, name)()
        else:
            gen = obj()
        items = []
        for i, entry in enumerate(gen):
            fn, args = (entry[0], tuple(entry[1:])) if isinstance(entry, tuple) else (entry, ())
            item = pytest.Function.from_parent(collector, name=f"{name}[{i}]", callobj=_yielded_call(fn, args))
            if instance is not None:
                item._instance = instance
            items.append(item)
        return items
    except (unittest.SkipTest, pytest.skip.Exception):
        raise
    except Exception as e:  # noqa: BLE001 - reported as this test's collection error
        return [_GenerationError.from_parent(collector, name=name, error=e)]


def _takes_arg(fn: Any) -> bool:
    try:
        return len(inspect.signature(fn).parameters) >= 1
    except (TypeError, ValueError):
        return False


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: Any, name: str, obj: Any) -> Any:
    if inspect.isgeneratorfunction(obj) and collector.istestfunction(obj, name):
        return expand_yield_test(collector, name, obj)
    return None


# ------------------------------------------------------------------------------- nose-style setup

def _own_function(holder: Any, names: tuple[str, ...]) -> Any:
    for n in names:
        f = getattr(holder, n, None)
        if callable(f) and not inspect.isclass(f):
            return f
    return None


@pytest.fixture(autouse=True, scope="module")
def _nose_module_setup(request: pytest.FixtureRequest) -> Any:
    """Module-level `setup`/`teardown` (and `setupModule`) functions, as nose called them."""
    mod = request.module
    def own(f: Any) -> bool:
        return f is not None and getattr(f, "__module__", None) == mod.__name__
    setup = _own_function(mod, ("setup", "setUp", "setupModule"))
    teardown = _own_function(mod, ("teardown", "tearDown", "teardownModule"))
    if own(setup):
        setup()
    yield
    if own(teardown):
        teardown()


@pytest.fixture(autouse=True)
def _nose_method_setup(request: pytest.FixtureRequest) -> Any:
    """`setup`/`setUp` and `teardown`/`tearDown` methods of plain (non-TestCase) test classes."""
    inst = request.instance
    if inst is None or isinstance(inst, unittest.TestCase) or hasattr(type(inst), "setup_method"):
        yield
        return
    setup = _own_function(inst, ("setup", "setUp"))
    if setup is not None:
        setup()
    yield
    teardown = _own_function(inst, ("teardown", "tearDown"))
    if teardown is not None:
        teardown()


# ------------------------------------------------------------------------------------- exclusions

def _local_id(nodeid: str) -> str:
    return nodeid.split("::", 1)[1] if "::" in nodeid else nodeid


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list) -> None:
    if not _EXCLUDE:
        return
    keep, dropped = [], []
    for item in items:
        local = _local_id(item.nodeid)
        rule = next((r for r in _EXCLUDE if fnmatch.fnmatchcase(local, r["pattern"])), None)
        if rule is None:
            keep.append(item)
        else:
            dropped.append(item)
            _excluded[item.nodeid] = rule["reason"]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


# ----------------------------------------------------------------------------------------- report

_HEX = re.compile(r"0x[0-9a-fA-F]+")


def _first_line(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):           # skip: (path, lineno, reason)
        text = str(longrepr[2])
    else:
        crash = getattr(longrepr, "reprcrash", None)
        text = crash.message if crash is not None else str(longrepr)
    line = text.strip().splitlines()[0] if text.strip() else ""
    return _HEX.sub("0x…", line)[:240]


def pytest_runtest_logreport(report: Any) -> None:
    nid = report.nodeid
    if report.when == "setup":
        if report.failed:
            _outcomes[nid], _messages[nid] = "error", _first_line(report)
        elif report.skipped:
            _outcomes[nid], _messages[nid] = "skipped", _first_line(report)
    elif report.when == "call":
        if report.passed:
            _outcomes[nid] = "passed"
        elif report.skipped:
            _outcomes[nid], _messages[nid] = "skipped", _first_line(report)
        else:
            _outcomes[nid], _messages[nid] = "failed", _first_line(report)
    elif report.when == "teardown":
        if report.failed and _outcomes.get(nid) == "passed":
            _outcomes[nid], _messages[nid] = "error", _first_line(report)
        if time.time() - _last_write[0] > 15:   # a partial report survives a killed run
            _write_report(partial=True)


def pytest_collectreport(report: Any) -> None:
    if report.failed:
        text = str(report.longrepr)
        lines = [ln for ln in text.strip().splitlines() if ln.strip()]
        msg = next((ln.strip() for ln in reversed(lines) if re.match(r"^E?\s*\w+(Error|Exception|Exit)\b", ln.strip())),
                   lines[-1].strip() if lines else "collection error")
        _collect_errors[report.nodeid] = _HEX.sub("0x…", msg.lstrip("E ").strip())[:400]
    elif report.skipped and isinstance(report.longrepr, tuple):
        _module_skips[report.nodeid] = str(report.longrepr[2])[:240]


def summarize() -> dict[str, Any]:
    """Counts and messages for the run so far (what the report file holds)."""
    counts = Counter(_outcomes.values())
    failing = Counter(_messages[n] for n, o in _outcomes.items() if o in ("failed", "error") and n in _messages)
    missing = sorted({q for names in conformance_shims.MISSING_USED.values() for q in names})
    dropped = {f"{m}::{n}": d for m in sorted(_modules_under_test)
               for n, d in conformance_shims.DROPPED.get(m, {}).items()}
    excluded = dict(_excluded)
    excluded.update({k: f"{d['reason']} (definition dropped, {d['tests']} tests)" for k, d in dropped.items()})
    return {
        "passed": counts.get("passed", 0),
        "failed": counts.get("failed", 0),
        "errors": counts.get("error", 0) + len(_collect_errors),
        "skipped": counts.get("skipped", 0) + len(_module_skips),
        "excluded": len(_excluded) + sum(d["tests"] for d in dropped.values()),
        "collection_errors": _collect_errors,
        "module_skips": _module_skips,
        "excluded_tests": excluded,
        "top_failures": [{"count": c, "message": m} for m, c in failing.most_common(8)],
        "missing_names": missing,
        "outcomes": _outcomes,
        "messages": _messages,
        "shims": {k: v for k, v in SHIMS_INSTALLED.items() if v},
        "duration_s": round(time.time() - _started, 1),
    }


def _write_report(partial: bool) -> None:
    if not _REPORT_PATH:
        return
    _last_write[0] = time.time()
    data = summarize()
    data["partial"] = partial
    tmp = _REPORT_PATH + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
    os.replace(tmp, _REPORT_PATH)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _write_report(partial=False)

"""The conformance machinery: fetch the original sdists, build a scratch folder, run one test file.

The scratch folder holds only the original *test files* (never the original `theano` package), the
injected conftest.py and pytest.ini, and for Lasagne its library without its tests. Each test file runs
in its own pytest process against the `theano` installed in the chosen interpreter.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHIMS = HERE / "shims"
SUITES_FILE = HERE / "suites.json"
EXCLUSIONS_FILE = HERE / "exclusions.json"
PATCHES_FILE = HERE / "patches.json"

TEST_DEPENDENCIES = {"six": "six", "parameterized": "parameterized", "pytest_timeout": "pytest-timeout"}

PYTEST_INI = """\
# written by tests/conformance: replaces the original projects' pytest/nose configuration
[pytest]
python_files = test*.py
python_classes = Test* test*
python_functions = test*
addopts = -p no:cacheprovider
filterwarnings =
    ignore::DeprecationWarning
    ignore::PendingDeprecationWarning
"""


def load_json(path: Path) -> Any:
    """Read a JSON data file of the harness."""
    with open(path) as fh:
        return json.load(fh)


def cache_dir(override: str | None = None) -> Path:
    """Where sdists and scratch folders live: outside the source tree."""
    base = override or os.environ.get("THEANO_XLA_CONFORMANCE_CACHE") or "~/.cache/theano-xla-conformance"
    return Path(base).expanduser().resolve()


# ------------------------------------------------------------------------------------------ sdists

class SdistError(RuntimeError):
    """An sdist could not be downloaded, verified or unpacked."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ensure_sdist(cache: Path, project: str, version: str, sha256: str, python: str = sys.executable) -> Path:
    """Download (pip, exact version, source only) and unpack an sdist once; returns the unpacked root."""
    root = cache / "src" / f"{project}-{version}"
    if (root / ".unpacked").exists():
        return root
    downloads = cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = next((p for p in downloads.glob(f"{project}-{version}.tar.gz")), None)
    if archive is None:
        cmd = [python, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               f"{project.lower()}=={version}", "-d", str(downloads)]
        print("== downloading:", " ".join(cmd), flush=True)
        res = subprocess.run(cmd, capture_output=True, text=True)
        archive = next((p for p in downloads.glob(f"{project}-{version}.tar.gz")), None)
        if res.returncode != 0 or archive is None:
            raise SdistError(f"pip download of {project}=={version} failed:\n{res.stdout[-2000:]}{res.stderr[-2000:]}")
    digest = _sha256(archive)
    if digest != sha256:
        raise SdistError(f"{archive} has sha256 {digest}, expected {sha256}; delete it and retry")
    tmp = cache / "src" / f".{project}-{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(tmp, filter="data")
        else:  # pragma: no cover - Python without tarfile filters
            tar.extractall(tmp)  # noqa: S202
    shutil.rmtree(root, ignore_errors=True)
    (tmp / f"{project}-{version}").rename(root)
    shutil.rmtree(tmp, ignore_errors=True)
    (root / ".unpacked").write_text(digest + "\n")
    return root


def ensure_test_dependencies(python: str, install: bool) -> list[str]:
    """The test-only packages the original suites import; pip-installs the missing ones if allowed."""
    missing = []
    for module, package in TEST_DEPENDENCIES.items():
        res = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
        if res.returncode != 0:
            missing.append(package)
    if missing and install:
        print("== installing test dependencies:", " ".join(missing), flush=True)
        subprocess.run([python, "-m", "pip", "install", "--quiet", *missing], check=True)
        return []
    return missing


# ----------------------------------------------------------------------------------------- scratch

def _copy_tests_tree(src_root: Path, package: str, dest: Path, own_helpers_dir: str | None) -> None:
    """Copy every file under `<package>/**/tests/` except __init__.py files and, in `own_helpers_dir`,
    anything but test_*.py (those helpers, e.g. unittest_tools.py, are provided by our package)."""
    for path in sorted((src_root / package).rglob("*")):
        rel = path.relative_to(src_root)
        if not path.is_file() or "tests" not in rel.parts[:-1] or "__pycache__" in rel.parts:
            continue
        if path.name == "__init__.py":
            continue
        if own_helpers_dir is not None and rel.parent.as_posix() == own_helpers_dir and path.suffix == ".py" \
                and not path.name.startswith("test_"):
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def _copy_library(src_root: Path, package: str, dest: Path) -> None:
    """Copy a library package (Lasagne) without its tests folder."""
    shutil.copytree(src_root / package, dest / package,
                    ignore=lambda d, names: [n for n in names if n in ("tests", "__pycache__")])
    for info in src_root.glob("*.egg-info"):   # its metadata: Lasagne 0.1 reads its version through it
        shutil.copytree(info, dest / info.name)


class PatchError(RuntimeError):
    """A file-level patch no longer applies (its text is not found exactly once)."""


def apply_patches(root: Path, patches: dict[str, list[dict[str, str]]]) -> list[str]:
    """Apply the exact-text patches of patches.json to the copied files under `root`; returns what was patched."""
    done = []
    for rel, edits in sorted(patches.items()):
        path = root / rel
        if rel.startswith("_") or not path.exists():
            continue
        text = path.read_text()
        for edit in edits:
            if text.count(edit["old"]) != 1:
                raise PatchError(f"patch for {rel} does not apply: {edit['old']!r} found {text.count(edit['old'])} times")
            text = text.replace(edit["old"], edit["new"])
        path.write_text(text)
        done.append(rel)
    return done


@dataclass
class Scratch:
    """A prepared scratch folder."""

    path: Path
    roots: dict[str, str] = field(default_factory=dict)     # top-level name -> copied test tree root
    pythonpath: list[str] = field(default_factory=list)
    sdists: dict[str, str] = field(default_factory=dict)    # suite -> unpacked sdist root (data files)

    def test_path(self, suite: str, rel: str) -> Path:
        return Path(self.roots[suite]) / rel


def build_scratch(path: Path, sources: dict[str, Path], patches: dict[str, list[dict[str, str]]] | None = None) -> Scratch:
    """Lay out the scratch folder for the suites in `sources` (suite name -> unpacked sdist root)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    shutil.copy2(SHIMS / "scratch_conftest.py", path / "conftest.py")
    (path / "pytest.ini").write_text(PYTEST_INI)
    scratch = Scratch(path, pythonpath=[str(SHIMS)])
    for suite, src in sources.items():
        dest = path / "suites" / suite
        if suite == "theano":
            _copy_tests_tree(src, "theano", dest, own_helpers_dir="theano/tests")
        elif suite == "lasagne":
            _copy_tests_tree(src, "lasagne", dest, own_helpers_dir=None)
            _copy_library(src, "lasagne", path / "lib")
            scratch.pythonpath.append(str(path / "lib"))
        else:  # synthetic suites (the harness's own tests): copy the tree as it is
            shutil.copytree(src, dest)
        scratch.roots[suite] = str(dest)
        scratch.sdists[suite] = str(src)
        apply_patches(dest, patches if patches is not None else load_json(PATCHES_FILE))
    return scratch


# ------------------------------------------------------------------------------------------ run one

@dataclass
class FileResult:
    """The outcome of one test file."""

    file: str
    status: str                      # ran / collection-error / timeout / crashed / excluded-file
    report: dict[str, Any]
    log: str = ""
    wall_s: float = 0.0

    def counts(self) -> dict[str, int]:
        return {k: int(self.report.get(k, 0)) for k in ("passed", "failed", "errors", "skipped", "excluded")}


def run_environment(scratch: Scratch, report_path: Path, exclude: list[dict[str, str]] | None = None,
                    drops: dict[str, dict[str, str]] | None = None, guard_imports: bool = True) -> dict[str, str]:
    """The environment of a pytest process in the scratch folder (read by its injected conftest)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(scratch.pythonpath + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["CONFORMANCE_ROOTS"] = json.dumps(scratch.roots)
    env["CONFORMANCE_EXCLUDE"] = json.dumps(exclude or [])
    env["CONFORMANCE_DROPS"] = json.dumps(drops or {})
    env["CONFORMANCE_REPORT"] = str(report_path)
    env["CONFORMANCE_GUARD_IMPORTS"] = "1" if guard_imports else "0"
    for suite, root in scratch.sdists.items():
        env[f"CONFORMANCE_SDIST_{suite.upper()}"] = root
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def run_file(scratch: Scratch, suite: str, rel: str, *, python: str = sys.executable,
             exclude: list[dict[str, str]] | None = None, drops: dict[str, dict[str, str]] | None = None,
             test_timeout: float | None = 60,
             file_timeout: float = 1800, guard_imports: bool = True, log_dir: Path | None = None,
             extra_args: list[str] | None = None, server: Any = None) -> FileResult:
    """Run one original test file in its own pytest process; returns its counts and messages.

    With `server` (a conformance_forkserver.ForkServer) the process is forked from one that imported jax and
    theano already, instead of a fresh interpreter."""
    target = scratch.test_path(suite, rel)
    key = f"{rel}"
    report_path = scratch.path / "reports" / (rel.replace("/", "__") + ".json")
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.unlink(missing_ok=True)
    env = run_environment(scratch, report_path, exclude, drops, guard_imports)
    cmd = [python, "-m", "pytest", str(target), "-c", str(scratch.path / "pytest.ini"),
           "--rootdir", str(scratch.path), "--confcutdir", str(scratch.path), "-q", "-rN", "--tb=short",
           "-p", "no:randomly"]
    if test_timeout:
        cmd += [f"--timeout={test_timeout:g}"]
    cmd += list(extra_args or [])
    start = time.time()
    status = "ran"
    if server is not None:
        out_path = report_path.with_suffix(".out")
        try:
            returncode, killed = server.run(cmd[3:], str(scratch.path), env, str(out_path), file_timeout)
        except (RuntimeError, OSError, ValueError):   # the server died: run this file the plain way
            server = None
        else:
            out = out_path.read_text(errors="replace") if out_path.exists() else ""
            status = "timeout" if killed else status
    if server is None:
        proc = subprocess.Popen(cmd, cwd=scratch.path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=file_timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, _ = proc.communicate()
            status = "timeout"
        returncode = proc.returncode
    wall = time.time() - start
    if log_dir is not None:
        log = log_dir / (rel.replace("/", "__") + ".log")
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(out or "")
    report: dict[str, Any] = {}
    if report_path.exists():
        report = load_json(report_path)
    elif status == "ran":
        status = "crashed"
        tail = [ln for ln in (out or "").strip().splitlines() if ln.strip()][-3:]
        report = {"errors": 1, "collection_errors": {key: " | ".join(tail)[-400:] or f"exit {returncode}"}}
    if status == "ran" and report.get("collection_errors") and not report.get("passed") and not report.get("failed"):
        status = "collection-error"
    if status == "ran" and report.get("partial"):
        status = "crashed"
    return FileResult(rel, status, report, out or "", round(wall, 1))

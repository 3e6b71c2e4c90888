"""A fork server for the conformance runs: import pytest, numpy, scipy, jax and theano once, fork per test file.

Every conformance file runs in its own pytest process (isolation: one file's module state never reaches
another's). Each of those processes used to start a fresh interpreter and import jax, scipy and theano again:
3-5 s per file, most of the run time of the small files of the gate. The server imports them once and forks a
child per file; the child is a fresh pytest session (its own conftest, shims, environment, output and report),
so a file sees what it saw as `python -m pytest`, without paying for the imports.

Protocol (one JSON object per line): the runner writes {"args", "cwd", "env", "log"}; the server forks, answers
{"pid": ...} at once and {"rc": ...} when the child ends (the runner kills the child's process group on
timeout). Forking is safe only while no JAX backend exists (XLA starts threads when it creates one): the
server checks that after its imports and answers {"error": ...} on its first line otherwise, and the runner
then runs plain subprocesses.

    python conformance_forkserver.py        # started by conformance_harness.ForkServer, never by hand
"""
from __future__ import annotations

import json
import os
import sys
from typing import Any

PRELOAD = ("pytest", "numpy", "scipy", "scipy.sparse", "scipy.linalg", "jax", "jax.numpy", "theano")


def _send(out: Any, obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj) + "\n")
    out.flush()


def _child(req: dict[str, Any], proto_in: int, proto_out: int) -> None:
    """In the forked child: become `python -m pytest <args>` in req["cwd"] with req["env"]; never returns."""
    rc = 70
    try:
        os.setsid()
        os.close(proto_in)
        os.close(proto_out)
        log = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.close(null)
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        # `python -m pytest` puts the working folder first on sys.path and PYTHONPATH's entries after it
        extra = [p for p in req["env"].get("PYTHONPATH", "").split(os.pathsep) if p]
        here = os.path.dirname(os.path.abspath(__file__))
        sys.path[:] = [os.getcwd()] + extra + [p for p in sys.path if p not in extra and p != here]
        sys.argv = ["pytest", *req["args"]]
        import pytest

        rc = int(pytest.main(list(req["args"])))
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else 1
    except BaseException:  # noqa: BLE001 - the log holds the traceback; the runner sees a crashed file
        import traceback

        traceback.print_exc()
        rc = 71
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(rc)


def serve() -> int:
    """Preload, then serve fork requests from stdin until it closes."""
    proto_in, proto_out = os.dup(0), os.dup(1)
    inp = os.fdopen(proto_in, "r")
    out = os.fdopen(proto_out, "w")
    null = os.open(os.devnull, os.O_RDWR)   # nothing the preloaded modules print may reach the protocol pipe
    os.dup2(null, 1)
    os.close(null)
    try:
        import importlib

        for name in PRELOAD:
            importlib.import_module(name)
        from jax._src import xla_bridge

        if getattr(xla_bridge, "_backends", None):
            _send(out, {"error": "a JAX backend was created while importing; forking it is unsafe"})
            return 1
    except BaseException as e:  # noqa: BLE001 - the runner falls back to plain processes
        _send(out, {"error": f"preload failed: {type(e).__name__}: {e}"})
        return 1
    _send(out, {"ready": True})
    for line in inp:
        if not line.strip():
            continue
        req = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(req, inp.fileno(), out.fileno())
        _send(out, {"pid": pid})
        _, status = os.waitpid(pid, 0)
        _send(out, {"rc": os.waitstatus_to_exitcode(status)})
    return 0


class ForkServer:
    """The runner's side: one server process, one file at a time (use one server per parallel job)."""

    def __init__(self, python: str, env: dict[str, str]) -> None:
        import subprocess

        self.proc = subprocess.Popen([python, os.path.abspath(__file__)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True, start_new_session=True)
        first = self._read()
        if not first.get("ready"):
            self.close()
            raise RuntimeError(first.get("error", "the fork server did not start"))

    def _read(self) -> dict[str, Any]:
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        if not line:
            raise RuntimeError(f"the fork server ended (exit {self.proc.poll()})")
        return json.loads(line)

    def run(self, args: list[str], cwd: str, env: dict[str, str], log: str, timeout: float) -> tuple[int, bool]:
        """Run `pytest <args>` in a forked child, output to `log`; (exit status, killed on timeout)."""
        import signal
        import threading

        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"args": args, "cwd": cwd, "env": env, "log": log}) + "\n")
        self.proc.stdin.flush()
        pid = int(self._read()["pid"])
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        try:
            rc = int(self._read()["rc"])
        finally:
            timer.cancel()
        return rc, killed.is_set()

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except Exception:  # noqa: BLE001 - a stuck server is killed
            self.proc.kill()
            self.proc.wait()


if __name__ == "__main__":
    sys.exit(serve())

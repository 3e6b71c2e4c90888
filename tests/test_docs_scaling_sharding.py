"""docs/scaling.md, the sections "# Scaling out", "## One device", "## Many devices" and "## Many hosts": every
```python block there runs, in a fresh interpreter with 4 forced CPU devices (the "Many hosts" one as 2
processes with a localhost coordinator, 2 devices each), and prints what the page says it shows."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "scaling.md"
OURS = ("# Scaling out", "## One device", "## Many devices", "## Many hosts")
TIMEOUT_S = 180


def sections() -> dict[str, str]:
    """{heading: text} of the page's sections (a section ends at the next heading of level 1 or 2)."""
    found: dict[str, list[str]] = {}
    current, fenced = "", False
    for line in PAGE.read_text().splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"#{1,2} ", line):
            current = line.strip()
            found[current] = []
        elif current:
            found[current].append(line)
    return {k: "".join(v) for k, v in found.items()}


def blocks(heading: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", sections().get(heading, ""), re.S)


def _env(devices: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JAX_", "THEANO")) and k != "XLA_FLAGS"}
    env.update(XLA_FLAGS=f"--xla_force_host_platform_device_count={devices}", JAX_PLATFORMS="cpu", **extra)
    return env


def _run(code: str, tmp_path: Path) -> str:
    proc = subprocess.run([sys.executable, "-c", code], env=_env(4), cwd=tmp_path, capture_output=True, text=True,
                          timeout=TIMEOUT_S)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_page_has_our_sections_and_is_linked_from_the_index():
    found = sections()
    for heading in OURS:
        assert heading in found, heading
    assert "scaling.md" in (ROOT / "docs" / "index.md").read_text()
    assert [len(blocks(h)) for h in OURS[1:]] == [1, 2, 1]


def test_one_device_snippet(tmp_path: Path):
    assert _run(blocks("## One device")[0], tmp_path).split() == ["True"]


def test_many_devices_data_parallel_snippet(tmp_path: Path):
    out = _run(blocks("## Many devices")[0], tmp_path)
    assert out.splitlines() == ["4 devices", "True True", "True"]


def test_many_devices_model_parallel_snippet(tmp_path: Path):
    out = _run(blocks("## Many devices")[1], tmp_path)
    assert out.splitlines() == ["P(None, 'model') (6, 4)", "(6, 8)"]


def test_many_hosts_snippet_as_two_processes(tmp_path: Path):
    code = blocks("## Many hosts")[0]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    procs = [subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True,
                              env=_env(2, JAX_COORDINATOR_ADDRESS=f"127.0.0.1:{port}", JAX_NUM_PROCESSES="2",
                                       JAX_PROCESS_ID=str(rank))) for rank in range(2)]
    outs = []
    try:
        for p in procs:
            outs.append(p.communicate(timeout=TIMEOUT_S)[0])
    except subprocess.TimeoutExpired:
        pytest.fail("the 2-process snippet did not finish")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, out in zip(procs, outs):
        assert p.returncode == 0, out[-3000:]
    assert "2 processes (6, 4)" in outs[0] and "processes" not in outs[1]

"""Data- and model-parallel functions on 4 devices: the cases of sharding_cases.py, run once in a subprocess with
XLA_FLAGS=--xla_force_host_platform_device_count=4 (this process, and the rest of the suite, stay on one device);
each case is reported here as its own test."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CASES = Path(__file__).with_name("sharding_cases.py")
NAMES = [n.name for n in ast.parse(CASES.read_text()).body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
FORCED = "--xla_force_host_platform_device_count=4"


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, str]:
    """{case: '' (passed) or the failure text}, from one pytest run of sharding_cases.py on 4 CPU devices."""
    report = tmp_path_factory.mktemp("sharding") / "report.xml"
    # 4 host CPU devices: JAX sees no other platform, and theano's config.device must be the CPU too (a later entry
    # of THEANO_FLAGS wins: a run with THEANO_FLAGS=device=cuda keeps its other flags)
    flags = ",".join(f for f in (os.environ.get("THEANO_FLAGS", ""), "device=cpu") if f)
    env = dict(os.environ, XLA_FLAGS=(os.environ.get("XLA_FLAGS", "") + " " + FORCED).strip(), JAX_PLATFORMS="cpu",
               THEANO_FLAGS=flags)
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(CASES),
                           f"--junitxml={report}"], env=env, capture_output=True, text=True, timeout=600,
                          cwd=str(CASES.parent.parent.parent))
    if not report.exists():
        pytest.fail("the 4-device run produced no report:\n" + proc.stdout[-4000:] + proc.stderr[-4000:])
    result = {}
    for case in ET.parse(report).iter("testcase"):
        bad = [c for c in case if c.tag in ("failure", "error", "skipped")]
        result[case.get("name")] = "" if not bad else (bad[0].tag + ": " + (bad[0].get("message") or "") + "\n"
                                                      + (bad[0].text or ""))[-4000:]
    return result


@pytest.mark.parametrize("name", NAMES)
def test_on_four_devices(outcomes: dict[str, str], name: str) -> None:
    assert name in outcomes, f"{name} did not run on 4 devices"
    assert outcomes[name] == "", outcomes[name]


def test_this_process_stays_on_one_device() -> None:
    """The 4 devices live in the subprocess only: this process (the rest of the suite) sees JAX's usual devices."""
    import jax

    if "xla_force_host_platform_device_count" not in os.environ.get("XLA_FLAGS", ""):
        assert len(jax.devices("cpu")) == 1

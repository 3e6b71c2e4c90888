"""Two processes on this machine (CPU backend, localhost coordinator, 2 devices each) train the MLP data-parallel
over the 4 devices through theano.distributed.initialize; the result equals one process on one device."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import theano.distributed

SCRIPT = Path(__file__).with_name("sharding_mlp.py")
TIMEOUT = 120  # seconds for the whole 2-process run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JAX_") and k != "XLA_FLAGS"}
    # the CPU backend only, and theano's config.device with it (a later entry of THEANO_FLAGS wins over a device=cuda)
    flags = ",".join(f for f in (os.environ.get("THEANO_FLAGS", ""), "device=cpu") if f)
    env.update(JAX_PLATFORMS="cpu", THEANO_FLAGS=flags, **extra)
    return env


def test_two_processes_train_like_one(tmp_path: Path) -> None:
    port = _free_port()
    procs = []
    for rank in range(2):
        env = _env(XLA_FLAGS="--xla_force_host_platform_device_count=2", JAX_COORDINATOR_ADDRESS=f"127.0.0.1:{port}",
                   JAX_NUM_PROCESSES="2", JAX_PROCESS_ID=str(rank))
        procs.append(subprocess.Popen([sys.executable, str(SCRIPT), str(tmp_path / f"rank{rank}.npz"), "distributed"],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    single = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "single.npz"), "single"], env=_env(),
                            capture_output=True, text=True, timeout=TIMEOUT)
    logs = []
    try:
        for p in procs:
            out, _ = p.communicate(timeout=TIMEOUT)
            logs.append(out)
    except subprocess.TimeoutExpired:
        for p in procs:
            p.kill()  # jax's preemption handler catches SIGTERM; only SIGKILL ends a hung worker
        pytest.fail("the 2-process run did not finish in %d s" % TIMEOUT)
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert single.returncode == 0, single.stderr[-3000:]
    for rank, (p, log) in enumerate(zip(procs, logs)):
        assert p.returncode == 0, f"rank {rank} failed:\n{log[-3000:]}"
    ref = np.load(tmp_path / "single.npz")
    for rank in range(2):
        got = np.load(tmp_path / f"rank{rank}.npz")
        info = eval(str(got["info"]))
        assert info["process_index"] == rank and info["process_count"] == 2
        assert info["n_devices"] == 4 and info["n_local"] == 2
        assert "P()" in info["param_sharding"] and "'batch': 4" in info["param_sharding"]
        assert ref["costs"][-1] < ref["costs"][0]
        for key in ("costs", "W1", "b1", "W2", "b2"):
            np.testing.assert_allclose(got[key], ref[key], rtol=0, atol=1e-10, err_msg=f"rank {rank}: {key}")


def test_initialize_checks_its_arguments_before_joining() -> None:
    with pytest.raises(ValueError, match="process_id 3 is outside \\[0, 2\\)"):
        theano.distributed.initialize("127.0.0.1:1", num_processes=2, process_id=3)
    with pytest.raises(ValueError, match="num_processes must be >= 1; got 0"):
        theano.distributed.initialize("127.0.0.1:1", num_processes=0, process_id=0)
    assert not theano.distributed.is_initialized()
    assert theano.distributed.process_count() == 1 and theano.distributed.process_index() == 0

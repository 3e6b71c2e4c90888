"""Several processes (hosts), one program: a thin layer over jax.distributed.

`initialize(...)` takes jax.distributed.initialize's arguments (and, like it, reads the usual environment of a
cluster: SLURM, Open MPI, Kubernetes/TPU pods; or JAX_COORDINATOR_ADDRESS, JAX_NUM_PROCESSES, JAX_PROCESS_ID).
After it, jax.devices() lists the devices of every process, so `theano.sharding.data_parallel()` splits each
batch over all of them: every process runs the same script with the same inputs, and each computes its part.
"""
from __future__ import annotations

import os
from typing import Any, Sequence

import jax

__all__ = ["initialize", "shutdown", "is_initialized", "process_index", "process_count", "local_devices",
           "global_devices"]

# the environment variables read when an argument is not given (jax reads its cluster environments itself)
_ENV = {"coordinator_address": ("JAX_COORDINATOR_ADDRESS", str), "num_processes": ("JAX_NUM_PROCESSES", int),
        "process_id": ("JAX_PROCESS_ID", int)}

_state = {"initialized": False}


def initialize(coordinator_address: str | None = None, num_processes: int | None = None,
               process_id: int | None = None, local_device_ids: int | Sequence[int] | None = None,
               **kwargs: Any) -> None:
    """Join this process to the others (jax.distributed.initialize, same arguments). Call it first, before any
    theano.function or shared variable is made: JAX fixes its device list on first use. On CPUs the processes
    exchange data with gloo collectives, switched on here."""
    if _state["initialized"]:
        raise RuntimeError("theano.distributed.initialize was already called in this process")
    given = {"coordinator_address": coordinator_address, "num_processes": num_processes, "process_id": process_id}
    for name, (env, conv) in _ENV.items():
        if given[name] is None and os.environ.get(env):
            try:
                given[name] = conv(os.environ[env])
            except ValueError:
                raise ValueError(f"theano.distributed.initialize: environment variable {env}={os.environ[env]!r} "
                                 f"is not a valid {name}") from None
    if given["num_processes"] is not None and given["num_processes"] < 1:
        raise ValueError(f"theano.distributed.initialize: num_processes must be >= 1; got {given['num_processes']}")
    if given["process_id"] is not None and given["num_processes"] is not None \
            and not 0 <= given["process_id"] < given["num_processes"]:
        raise ValueError(f"theano.distributed.initialize: process_id {given['process_id']} is outside "
                         f"[0, {given['num_processes']})")
    try:  # CPU processes need a cross-process collectives implementation (GPUs use NCCL)
        if jax.config.jax_cpu_collectives_implementation in (None, "none"):
            jax.config.update("jax_cpu_collectives_implementation", "gloo")
    except (AttributeError, ValueError):  # pragma: no cover - older or newer JAX without the option
        pass
    jax.distributed.initialize(local_device_ids=local_device_ids, **given, **kwargs)
    _state["initialized"] = True


def shutdown() -> None:
    """Leave the group (jax.distributed.shutdown)."""
    if _state["initialized"]:
        jax.distributed.shutdown()
        _state["initialized"] = False


def is_initialized() -> bool:
    return _state["initialized"]


def process_index() -> int:
    """This process's index, 0 ... process_count() - 1 (0 without initialize)."""
    return jax.process_index()


def process_count() -> int:
    """The number of processes running the program (1 without initialize)."""
    return jax.process_count()


def local_devices() -> list[Any]:
    """The devices of this process."""
    return jax.local_devices()


def global_devices() -> list[Any]:
    """The devices of every process (what theano.sharding's default mesh spans)."""
    return jax.devices()

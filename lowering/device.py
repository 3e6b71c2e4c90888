"""Device buffers: which JAX device config.device names, x64 scoping, host <-> device transfers.

Theano's default floatX is float64, so JAX's x64 mode is switched on for the duration of our
own tracing and calls only (`x64_scope`), leaving other JAX code in the process unchanged.
"""
from __future__ import annotations

import functools
import sys
from typing import Any

import jax
import numpy as np

from theano.frontend.config import config
from theano.frontend.graph import backend

x64_scope = functools.partial(jax.enable_x64, True)


def _x64_state() -> Any:
    """JAX's thread-local x64 flag, when it can be switched without its context manager (no hooks to run)."""
    try:
        from jax._src.config import enable_x64 as state
    except ImportError:
        return None
    if getattr(state, "_update_thread_local_hook", None) is not None or not hasattr(state, "swap_local") \
            or not hasattr(state, "set_local"):
        return None
    return state


_X64 = _x64_state()


def _cm_on() -> Any:
    scope = x64_scope()
    scope.__enter__()
    return scope


def _cm_off(scope: Any) -> None:
    scope.__exit__(None, None, None)


# x64_on() switches x64 on for this thread and returns a token; x64_off(token) restores the previous setting.
# The same as `with x64_scope():`, for Function's call path: jax.enable_x64's context manager costs about
# 0.8 us per call (a third of theano.function's per-call overhead over jax.jit), its thread-local swap 0.1 us.
x64_on, x64_off = (functools.partial(_X64.swap_local, True), _X64.set_local) if _X64 is not None else (_cm_on, _cm_off)


class DeviceError(RuntimeError):
    """config.device names a device that JAX does not have."""


@functools.lru_cache(maxsize=None)
def _resolve(device_flag: str) -> Any:
    if device_flag == "cpu":
        return jax.local_devices(backend="cpu")[0]  # this process's (jax.distributed: devices()[0] is process 0's)
    index = 0
    digits = device_flag[4:] if device_flag.startswith("cuda") else device_flag[3:]
    if digits:
        index = int(digits)
    try:
        gpus = jax.local_devices(backend="gpu")
    except RuntimeError:
        gpus = []
    if index >= len(gpus):
        raise DeviceError(f"config.device={device_flag!r} asks for GPU {index}, but JAX sees {len(gpus)} GPU(s). "
                          "Install theano-xla[cuda12] or theano-xla[cuda13] on a machine with an NVIDIA GPU, "
                          "or use device=cpu.")
    if config.print_active_device:  # Theano printed this when it initialised the GPU; here, on first use
        print(f"Mapped name None to device {device_flag}: {gpus[index].device_kind} (JAX device {gpus[index]})",
              file=sys.stderr)
    return gpus[index]


def current_device() -> Any:
    """The JAX device for config.device."""
    return _resolve(config.device)


def to_device(value: Any, sharding: Any = None) -> jax.Array:
    """`value` on config.device, or scattered over `sharding` (a jax.sharding.Sharding: each device its part)."""
    with x64_scope():
        if sharding is not None:
            from theano.lowering.sharding import place

            return place(value if isinstance(value, jax.Array) else np.asarray(value), sharding)
        return jax.device_put(np.asarray(value), current_device())


def to_host(value: Any, copy: bool = True) -> np.ndarray:
    if isinstance(value, jax.Array) and not value.is_fully_addressable and not value.is_fully_replicated:
        # sharded over devices of other processes too: every process gathers the whole value
        from jax.experimental import multihost_utils

        return np.array(multihost_utils.process_allgather(value, tiled=True))
    arr = np.asarray(value)
    return np.array(arr, copy=True) if copy or not arr.flags.writeable else arr


def is_device_array(value: Any) -> bool:
    return isinstance(value, jax.Array)


def device_value(value: jax.Array, copy: bool = True) -> jax.Array:
    """A jax.Array as a shared variable's value, on config.device without a trip through the host: a fresh buffer
    unless `copy` is False (theano.shared(..., borrow=True)) and it already lies there (a compiled function
    donates the buffers of the shared values it updates, so a borrowed array is consumed by the next update)."""
    device = current_device()
    if len(value.devices()) == 1 and value.devices() != {device}:  # (an array sharded over a mesh stays there)
        with x64_scope():
            return jax.device_put(value, device, may_alias=False)
    if not copy:
        return value
    with x64_scope():
        return jax.numpy.array(value, copy=True)


backend["to_device"] = to_device
backend["to_host"] = to_host
backend["is_device_array"] = is_device_array
backend["device_value"] = device_value

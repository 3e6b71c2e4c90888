"""Data- and model-parallel functions over a device mesh, with JAX's own GSPMD machinery (jax.sharding).

`theano.function(..., sharding=data_parallel())` (or the flag `data_parallel=True`) compiles the same program,
with its arguments placed on a mesh: axis 0 of every explicit tensor input (and of every `givens` minibatch,
through a BatchShard op) split over the mesh's batch axis, shared variables replicated (or kept on the sharding
they were created with, `theano.shared(value, sharding=...)`), outputs replicated and updates constrained to their
shared variable's sharding. XLA partitions the program and inserts the all-reduce of the gradients; nothing here
is a distribution engine of its own.

A batch that the devices cannot split evenly is an error (ValueError naming the input), not a silent fallback.
"""
from __future__ import annotations

import math
import threading
from typing import Any, Sequence

import jax
import numpy as np
from jax.sharding import Mesh, NamedSharding, PartitionSpec, Sharding

from theano.frontend.config import config

__all__ = ["DataParallel", "data_parallel", "make_mesh", "shard", "replicated", "resolve_sharding",
           "check_shared_sharding", "plan_for", "shard_givens", "active_plan", "BatchSplitError"]


class BatchSplitError(ValueError):
    """A batch whose length the devices of the mesh's batch axis cannot split evenly."""


def make_mesh(shape: int | Sequence[int] | None = None, axis_names: str | Sequence[str] = ("batch",),
              devices: Sequence[Any] | None = None) -> Mesh:
    """A jax.sharding.Mesh over `devices` (default: every device of every process, jax.devices()) with the given
    `shape` (default: all of them on one axis) and axis names."""
    devices = list(jax.devices()) if devices is None else list(devices)
    names = (axis_names,) if isinstance(axis_names, str) else tuple(axis_names)
    dims = (len(devices),) if shape is None else (shape,) if isinstance(shape, int) else tuple(int(d) for d in shape)
    if shape is None and len(names) != 1:
        raise ValueError(f"make_mesh: {len(names)} axis names {names} need a shape with as many dimensions")
    if len(names) != len(dims):
        raise ValueError(f"make_mesh: shape {dims} has {len(dims)} dimensions but {len(names)} axis names {names}")
    size = math.prod(dims)
    if size < 1 or size > len(devices):
        raise ValueError(f"make_mesh: a mesh of shape {dims} needs {size} devices; JAX sees {len(devices)} "
                         f"({', '.join(sorted(set(d.platform for d in devices)))}). On a CPU, "
                         "XLA_FLAGS=--xla_force_host_platform_device_count=N (set before jax starts) makes N devices.")
    return Mesh(np.array(devices[:size], dtype=object).reshape(dims), names)


class DataParallel:
    """The sharding of a data-parallel function: split the batch axis over mesh axis `axis`, replicate the rest.

    `mesh` None means all of jax.devices() on one axis named `axis`, chosen when a function is compiled."""

    def __init__(self, mesh: Mesh | None = None, axis: str = "batch"):
        if mesh is not None and not isinstance(mesh, Mesh):
            raise TypeError(f"data_parallel: mesh must be a jax.sharding.Mesh (theano.sharding.make_mesh(...)) or None; "
                            f"got {type(mesh).__name__} {mesh!r:.60}")
        if not isinstance(axis, str):
            raise TypeError(f"data_parallel: axis must be the name of a mesh axis (a str); got {axis!r}")
        if mesh is not None and axis not in mesh.axis_names:
            raise ValueError(f"data_parallel: the mesh has axes {tuple(mesh.axis_names)}, not {axis!r}")
        self._mesh = mesh
        self.axis = axis

    @property
    def mesh(self) -> Mesh:
        return self._mesh if self._mesh is not None else make_mesh(axis_names=(self.axis,))

    def __repr__(self) -> str:
        where = "all devices" if self._mesh is None else f"mesh {dict(self._mesh.shape)}"
        return f"data_parallel(axis={self.axis!r}, {where})"

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, DataParallel) and other.axis == self.axis and other._mesh == self._mesh

    def __hash__(self) -> int:
        return hash((DataParallel, self.axis))

    def __getstate__(self) -> dict:
        """Devices do not pickle: an explicit mesh is stored as its shape and axis names, rebuilt on load over
        jax.devices()."""
        mesh = self._mesh
        return {"axis": self.axis, "mesh": None if mesh is None else (tuple(mesh.devices.shape), tuple(mesh.axis_names))}

    def __setstate__(self, state: dict) -> None:
        self.axis = state["axis"]
        self._mesh = None if state["mesh"] is None else make_mesh(*state["mesh"])


def data_parallel(mesh: Mesh | None = None, axis: str = "batch") -> DataParallel:
    """The `sharding=` of theano.function for data-parallel training: axis 0 of the inputs and of the `givens`
    minibatches split over mesh axis `axis` (default mesh: every device), shared variables replicated."""
    return DataParallel(mesh, axis)


def shard(mesh: Mesh, *spec: Any) -> NamedSharding:
    """The sharding of a value over `mesh`: one entry per array axis, a mesh axis name (that array axis is split
    over it) or None (not split); `shard(mesh, None, 'model')` splits the columns of a matrix."""
    if not isinstance(mesh, Mesh):
        raise TypeError(f"shard: the first argument must be a jax.sharding.Mesh; got {type(mesh).__name__}")
    for s in spec:
        names = s if isinstance(s, tuple) else (s,)
        for name in names:
            if name is not None and name not in mesh.axis_names:
                raise ValueError(f"shard: the mesh has axes {tuple(mesh.axis_names)}, not {name!r}")
    return NamedSharding(mesh, PartitionSpec(*spec))


def replicated(mesh: Mesh) -> NamedSharding:
    """A value copied whole on every device of `mesh`."""
    return NamedSharding(mesh, PartitionSpec())


def resolve_sharding(value: Any) -> DataParallel | None:
    """theano.function's `sharding=` argument: None (the flag data_parallel decides), False (no sharding) or a
    DataParallel; a DataParallel whose batch axis has one device is no sharding."""
    if value is None:
        value = DataParallel() if config.data_parallel else None
    elif value is False:
        value = None
    elif not isinstance(value, DataParallel):
        raise TypeError("theano.function: sharding must be theano.sharding.data_parallel(...), None or False; got "
                        f"{type(value).__name__} {value!r:.60}")
    if value is not None and value.mesh.shape[value.axis] == 1 and value.mesh.size == 1:
        return None
    return value


def check_shared_sharding(sharding: Any, shape: Sequence[int], name: Any) -> Sharding | None:
    """The `sharding=` of theano.shared: a jax.sharding.Sharding that can hold a value of `shape`."""
    if sharding is None:
        return None
    if not isinstance(sharding, Sharding):
        raise TypeError(f"shared variable {name}: sharding must be a jax.sharding.Sharding (theano.sharding.shard(mesh, "
                        f"...)); got {type(sharding).__name__} {sharding!r:.60}")
    if isinstance(sharding, NamedSharding):
        spec = tuple(sharding.spec)
        if len(spec) > len(shape):
            raise ValueError(f"shared variable {name}: sharding {spec} has {len(spec)} entries for a "
                             f"{len(shape)}-d value")
        for axis, names in enumerate(spec):
            if names is None:
                continue
            parts = math.prod(sharding.mesh.shape[n] for n in (names if isinstance(names, tuple) else (names,)))
            if shape[axis] % parts:
                raise ValueError(f"shared variable {name}: axis {axis} has length {shape[axis]}, which the {parts} "
                                 f"devices of mesh axis {names!r} cannot split evenly")
    return sharding


def sharding_description(sharding: Any) -> Any:
    """A picklable description of a NamedSharding (mesh shape, axis names, spec); None for other shardings."""
    if isinstance(sharding, NamedSharding):
        return (tuple(sharding.mesh.devices.shape), tuple(sharding.mesh.axis_names), tuple(sharding.spec))
    return None


def sharding_from_description(desc: Any) -> Sharding | None:
    """The NamedSharding `sharding_description` describes, over this process's jax.devices(); None when there
    are not enough devices (the value is then loaded on the default device)."""
    if desc is None:
        return None
    shape, names, spec = desc
    if math.prod(shape) > len(jax.devices()):
        return None
    return NamedSharding(make_mesh(shape, names), PartitionSpec(*spec))


def place(value: Any, sharding: Sharding) -> jax.Array:
    """`value` (numpy or a jax.Array) on `sharding`; as it is when it is already there."""
    if isinstance(value, jax.Array):
        if value.sharding == sharding:
            return value
        try:
            if value.sharding.is_equivalent_to(sharding, value.ndim):
                return value
        except Exception:  # shardings of different kinds
            pass
        if value.is_fully_addressable and jax.process_count() > 1 and not sharding.is_fully_addressable:
            value = np.asarray(value)  # a process-local value (the same in every process) placed from the host
    return jax.device_put(value, sharding)


# ------------------------------------------------------------------ the plan of one compiled function

_active = threading.local()


def active_plan() -> "ShardingPlan | None":
    """The plan of the data-parallel program being traced now (read by BatchShard's lowering), or None."""
    return getattr(_active, "plan", None)


class ShardingPlan:
    """Where the arguments of one compiled function go and what its results are constrained to."""

    def __init__(self, fn: Any, spec: DataParallel | None):
        self.spec = spec
        owned = [s._sharding for s in fn._shared if getattr(s, "_sharding", None) is not None]
        self.mesh = spec.mesh if spec is not None else getattr(owned[0], "mesh", None)
        self.n_split = self.mesh.shape[spec.axis] if spec is not None else 1
        self.batch = NamedSharding(self.mesh, PartitionSpec(spec.axis)) if spec is not None else None
        self.replicated = NamedSharding(self.mesh, PartitionSpec()) if spec is not None else None
        n_in = fn._n_explicit
        self.n_in = n_in
        self.labels = [str(i.variable) for i in fn._inputs]
        self.arg_shardings: list[tuple[int, Any]] = []
        if spec is not None:
            for k, t in enumerate(fn._types):
                if getattr(t, "is_sparse", False):
                    continue  # a sparse input's padded arrays stay where they are
                self.arg_shardings.append((k, self.batch if t.ndim >= 1 else self.replicated))
        self.shared = list(fn._shared)
        for j, s in enumerate(self.shared):
            sh = getattr(s, "_sharding", None) or self.replicated
            if sh is not None and not getattr(s.type, "is_sparse", False) and hasattr(s.type, "ndim"):
                self.arg_shardings.append((n_in + j, sh))
        # results: outputs (and input updates) replicated, shared updates on their variable's sharding
        n_plain = fn._n_outputs + len(fn._input_updates)
        self.out_shardings: dict[int, Any] = {}
        if spec is not None:
            for k in range(n_plain):
                self.out_shardings[k] = self.replicated
        for k, t in enumerate(fn._update_targets):
            sh = getattr(t, "_sharding", None) or self.replicated
            if sh is not None:
                self.out_shardings[n_plain + k] = sh
        self.n_results = fn._n_results
        self.flag_sharding = self.replicated

    def constrain_batch(self, x: Any, label: str) -> Any:
        """`x` constrained to the batch sharding (BatchShard's lowering)."""
        n = x.shape[0] if x.ndim else 0
        if n % self.n_split:
            raise BatchSplitError(f"data_parallel: the minibatch {label or 'value'} has {n} rows (shape {tuple(x.shape)}), "
                                  f"which the {self.n_split} devices of mesh axis {self.spec.axis!r} cannot split evenly; "
                                  f"use a batch size that is a multiple of {self.n_split}")
        return jax.lax.with_sharding_constraint(x, self.batch)

    def wrap_program(self, program: Any) -> Any:
        """`program` (the checked, lowered graph) tracing with this plan active, its results constrained."""
        outs_sh, n_res, flag_sh = self.out_shardings, self.n_results, self.flag_sharding

        def sharded_program(static: Any, *arrays: Any) -> Any:
            previous = getattr(_active, "plan", None)
            _active.plan = self
            try:
                outs = list(program(static, *arrays))
            finally:
                _active.plan = previous
            for k, o in enumerate(outs):
                sh = outs_sh.get(k) if k < n_res else flag_sh
                if sh is not None and isinstance(o, jax.Array):
                    outs[k] = jax.lax.with_sharding_constraint(o, sh)
            return outs
        return sharded_program

    def wrap_call(self, jitted: Any) -> Any:
        """`jitted` called with its arguments placed on their shardings; a shared value moved to its sharding is
        stored back, so that the next call finds it in place."""
        arg_shardings, n_in, shared, labels = self.arg_shardings, self.n_in, self.shared, self.labels
        n_split, batch = self.n_split, self.batch

        def call(static: Any, *args: Any) -> Any:
            args = list(args)
            for k, sh in arg_shardings:
                a = args[k]
                if sh is batch and k < n_in and np.shape(a)[0] % n_split:
                    raise BatchSplitError(
                        f"Bad input argument to theano function at index {k} (0-based). data_parallel splits axis 0 "
                        f"of input {labels[k]} over the {n_split} devices of mesh axis {self.spec.axis!r}, but it has "
                        f"{np.shape(a)[0]} rows (shape {np.shape(a)}); use a batch size that is a multiple of "
                        f"{n_split}, or compile this function with sharding=False")
                placed = place(a, sh)
                if placed is not a:
                    args[k] = placed
                    if k >= n_in:
                        shared[k - n_in]._value = placed
            return jitted(static, *args)
        call.lower = jitted.lower  # type: ignore[attr-defined]  # f._jitted.lower(...) as for an unsharded function
        call.jitted = jitted  # type: ignore[attr-defined]
        return call


def plan_for(fn: Any) -> ShardingPlan | None:
    """The sharding plan of a compiled Function: from its `sharding` (a DataParallel) and the shardings of its
    shared variables; None when neither asks for one (the function runs on config.device as always)."""
    spec = getattr(fn, "sharding", None)
    if spec is None and not any(getattr(s, "_sharding", None) is not None for s in fn._shared):
        return None
    return ShardingPlan(fn, spec)


def shard_givens(givens: Any, spec: DataParallel | None) -> Any:
    """`givens` with each computed minibatch (a replacement with an owner and a batch axis, such as
    `data[i*bs:(i+1)*bs]`) marked as a batch to split; other replacements (shared variables, scalars) as given."""
    if spec is None or not givens:
        return givens
    from theano.frontend.graph import Variable
    from theano.frontend.ops.sharding import batch_shard

    pairs = list(givens.items()) if isinstance(givens, dict) else list(givens)
    out = []
    for old, new in pairs:
        if isinstance(new, Variable) and new.owner is not None and getattr(new.type, "ndim", 0) >= 1 \
                and not getattr(new.type, "is_sparse", False):
            new = batch_shard(new, str(old))
        out.append((old, new))
    return out


def _register_backend() -> None:
    """frontend's shared variables check, describe and rebuild their shardings through these (no jax there)."""
    from theano.frontend.graph import backend

    backend["check_sharding"] = check_shared_sharding
    backend["describe_sharding"] = sharding_description
    backend["sharding_from_description"] = sharding_from_description


_register_backend()

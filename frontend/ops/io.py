"""theano.tensor.io: LoadFromDisk (`tensor.load`) and Theano 1.0.5's MPI ops.

`load` reads an .npy file on the host (the file name is a Generic input, a Python string at call time) and
hands the array to the compiled program. The MPI ops exist with Theano's names, props and scheduling keys;
mpi4py is not a dependency: without it `mpi_enabled` is False, as in a Theano without mpi4py, graphs with the
ops build, and running one raises an error saying mpi4py is needed.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.sched import key_to_cmp
from theano.frontend.type import Generic, TensorType

try:
    from mpi4py import MPI  # type: ignore[import-not-found]
except ImportError:
    MPI = None
    mpi_enabled = False
else:
    comm = MPI.COMM_WORLD
    mpi_enabled = True


class LoadFromDisk(Op):
    """Load an array from an .npy file (non-differentiable); see `load`."""

    __props__ = ("dtype", "broadcastable", "mmap_mode")
    host_only = True  # reads the file at each call, on the host (lowering/host_values.py), even for a constant path

    def __init__(self, dtype: Any, broadcastable: Any, mmap_mode: str | None = None):
        self.dtype = np.dtype(dtype)  # turn "float64" into np.float64
        self.broadcastable = broadcastable
        if mmap_mode not in (None, "c"):
            raise ValueError("The only supported values for mmap_mode are None and 'c', got %s" % mmap_mode)
        self.mmap_mode = mmap_mode

    def make_node(self, path: Any) -> Apply:
        if isinstance(path, str):
            path = Constant(Generic(), path)
        return Apply(self, [path], [TensorType(str(self.dtype), self.broadcastable)()])

    def do_constant_folding(self, node: Apply) -> bool:
        return False  # the file is read when the function runs, not when it compiles

    def perform(self, node: Apply, inp: list[Any], out: list[list[Any]]) -> None:
        path = inp[0]
        if isinstance(path, np.ndarray):  # the host shape program hands inputs over as arrays
            path = path.item()
        if path.split(".")[-1] == "npz":
            raise ValueError("Expected a .npy file, got %s instead" % path)
        result = np.load(path, mmap_mode=self.mmap_mode)
        if result.dtype != self.dtype:
            raise TypeError("Expected an array of type %s, got %s instead" % (self.dtype, result.dtype))
        out[0][0] = result

    def __str__(self) -> str:
        return "Load{dtype: %s, broadcastable: %s, mmep: %s}" % (self.dtype, self.broadcastable, self.mmap_mode)


def load(path: Any, dtype: Any, broadcastable: Any, mmap_mode: str | None = None) -> Variable:
    """Load an array from an .npy file whose name `path` (a Generic variable or a string) gives at run time.
    mmap_mode None copies the data into memory, 'c' maps the file copy-on-write."""
    return LoadFromDisk(dtype, broadcastable, mmap_mode)(path)


def _need_mpi(op: Op) -> None:
    if not mpi_enabled:
        raise RuntimeError("%s needs mpi4py, which is not installed (theano.tensor.io.mpi_enabled is False)" % op)


class MPIRecv(Op):
    """Asynchronously receive an array from a remote host with MPI (non-differentiable)."""

    __props__ = ("source", "tag", "shape", "dtype")

    def __init__(self, source: int, tag: int, shape: Any, dtype: Any):
        self.source = source
        self.tag = tag
        self.shape = shape
        self.dtype = np.dtype(dtype)  # turn "float64" into numpy.float64
        self.broadcastable = (False,) * len(shape)

    def make_node(self) -> Apply:
        return Apply(self, [], [Variable(Generic()), TensorType(str(self.dtype), self.broadcastable)()])

    def perform(self, node: Apply, inp: list[Any], out: list[list[Any]]) -> None:
        _need_mpi(self)
        data = np.zeros(self.shape, dtype=self.dtype)
        out[0][0] = comm.Irecv(data, self.source, self.tag)
        out[1][0] = data

    def __str__(self) -> str:
        return "MPIRecv{source: %d, tag: %d, shape: %s, dtype: %s}" % (self.source, self.tag, self.shape, self.dtype)

    def infer_shape(self, node: Apply, shapes: list[Any]) -> list[Any]:
        return [None, self.shape]

    def do_constant_folding(self, node: Apply) -> bool:
        return False


class MPIRecvWait(Op):
    """Wait on a previously received array (non-differentiable)."""

    __props__ = ("tag",)
    view_map = {0: [1]}

    def __init__(self, tag: int):
        self.tag = tag

    def make_node(self, request: Any, data: Any) -> Apply:
        return Apply(self, [request, data], [TensorType(data.dtype, data.broadcastable)()])

    def perform(self, node: Apply, inp: list[Any], out: list[list[Any]]) -> None:
        _need_mpi(self)
        request, data = inp
        request.wait()
        out[0][0] = data

    def infer_shape(self, node: Apply, shapes: list[Any]) -> list[Any]:
        return [shapes[1]]


class MPISend(Op):
    """Asynchronously send an array to a remote host with MPI (non-differentiable)."""

    __props__ = ("dest", "tag")
    view_map = {1: [0]}

    def __init__(self, dest: int, tag: int):
        self.dest = dest
        self.tag = tag

    def make_node(self, data: Any) -> Apply:
        return Apply(self, [data], [Variable(Generic()), data.type()])

    def perform(self, node: Apply, inp: list[Any], out: list[list[Any]]) -> None:
        _need_mpi(self)
        data = inp[0]
        out[0][0] = comm.Isend(data, self.dest, self.tag)
        out[1][0] = data

    def __str__(self) -> str:
        return "MPISend{dest: %d, tag: %d}" % (self.dest, self.tag)


class MPISendWait(Op):
    """Wait on a previously sent array (non-differentiable)."""

    __props__ = ("tag",)

    def __init__(self, tag: int):
        self.tag = tag

    def make_node(self, request: Any, data: Any) -> Apply:
        return Apply(self, [request, data], [Variable(Generic())])

    def perform(self, node: Apply, inp: list[Any], out: list[list[Any]]) -> None:
        _need_mpi(self)
        inp[0].wait()
        out[0][0] = True


def isend(var: Any, dest: int, tag: int) -> list[Variable]:
    """Non-blocking send."""
    return MPISend(dest, tag)(var)


def send(var: Any, dest: int, tag: int) -> Variable:
    """Blocking send."""
    return MPISendWait(tag)(*isend(var, dest, tag))


def irecv(shape: Any, dtype: Any, source: int, tag: int) -> list[Variable]:
    """Non-blocking receive."""
    return MPIRecv(source, tag, shape, dtype)()


def recv(shape: Any, dtype: Any, source: int, tag: int) -> Variable:
    """Blocking receive."""
    return MPIRecvWait(tag)(*irecv(shape, dtype, source, tag))


def mpi_send_wait_key(a: Apply) -> int:
    """Wait as long as possible on Waits, start Send/Recvs early."""
    if isinstance(a.op, (MPIRecvWait, MPISendWait)):
        return 1
    if isinstance(a.op, (MPIRecv, MPISend)):
        return -1
    return 0


def mpi_tag_key(a: Apply) -> int:
    """Break MPI ties by the tag: lower tags first."""
    if isinstance(a.op, (MPISend, MPIRecv, MPIRecvWait, MPISendWait)):
        return a.op.tag
    return 0


mpi_send_wait_cmp = key_to_cmp(mpi_send_wait_key)
mpi_tag_cmp = key_to_cmp(mpi_tag_key)

mpi_keys = (mpi_send_wait_key, mpi_tag_key)
mpi_cmps = (mpi_send_wait_cmp, mpi_tag_cmp)

"""Lowering of theano.tensor.io's ops: none runs inside a compiled program, each says so clearly.

LoadFromDisk reads a file at each call: it is `host_only`, so a function holding one runs op by op on the host
(lowering/host_values.py) and never reaches this rule unless it is traced inside another program (a scan step).
The MPI ops need mpi4py (not a dependency) and host-side requests.
"""
from __future__ import annotations

from typing import Any

from theano.frontend.ops.io import LoadFromDisk, MPIRecv, MPIRecvWait, MPISend, MPISendWait, mpi_enabled
from theano.lowering.registry import LoweringContext, lowers


@lowers(LoadFromDisk)
def lower_load(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    raise NotImplementedError(f"{node.op}: theano.tensor.load inside a compiled function is not supported by "
                              "theano-xla yet: load the array with numpy.load and pass it as an input (or a shared "
                              "variable)")


@lowers(MPIRecv, MPIRecvWait, MPISend, MPISendWait)
def lower_mpi(node: Any, ctx: LoweringContext, *inputs: Any) -> Any:
    why = "they are not supported by theano-xla yet" if mpi_enabled else "mpi4py is not installed"
    raise NotImplementedError(f"{node.op}: the MPI ops of theano.tensor.io cannot run: {why}")

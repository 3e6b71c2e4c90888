"""Lowering of Print: an ordered host callback (jax.debug.callback) that prints the value, then the value."""
from __future__ import annotations

import logging
from typing import Any

import jax
import numpy as np

from theano.frontend.ops.print_op import Print
from theano.lowering.callback import _QuietHostErrors, guarded
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.sparse_values import SparseArrays, is_sparse_arrays, to_scipy


logging.getLogger("jax._src.debugging").addFilter(_QuietHostErrors())  # the caller gets the original error


@lowers(Print)
def lower_print(node: Any, ctx: LoweringContext, x: Any) -> Any:
    """Print from inside the program, in program order (ordered effect), and return `x` unchanged."""
    op = node.op
    dtype = np.dtype(node.inputs[0].type.dtype)

    def host(value: Any) -> None:
        op.global_fn(op, np.asarray(value, dtype=dtype))  # 64-bit values keep Theano's dtype on the host

    if is_sparse_arrays(x):  # a sparse matrix is printed as the scipy matrix Theano's Print gets
        def host_sparse(data: Any, indices: Any, indptr: Any) -> None:
            op.global_fn(op, to_scipy(SparseArrays(np.asarray(data, dtype=dtype), np.asarray(indices),
                                                   np.asarray(indptr), x.format, x.shape)))

        if isinstance(x.data, np.ndarray):
            host_sparse(x.data, x.indices, x.indptr)
        else:
            jax.debug.callback(guarded(host_sparse), x.data, x.indices, x.indptr, ordered=True)
        return x
    if isinstance(x, np.ndarray) or np.isscalar(x):  # eager (op by op, test values): print now
        host(x)
    else:
        jax.debug.callback(guarded(host), x, ordered=True)
    return x


# a global_fn can raise while the program runs: the call then waits for the prints and keeps the shared
# buffers (no donation), so that the error reaches the caller as itself and no update is half-committed
lower_print.runs_host_code = lambda node: True  # type: ignore[attr-defined]

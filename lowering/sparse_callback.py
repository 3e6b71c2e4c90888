"""Host callbacks with sparse values: a user's numpy `perform` (as_op, Op subclasses) receives and returns scipy
matrices for its sparse inputs/outputs, as in Theano.

A sparse input crosses the callback as its padded (data, indices, indptr) arrays and is rebuilt as a scipy matrix
of nnz = indptr[-1] on the host. A sparse output's number of stored entries is only known once perform has run,
but XLA needs the callback's result shapes while tracing: the output is padded to the static bound rows * cols
(its shape from the op's infer_shape, or the first input's shape), which is exact but sized like the dense matrix.

Also here: the conversions DebugMode's op-by-op run needs between the program's SparseArrays and scipy.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax.numpy as jnp
import numpy as np
import scipy.sparse

from theano.frontend.graph import Apply
from theano.lowering.error_report import run_perform
from theano.lowering.registry import LoweringContext
from theano.lowering.sparse_values import (SparseArrays, as_sparse_arrays, from_scipy, is_sparse_arrays, to_scipy)


def is_sparse_type(t: Any) -> bool:
    return bool(getattr(t, "is_sparse", False))


def has_sparse_values(node: Apply) -> bool:
    """Whether a node reads or produces sparse matrices (its host callback then converts to scipy)."""
    return any(is_sparse_type(v.type) for v in list(node.inputs) + list(node.outputs))


def value_shape(value: Any) -> tuple[int, ...]:
    """The shape of a value inside a program or on the host: SparseArrays and scipy matrices too."""
    if is_sparse_arrays(value) or scipy.sparse.issparse(value):
        return tuple(int(d) for d in value.shape)
    return tuple(int(d) for d in np.shape(value))


def to_scipy_value(value: Any) -> Any:
    """A SparseArrays (host or device arrays) as a scipy matrix; anything else as it is."""
    return to_scipy(value) if is_sparse_arrays(value) else value


def to_program_value(value: Any, var: Any) -> Any:
    """A perform result for output `var` as the program holds it: SparseArrays (numpy) for a sparse one."""
    if is_sparse_type(var.type):
        if not scipy.sparse.issparse(value):
            raise TypeError(f"{var.owner.op if var.owner else 'perform'} returned {type(value).__name__} for the "
                            f"sparse output {var} ({var.type}); a scipy.sparse matrix was expected")
        sp = value
        if sp.format != var.type.format:
            sp = sp.asformat(var.type.format)
        return from_scipy(sp)
    return np.asarray(value, dtype=var.type.dtype) if hasattr(var.type, "dtype") and value is not None else value


def host_sparse_arrays(value: Any) -> Any:
    """A program value with its arrays on the host (SparseArrays of numpy arrays, or a numpy array)."""
    if is_sparse_arrays(value):
        return SparseArrays(np.array(value.data), np.array(value.indices), np.array(value.indptr), value.format,
                            value.shape, np.array(value.major))
    if isinstance(value, (tuple, list)):  # a typed list: a Python list of host values
        return [host_sparse_arrays(v) for v in value]
    return np.array(value)


def as_compared(value: Any) -> Any:
    """A value as DebugMode compares it: a sparse one as its dense numpy matrix (scipy's toarray); a typed list as
    the list of its elements' compared values."""
    if isinstance(value, (tuple, list)):
        return [as_compared(v) for v in value]
    if is_sparse_arrays(value):
        value = to_scipy(value)
    if scipy.sparse.issparse(value):
        return value.toarray()
    return np.asarray(value)


def sparse_perform_callback(node: Apply, ctx: LoweringContext, inputs: Sequence[Any],
                            out_shapes: Sequence[tuple[int, ...]]) -> Any:
    """perform_callback_rule for a node with sparse inputs or outputs (see the module docstring)."""
    from theano.lowering.callback import host_call

    op = node.op
    flat: list[Any] = []
    layout: list[Any] = []  # per input: None (dense) or (format, shape) of a sparse one
    for var, x in zip(node.inputs, inputs):
        if is_sparse_type(var.type):
            sa = as_sparse_arrays(x)
            flat += [sa.data, sa.indices, sa.indptr]
            layout.append((sa.format, sa.shape))
        else:
            flat.append(x)
            layout.append(None)
    shapes: list[tuple[int, ...]] = []
    dtypes: list[Any] = []
    for var, shp in zip(node.outputs, out_shapes):
        if is_sparse_type(var.type):
            rows, cols = (int(d) for d in shp)
            cap = max(rows * cols, 1)
            n_major = rows if var.type.format == "csr" else cols
            shapes += [(cap,), (cap,), (n_major + 1,)]
            dtypes += [np.dtype(var.type.dtype), np.dtype("int32"), np.dtype("int32")]
        else:
            shapes.append(tuple(shp))
            dtypes.append(np.dtype(var.type.dtype))
    in_dtypes = [np.dtype(v.type.dtype) if hasattr(v.type, "dtype") else None for v in node.inputs]

    def host(*arrays: Any) -> tuple:
        args, pos = [], 0
        for lay, dt in zip(layout, in_dtypes):
            if lay is None:
                args.append(np.asarray(arrays[pos], dtype=dt) if dt is not None else arrays[pos])
                pos += 1
                continue
            fmt, shape = lay
            data, indices, indptr = (np.asarray(a) for a in arrays[pos:pos + 3])
            pos += 3
            nnz = int(indptr[-1])
            cls = scipy.sparse.csr_matrix if fmt == "csr" else scipy.sparse.csc_matrix
            args.append(cls((data[:nnz].astype(dt).copy(), indices[:nnz].copy(), indptr.copy()), shape=shape))
        storage = run_perform(node, args)
        results: list[Any] = []
        for cell, var, shp in zip(storage, node.outputs, out_shapes):
            val = cell[0]
            if not is_sparse_type(var.type):
                val = np.asarray(val, dtype=var.type.dtype)
                if val.shape != tuple(shp):
                    raise ValueError(f"{op}.perform returned output {var} of shape {val.shape}, but {tuple(shp)} was "
                                     "expected (from the op's infer_shape, or the shape of its first input)")
                results.append(val)
                continue
            if not scipy.sparse.issparse(val):
                raise TypeError(f"{op}.perform returned {type(val).__name__} for the sparse output {var} "
                                f"({var.type}); a scipy.sparse matrix was expected")
            if tuple(val.shape) != tuple(shp):
                raise ValueError(f"{op}.perform returned a sparse output {var} of shape {val.shape}, but "
                                 f"{tuple(shp)} was expected (from the op's infer_shape, or the shape of its first "
                                 "input)")
            sp = val.asformat(var.type.format)
            cap = max(int(shp[0]) * int(shp[1]), 1)
            nnz = int(sp.indptr[-1])
            data = np.zeros(cap, dtype=var.type.dtype)
            data[:nnz] = sp.data[:nnz]
            indices = np.zeros(cap, dtype=np.int32)
            indices[:nnz] = sp.indices[:nnz]
            results += [data, indices, np.asarray(sp.indptr, dtype=np.int32)]
        return tuple(results)

    outs = list(host_call(host, shapes, dtypes, *flat))
    values: list[Any] = []
    for var, shp in zip(node.outputs, out_shapes):
        if is_sparse_type(var.type):
            data, indices, indptr = outs[:3]
            del outs[:3]
            values.append(SparseArrays(data, indices, jnp.asarray(indptr), var.type.format, tuple(shp)))
        else:
            values.append(outs.pop(0))
    return values[0] if len(values) == 1 else tuple(values)


def scipy_host_step(node: Apply, values: Sequence[Any]) -> list[Any]:
    """A user's perform op evaluated on the host (the shape program runs it for its output shapes): scipy matrices
    in, the program's SparseArrays back out."""
    from theano.frontend.evaluate import host_or_backend

    outs = host_or_backend(node, [to_scipy_value(v) for v in values])
    return [to_program_value(o, var) if is_sparse_type(var.type) else o for o, var in zip(outs, node.outputs)]


def runs_perform(node: Apply) -> bool:
    """Whether the node lowers to the perform host callback (a user's numpy op, as_op's FromFunctionOp)."""
    from theano.frontend.ops.compile_ops import FromFunctionOp
    from theano.lowering.callback import perform_callback_rule
    from theano.lowering.registry import rule_for

    if isinstance(node.op, FromFunctionOp):
        return True
    try:
        return rule_for(node.op) is perform_callback_rule
    except Exception:  # noqa: BLE001 - no rule: not a perform op
        return False

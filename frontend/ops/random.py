"""Random sampling ops: each takes a random state (raw threefry key data, uint32[2]) and returns
(new_state, sample), so a stream's state is an ordinary shared variable with a `default_update`.

The sample shape is a list of int64 scalar inputs (`size`), so symbolic sizes (`x.shape`, `(n, k)`) go
through the host shape program; the lowering (theano.lowering.rules.random) draws with jax.random on the
device. No gradient flows through sampling: every input's gradient is undefined, as in Theano.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.grad_types import grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.alloc import _all_constant, _const_int, _i64
from theano.frontend.ops.math import maximum
from theano.frontend.ops.shape import MakeVector, Shape, get_vector_length, shape_i
from theano.frontend.type import TensorType

__all__ = ["STATE_DTYPE", "STATE_LENGTH", "state_type", "as_state", "size_entries", "broadcast_size",
           "RandomDraw", "RandomPermutation", "RandomMultinomial", "RandomChoice", "RandomChoiceRows"]

STATE_DTYPE = "uint32"
STATE_LENGTH = 2  # threefry2x32 key data
state_type = TensorType(STATE_DTYPE, (False,))


def as_state(r: Any) -> Variable:
    """`r` as a random-state variable (uint32 vector of key data), or a TypeError naming what came."""
    if not isinstance(r, Variable) or getattr(r.type, "dtype", None) != STATE_DTYPE or r.type.ndim != 1:
        raise TypeError(f"random state: expected a random state variable (uint32 vector of threefry key data, e.g. "
                        f"from random_state_type() or a RandomStreams' shared state), got {r!r} of type "
                        f"{getattr(r, 'type', type(r))}")
    return r


def size_entries(size: Any, ndim: int | None = None, what: str = "size") -> list[Variable]:
    """A sample size (int, tuple/list of ints and int scalars, or an int vector variable such as `x.shape`)
    as a list of int64 scalar variables, one per output dimension."""
    if isinstance(size, Variable):
        if size.ndim == 0:
            entries: list[Any] = [size]
        elif size.ndim == 1:
            if size.dtype not in _dt.integer_dtypes:
                raise TypeError(f"{what} must be an integer vector, got {size.type}")
            owner = size.owner
            if owner is not None and isinstance(owner.op, Shape):
                entries = [shape_i(owner.inputs[0], i) for i in range(owner.inputs[0].ndim)]
            elif owner is not None and isinstance(owner.op, MakeVector):
                entries = list(owner.inputs)
            elif isinstance(size, Constant):
                entries = [int(s) for s in np.asarray(size.data)]
            else:
                try:
                    n = get_vector_length(size)
                except (ValueError, TypeError):
                    if ndim is None:
                        raise ValueError(f"cannot infer the number of dimensions from {what}={size}: pass ndim") from None
                    n = ndim
                    size = size.reshape((n,), ndim=1)  # a size vector of another length: ValueError when run
                entries = [size[i] for i in range(n)]
        else:
            raise ValueError(f"{what} must be a scalar or a vector, got a {size.ndim}-d variable {size}")
    elif isinstance(size, (int, np.integer)):
        entries = [int(size)]
    elif isinstance(size, (tuple, list)):
        entries = list(size)
    else:
        raise TypeError(f"{what} must be an int, a tuple/list of ints or integer scalars, or an integer vector "
                        f"variable; got {size!r} of type {type(size).__name__}")
    out = []
    for e in entries:
        if isinstance(e, (int, np.integer)) and not isinstance(e, bool):
            if e < 0:
                raise ValueError(f"negative dimensions are not allowed in {what}: {size}")
            out.append(constant(int(e), dtype="int64"))
            continue
        if not isinstance(e, Variable):
            raise TypeError(f"{what}: only integers and integer scalar variables are allowed, got {e!r} in {size!r}")
        if e.ndim != 0 or e.dtype not in _dt.integer_dtypes:
            raise TypeError(f"{what}: every entry must be an integer scalar, got {e} of type {e.type} in {size!r}")
        out.append(_i64(e))
    if ndim is not None and len(out) != ndim:
        raise ValueError(f"{what}={size!r} has {len(out)} dimensions but ndim={ndim} was given")
    return out


def broadcast_size(params: Sequence[Variable], ndim: int | None = None) -> list[Variable]:
    """The shape that numpy broadcasting gives `params` (the sample size when `size` is None)."""
    nd = max([p.ndim for p in params] + [ndim or 0])
    out = []
    for i in range(nd):
        dims = []
        for p in params:
            j = i - (nd - p.ndim)
            if j >= 0 and not p.broadcastable[j]:
                dims.append(shape_i(p, j))
        if not dims:
            out.append(constant(1, dtype="int64"))
        else:
            d = _i64(dims[0])
            for other in dims[1:]:
                d = maximum(d, _i64(other))
            out.append(d)
    return out


def _bcast_of(entries: Sequence[Variable]) -> tuple[bool, ...]:
    return tuple(_const_int(e) == 1 for e in entries)


class _RandomOp(Op):
    """Base: inputs (state, *size, *params); outputs (new_state, sample). Subclasses set `n_params`."""

    n_params = 0

    def _ndim(self, node: Apply) -> int:
        return len(node.inputs) - 1 - self.n_params

    def size_of(self, node: Apply) -> list[Variable]:
        return list(node.inputs[1:1 + self._ndim(node)])

    def params_of(self, node: Apply) -> list[Variable]:
        return list(node.inputs[1 + self._ndim(node):])

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(self.size_of(node)) or not _all_constant(self._extra_dims(node))

    def _extra_dims(self, node: Apply) -> list[Any]:
        return []

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        return [shapes[0], tuple(self.size_of(node)) + tuple(self._extra_dims(node))]

    def grad(self, inputs: list[Variable], grads: list[Any]) -> list[Any]:
        return [grad_undefined(self, k, x, "No gradient defined through random sampling")
                for k, x in enumerate(inputs)]

    def R_op(self, inputs: list[Variable], eval_points: list[Any]) -> list[Any]:
        return [None, None]

    def make_node_from_inputs(self, inputs: list[Variable]) -> Apply:
        """A node from the flat input list (state, *size, *params), as Apply.clone_with_new_inputs has it."""
        nd = len(inputs) - 1 - self.n_params
        return self.make_node(inputs[0], list(inputs[1:1 + nd]), *inputs[1 + nd:])

    def _apply(self, state: Any, size: Sequence[Variable], params: Sequence[Variable], sample_type: TensorType) -> Apply:
        state = as_state(state)
        return Apply(self, [state, *size, *params], [state.type(), sample_type()])


class RandomDraw(_RandomOp):
    """Elementwise draws of shape `size` with parameters broadcast to it (numpy's broadcasting):
    uniform(low, high) in the open interval, normal(avg, std), truncated_normal(avg, std) cut at
    2 standard deviations, binomial(n, p), integers(low, high) inclusive, poisson(lam)."""

    __props__ = ("dist", "dtype")
    PARAMS = {"uniform": 2, "normal": 2, "truncated_normal": 2, "binomial": 2, "integers": 2, "poisson": 1}

    def __init__(self, dist: str = "uniform", dtype: str | None = None):
        dtype = config.floatX if dtype is None else dtype
        if dist not in self.PARAMS:
            raise ValueError(f"RandomDraw: unknown distribution {dist!r}; expected one of {sorted(self.PARAMS)}")
        self.dist = dist
        self.dtype = _dt.check_dtype(dtype)
        self.n_params = self.PARAMS[dist]

    def make_node(self, state: Any, size: Sequence[Any], *params: Any) -> Apply:
        if len(params) != self.n_params:
            raise TypeError(f"RandomDraw({self.dist}) takes {self.n_params} parameters, got {len(params)}")
        ps = [as_tensor_variable(p) for p in params]
        size = [_i64(s) for s in size]
        for p in ps:
            if p.ndim > len(size):
                raise ValueError(f"random {self.dist}: a parameter has {p.ndim} dimensions, more than the "
                                 f"{len(size)} of the sample size")
        return self._apply(state, size, ps, TensorType(self.dtype, _bcast_of(size)))

    def __str__(self) -> str:
        return f"RandomDraw{{{self.dist}, {self.dtype}}}"


class RandomPermutation(_RandomOp):
    """Permutations of range(n): output shape size + (n,)."""

    __props__ = ("dtype",)
    n_params = 1

    def __init__(self, dtype: str = "int64"):
        self.dtype = _dt.check_dtype(dtype)

    def _extra_dims(self, node: Apply) -> list[Any]:
        return [_i64(node.inputs[-1])]

    def make_node(self, state: Any, size: Sequence[Any], n: Any) -> Apply:
        n = as_tensor_variable(n)
        if n.ndim != 0 or n.dtype not in _dt.integer_dtypes:
            raise TypeError(f"permutation: n must be an integer scalar, got {n.type}")
        size = [_i64(s) for s in size]
        return self._apply(state, size, [n], TensorType(self.dtype, _bcast_of(size) + (_const_int(n) == 1,)))


class RandomMultinomial(_RandomOp):
    """Multinomial counts of `n` trials over the last axis of `pvals`: output shape size + (len(pvals[-1]),)."""

    __props__ = ("dtype",)
    n_params = 2

    def __init__(self, dtype: str = "int64"):
        self.dtype = _dt.check_dtype(dtype)

    def _extra_dims(self, node: Apply) -> list[Any]:
        pvals = node.inputs[-1]
        return [shape_i(pvals, pvals.ndim - 1)]

    def value_dependent_shape(self, node: Apply) -> bool:
        return not _all_constant(self.size_of(node)) or not isinstance(node.inputs[-1], Constant)

    def make_node(self, state: Any, size: Sequence[Any], n: Any, pvals: Any) -> Apply:
        n, pvals = as_tensor_variable(n), as_tensor_variable(pvals)
        if pvals.ndim < 1:
            raise TypeError(f"multinomial: pvals must have at least one dimension, got {pvals.type}")
        size = [_i64(s) for s in size]
        if n.ndim > len(size) or pvals.ndim - 1 > len(size):
            raise ValueError("multinomial: n and pvals[..., 0] must broadcast to the sample size")
        return self._apply(state, size, [n, pvals],
                           TensorType(self.dtype, _bcast_of(size) + (pvals.broadcastable[-1],)))


class RandomChoice(_RandomOp):
    """Elements of the vector `a` drawn `size` times, with or without replacement, uniformly or with
    probabilities `p` (a vector like `a`; an empty vector means uniform)."""

    __props__ = ("replace", "dtype")
    n_params = 2

    def __init__(self, replace: bool = True, dtype: str = "int64"):
        self.replace = bool(replace)
        self.dtype = _dt.check_dtype(dtype)

    def make_node(self, state: Any, size: Sequence[Any], a: Any, p: Any) -> Apply:
        a, p = as_tensor_variable(a), as_tensor_variable(p)
        if a.ndim != 1 or p.ndim != 1:
            raise TypeError(f"choice: a and p must be vectors here, got {a.type} and {p.type}")
        size = [_i64(s) for s in size]
        return self._apply(state, size, [a, p], TensorType(self.dtype, _bcast_of(size)))


class RandomChoiceRows(_RandomOp):
    """For each row of `p` (rows, k), `n` distinct indices in range(k) drawn without replacement with
    probabilities p[row] (MRG_RandomStreams.choice): output shape (rows, n)."""

    __props__ = ("dtype",)
    n_params = 2

    def __init__(self, dtype: str = "int64"):
        self.dtype = _dt.check_dtype(dtype)

    def _ndim(self, node: Apply) -> int:
        return 0

    def _extra_dims(self, node: Apply) -> list[Any]:
        p, n = node.inputs[1], node.inputs[2]
        return [shape_i(p, 0), _i64(n)]

    def value_dependent_shape(self, node: Apply) -> bool:
        return True

    def make_node_from_inputs(self, inputs: list[Variable]) -> Apply:
        return self.make_node(*inputs)

    def make_node(self, state: Any, p: Any, n: Any) -> Apply:
        p, n = as_tensor_variable(p), as_tensor_variable(n)
        if p.ndim != 2:
            raise NotImplementedError("MRG_RandomStreams.choice is only implemented for p.ndim = 2")
        if n.ndim != 0 or n.dtype not in _dt.integer_dtypes:
            raise TypeError(f"choice: size must be an integer scalar, got {n.type}")
        return self._apply(state, [], [p, n], TensorType(self.dtype, (p.broadcastable[0], _const_int(n) == 1)))


def _check_positive(entries: Sequence[Variable], what: str) -> None:
    for e in entries:
        v = _const_int(e)
        if v is not None and v <= 0:
            raise ValueError(f"The specified {what} contains a dimension with value <= 0", v)


def check_positive_size(entries: Sequence[Variable]) -> None:
    """MRG_RandomStreams' check: constant dimensions must be positive."""
    _check_positive(entries, "size")

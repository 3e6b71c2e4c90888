"""The graph-reading helpers of Theano 1.0.5's Gemm rewrite, as theano.tensor.blas exposes them.

Theano's GemmOptimizer read `dot` (+ `add`) graphs as sums of scaled terms with these helpers before it turned
them into Gemm nodes. We do not run that rewrite (XLA fuses the dot, the scaling and the addition itself), but
the helpers are importable and behave as Theano's: `_gemm_canonicalize` reads an expression as a list of
(scale, term) pairs, `_factor_canonicalized` merges repeated terms, `_as_scalar` finds the scalar behind
broadcasting dimshuffles. They are iterative (no recursion per nested add).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.config import config
from theano.frontend.graph import Variable
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS, cast

__all__ = ["res_is_a", "_as_scalar", "_is_real_matrix", "_is_real_vector", "_gemm_canonicalize",
           "_factor_canonicalized"]

_CANONICAL_DTYPES = ("float16", "float32", "float64", "complex64", "complex128")
_REAL_DTYPES = ("float16", "float32", "float64")


def res_is_a(var: Variable, op: Any, maxclients: int | None = None) -> bool:
    """Whether `var` is an output of `op` (and, with maxclients, has at most that many clients)."""
    few_clients = maxclients is None or len(getattr(var, "clients", [])) <= maxclients
    return bool(var.owner and var.owner.op == op and few_clients)


def _strip_dimshuffles(v: Variable) -> Variable:
    while v.owner and isinstance(v.owner.op, DimShuffle):
        v = v.owner.inputs[0]
    return v


def _as_scalar(res: Variable, dtype: str | None = None) -> Variable | None:
    """The 0-d variable behind `res` if every dimension of `res` is broadcastable, else None.

    Dimshuffles are looked through; an integer scalar is cast to `dtype` (floatX by default) when that upcast
    keeps `dtype`, else None.
    """
    if dtype is None:
        dtype = config.floatX
    if not np.all(res.type.broadcastable):
        return None
    res = _strip_dimshuffles(res)
    rval = res.dimshuffle() if res.type.broadcastable else res
    if rval.type.dtype in _dt.integer_dtypes:
        if _dt.upcast(res.dtype, dtype) == dtype:
            return cast(rval, dtype)
        return None
    return rval


def _is_real_matrix(res: Variable) -> bool:
    return (res.type.dtype in _REAL_DTYPES and res.type.ndim == 2 and res.type.broadcastable[0] is False
            and res.type.broadcastable[1] is False)


def _is_real_vector(res: Variable) -> bool:
    return res.type.dtype in _REAL_DTYPES and res.type.ndim == 1 and res.type.broadcastable[0] is False


def _scaled(scale: Any, thing: Variable) -> Any:
    number = isinstance(scale, (int, float, np.number))
    if number and scale == 1:
        return thing
    if number and scale == -1 and thing.type.dtype != "bool":
        return -thing
    return scale * thing


def _canonical_children(r: Variable, scale: Any, rval: list, maxclients: int) -> list[tuple]:
    """One step of _gemm_canonicalize: append r's leaf entries to rval, or return its (term, scale) children."""
    if r.type.ndim not in (1, 2) or r.type.dtype not in _CANONICAL_DTYPES:
        rval.append(_scaled(scale, r))
        return []
    if maxclients and len(getattr(r, "clients", [])) > maxclients:
        rval.append((scale, r))
        return []
    op = r.owner.op if r.owner else None
    if op == ELEMWISE_OPS["sub"]:
        return [(r.owner.inputs[0], scale), (r.owner.inputs[1], -scale)]
    if op == ELEMWISE_OPS["add"]:
        return [(i, scale) for i in r.owner.inputs]
    if op == ELEMWISE_OPS["neg"]:
        return [(r.owner.inputs[0], -scale)]
    if op == ELEMWISE_OPS["mul"]:
        scalars, vectors, matrices = [], [], []
        for i in r.owner.inputs:
            if np.all(i.type.broadcastable):
                i = _strip_dimshuffles(i)
                scalars.append(i.dimshuffle() if i.type.broadcastable else i)
            elif _is_real_vector(i):
                vectors.append(i)
            elif _is_real_matrix(i):
                matrices.append(i)
            else:  # the term as it is
                rval.append((scale, r))
                return []
        if len(matrices) + len(vectors) == 1:
            term = (matrices or vectors)[0]
            if not scalars:
                return [(term, scale)]
            if len(scalars) == 1:
                return [(term, _scaled(scale, scalars[0]))]
            return [(term, ELEMWISE_OPS["mul"](_scaled(scale, scalars[0]), *scalars[1:]))]
    rval.append((scale, r))
    return []


def _gemm_canonicalize(r: Variable, scale: Any, rval: list, maxclients: int) -> list | None:
    """Read `r` as a sum of scaled terms: append (scale, term) pairs to `rval` (a term that is not a float/complex
    vector or matrix is appended as the scaled variable itself) and return it; None if `r` is not a tensor."""
    if not hasattr(getattr(r, "type", None), "broadcastable"):
        return None
    stack = [(r, scale, maxclients)]
    while stack:
        var, s, maxc = stack.pop()
        children = _canonical_children(var, s, rval, maxc)
        stack.extend((child, child_scale, 1) for child, child_scale in reversed(children))
    return rval


def _factor_canonicalized(lst: list) -> list:
    """Merge the entries of a canonicalized list that scale the same term: [(a, X), (b, X)] -> [(a + b, X)]."""
    lst = list(lst)
    def pair(entry: Any) -> bool:
        return isinstance(entry, tuple) and len(entry) == 2

    i = 0
    while i < len(lst) - 1:
        if not pair(lst[i]):
            i += 1
            continue
        s_i, m_i = lst[i]
        j = i + 1
        while j < len(lst):
            if not pair(lst[j]):
                j += 1
                continue
            s_j, m_j = lst[j]
            if m_i is m_j:
                s_i = s_i + s_j
                lst[i] = (s_i, m_i)
                del lst[j]
            else:
                j += 1
        i += 1
    return lst

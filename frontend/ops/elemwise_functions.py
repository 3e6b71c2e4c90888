"""Tensor-level functions around the elementwise table's rows that build more than one node (T.isnan of
integers, T.isclose, T.allclose).

They live above the table and above theano.frontend.ops.math because they use ops of other families (alloc, all).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend import dtypes as D
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.ops.alloc import alloc
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS
from theano.frontend.ops.reduce import all as reduce_all


def _all_false_like(a: Any) -> Any:
    """A bool tensor of False with the shape of `a` (Theano: alloc(False, *a.shape))."""
    return alloc(np.asarray(False, dtype="bool"), *[a.shape[i] for i in range(a.ndim)])


def isnan(a: Any) -> Any:
    """isnan(a); integer inputs are never NaN, so they give a constant False tensor."""
    a = as_tensor_variable(a)
    if a.dtype in D.discrete_dtypes:
        return _all_false_like(a)
    return ELEMWISE_OPS["isnan"](a)


def isinf(a: Any) -> Any:
    """isinf(a); integer inputs are never infinite, so they give a constant False tensor."""
    a = as_tensor_variable(a)
    if a.dtype in D.discrete_dtypes:
        return _all_false_like(a)
    return ELEMWISE_OPS["isinf"](a)


def isclose(a: Any, b: Any, rtol: float = 1.e-5, atol: float = 1.e-8, equal_nan: bool = False) -> Any:
    """numpy.isclose on tensors: |a - b| <= atol + rtol * |b|, with numpy's treatment of NaN and inf."""
    E = ELEMWISE_OPS
    diff = E["abs_"](as_tensor_variable(a) - b)
    tolerance = E["add"](atol, E["mul"](rtol, E["abs_"](b)))
    close_prelim = E["le"](diff, tolerance)
    a_nan, b_nan = isnan(a), isnan(b)
    nans = E["or_"](a_nan, b_nan)
    a_inf, b_inf = isinf(a), isinf(b)
    infs = E["or_"](a_inf, b_inf)
    nans_or_infs = E["or_"](nans, infs)
    close = E["and_"](close_prelim, E["invert"](nans_or_infs))
    both_infs = E["and_"](a_inf, b_inf)
    inf_signs_eq = E["eq"](E["mul"](a_inf, E["sgn"](a)), E["mul"](b_inf, E["sgn"](b)))
    inf_eq = E["and_"](both_infs, inf_signs_eq)
    close_with_infs = E["or_"](close, inf_eq)
    if equal_nan:
        return E["or_"](close_with_infs, E["and_"](a_nan, b_nan))
    return close_with_infs


def allclose(a: Any, b: Any, rtol: float = 1.e-5, atol: float = 1.e-8, equal_nan: bool = False) -> Any:
    """numpy.allclose on tensors: all(isclose(...))."""
    return reduce_all(isclose(a, b, rtol, atol, equal_nan))

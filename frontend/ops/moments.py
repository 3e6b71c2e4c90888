"""Mean and the statistics mean, var, std: graphs of Sum, true_div and the input's shape (Theano 1.0.5 semantics)."""
from __future__ import annotations

from typing import Any as TAny

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable, constant
from theano.frontend.graph import Apply, Variable
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.math import sqrt, true_div
from theano.frontend.ops.reduce import CAReduce, _axis_list, get_scalar_op, makeKeepDims, sum as tensor_sum
from theano.frontend.ops.shape import shape

__all__ = ["Mean", "mean", "var", "std"]


class Mean(CAReduce):
    """The float64 mean over one axis or all (tensor.mean(..., op=True)); no gradient, as in Theano."""

    __props__ = ("axis",)

    def __init__(self, axis: TAny = None):
        CAReduce.__init__(self, get_scalar_op("add"), axis)
        if self.axis is not None and len(self.axis) != 1:
            raise ValueError(f"Mean supports one axis or all, got {self.axis}")

    def __str__(self) -> str:
        return "Mean" if self.axis is None else "Mean{%s}" % ", ".join(str(x) for x in self.axis)

    def _output_dtype(self, idtype: str) -> str:
        return "float64"

    def R_op(self, inputs: list[Variable], eval_points: list[Variable]) -> list[TAny]:
        if eval_points[0] is None:
            return [None]
        return [self(eval_points[0])]  # linear

    def host_impl(self, node: Apply, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        return np.asarray(np.mean(x, dtype="float64", axis=self.reduce_axes(x.ndim)))


def mean(input: TAny, axis: TAny = None, dtype: TAny = None, op: bool = False, keepdims: bool = False,
         acc_dtype: TAny = None) -> Variable:
    """Mean over `axis`: sum divided by each reduced length (float32 stays float32, integers give float64)."""
    input = as_tensor_variable(input)
    if op:
        if dtype not in (None, "float64"):
            raise NotImplementedError("The Mean op does not support the dtype argument, and will always use float64. "
                                      "If you want to specify the dtype, call tensor.mean(..., op=False).", dtype)
        if acc_dtype not in (None, "float64"):
            raise NotImplementedError("The Mean op does not support the acc_dtype argument, and will always use "
                                      "float64. If you want to specify acc_dtype, call tensor.mean(..., op=False).",
                                      dtype)
        out = Mean(axis)(input)
        return makeKeepDims(input, out, axis) if keepdims else out
    sum_dtype = dtype if dtype is not None else ("float32" if input.dtype == "float16" else None)
    s = tensor_sum(input, axis=axis, dtype=sum_dtype, keepdims=keepdims, acc_dtype=acc_dtype)
    shp_dtype = "float32" if s.dtype in ("float16", "float32", "complex64") else "float64"
    shp = cast(shape(input), shp_dtype)
    for i in _axis_list(input.ndim, axis):
        s = true_div(s, shp[i])
    if s.dtype != shp.dtype and s.dtype in _dt.discrete_dtypes:
        s = cast(s, shp.dtype)
    if dtype == "float16" or (dtype is None and input.dtype == "float16"):
        s = cast(s, "float16")
    s.name = "mean"
    return s


def _check_ddof(ddof: TAny) -> None:
    """var/std's ddof cannot be a bool: that is a call written for the old (input, axis, keepdims) order."""
    if isinstance(ddof, bool):
        raise ValueError("Parameter keepdims is now at index 3: (input, axis=None, ddof=0, keepdims=False, "
                         "corrected=False)")


def var(input: TAny, axis: TAny = None, ddof: int = 0, keepdims: bool = False, corrected: bool = False) -> Variable:
    """Variance over `axis` by the two-pass algorithm (`corrected`: corrected two-pass); `ddof` as numpy."""
    _check_ddof(ddof)
    input = as_tensor_variable(input)
    axes = _axis_list(input.ndim, axis)
    mean_input = mean(input, axes, keepdims=True)
    centered = input - mean_input
    two = constant(2, dtype=centered.dtype)
    if ddof == 0:
        v = mean(centered ** two, axes, keepdims=keepdims)
    else:
        shp = shape(input) - ddof
        v = tensor_sum(centered ** two, axis=axes, keepdims=keepdims)
        for i in axes:
            v = true_div(v, shp[i])
    if corrected:
        if ddof == 0:
            error = mean(centered, axes, keepdims=keepdims) ** 2
        else:
            shp = shape(input) - ddof
            shp_inp = shape(input)
            error = tensor_sum(centered, axis=axes, keepdims=keepdims) ** 2
            for i in axes:
                error = true_div(error, shp[i] * shp_inp[i])
        v = v - error
    v.name = "var"
    return v


def std(input: TAny, axis: TAny = None, ddof: int = 0, keepdims: bool = False, corrected: bool = False) -> Variable:
    """Standard deviation: sqrt(var(...))."""
    _check_ddof(ddof)
    ret = sqrt(var(input, axis=axis, ddof=ddof, keepdims=keepdims, corrected=corrected))
    ret.name = "std"
    return ret

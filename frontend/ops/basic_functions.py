"""tensor/basic.py functions built from other ops: largest / smallest, ptp, power, and the mgrid / ogrid grids."""
from __future__ import annotations

from typing import Any

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Variable
from theano.frontend.ops.alloc import arange
from theano.frontend.ops.join import concatenate, stack
from theano.frontend.ops.math import gt, lt, ones_like, switch
from theano.frontend.ops.max_argmax import max as tensor_max, min as tensor_min

__all__ = ["largest", "smallest", "ptp", "power", "mgrid", "ogrid", "cov"]


def smallest(*args: Any) -> Variable:
    """The elementwise smallest of the arguments (like Python's min)."""
    if len(args) == 2:
        a, b = args
        return switch(lt(a, b), a, b)
    return tensor_min(stack(args), axis=0)


def largest(*args: Any) -> Variable:
    """The elementwise largest of the arguments (like Python's max)."""
    if len(args) == 2:
        a, b = args
        return switch(gt(a, b), a, b)
    return tensor_max(stack(args), axis=0)


def ptp(a: Any, axis: Any = None) -> Variable:
    """Range of values (maximum - minimum) along an axis (the whole array by default)."""
    a = as_tensor_variable(a)
    return tensor_max(a, axis) - tensor_min(a, axis)


def power(x: Any, y: Any) -> Variable:
    """x ** y, elementwise."""
    return as_tensor_variable(x) ** y


class _nd_grid:
    """mgrid[0:5, 0:3] (dense grids) and ogrid[...] (open grids, sparse=True), as numpy's."""

    def __init__(self, sparse: bool = False):
        self.sparse = sparse

    def __getitem__(self, *args: Any) -> list[Variable]:
        slices = args[0] if isinstance(args[0], tuple) else (args[0],)
        ndim = len(slices)
        for sl in slices:
            if isinstance(sl.step, complex):
                raise NotImplementedError("Not implemented for slices whose step is complex")
        ranges = [arange(sl.start or 0, sl.stop, sl.step or 1) for sl in slices]
        shapes = [tuple([1] * j + [r.shape[0]] + [1] * (ndim - 1 - j)) for j, r in enumerate(ranges)]
        ranges = [r.reshape(shape) for r, shape in zip(ranges, shapes)]
        if self.sparse:
            return ranges
        grids = []
        ones = [ones_like(r) for r in ranges]
        for i in range(ndim):
            grid: Any = 1
            for j in range(ndim):
                grid = grid * (ranges[j] if j == i else ones[j])
            grids.append(grid)
        return grids


mgrid = _nd_grid()
ogrid = _nd_grid(sparse=True)


def cov(m: Any, y: Any = None, rowvar: bool = True, bias: bool = False, ddof: Any = None, fweights: Any = None,
        aweights: Any = None) -> Variable:
    """numpy.cov: the covariance matrix of the variables in the rows of m (columns when rowvar is False)."""
    if fweights is not None:
        raise NotImplementedError("fweights are not implemented")
    if aweights is not None:
        raise NotImplementedError("aweights are not implemented")
    m = as_tensor_variable(m)
    if not rowvar and not m.broadcastable[0]:
        m = m.T
    if y is not None:
        y = as_tensor_variable(y)
        if not rowvar and not y.broadcastable[0]:
            y = y.T
        m = concatenate((m, y), axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    fact = m.shape[1] - ddof
    m = m - m.mean(axis=1, keepdims=True)
    c = m.dot(m.T) * (1.0 / fact)
    return c.squeeze()

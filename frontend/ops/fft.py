"""Fast Fourier transforms: theano.tensor.fft (RFFTOp, IRFFTOp, rfft, irfft) and theano.tensor.fourier (Fourier, fft).

Layout as in Theano 1.0.5: `rfft(x)` takes a batch of real arrays (axis 0 is the batch) and returns the n-d real
FFT over the other axes with a trailing axis of 2 (real, imaginary), the last transformed axis of length n//2+1;
`irfft` is its inverse. The transformed lengths `s` are an input (a shape), so the output shape depends on its
value: the host shape program computes it (`value_dependent_shape`), the lowering reads it from there.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from theano.frontend import dtypes as _dt
from theano.frontend.constructors import as_tensor_variable
from theano.frontend.grad_types import DisconnectedType, grad_undefined
from theano.frontend.graph import Apply, Constant, Op, Variable
from theano.frontend.ops.alloc import arange
from theano.frontend.ops.blas import outer, tensordot
from theano.frontend.ops.indexing import set_subtensor
from theano.frontend.ops.math import eq, exp, lt, sqrt, switch
from theano.frontend.type import TensorType

__all__ = ["RFFTOp", "IRFFTOp", "rfft_op", "irfft_op", "rfft", "irfft", "Fourier", "fourier_fft"]


def _lengths(op: Op, s: Any) -> Variable:
    s = as_tensor_variable(s)
    if s.dtype not in _dt.integer_dtypes:
        raise TypeError("%s: length of the transformed axis must be of type integer" % type(op).__name__)
    if s.ndim != 1:
        raise TypeError(f"{type(op).__name__}: the transformed lengths s must be a vector, got {s.type}")
    return s


def _half_index(ndim: int, s: Variable) -> tuple:
    """x[..., 1:(n//2 + n%2), :] of an (.., n//2+1, 2) spectrum: the bins that stand for two frequencies."""
    n = s[-1]
    return (slice(None),) * (ndim - 2) + (slice(1, (n // 2) + (n % 2)), slice(None))


class RFFTOp(Op):
    """The n-d real FFT of axes 1.. of `a` with lengths `s`, as (batch, *s[:-1], s[-1]//2+1, 2) of a's dtype."""

    __props__ = ()

    def output_type(self, inp: Variable) -> TensorType:
        return TensorType(inp.dtype, broadcastable=[False] * (inp.type.ndim + 1))

    def make_node(self, a: Any, s: Any = None) -> Apply:
        a = as_tensor_variable(a)
        if a.ndim < 2:
            raise TypeError("%s: input must have dimension > 2, with first dimension batches" % type(self).__name__)
        if a.dtype not in _dt.float_dtypes:
            raise TypeError(f"{type(self).__name__}: the input must be real (a float dtype), got {a.type}")
        s = as_tensor_variable(a.shape[1:]) if s is None else _lengths(self, s)
        return Apply(self, [a, s], [self.output_type(a)()])

    def value_dependent_shape(self, node: Apply) -> bool:
        return not isinstance(node.inputs[1], Constant)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        s = node.inputs[1]
        nd = node.inputs[0].ndim
        return [(shapes[0][0],) + tuple(s[i] for i in range(nd - 2)) + (s[nd - 2] // 2 + 1, 2)]

    def host_impl(self, node: Apply, a: np.ndarray, s: np.ndarray) -> np.ndarray:
        A = np.fft.rfftn(a, s=tuple(int(v) for v in s))
        out = np.zeros(A.shape + (2,), dtype=a.dtype)
        out[..., 0], out[..., 1] = np.real(A), np.imag(A)
        return out

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        gout, = output_grads
        s = inputs[1]
        idx = _half_index(gout.ndim, s)
        gout = set_subtensor(gout[idx], gout[idx] * 0.5)
        return [irfft_op(gout, s), DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False]]


class IRFFTOp(Op):
    """The inverse of RFFTOp, unnormalised (times prod(s)): (batch, .., n//2+1, 2) -> (batch, *s) of a's dtype."""

    __props__ = ()

    def output_type(self, inp: Variable) -> TensorType:
        return TensorType(inp.dtype, broadcastable=[False] * (inp.type.ndim - 1))

    def make_node(self, a: Any, s: Any = None) -> Apply:
        a = as_tensor_variable(a)
        if a.ndim < 3:
            raise TypeError("%s: input must have dimension >= 3,  with " % type(self).__name__ +
                            "first dimension batches and last real/imag parts")
        if a.dtype not in _dt.float_dtypes:
            raise TypeError(f"{type(self).__name__}: the input must be real (a float dtype), got {a.type}")
        if s is None:
            s = a.shape[1:-1]
            s = as_tensor_variable(set_subtensor(s[-1], (s[-1] - 1) * 2))
        else:
            s = _lengths(self, s)
        return Apply(self, [a, s], [self.output_type(a)()])

    def value_dependent_shape(self, node: Apply) -> bool:
        return not isinstance(node.inputs[1], Constant)

    def infer_shape(self, node: Apply, shapes: list[tuple]) -> list[tuple]:
        s = node.inputs[1]
        return [(shapes[0][0],) + tuple(s[i] for i in range(node.inputs[0].ndim - 2))]

    def host_impl(self, node: Apply, a: np.ndarray, s: np.ndarray) -> np.ndarray:
        shape = tuple(int(v) for v in s)
        out = np.fft.irfftn(a[..., 0] + 1j * a[..., 1], s=shape)
        return (out * np.prod(shape)).astype(a.dtype)

    def grad(self, inputs: list[Variable], output_grads: list[Variable]) -> list[Any]:
        gout, = output_grads
        s = inputs[1]
        gf = rfft_op(gout, s)
        idx = _half_index(gf.ndim, s)
        gf = set_subtensor(gf[idx], gf[idx] * 2)
        return [gf, DisconnectedType()()]

    def connection_pattern(self, node: Apply) -> list[list[bool]]:
        return [[True], [False]]


rfft_op = RFFTOp()
irfft_op = IRFFTOp()


def _unitary(norm: Any) -> Any:
    if norm not in (None, "ortho", "no_norm"):
        raise ValueError("Invalid value %s for norm, must be None, 'ortho' or 'no norm'" % norm)
    return norm


def rfft(inp: Any, norm: Any = None) -> Variable:
    """The n-d real FFT of a batch (axis 0) of real arrays; norm None/'no_norm' (unscaled) or 'ortho' (1/sqrt(n))."""
    inp = as_tensor_variable(inp)
    s = inp.shape[1:]
    scaling: Any = 1
    if _unitary(norm) == "ortho":
        scaling = sqrt(s.prod().astype(inp.dtype))
    return rfft_op(inp, s) / scaling


def irfft(inp: Any, norm: Any = None, is_odd: bool = False) -> Variable:
    """The inverse of rfft: norm None (1/n), 'ortho' (1/sqrt(n)) or 'no_norm'; is_odd when the signal length was odd."""
    if is_odd not in (True, False):
        raise ValueError("Invalid value %s for id_odd, must be True or False" % is_odd)
    inp = as_tensor_variable(inp)
    s = inp.shape[1:-1]
    s = set_subtensor(s[-1], (s[-1] - 1) * 2 + (1 if is_odd else 0))
    cond_norm = _unitary(norm)
    scaling: Any = 1
    if cond_norm is None:
        scaling = s.prod().astype(inp.dtype)
    elif cond_norm == "ortho":
        scaling = sqrt(s.prod().astype(inp.dtype))
    return irfft_op(inp, s) / scaling


# --------------------------------------------------------------------------- theano.tensor.fourier

class Fourier(Op):
    """fft(a, n, axis): the complex128 1-d FFT of `a` along `axis`, cropped or zero-padded to length n
    (numpy.fft.fft). The gradient needs a constant axis."""

    __props__ = ()

    def make_node(self, a: Any, n: Any, axis: Any) -> Apply:
        a = as_tensor_variable(a)
        if a.ndim < 1:
            raise TypeError("%s: input must be an array, not a scalar" % type(self).__name__)
        if axis is None:
            axis = as_tensor_variable(a.ndim - 1)
        else:
            axis = as_tensor_variable(axis)
            if axis.dtype not in _dt.integer_dtypes:
                raise TypeError("%s: index of the transformed axis must be of type integer" % type(self).__name__)
            if axis.ndim != 0 or (isinstance(axis, Constant) and (axis.data < 0 or axis.data > a.ndim - 1)):
                raise TypeError("%s: index of the transformed axis must be a scalar not smaller than 0 and smaller"
                                " than dimension of array" % type(self).__name__)
        if n is None:
            n = as_tensor_variable(a.shape[axis])
        else:
            n = as_tensor_variable(n)
            if n.dtype not in _dt.integer_dtypes:
                raise TypeError("%s: length of the transformed axis must be of type integer" % type(self).__name__)
            if n.ndim != 0 or (isinstance(n, Constant) and n.data < 1):
                raise TypeError("%s: length of the transformed axis must be a strictly positive scalar"
                                % type(self).__name__)
        return Apply(self, [a, n, axis], [TensorType("complex128", a.type.broadcastable)()])

    def value_dependent_shape(self, node: Apply) -> bool:
        return not (isinstance(node.inputs[1], Constant) and isinstance(node.inputs[2], Constant))

    def infer_shape(self, node: Apply, in_shapes: list[tuple]) -> list[tuple]:
        shape_a = in_shapes[0]
        n, axis = node.inputs[1], node.inputs[2]
        if len(shape_a) == 1:
            return [(n,)]
        if isinstance(axis, Constant):
            ax = int(axis.data)
            return [tuple(shape_a[:ax]) + (n,) + tuple(shape_a[ax + 1:])]
        return [tuple(switch(eq(axis, d), n, s) for d, s in enumerate(shape_a))]

    def host_impl(self, node: Apply, a: np.ndarray, n: np.ndarray, axis: np.ndarray) -> np.ndarray:
        return np.fft.fft(a, n=int(n), axis=int(axis))

    def grad(self, inputs: list[Variable], cost_grad: list[Variable]) -> list[Any]:
        a, n, axis = inputs
        grad = cost_grad[0]
        if not isinstance(axis, Constant):
            raise NotImplementedError("%s: gradient is currently implemented only for axis being a Theano constant"
                                      % type(self).__name__)
        axis = int(axis.data)
        elem = arange(0, a.shape[axis], 1)
        freq = arange(0, n, 1)
        pow_outer = exp(((-2 * math.pi * 1j) * outer(freq, elem)) / (1. * n))
        res = tensordot(grad, pow_outer, (axis, 0))
        flip_shape = list(np.arange(0, a.ndim)[::-1])
        res = res.dimshuffle(flip_shape)
        res = switch(lt(n, a.shape[axis]), set_subtensor(res[n::, ], 0, False, False), res)
        res = res.dimshuffle(flip_shape)
        out_shape = list(np.arange(0, axis)) + [a.ndim - 1] + list(np.arange(axis, a.ndim - 1))
        res = res.dimshuffle(*out_shape)
        return [res, grad_undefined(self, 1, n), grad_undefined(self, 2, inputs[2])]


fourier_fft = Fourier()

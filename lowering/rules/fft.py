"""Lowering of frontend/ops/fft.py: RFFTOp, IRFFTOp (theano.tensor.fft) and Fourier (theano.tensor.fourier).

XLA's FFT needs static lengths and axes. A constant `s`/`n`/`axis` is read directly; a symbolic one is read
back from the output shape the host shape program computed (with a run-time check where the shape leaves a
choice, e.g. the parity of rfft's last length), so a wrong guess can only raise, never give a wrong number.
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from theano.frontend.ops.fft import Fourier, IRFFTOp, RFFTOp
from theano.lowering.registry import LoweringContext, lowers
from theano.lowering.runtime_checks import check


def _concrete(v: Any) -> Any:
    return None if isinstance(v, jax.core.Tracer) else np.asarray(v)


@lowers(RFFTOp)
def lower_rfft(node: Any, ctx: LoweringContext, a: Any, s: Any) -> Any:
    given = _concrete(s)
    if given is not None:
        lengths = tuple(int(v) for v in given)
    else:
        out = tuple(ctx.out_shapes[0])
        m = out[-2]
        last = np.shape(a)[-1] if np.shape(a)[-1] in (2 * (m - 1), 2 * (m - 1) + 1) else 2 * (m - 1)
        lengths = tuple(out[1:-2]) + (int(last),)
        check(jnp.asarray(s)[-1] != last, NotImplementedError,
              "RFFTOp: a symbolic transformed length s[-1] that is neither the input's last length nor even "
              "cannot be read back from the output shape; give s as a constant")
    axes = tuple(range(1, np.ndim(a)))
    spec = jnp.fft.rfftn(a, s=lengths, axes=axes)
    return jnp.stack([jnp.real(spec), jnp.imag(spec)], axis=-1).astype(node.outputs[0].dtype)


@lowers(IRFFTOp)
def lower_irfft(node: Any, ctx: LoweringContext, a: Any, s: Any) -> Any:
    given = _concrete(s)
    lengths = tuple(int(v) for v in given) if given is not None else tuple(ctx.out_shapes[0])[1:]
    axes = tuple(range(1, np.ndim(a) - 1))
    spec = jax.lax.complex(a[..., 0], a[..., 1])
    out = jnp.fft.irfftn(spec, s=lengths, axes=axes) * np.prod(lengths)
    return out.astype(node.outputs[0].dtype)


def _fft(a: Any, n: int, axis: int) -> Any:
    a = jnp.asarray(a)
    a = a.astype("complex128") if a.dtype.kind == "c" else a.astype("float64")
    return jnp.fft.fft(a, n=n, axis=axis).astype("complex128")


@lowers(Fourier)
def lower_fourier(node: Any, ctx: LoweringContext, a: Any, n: Any, axis: Any) -> Any:
    shape = tuple(np.shape(a))
    ax, nv = _concrete(axis), _concrete(n)
    if ax is not None:
        ax = int(ax)
        if nv is None:
            nv = tuple(ctx.out_shapes[0])[ax]
        return _fft(a, int(nv), ax)
    out = tuple(ctx.out_shapes[0])
    # the axes whose transform gives this output shape; the traced axis picks one of them
    cands = [d for d in range(len(shape)) if out[:d] == shape[:d] and out[d + 1:] == shape[d + 1:]]
    axis = jnp.asarray(axis)
    check(~jnp.isin(axis, jnp.asarray(cands)), ValueError, "Fourier: the axis does not match the computed shape")
    index = sum(jnp.where(axis == d, i, 0) for i, d in enumerate(cands))
    return jax.lax.switch(index, [lambda x, d=d: _fft(x, out[d], d) for d in cands], a)

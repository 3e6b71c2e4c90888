"""An independent numpy/python reference of MRG31k3p (theano.sandbox.rng_mrg's ops), for numpy_reference.py.

Written from the generator's definition (L'Ecuyer & Touzin 2000) with exact python integers, not from the
int32 arithmetic of Theano's code that frontend/ops/mrg.py and its lowering reproduce:
x1[n] = (2^22 x1[n-2] + (2^7 + 1) x1[n-3]) mod M1, x2[n] = (2^15 x2[n-1] + (2^15 + 1) x2[n-3]) mod M2, and the
output (x1[n] - x2[n]) mod M1, with M1 in place of 0, converted to floats as Theano 1.0.5's perform does.
"""
from __future__ import annotations

from typing import Any

import numpy as np

M1, M2 = 2 ** 31 - 1, 2 ** 31 - 21069
_CONVERSION = {"float64": (None, 0, 2.0 ** -31), "float32": (None, 0, float(np.float32(4.6566126e-10))),
               "float16": (0x7fff, 1, float(np.float16(3.0458e-05)))}


def _step(row: list[int]) -> tuple[list[int], int]:
    x11, x12, x13, x21, x22, x23 = row
    x1 = (2 ** 22 * x12 + (2 ** 7 + 1) * x13) % M1
    x2 = (2 ** 15 * x21 + (2 ** 15 + 1) * x23) % M2
    value = x1 - x2 if x1 > x2 else x1 - x2 + M1
    return [x1, x11, x12, x2, x21, x22], value


def _draw(op: Any, rstate: Any, n: int) -> tuple[np.ndarray, np.ndarray]:
    rows = [[int(v) for v in r] for r in np.asarray(rstate)]
    mask, offset, norm = _CONVERSION[op.output_type.dtype]
    out = np.zeros(n, dtype=op.output_type.dtype)
    for i in range(n):
        rows[i % len(rows)], value = _step(rows[i % len(rows)])
        if mask is not None:
            value &= mask
        out[i] = (value + offset) * norm  # the float64 product, rounded once to the dtype
    return np.asarray(rows, dtype="int32").reshape(np.shape(rstate)), out


def _mrg_uniform(op: Any, rstate: Any, size: Any) -> list[Any]:
    shape = tuple(int(s) for s in size)
    state, flat = _draw(op, rstate, int(np.prod(shape)))
    return [state, flat.reshape(shape)]


def _mrg_uniform_prefix(op: Any, rstate: Any, size: Any, count: Any) -> list[Any]:
    shape = tuple(int(s) for s in size)
    state, flat = _draw(op, rstate, int(count))
    full = np.zeros(int(np.prod(shape)), dtype=op.output_type.dtype)
    full[:int(count)] = flat
    return [state, full.reshape(shape)]


def _dot_modulo(op: Any, A: Any, s: Any, m: Any, A2: Any, s2: Any, m2: Any) -> list[Any]:
    def part(a: Any, v: Any, mod: Any) -> list[int]:
        return [sum(int(a[i][j]) * int(v[j]) for j in range(len(v))) % int(mod) for i in range(len(a))]
    return [np.asarray(part(A, s, m) + part(A2, s2, m2), dtype=np.asarray(s).dtype)]


MRG_REFERENCE = {"mrg_uniform": _mrg_uniform, "mrg_uniform_prefix": _mrg_uniform_prefix, "DotModulo": _dot_modulo}

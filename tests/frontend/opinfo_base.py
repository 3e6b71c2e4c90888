"""The pieces of the op-info table (tests/frontend/opinfo_table.py) that its row modules share: input domains,
the OpInfo row, the usual shape cases and row constructors."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


# --------------------------------------------------------------------------- input domains


def U(lo: float, hi: float) -> Callable[[np.random.RandomState, tuple], np.ndarray]:
    """Uniform in [lo, hi)."""
    return lambda rng, shape: rng.uniform(lo, hi, size=shape)


def S(lo: float, hi: float) -> Callable[[np.random.RandomState, tuple], np.ndarray]:
    """A random sign times a magnitude in [lo, hi) (keeps away from 0)."""
    return lambda rng, shape: rng.choice([-1.0, 1.0], size=shape) * rng.uniform(lo, hi, size=shape)


def OFF_INT(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    """Away from integers and half-integers (for floor, round, ... whose gradient is zero a.e.)."""
    return rng.randint(-3, 3, size=shape) + rng.uniform(0.1, 0.4, size=shape)


def DISTINCT(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    """Entries at least 0.05 apart (no ties for max, sort, ...)."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.1 + rng.uniform(0, 0.05, size=n) - n * 0.05).reshape(shape)


def WITH_ZERO(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    """S(0.5, 1.5) with the first entry exactly 0 (prod's zero handling)."""
    x = S(0.5, 1.5)(rng, shape)
    x.reshape(-1)[0] = 0.0
    return x


def TWO_ZEROS(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    x = S(0.5, 1.5)(rng, shape)
    x.reshape(-1)[:2] = 0.0
    return x


@dataclass(frozen=True)
class OpInfo:
    """One differentiable op/function: `fn` of symbolic inputs, its shape cases (one shape per input), the
    domain of each input, the dtypes it is checked in, and whether its R_op is checked."""

    name: str
    fn: Callable[..., Any]
    shapes: tuple
    domain: Any = S(0.2, 1.5)
    dtypes: tuple[str, ...] = ("float32", "float64")
    rop: bool = True

    def domains(self, n: int) -> list[Any]:
        return list(self.domain) if isinstance(self.domain, (list, tuple)) else [self.domain] * n


UNARY = (((),), ((2, 3),), ((1, 3),))
BINARY = (((2, 3), (1, 3)), ((3,), (2, 3)), ((), (2, 3)))
# the function rows' gradient formulas do not depend on shapes (broadcasting is checked by the rows above):
# fewer cases keep the (compile-bound) batches fast
UNARY_SHORT = (((),), ((1, 3),))
BINARY_SHORT = (((2, 3), (1, 3)), ((), (2, 3)))
MATRIX = (((3, 4),), ((1, 4),))
TENSOR3 = (((2, 3, 4),), ((2, 1, 3),))


def unary(name: str, fn: Callable[..., Any], domain: Any = S(0.2, 1.5), shapes: tuple = UNARY, **kw: Any) -> OpInfo:
    return OpInfo(name, fn, shapes, domain, **kw)


def binary(name: str, fn: Callable[..., Any], domain: Any = S(0.2, 1.5), shapes: tuple = BINARY, **kw: Any) -> OpInfo:
    return OpInfo(name, fn, shapes, domain, **kw)


def fn1(name: str, fn: Callable[..., Any], domain: Any = S(0.2, 1.5), **kw: Any) -> OpInfo:
    """A unary function row checked on a 0-d and a broadcastable input."""
    return OpInfo(name, fn, UNARY_SHORT, domain, **kw)


Y3 = np.array([1, 0, 3], dtype="int64")  # targets for 3 rows of 4 classes
MASK = np.array([[True, False, True, False], [False, False, True, True], [True, True, False, False]])


def WELL(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    """A well-conditioned matrix: small entries plus 2 on the diagonal (invertible, x x^T well separated)."""
    return rng.uniform(-0.4, 0.4, size=shape) + 2 * np.eye(*shape)

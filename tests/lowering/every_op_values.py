"""What the examples of tests/lowering/test_every_op_computes.py (and its sibling example modules) share: one
random stream, drawn in the tests' order, and the usual inputs."""
from __future__ import annotations

from typing import Any

import numpy as np

import theano.tensor as T

RNG = np.random.RandomState(2024)
Example = tuple[list, list, list]  # (inputs, outputs, input values)


def _m(shape: tuple = (3, 4)) -> np.ndarray:
    return RNG.uniform(-1.0, 1.0, size=shape)


def _x() -> Any:
    return T.dmatrix("x")


def _iv(name: str = "i") -> Any:
    return T.lvector(name)

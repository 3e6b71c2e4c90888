"""The plainest functions (no shared variables, no shape program, one output) take a call path with the body of
the runner inlined (lowering/function_call._plain_call): the same results and errors as the general path."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T


def test_values_and_fresh_arrays() -> None:
    x, y = T.dscalars("x", "y")
    f = theano.function([x, y], x + y)
    g = theano.function([x, y], [x * y])
    assert f(1.0, 2.0) == 3.0 and isinstance(f(1.0, 2.0), np.ndarray)
    out = g(np.float64(2.0), 3)
    assert isinstance(out, list) and out[0] == 6.0
    a = f(1.0, 2.0)
    a[...] = 7.0  # writable, and not the next call's result
    assert f(1.0, 2.0) == 3.0
    v = T.dvector("v")
    h = theano.function([v], v * 2)
    r = h(np.arange(3.0))
    r[0] = 5.0
    assert h(np.arange(3.0)).tolist() == [0.0, 2.0, 4.0]


def test_a_run_time_check_and_input_errors() -> None:
    i = T.lscalar("i")
    v = T.dvector("v")
    f = theano.function([v, i], v[i])  # an integer index: checked by the program
    assert f(np.arange(4.0), 2) == 2.0
    with pytest.raises(IndexError):
        f(np.arange(4.0), 9)
    assert f(np.arange(4.0), -1) == 3.0
    with pytest.raises(TypeError, match="Wrong number of dimensions"):
        f(np.ones((2, 2)), 1)
    with pytest.raises(TypeError):
        f(np.arange(4.0))  # too few arguments: the general path says so

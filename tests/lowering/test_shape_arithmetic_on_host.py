"""Integer arithmetic on static shapes is computed on the host while tracing (lowering/interpreter.py), so a new
input length traces, lowers and compiles only what depends on the data; values and errors stay Theano's."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.lowering.device import x64_off, x64_on


def traced_primitives(f, *args) -> list[str]:
    """The primitive names of the jaxpr f's program has for these arguments (nested jaxprs included)."""
    values = [f._converters[k](a) for k, a in enumerate(args)]
    shared = [s._value for s in f._shared]
    prev = x64_on()
    try:
        key = () if f._shape_program.empty else f._shape_program.evaluate([*values, *shared])
        jaxpr = f._jitted.trace(key, *values, *shared).jaxpr
    finally:
        x64_off(prev)
    names, todo = [], [jaxpr.jaxpr]
    while todo:
        j = todo.pop()
        for eqn in j.eqns:
            names.append(eqn.primitive.name)
            for p in eqn.params.values():
                for sub in (p if isinstance(p, (list, tuple)) else [p]):
                    inner = getattr(sub, "jaxpr", None)
                    if inner is not None:
                        todo.append(getattr(inner, "jaxpr", inner))
    return names


def test_reshape_and_arange_of_shapes_leave_no_integer_arithmetic_in_the_program():
    x = T.matrix("x")
    y = T.ivector("y")
    n = x.shape[0]
    flat = x.reshape((n * x.shape[1] // 2, -1))  # shape arithmetic with an integer division (and its check)
    picked = T.log(x)[T.arange(n), y]  # an index by arange(n): in range by construction
    f = theano.function([x, y], [flat.sum(axis=1), picked])
    for rows in (2, 3, 4):
        xv = np.arange(1, 1 + rows * 4, dtype=x.dtype).reshape(rows, 4)
        yv = (np.arange(rows) % 4).astype("int32")
        out_flat, out_picked = f(xv, yv)
        np.testing.assert_allclose(out_flat, xv.reshape(rows * 4 // 2, -1).sum(axis=1))
        np.testing.assert_allclose(out_picked, np.log(xv)[np.arange(rows), yv])
    prims = traced_primitives(f, xv, yv)
    assert "div" not in prims and "rem" not in prims and "iota" not in prims, prims


def test_a_bad_label_is_still_checked_when_the_other_index_is_folded():
    x = T.matrix("x")
    y = T.ivector("y")
    f = theano.function([x, y], T.log(x)[T.arange(x.shape[0]), y])
    with pytest.raises(IndexError):
        f(np.ones((2, 3)), np.array([0, 3], dtype="int32"))


def test_an_integer_division_of_shapes_by_zero_still_raises():
    x = T.vector("x")  # Theano 1.0.5: ZeroDivisionError, integer division or modulo by zero
    g = theano.function([x], (x.shape[0] // (x.shape[0] - 3)) + x.sum())
    assert g(np.ones(5)) == 2 + 5
    with pytest.raises(ZeroDivisionError):
        g(np.ones(3))


def test_shape_values_keep_theanos_dtypes():
    x = T.matrix("x")
    f = theano.function([x], [x.shape[0] * 3 // 2, T.arange(x.shape[1]), T.eq(x.shape[0], 2)])
    a, b, c = f(np.ones((2, 5), dtype=x.dtype))
    assert (a.dtype, b.dtype, c.dtype) == ("int64", "int64", "bool")
    assert int(a) == 3 and b.tolist() == [0, 1, 2, 3, 4] and bool(c)

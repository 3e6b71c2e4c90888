"""Failure atomicity: a call that raises leaves every shared value as it was, and the function still works.

Each error class a call can raise is provoked on one function that updates several shared variables (one of them
through a default_update); the values and dtypes before and after the failed call must be equal, and the next
good call must give the right result and apply its updates once.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import theano
import theano.tensor as T


class HostCheck(theano.Op):
    """A user op with a numpy perform (run as a host callback): doubles its input, raises on request."""

    __props__ = ()

    def make_node(self, x: Any) -> theano.Apply:
        x = T.as_tensor_variable(x)
        return theano.Apply(self, [x], [x.type()])

    def perform(self, node: Any, inputs: list, outputs: list) -> None:
        (x,) = inputs
        if np.any(x < -100):
            raise KeyboardInterrupt()  # what Ctrl-C during the callback would raise
        if np.any(x < 0):
            raise ValueError("HostCheck: negative input")
        outputs[0][0] = x * 2

    def infer_shape(self, node: Any, shapes: list) -> list:
        return shapes


def make_state() -> dict[str, Any]:
    """Shared variables of several dtypes; `steps` has a default_update."""
    state = {
        "w": theano.shared(np.arange(6.0).reshape(2, 3), name="w"),
        "b": theano.shared(np.ones(2, dtype="float32"), name="b"),
        "count": theano.shared(np.int64(0), name="count"),
        "steps": theano.shared(np.int32(0), name="steps"),
    }
    state["steps"].default_update = state["steps"] + 1
    return state


def snapshot(state: dict[str, Any]) -> dict[str, np.ndarray]:
    return {k: v.get_value() for k, v in state.items()}


def assert_same(before: dict[str, np.ndarray], state: dict[str, Any]) -> None:
    for k, v in state.items():
        now = v.get_value()
        assert now.dtype == before[k].dtype, k
        np.testing.assert_array_equal(now, before[k], err_msg=k)


def updates_of(state: dict[str, Any], x: Any) -> list[tuple[Any, Any]]:
    w, b, count = state["w"], state["b"], state["count"]
    return [(w, w * 2), (b, b + T.cast(T.sum(x), "float32")), (count, count + 1)]


def build(kind: str, state: dict[str, Any]) -> tuple[Callable[..., Any], tuple, tuple, Callable[..., Any]]:
    """(function, a failing argument tuple, a good argument tuple, numpy reference of the output)."""
    steps = state["steps"]
    if kind == "dot":  # shapes known only at run time
        x, y = T.dmatrix("x"), T.dmatrix("y")
        f = theano.function([x, y], T.dot(x, y).sum() + steps, updates=updates_of(state, x))
        return f, (np.ones((2, 3)), np.ones((4, 2))), (np.ones((2, 3)), np.ones((3, 2))), lambda a, c: (a @ c).sum()
    if kind == "elemwise":
        x, y = T.dmatrix("x"), T.dmatrix("y")
        f = theano.function([x, y], (x + y).sum() + steps, updates=updates_of(state, x))
        return f, (np.ones((2, 3)), np.ones((3, 3))), (np.ones((2, 3)), np.ones((2, 3))), lambda a, c: (a + c).sum()
    if kind == "reshape":
        v, n = T.dvector("v"), T.lscalar("n")
        f = theano.function([v, n], v.reshape((n, 2)).sum() + steps, updates=updates_of(state, v))
        return f, (np.ones(6), 4), (np.ones(6), 3), lambda a, k: a.sum()
    if kind == "index":  # an integer index out of bounds is checked at run time
        v, i = T.dvector("v"), T.lvector("i")
        f = theano.function([v, i], v[i].sum() + steps, updates=updates_of(state, v))
        return f, (np.ones(3), np.array([0, 5])), (np.arange(3.0), np.array([2, 0])), lambda a, k: a[k].sum()
    if kind in ("host_error", "keyboard_interrupt"):
        v = T.dvector("v")
        f = theano.function([v], HostCheck()(v).sum() + steps, updates=updates_of(state, v))
        bad = -np.ones(3) if kind == "host_error" else np.full(3, -1000.0)
        return f, (bad,), (np.arange(3.0),), lambda a: (a * 2).sum()
    raise AssertionError(kind)


RUN_TIME_ERRORS = {  # error class provoked inside the program -> exception type (Theano 1.0.5's)
    "dot": ValueError, "elemwise": ValueError, "reshape": ValueError, "index": IndexError,
    "host_error": ValueError, "keyboard_interrupt": KeyboardInterrupt,
}


def check_recovers(f: Callable[..., Any], good: tuple, ref: Callable[..., Any], state: dict[str, Any]) -> None:
    """The next good call gives the right result and applies every update exactly once."""
    before = snapshot(state)
    out = f(*good)
    np.testing.assert_allclose(out, ref(*good) + before["steps"])
    np.testing.assert_array_equal(state["w"].get_value(), before["w"] * 2)
    np.testing.assert_allclose(state["b"].get_value(), before["b"] + np.float32(np.sum(good[0])))
    assert state["b"].get_value().dtype == np.float32
    assert state["count"].get_value() == before["count"] + 1
    assert state["steps"].get_value() == before["steps"] + 1
    assert state["steps"].get_value().dtype == np.int32


@pytest.mark.parametrize("kind", sorted(RUN_TIME_ERRORS))
def test_error_inside_the_program_changes_no_shared_value(kind: str) -> None:
    state = make_state()
    f, bad, good, ref = build(kind, state)
    check_recovers(f, good, ref, state)  # compiled, and one update applied
    before = snapshot(state)
    with pytest.raises(RUN_TIME_ERRORS[kind]) as info:
        f(*bad)
    assert "jax" not in type(info.value).__module__
    assert "jaxlib" not in str(info.value)
    assert_same(before, state)
    check_recovers(f, good, ref, state)
    with pytest.raises(RUN_TIME_ERRORS[kind]):  # and again, after a successful call
        f(*bad)
    check_recovers(f, good, ref, state)


def test_host_error_reaches_the_caller_as_itself() -> None:
    state = make_state()
    f, bad, good, ref = build("host_error", state)
    with pytest.raises(ValueError, match="HostCheck: negative input"):
        f(*bad)
    check_recovers(f, good, ref, state)


BAD_ARGUMENTS: dict[str, tuple[tuple, dict, type]] = {  # name -> (args, kwargs, expected exception)
    "wrong_dtype": ((np.ones((2, 3), dtype="complex128"), np.ones((3, 2))), {}, TypeError),
    "wrong_ndim": ((np.ones(3), np.ones((3, 2))), {}, TypeError),
    "wrong_value": (("abc", np.ones((3, 2))), {}, ValueError),
    "too_many": ((np.ones((2, 3)), np.ones((3, 2)), np.ones(1)), {}, TypeError),
    "too_few": ((np.ones((2, 3)),), {}, TypeError),
    "unknown_keyword": ((np.ones((2, 3)),), {"z": np.ones((3, 2))}, TypeError),
    "duplicate_keyword": ((np.ones((2, 3)), np.ones((3, 2))), {"x": np.ones((2, 3))}, TypeError),
}


@pytest.mark.parametrize("name", sorted(BAD_ARGUMENTS))
def test_bad_argument_changes_no_shared_value(name: str) -> None:
    state = make_state()
    f, _, good, ref = build("dot", state)
    check_recovers(f, good, ref, state)
    args, kwargs, expected = BAD_ARGUMENTS[name]
    before = snapshot(state)
    with pytest.raises(expected):
        f(*args, **kwargs)
    assert_same(before, state)
    check_recovers(f, good, ref, state)


def test_failed_call_of_one_function_leaves_another_sharing_the_state_working() -> None:
    state = make_state()
    f, bad, good, ref = build("host_error", state)
    g, _, good_g, ref_g = build("dot", state)
    before = snapshot(state)
    with pytest.raises(ValueError):
        f(*bad)
    assert_same(before, state)
    check_recovers(g, good_g, ref_g, state)
    check_recovers(f, good, ref, state)


def test_memory_error_for_a_huge_computed_shape_changes_no_shared_value() -> None:
    state = make_state()
    n = T.lscalar("n")
    w = state["w"]
    f = theano.function([n], T.alloc(w[0], n, 3).sum(), updates=updates_of(state, w))
    f(2)
    before = snapshot(state)
    with pytest.raises(MemoryError):
        f(10 ** 15)
    assert_same(before, state)
    assert f(2) == 2 * before["w"][0].sum() and state["count"].get_value() == before["count"] + 1

"""Bad input fuzz: seeded random wrong arguments to compiled functions and op constructors.

Every wrong argument must end in a Theano-style TypeError/ValueError (MemoryError for a size no memory holds) whose
message names the input and what came, never a crash, a hang or a JAX exception; the shared values stay as they
were. Legal special values (NaN, inf, huge floats) must just compute. The expected exception types were checked
against Theano 1.0.5 (see the report of issue 9).
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import theano
import theano.tensor as T

SEED = 20260901
CASES_PER_FUNCTION = 60


def make_functions() -> tuple[dict[str, Any], list[tuple[str, Any, list[Any], Callable[..., Any]]]]:
    """Shared state and (name, function, input variables, numpy reference) for several signatures."""
    count = theano.shared(np.int64(0), name="count")
    acc = theano.shared(np.zeros(3, dtype="float32"), name="acc")
    steps = theano.shared(np.int32(0), name="steps")
    steps.default_update = steps + 1
    state = {"count": count, "acc": acc, "steps": steps}
    bump = [(count, count + 1)]
    x, v = T.fmatrix("x"), T.fvector("v")
    n, i8, flag = T.lscalar("n"), T.bscalar("i8"), T.TensorType("bool", ())("flag")
    r, dv, t3 = T.row("r"), T.dvector("dv"), T.dtensor3("t3")
    fns = [
        ("dot", theano.function([x, v], T.dot(x, v) + steps, updates=bump + [(acc, acc + v)]), [x, v],
         lambda a, b: a @ b),
        ("alloc", theano.function([dv, n], T.alloc(dv, n, dv.shape[0]), updates=bump), [dv, n],
         lambda a, k: np.broadcast_to(a, (k, a.shape[0]))),
        ("reshape", theano.function([dv, n], dv.reshape((n, -1)), updates=bump), [dv, n],
         lambda a, k: a.reshape((k, -1))),
        ("scale", theano.function([i8, r], r * i8, updates=bump), [i8, r], lambda k, a: a * k),
        ("switch", theano.function([flag, dv], T.switch(flag, dv, -dv), updates=bump), [flag, dv],
         lambda c, a: a if c else -a),
        ("reduce", theano.function([t3], t3.sum(axis=1).max(), updates=bump), [t3], lambda a: a.sum(axis=1).max()),
    ]
    return state, fns


def good_value(var: Any, rng: np.random.RandomState) -> Any:
    """A valid argument for `var`: for the shape input n, a size that fits the dvector's length of 6."""
    if var.name == "n":
        return 2
    if var.name == "dv":
        return rng.randn(6)
    if var.ndim == 0:
        return np.asarray(1, dtype=var.dtype) if var.dtype != "bool" else np.bool_(True)
    shape = {"x": (2, 3), "v": (3,), "r": (1, 4), "t3": (2, 3, 4)}[var.name]
    return rng.randn(*shape).astype(var.dtype)


def wrong_values(var: Any, rng: np.random.RandomState) -> list[tuple[str, Any]]:
    """(label, value) pairs that Theano 1.0.5 refuses for `var`."""
    dt, nd = var.dtype, var.ndim
    shape = np.shape(good_value(var, rng))
    out: list[tuple[str, Any]] = [
        ("None", None), ("string", "abc"), ("empty string", ""), ("bytes", b"\x00\x01"), ("dict", {"a": 1}),
        ("object", object()), ("complex", np.ones(shape, dtype="complex128") * (1 + 2j)),
        ("ndim+1", rng.randn(*shape, 1 + rng.randint(3)).astype(dt)), ("list of strings", [["a", "b"]] if nd == 2 else ["a", "b"]),
        ("ragged", [[1.0, 2.0], [3.0]]), ("list with None", [1.0, None]),
    ]
    if nd > 0:
        out.append(("ndim-1", np.asarray(rng.randn(*shape[1:])).astype(dt)))
        out.append(("nested ragged", [[[1.0], [2.0, 3.0]]]))
    if dt == "float32":
        out.append(("float64 to float32", np.zeros(shape, dtype="float64")))
    if dt.startswith("int"):
        out.append(("float to int", 2.5))
        out.append(("float64 array to int", np.zeros(shape, dtype="float64") + 0.5))
        out.append(("too large", 2 ** 70))
    if dt == "int8":
        out.append(("out of int8 range", 300))
    if dt == "bool":
        out.append(("2 to bool", 2))
        out.append(("0.5 to bool", 0.5))
    if any(var.broadcastable):
        out.append(("non-unit broadcastable dim", np.zeros((3,) + shape[1:], dtype=dt)))
    return out


def wrong_sizes(name: str) -> list[tuple[str, tuple, type]]:
    """(label, args, exception) for legal types whose values make the program fail."""
    dv = np.arange(6.0)
    return {
        "dot": [("mismatched shapes", (np.ones((2, 4), "float32"), np.ones(3, "float32")), ValueError)],
        "alloc": [("negative size", (dv, -2), ValueError), ("huge size", (dv, 10 ** 15), MemoryError)],
        "reshape": [("negative size", (dv, -4), ValueError), ("wrong size", (dv, 4), ValueError),
                    ("zero size", (dv, 0), ValueError), ("huge size", (dv, 10 ** 15), ValueError)],
    }.get(name, [])


def snapshot(state: dict[str, Any]) -> dict[str, np.ndarray]:
    return {k: v.get_value() for k, v in state.items()}


def assert_unchanged(before: dict[str, np.ndarray], state: dict[str, Any], case: str) -> None:
    for k, v in state.items():
        now = v.get_value()
        assert now.dtype == before[k].dtype and np.array_equal(now, before[k]), f"{case}: {k} changed"


def assert_theano_style(exc: BaseException, case: str, names: tuple[str, ...] = ()) -> None:
    # OverflowError: what Theano 1.0.5 raises too for an integer no int64 holds
    assert isinstance(exc, (TypeError, ValueError, MemoryError, OverflowError)), f"{case}: {type(exc).__name__}: {exc}"
    assert not type(exc).__module__.startswith(("jax", "jaxlib")), f"{case}: {type(exc)}"
    text = str(exc)
    assert "jaxlib" not in text and "XlaRuntimeError" not in text and "Traced<" not in text, f"{case}: {text}"
    if names:
        assert any(n in text for n in names), f"{case}: the message does not name the input: {text}"


def test_fuzz_compiled_functions_with_wrong_arguments() -> None:
    rng = np.random.RandomState(SEED)
    state, fns = make_functions()
    n_cases = 0
    for name, f, inputs, ref in fns:
        good = [good_value(v, rng) for v in inputs]
        np.testing.assert_allclose(f(*good), ref(*good) + (state["steps"].get_value() - 1 if name == "dot" else 0),
                                   rtol=1e-5)
        for _ in range(CASES_PER_FUNCTION):  # each case: fresh good arguments, one input replaced by a wrong value
            k = int(rng.randint(len(inputs)))
            label, value = (choices := wrong_values(inputs[k], rng))[rng.randint(len(choices))]
            args = [good_value(v, rng) for v in inputs]
            args[k] = value
            case = f"{name}: input {k} ({inputs[k].name}) given {label}"
            before = snapshot(state)
            with pytest.raises(Exception) as info:
                f(*args)
            assert_theano_style(info.value, case, names=(f"index {k}", inputs[k].name))
            assert_unchanged(before, state, case)
            n_cases += 1
        for label, args, expected in wrong_sizes(name):
            case = f"{name}: {label}"
            before = snapshot(state)
            with pytest.raises(expected) as info:
                f(*args)
            assert_theano_style(info.value, case)
            assert_unchanged(before, state, case)
            n_cases += 1
        # wrong counts and keywords
        for args, kwargs in [(good + good[:1], {}), (good[:-1], {}), (good, {"nope": 1}),
                             (good, {inputs[0].name: good[0]})]:
            before = snapshot(state)
            with pytest.raises(TypeError) as info:
                f(*args, **kwargs)
            assert_theano_style(info.value, f"{name}: {len(args)} args, keywords {sorted(kwargs)}")
            assert_unchanged(before, state, name)
            n_cases += 1
        count = state["count"].get_value()  # the function still works and updates once
        np.testing.assert_allclose(f(*good), ref(*good) + (state["steps"].get_value() - 1 if name == "dot" else 0),
                                   rtol=1e-5)
        assert state["count"].get_value() == count + 1
    assert n_cases >= 200


def test_legal_special_values_just_compute() -> None:
    state, fns = make_functions()
    f = dict((name, fn) for name, fn, _, _ in fns)
    with np.errstate(all="ignore"):
        specials = np.array([np.nan, np.inf, -np.inf, 1e308, -1e308, 5e-324])
        np.testing.assert_array_equal(f["switch"](True, specials), specials)
        np.testing.assert_array_equal(f["switch"](False, specials), -specials)
        out = f["dot"](np.array([[np.inf, 1, 0], [np.nan, 0, 0]], "float32"), np.ones(3, "float32"))
        assert out[0] == np.inf and np.isnan(out[1])
        assert f["reduce"](np.full((1, 2, 2), np.finfo("float64").max)) == np.inf
        np.testing.assert_array_equal(f["scale"](np.int8(-128), np.ones((1, 2))), [[-128.0, -128.0]])
    assert state["count"].get_value() == 5


GRAPH_BUILDERS: dict[str, tuple[Callable[[], Any], tuple[type, ...]]] = {
    # name -> (builder, accepted exception types); Theano 1.0.5 raises the same type unless noted
    "matrix(dtype='foo')": (lambda: T.matrix(dtype="foo"), (TypeError,)),
    "cast to 'foo'": (lambda: T.cast(T.matrix(), "foo"), (TypeError,)),  # Theano: KeyError
    "sum(axis=7)": (lambda: T.sum(T.matrix(), axis=7), (ValueError,)),
    "sum(axis=-7)": (lambda: T.sum(T.matrix(), axis=-7), (ValueError,)),
    "max(axis=7)": (lambda: T.max(T.matrix(), axis=7), (ValueError,)),
    "argmax(axis=7)": (lambda: T.argmax(T.matrix(), axis=7), (ValueError,)),
    "mean(axis='a')": (lambda: T.mean(T.matrix(), axis="a"), (ValueError,)),
    "concatenate([])": (lambda: T.concatenate([]), (ValueError,)),
    "concatenate axis 9": (lambda: T.concatenate([T.matrix(), T.matrix()], axis=9), (ValueError,)),
    "concatenate ndims": (lambda: T.concatenate([T.matrix(), T.vector()]), (TypeError,)),
    "dimshuffle(0, 5)": (lambda: T.matrix().dimshuffle(0, 5), (ValueError,)),
    "dimshuffle(0, 0)": (lambda: T.matrix().dimshuffle(0, 0), (ValueError,)),
    "flatten(outdim=5)": (lambda: T.flatten(T.matrix(), outdim=5), (ValueError,)),
    "reshape with bad ndim": (lambda: T.reshape(T.vector(), (2, 3), ndim=3), (ValueError,)),  # Theano: accepted
    "vector[1.5]": (lambda: T.vector()[1.5], (TypeError,)),
    "vector[1, 2]": (lambda: T.vector()[1, 2], (IndexError,)),
    "as_tensor(object())": (lambda: T.as_tensor_variable(object()), (TypeError,)),
    "as_tensor('abc')": (lambda: T.as_tensor_variable("abc"), (TypeError,)),
    "as_tensor(None)": (lambda: T.as_tensor_variable(None), (TypeError,)),
    "as_tensor(ragged)": (lambda: T.as_tensor_variable([[1, 2], [3]]), (TypeError,)),
    "constant({})": (lambda: T.constant({1: 2}), (TypeError,)),
    "matrix + 'abc'": (lambda: T.matrix() + "abc", (TypeError,)),
    "grad of a vector": (lambda: T.grad(T.vector(), T.vector()), (TypeError,)),
    "grad wrt 3": (lambda: T.grad(T.sum(T.vector()), 3), (TypeError,)),
    "repeat(axis=5)": (lambda: T.repeat(T.vector(), 2, axis=5), (ValueError,)),
    "ones('abc')": (lambda: T.ones("abc"), (TypeError,)),
    "function outputs 'abc'": (lambda: theano.function([], "abc"), (TypeError,)),
    "update of another type": (lambda: theano.function([], [], updates=[(theano.shared(np.zeros(2)), T.matrix())]),
                               (TypeError,)),
    # a generic shared variable (Theano 1.0.5 holds non-array values as they are) cannot enter tensor maths
    "shared(object()) + 1": (lambda: theano.shared(object()) + 1, (TypeError,)),
    "exp(shared('abc'))": (lambda: T.exp(theano.shared("abc")), (TypeError,)),
    "shared(ragged) as tensor": (lambda: T.as_tensor_variable(theano.shared([[1, 2], [3]])), (TypeError,)),
    "shared(None, broadcastable)": (lambda: theano.shared(None, broadcastable=()), (TypeError,)),
    "cast to 'foo'": (lambda: T.cast(T.vector(), "foo"), (KeyError,)),  # Theano: KeyError from its cast table
    # run-time sizes
    "alloc(-1, 2)": (lambda: theano.function([], T.alloc(0.0, -1, 2))(), (ValueError,)),
    "zeros((-1, 2))": (lambda: theano.function([], T.zeros((-1, 2)))(), (ValueError,)),
    "eye(-2)": (lambda: theano.function([], T.eye(-2))(), (ValueError,)),
    "arange step 0": (lambda: theano.function([], T.arange(0, 5, 0))(), (ZeroDivisionError,)),  # as Theano
}


@pytest.mark.parametrize("name", sorted(GRAPH_BUILDERS))
def test_op_constructors_refuse_bad_arguments(name: str) -> None:
    build, expected = GRAPH_BUILDERS[name]
    with pytest.raises(Exception) as info:
        build()
    assert isinstance(info.value, expected), f"{name}: {type(info.value).__name__}: {info.value}"
    assert not type(info.value).__module__.startswith(("jax", "jaxlib"))
    assert "jaxlib" not in str(info.value)


def test_dot_of_5d_tensors_builds_and_computes() -> None:
    # Theano 1.0.5 accepts it (tensordot over the last and second-to-last axes); so must we, with numpy's values
    a, b = T.tensor5("a"), T.tensor5("b")
    av, bv = np.ones((1, 2, 1, 2, 3)), np.ones((1, 1, 1, 3, 2))
    out = theano.function([a, b], T.dot(a, b))(av, bv)
    np.testing.assert_allclose(out, np.dot(av, bv))

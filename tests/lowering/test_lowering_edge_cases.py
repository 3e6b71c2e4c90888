"""The lowering rules on the inputs where backends differ: small integer dtypes, negative and out-of-range
slice bounds, negative and repeated advanced indices, ties and NaN in argmax/sort, poles and division by zero,
mixed dtypes, and the gradient graphs of the common ops. Each group is one function per mode, compared with the
independent numpy reference (numpy_reference.py) output by output: dtype, shape and value."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pytest

import theano.tensor as T
from theano.tensor import nnet

from numpy_reference import check_named_outputs

RNG = np.random.RandomState(5)
x, f, v, t3 = T.dmatrix("x"), T.fmatrix("f"), T.dvector("v"), T.dtensor3("t3")
b8, u8, l = T.bmatrix("b8"), T.TensorType("uint8", (False, False))("u8"), T.lmatrix("l")
i, iv = T.lscalar("i"), T.lvector("iv")
INPUTS = [x, f, v, t3, b8, u8, l, i, iv]
X = RNG.uniform(-2, 2, (3, 4))
VALUES = [X, X.astype("float32"), RNG.randn(4), RNG.randn(2, 3, 4), RNG.randint(-128, 128, (3, 4)).astype("int8"),
          RNG.randint(0, 256, (3, 4)).astype("uint8"), RNG.randint(-5, 6, (3, 4)), 2, np.array([-1, 0, 2])]


def _dtypes() -> dict[str, Any]:
    return {
        "int8 add wraps": b8 + b8, "int8 mul": b8 * 3, "int8 sub": b8 - 100, "int8 neg": -b8, "int8 abs": abs(b8),
        "int8 sgn": T.sgn(b8), "int8 floordiv": b8 // 7, "int8 mod": b8 % 7, "int8 truediv": b8 / 3,
        "int8 exp": T.exp(b8), "int8 pow": b8 ** 2, "uint8 add": u8 + u8, "uint8 sub": u8 - 3, "uint8 div": u8 // 4,
        "uint8 mod": u8 % 5, "uint8 to int8": T.cast(u8, "int8"), "uint8 invert": ~u8, "uint8 mul": u8 * 2,
        "float mod": x % 0.7, "float floordiv": x // 0.7, "mod negative": T.mod(x, -0.7), "intdiv negative": x // -0.6,
        "to int64": T.cast(x, "int64"), "to float32": T.cast(x, "float32"), "to int8": T.cast(x * 50, "int8"),
        "f32 exp": T.exp(f), "f32 round": T.round(f), "f32 softplus": nnet.softplus(f),
        "int floordiv": l // 3, "int mod": l % 3, "int floordiv neg": l // -3, "int mod neg": l % -3,
        "int pow": T.pow(l, 3), "int truediv": l / 2, "int max": T.maximum(l, 0), "int big sum": T.sum(l * 10 ** 12, axis=0),
        "int prod": T.prod(l, axis=1), "int cumsum": T.cumsum(l, axis=1), "int argmax": T.argmax(l, axis=0),
        "int sort": T.sort(l, axis=1), "int truediv by 0": l / 0,
        "float + int": x + l, "f32 + int64": f + l, "f32 * 2": f * 2, "f32 + f64": f + x, "int * 0.5": l * 0.5,
        "min(f32, int)": T.minimum(f, l), "switch f32 int": T.switch(T.gt(l, 0), f, l),
        "sqrt negative": T.sqrt(x), "log negative": T.log(x), "log 0": T.log(x * 0), "x % 0.": x % 0.0, "x / 0.": x / 0.0,
        "pow half": T.pow(x, 0.5), "pow -3": T.pow(x, -3), "arcsin outside": T.arcsin(x), "arccosh outside": T.arccosh(x),
        "clip lo > hi": T.clip(x, 0, v[:4]), "clip": T.clip(x, -0.5, 0.5), "switch scalar": T.switch(T.gt(x, 0), x, 0),
        "softmax x1000": nnet.softmax(x * 1000), "logsoftmax x100": nnet.logsoftmax(x * 100),
        "sigmoid x100": nnet.sigmoid(x * 100), "softplus -x500": nnet.softplus(-x * 500), "relu": nnet.relu(x, 0.1),
    }


def _reductions() -> dict[str, Any]:
    return {
        "sum keepdims": T.sum(x, axis=-1, keepdims=True), "max all": T.max(x, axis=(0, 1)), "min": T.min(x, axis=0),
        "prod all": T.prod(x, axis=[0, 1]), "int8 sum": T.sum(b8), "int8 sum as int8": T.sum(b8, dtype="int8"),
        "int8 prod": T.prod(b8, axis=0), "int8 mean": T.mean(b8, axis=1), "int8 max": T.max(b8, axis=1),
        "var": T.var(x, axis=0), "std": T.std(x), "argmin": T.argmin(x, axis=0), "argmax flat": T.argmax(x, axis=None),
        "mean keepdims": T.mean(x, axis=[0, 1], keepdims=True), "t3 sum (0, 2)": T.sum(t3, axis=(0, 2)),
        "t3 max (0, 2)": T.max(t3, axis=(0, 2)), "t3 argmax (0, 2)": T.argmax(t3, axis=(0, 2)),
        "t3 all": T.all(T.gt(t3, 0), axis=(1, 2)), "cumsum flat": T.cumsum(t3), "cumprod -1": T.cumprod(t3, axis=-1),
        "sum of empty": T.sum(x[i + 5:], axis=0), "prod of empty": T.prod(x[i + 5:], axis=0),
        "sort flat": T.sort(x, axis=None), "argsort flat": T.argsort(x, axis=None),
        "repeat flat": T.repeat(x, 2), "repeat symbolic": T.repeat(x, i, axis=1), "tile": T.tile(x, (2, 1)),
        "roll": T.roll(x, 1, axis=1), "roll flat": T.roll(x, -5),
    }


def _indexing() -> dict[str, Any]:
    return {
        "x[i:]": x[i:], "x[-10:]": x[-10:], "x[:i:-1]": x[:i:-1], "x[::2, ::-2]": x[::2, ::-2], "x[i:10]": x[i:10],
        "x[-i]": x[-i], "x[1:-1, -3:-1]": x[1:-1, -3:-1], "x[i:i+2, i:i+1]": x[i:i + 2, i:i + 1],
        "x[i+5:]": x[i + 5:], "x[:-i-9]": x[:-i - 9], "x[i, i]": x[i, i], "x[i][i-1]": x[i][i - 1],
        "inc x[:, 1:]": T.inc_subtensor(x[:, 1:], v[:3]), "set x[1]": T.set_subtensor(x[1], v),
        "inc x[::-1, 0]": T.inc_subtensor(x[::-1, 0], 1.0), "inc x[-1:, ::2]": T.inc_subtensor(x[-1:, ::2], v[:2]),
        "x[:, iv]": x[:, iv], "x[iv, 1:]": x[iv, 1:], "x[-1, iv]": x[-1, iv], "t3[iv[1:2], :, iv]": t3[iv[1:2], :, iv],
        "t3[:, iv[:2], iv[1:]]": t3[:, iv[:2], iv[1:]], "x[iv, None]": x[iv, None], "x[iv[::-1]]": x[iv[::-1]],
        "inc x[:, iv]": T.inc_subtensor(x[:, iv], 1.0), "set t3[:, iv, iv]": T.set_subtensor(t3[:, iv[:2], iv[1:]], 5.0),
        "inc x[iv, iv] repeated": T.inc_subtensor(x[T.concatenate([iv, iv]), T.concatenate([iv, iv])], 2.0),
        "inc x[iv] repeated": T.inc_subtensor(x[T.concatenate([iv, iv])], 1.0), "set x[iv]": T.set_subtensor(x[iv], 1.0),
        "x[x > 0]": x[T.gt(x, 0)], "x[rows > 0]": x[T.gt(x[:, 0], 0)], "nonzero": T.nonzero(T.gt(x, 0))[0],
        "flatnonzero": T.flatnonzero(T.gt(x, 0)), "reshape": x.reshape((i, -1)), "flatten of T": x.T.flatten(),
        "reshape dimshuffle": x.reshape((2, 3, 2)).dimshuffle(2, 0, 1), "flatten 2": T.flatten(x.reshape((2, 3, 2)), 2),
        "pad left": T.shape_padleft(x, 2), "dimshuffle x": x.dimshuffle("x", 1, "x", 0), "swapaxes": T.swapaxes(x, 0, 1),
        "concat -1": T.concatenate([x, x], axis=-1), "stack axis 1": T.stack([v, v], axis=1),
        "stack -1": T.stack([x, x], axis=-1), "vertical": T.vertical_stack(x, x),
        "eye k=-1": T.eye(3, 5, -1), "eye k=1": T.eye(4, 2, 1), "tri k=-1": T.tri(4, 3, -1), "tri k=2": T.tri(3, 5, 2),
        "diagonal -1": x.diagonal(-1), "t3 diagonal (1, 2)": t3.diagonal(0, 1, 2), "t3 diagonal 1 (0, 2)": t3.diagonal(1, 0, 2),
        "dot vv": T.dot(v, v), "dot vm": T.dot(v, x.T), "dot mv": T.dot(x, v), "dot f32": T.dot(f, f.T),
        "tensordot": T.tensordot(x, x, axes=[[1], [1]]), "outer": T.outer(v, v), "batched dot 2d": T.batched_dot(x, x),
        "arange down": T.arange(i, -i, -1), "arange 0.5": T.arange(0, i, 0.5), "arange float": T.arange(i * 1.0),
        "alloc": T.alloc(v, i, 4), "alloc scalar": T.alloc(1.5, i, 2), "ones int8": T.ones((2, i), dtype="int8"),
    }


def _grad(cost: Any, wrt: Any = x) -> Any:
    return T.grad(cost, wrt)


def _gradients() -> dict[str, Any]:
    return {
        "max rows": _grad(T.sum(T.max(x, axis=1))), "max all": _grad(T.max(x)), "min cols": _grad(T.sum(T.min(x, axis=0))),
        "sort": _grad(T.sum(T.sort(x, axis=1) * np.arange(4))), "cumsum": _grad(T.sum(T.cumsum(x, axis=0) ** 2)),
        "cumprod": _grad(T.sum(T.cumprod(x, axis=1))), "prod": _grad(T.sum(T.prod(x, axis=0))),
        "prod with a zero": _grad(T.sum(T.prod(T.set_subtensor(x[0, 0], 0.0), axis=1))),
        "x[iv]": _grad(T.sum(x[iv] ** 2)), "x[:, iv]": _grad(T.sum(x[:, iv] * 3)), "x[iv, iv]": _grad(T.sum(x[iv, iv])),
        "inc x[iv]": _grad(T.sum(T.inc_subtensor(x[iv], x[iv] * 2))), "repeat": _grad(T.sum(T.repeat(x, 2, axis=0) ** 2)),
        "concatenate": _grad(T.sum(T.concatenate([x, x ** 2], axis=1))), "tile": _grad(T.sum(T.tile(x, (2, 2)) ** 2)),
        "softmax": _grad(T.sum(nnet.softmax(x)[:, 0])), "logsoftmax": _grad(T.sum(nnet.logsoftmax(x) ** 2)),
        "crossentropy": _grad(T.mean(nnet.categorical_crossentropy(nnet.softmax(x), T.abs_(iv)))),
        "sigmoid": _grad(T.sum(nnet.sigmoid(x) ** 2)), "std": _grad(T.std(x)), "var": _grad(T.sum(T.var(x, axis=0))),
        "reshape": _grad(T.sum(x.reshape((2, 6)) * np.arange(6))), "dot": _grad(T.sum(T.dot(x, x.T) ** 2)),
        "flatten slice": _grad(T.sum(x.flatten()[::2])), "f32 tanh": _grad(T.sum(T.tanh(f) ** 2), f),
        "f32 dot": _grad(T.sum(T.dot(f, f.T)), f),
    }


GROUPS: dict[str, Callable[[], dict[str, Any]]] = {"dtypes and special values": _dtypes, "reductions": _reductions,
                                                   "indexing and layout": _indexing, "gradients": _gradients}
_F32 = 2e-6  # float32 results: a few ulps between XLA's and numpy's float32 arithmetic


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_edge_cases_compute_the_numpy_reference(group: str) -> None:
    named = GROUPS[group]()
    rtol = {name: _F32 for name, out in named.items() if out.dtype == "float32"}
    check_named_outputs(INPUTS, named, VALUES, rtol=rtol, atol=1e-10)


@pytest.mark.parametrize("name", ["int floordiv by 0", "int mod by 0"])
def test_integer_division_by_zero_raises_as_theanos_c_code(name: str) -> None:
    """numpy gives 0 (with a warning); Theano 1.0.5's C code raised ZeroDivisionError, and so does the program."""
    import theano
    out = (l // 0) if "floordiv" in name else (l % 0)
    with pytest.raises(ZeroDivisionError, match="integer (division|modulo) by zero"):
        theano.function([l], out)(VALUES[INPUTS.index(l)])


def test_argmax_and_sort_with_ties_and_nan() -> None:
    m = T.dmatrix("m")
    named = {"argmax": T.argmax(m, axis=1), "max": T.max(m, axis=1), "argmin": T.argmin(m, axis=0),
             "sort": T.sort(m, axis=0), "argsort": T.argsort(m, axis=1)}
    check_named_outputs([m], named, [np.array([[1.0, 1.0, 0.0], [np.nan, 1.0, 2.0], [3.0, 3.0, 3.0]])])


def _numpy_add_at(x: np.ndarray, key: Any, y: np.ndarray) -> np.ndarray:
    out = x.copy()
    np.add.at(out, key, y)
    return out


@pytest.mark.parametrize("traced", [False, True], ids=["constant-index", "symbolic-index"])
def test_inc_subtensor_into_bool_and_narrow_dtypes_adds_as_numpy(traced: bool) -> None:
    """inc_subtensor into a bool tensor adds as numpy does (in the pair's common dtype, cast back to x's dtype),
    where XLA has no add on bool: Theano's np.add.at / `x[i] = x[i] + y` on bool x."""
    import theano
    bm, lm, bv = T.TensorType("bool", (False, False))("bm"), T.lmatrix("lm"), T.TensorType("bool", (False,))("bv")
    k = T.lscalar("k")
    idx = k if traced else 1
    outs = [T.inc_subtensor(bm[[-1, 0, 0]], lm[:3]),            # advanced, int64 into bool, repeated index
            T.inc_subtensor(bm[idx, -1], lm[0, 0]),              # 0-d region: setitem of x + y
            T.inc_subtensor(bm[:, 0], bv),                       # bool into bool: logical or
            T.inc_subtensor(bm[[]], bv[:0]),                     # empty region
            T.inc_subtensor(b8[[0, 2]], -u8[:2].astype("float64") / 7)]  # float into int8: add, then truncate
    fn = theano.function([bm, lm, bv, k, b8, u8], outs, on_unused_input="ignore")
    B = np.array([[False, True], [True, False], [False, False]])
    L = np.array([[-1, 0], [2, 1], [0, 3]])
    V = np.array([True, False, False])
    got = fn(B, L, V, 1, VALUES[4], VALUES[5])
    want = [_numpy_add_at(B, ([-1, 0, 0],), L[:3]), B.copy(), B.copy(), B.copy(),
            _numpy_add_at(VALUES[4], ([0, 2],), -VALUES[5][:2].astype("float64") / 7)]
    want[1][1, -1] = B[1, -1] + L[0, 0]
    want[2][:, 0] |= V
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_array_equal(g, w)


def test_reshape_minus_one_beside_zero_length_raises_as_numpy() -> None:
    """numpy (Theano's Reshape.perform) cannot infer a -1 entry when the other entries multiply to 0:
    ValueError, not a silent (0, 0) result; other -1 reshapes of empty and non-empty arrays still work."""
    import theano
    t = T.dtensor3("t")
    m = T.dmatrix("m")
    sliced = m[1:-1]
    fn_const = theano.function([t], t.reshape((0, -1)))
    fn_sym = theano.function([m], sliced.reshape((sliced.shape[0], -1)) * 2)
    fn_ok = theano.function([m], m.reshape((m.shape[0], -1)))
    with pytest.raises(ValueError):
        fn_const(np.zeros((0, 3, 3)))
    # x.reshape((x.shape[0], -1)) of a matrix is x (Theano's local_useless_reshape): no error, as Theano 1.0.5's
    # FAST_RUN gives (oracle: shape (0, 2)); without the rewrite numpy's ValueError stays
    assert fn_sym(np.zeros((2, 2))).shape == (0, 2)
    fn_sym_unopt = theano.function([m], sliced.reshape((sliced.shape[0], -1)) * 2,
                                   mode=theano.Mode(optimizer=None))
    with pytest.raises(ValueError):
        fn_sym_unopt(np.zeros((2, 2)))
    assert fn_sym(np.ones((3, 2))).shape == (1, 2)
    assert fn_ok(np.zeros((3, 0))).shape == np.zeros((3, 0)).reshape((3, -1)).shape == (3, 0)
    with pytest.raises(ValueError):
        np.zeros((3, 0)).reshape((-1, 0))  # the rule the checks above copy


def test_bool_times_or_over_nonfinite_keeps_numpy_nan() -> None:
    """numpy (and Theano) give False * inf = nan and False / 0 = nan; XLA's simplifier turns
    convert(bool) * y into select(bool, y, 0), so the lowering must not hand it that pattern."""
    import theano
    a = T.TensorType("bool", (False, False))("a")
    y = T.dvector("y")
    d = T.TensorType("int16", (True, False))("d")
    fn = theano.function([a, y, d], [a * y, a / y, a / abs(T.maximum(a, d))])
    A = np.array([[False, True], [False, False], [True, False]])
    Y = np.array([np.inf, 0.0])
    D = np.array([[-1, 0]], dtype="int16")
    with np.errstate(all="ignore"):
        want = [A * Y, A / Y, A / np.abs(np.maximum(A, D))]
    for g, w in zip(fn(A, Y, D), want):
        assert g.dtype == w.dtype
        np.testing.assert_array_equal(g, w)

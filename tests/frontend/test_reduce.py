"""Reductions: values vs numpy, dtypes and printed names vs Theano 1.0.5 (baked), gradients by finite
differences, infer_shape vs the real output shapes, host implementations vs the lowering."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.graph import io_toposort
from theano.frontend.ops.max_argmax import Argmax, MaxAndArgmax
from theano.frontend.ops.moments import Mean
from theano.frontend.ops.reduce import All, Any, CAReduce, Prod, ProdWithoutZeros, Sum, get_scalar_op
from theano.lowering.shape_program import symbolic_shapes

from helpers import central_differences

FNS = ["sum", "prod", "max", "min", "argmax", "argmin", "mean", "var", "std", "any", "all"]
AXES = [None, 1, -1, (0, 2), [2, 0]]

# Theano 1.0.5: result dtype of T.<fn>(x, axis=0) for each input dtype
EXPECTED_DTYPE = {
    "float64": dict(sum="float64", prod="float64", max="float64", min="float64", argmax="int64", argmin="int64",
                    mean="float64", var="float64", std="float64", any="bool", all="bool"),
    "float32": dict(sum="float32", prod="float32", max="float32", min="float32", argmax="int64", argmin="int64",
                    mean="float32", var="float32", std="float32", any="bool", all="bool"),
    "int8": dict(sum="int64", prod="int64", max="int8", min="int8", argmax="int64", argmin="int64",
                 mean="float64", var="float64", std="float64", any="bool", all="bool"),
    "bool": dict(sum="int64", prod="int64", max="bool", min="bool", argmax="int64", argmin="int64",
                 mean="float64", var="float64", std="float64", any="bool", all="bool"),
    "uint8": dict(sum="uint64", prod="uint64", max="uint8", min="uint8", argmax="int64", argmin="int64",
                  mean="float64", var="float64", std="float64", any="bool", all="bool"),
}


def _axes_tuple(ndim: int, axis) -> tuple:
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        axis = [axis]
    return tuple(sorted(a % ndim for a in axis))


def _ref_arg(a: np.ndarray, axis, keepdims: bool, fn) -> np.ndarray:
    """numpy arg{max,min} over several axes: the reduced axes flattened in order (Theano's convention)."""
    axes = _axes_tuple(a.ndim, axis)
    keep = [i for i in range(a.ndim) if i not in axes]
    t = np.transpose(a, keep + list(axes))
    flat = t.reshape(t.shape[:len(keep)] + (-1,))
    out = fn(flat, axis=-1)
    if keepdims:
        out = out.reshape([1 if i in axes else a.shape[i] for i in range(a.ndim)])
    return out


def _reference(fn: str, a: np.ndarray, axis, keepdims: bool, out_dtype: str) -> np.ndarray:
    ax = None if axis is None else (axis if isinstance(axis, int) else tuple(axis))
    wide = a.astype("float64") if a.dtype.kind in "fb" or fn in ("mean", "var", "std") else a.astype("int64")
    if fn == "sum":
        r = np.sum(wide if a.dtype.kind == "f" else a.astype("int64"), axis=ax, keepdims=keepdims)
    elif fn == "prod":
        r = np.prod(wide if a.dtype.kind == "f" else a.astype("int64"), axis=ax, keepdims=keepdims)
    elif fn in ("max", "min", "any", "all"):
        r = getattr(np, fn)(a, axis=ax, keepdims=keepdims)
    elif fn in ("argmax", "argmin"):
        r = _ref_arg(a, axis, keepdims, getattr(np, fn))
    elif fn == "mean":
        r = np.mean(a.astype("float64"), axis=ax, keepdims=keepdims)
    else:
        r = getattr(np, fn)(a.astype("float64"), axis=ax, keepdims=keepdims)
    return np.asarray(r).astype(out_dtype)


def _data(dtype: str, shape=(2, 3, 4), seed: int = 0) -> np.ndarray:
    rng = np.random.RandomState(seed)
    if dtype == "bool":
        return rng.rand(*shape) > 0.5
    if dtype in ("int8", "uint8"):
        return rng.randint(0 if dtype == "uint8" else -3, 4, size=shape).astype(dtype)
    return rng.permutation(np.arange(np.prod(shape))).reshape(shape).astype(dtype) / 7.0 - 1.3


@pytest.mark.parametrize("dtype", ["float64", "float32", "int8", "bool", "uint8"])
def test_values_and_dtypes_vs_numpy(dtype):
    x = T.tensor3("x", dtype=dtype)
    cases, outs = [], []
    for fn in FNS:
        for axis in AXES:
            for keepdims in (False, True):
                out = getattr(T, fn)(x, axis=axis, keepdims=keepdims)
                cases.append((fn, axis, keepdims))
                outs.append(out)
    f = theano.function([x], outs)
    a = _data(dtype)
    results = f(a)
    for (fn, axis, keepdims), out, got in zip(cases, outs, results):
        expected_dtype = EXPECTED_DTYPE[dtype][fn]
        assert out.dtype == expected_dtype, (fn, axis, keepdims, out.dtype)
        assert got.dtype == np.dtype(expected_dtype), (fn, axis, keepdims, got.dtype)
        ref = _reference(fn, a, axis, keepdims, expected_dtype)
        assert got.shape == ref.shape, (fn, axis, keepdims, got.shape, ref.shape)
        axes = _axes_tuple(3, axis)
        bcast = tuple(i in axes for i in range(3)) if keepdims else (False,) * (3 - len(axes))
        assert out.broadcastable == bcast, (fn, axis, keepdims, out.broadcastable)
        rtol = 1e-5 if expected_dtype == "float32" else 1e-12
        if expected_dtype.startswith("float"):
            np.testing.assert_allclose(got, ref, rtol=rtol, atol=rtol, err_msg=str((fn, axis, keepdims)))
        else:
            np.testing.assert_array_equal(got, ref, err_msg=str((fn, axis, keepdims)))


def test_keepdims_broadcastable_flags():
    x = T.tensor3("x")
    # Theano 1.0.5: broadcastable pattern of T.<fn>(x, axis, keepdims=True)
    expected = {None: (True, True, True), 1: (False, True, False), -1: (False, False, True), (0, 2): (True, False, True)}
    for fn in FNS:
        for axis, bcast in expected.items():
            assert getattr(T, fn)(x, axis=axis, keepdims=True).broadcastable == bcast, (fn, axis)


# Theano 1.0.5: (str(op of the result), dtype, broadcastable, name)
PRINTED = {
    "all((0,2))": ("All{0, 2}", "bool", (False,), None),
    "all(-1)": ("All{2}", "bool", (False, False), None),
    "any()": ("Any", "bool", (), None),
    "any(1)": ("Any{1}", "bool", (False, False), None),
    "argmax()": ("MaxAndArgmax{axis=(0, 1, 2)}", "int64", (), "argmax"),
    "argmax(1)": ("MaxAndArgmax{axis=(1,)}", "int64", (False, False), "argmax"),
    "argmin(1)": ("MaxAndArgmax{axis=(1,)}", "int64", (False, False), "argmax"),
    "max((0,2))": ("MaxAndArgmax{axis=(0, 2)}", "float64", (False,), "max"),
    "max()": ("MaxAndArgmax{axis=(0, 1, 2)}", "float64", (), "max"),
    "max(-1)": ("MaxAndArgmax{axis=(2,)}", "float64", (False, False), "max"),
    "max_and_argmax(2)[0]": ("MaxAndArgmax{axis=(2,)}", "float64", (False, False), "max"),
    "mean()": ("Elemwise{true_div,no_inplace}", "float64", (), "mean"),
    "mean(1)": ("Elemwise{true_div,no_inplace}", "float64", (False, False), "mean"),
    "mean(op=True)": ("Mean", "float64", (), None),
    "mean(op=True,1)": ("Mean{1}", "float64", (False, False), None),
    "min(1)": ("Elemwise{neg,no_inplace}", "float64", (False, False), None),
    "prod()": ("Prod{axis=None, dtype='float64', acc_dtype='float64'}", "float64", (), None),
    "prod(-2)": ("Prod{axis=(1,), dtype='float64', acc_dtype='float64'}", "float64", (False, False), None),
    "prod(f32,dtype=float64)": ("Prod{axis=(0,), dtype='float64', acc_dtype='float64'}", "float64", (False, False), None),
    "prod(int8)": ("Prod{axis=(0, 1), dtype='int64', acc_dtype='int64'}", "int64", (False,), None),
    "std(0)": ("Elemwise{sqrt,no_inplace}", "float64", (False, False), "std"),
    "sum((2,0))": ("Sum{axis=[0, 2], acc_dtype=float64}", "float64", (False,), None),
    "sum()": ("Sum{acc_dtype=float64}", "float64", (), None),
    "sum(-1)": ("Sum{axis=[2], acc_dtype=float64}", "float64", (False, False), None),
    "sum(1)": ("Sum{axis=[1], acc_dtype=float64}", "float64", (False, False), None),
    "sum([0,-1])": ("Sum{axis=[2, 0], acc_dtype=float64}", "float64", (False,), None),
    "sum(acc=float64,axis=0)": ("Sum{axis=[0], acc_dtype=float64}", "float64", (False, False), None),
    "sum(bool)": ("Sum{axis=[2], acc_dtype=int64}", "int64", (False, False), None),
    "sum(dtype=float32)": ("Sum{acc_dtype=float64}", "float32", (), None),
    "sum(fvec, acc=float32)": ("Sum{acc_dtype=float32}", "float32", (), None),
    "sum(int8 in, acc=float32)": ("Sum{acc_dtype=float32}", "int64", (), None),
    "sum(int8 in, dtype=int8)": ("Sum{axis=[1], acc_dtype=int64}", "int8", (False, False), None),
    "var()": ("Elemwise{true_div,no_inplace}", "float64", (), "var"),
}


def _printed_cases(x):
    return {
        "sum()": lambda: T.sum(x), "sum(1)": lambda: T.sum(x, axis=1), "sum(-1)": lambda: T.sum(x, axis=-1),
        "sum((2,0))": lambda: T.sum(x, axis=(2, 0)), "sum([0,-1])": lambda: T.sum(x, axis=[0, -1]),
        "sum(dtype=float32)": lambda: T.sum(x, dtype="float32"),
        "sum(acc=float64,axis=0)": lambda: T.sum(x, axis=0, acc_dtype="float64"),
        "sum(int8 in, dtype=int8)": lambda: T.sum(T.btensor3(), axis=1, dtype="int8"),
        "sum(int8 in, acc=float32)": lambda: T.sum(T.btensor3(), acc_dtype="float32"),
        "sum(fvec, acc=float32)": lambda: T.sum(T.fvector(), acc_dtype="float32"),
        "sum(bool)": lambda: T.sum(T.tensor3(dtype="bool"), axis=2),
        "prod()": lambda: T.prod(x), "prod(-2)": lambda: T.prod(x, axis=-2),
        "prod(int8)": lambda: T.prod(T.btensor3(), axis=(0, 1)),
        "prod(f32,dtype=float64)": lambda: T.prod(T.ftensor3(), axis=0, dtype="float64"),
        "max()": lambda: T.max(x), "max(-1)": lambda: T.max(x, axis=-1), "max((0,2))": lambda: T.max(x, axis=(0, 2)),
        "argmax()": lambda: T.argmax(x), "argmax(1)": lambda: T.argmax(x, axis=1),
        "max_and_argmax(2)[0]": lambda: T.max_and_argmax(x, axis=2)[0],
        "min(1)": lambda: T.min(x, axis=1), "argmin(1)": lambda: T.argmin(x, axis=1),
        "mean()": lambda: T.mean(x), "mean(1)": lambda: T.mean(x, axis=1),
        "var()": lambda: T.var(x), "std(0)": lambda: T.std(x, axis=0), "any()": lambda: T.any(x),
        "any(1)": lambda: T.any(x, axis=1), "all((0,2))": lambda: T.all(x, axis=(0, 2)),
        "all(-1)": lambda: T.all(x, axis=-1),
        "mean(op=True)": lambda: T.mean(x, op=True), "mean(op=True,1)": lambda: T.mean(x, axis=1, op=True),
    }


def test_printed_names_dtypes_and_output_names():
    x = T.tensor3("x")
    cases = _printed_cases(x)
    assert set(cases) == set(PRINTED)
    for key, build in cases.items():
        e = build()
        assert (str(e.owner.op), e.dtype, e.broadcastable, e.name) == PRINTED[key], key


def test_printed_structure_of_derived_functions():
    x = T.matrix("x")
    mn = T.min(x, axis=0)  # -max(-x)
    inner = mn.owner.inputs[0]
    assert str(inner.owner.op) == "MaxAndArgmax{axis=(0,)}" and inner.name == "max"
    assert str(inner.owner.inputs[0].owner.op) == "Elemwise{neg,no_inplace}"
    am = T.argmin(x)
    assert str(am.owner.inputs[0].owner.op) == "Elemwise{neg,no_inplace}"
    m = T.mean(x)  # true_div(true_div(Sum, n0), n1)
    assert str(m.owner.inputs[0].owner.op) == "Elemwise{true_div,no_inplace}"
    assert str(m.owner.inputs[0].owner.inputs[0].owner.op) == "Sum{acc_dtype=float64}"
    den = m.owner.inputs[1]  # Subtensor{int64}(Cast{float64}(Shape(x)), Constant{1})
    assert str(den.owner.op) == "Subtensor{int64}"
    assert str(den.owner.inputs[0].owner.op) == "Elemwise{Cast{float64}}"
    assert str(den.owner.inputs[0].owner.inputs[0].owner.op) == "Shape"
    assert isinstance(T.argmax(x).owner.op, MaxAndArgmax) and T.argmax(x).owner.outputs[0].name == "max"
    a = T.any(x)  # non-bool input compared with 0 first
    assert str(a.owner.inputs[0].owner.op) == "Elemwise{neq,no_inplace}"
    s = T.std(x)
    assert s.owner.inputs[0].name == "var"
    u = T.min(T.matrix(dtype="uint8"), axis=1)  # M - max(M - x)
    assert str(u.owner.op) == "Elemwise{sub,no_inplace}" and u.dtype == "uint8"
    assert str(CAReduce(get_scalar_op("maximum"), (0, 1))) == "Reduce{maximum}{0, 1}"
    assert str(CAReduce(get_scalar_op("add"))) == "Reduce{add}"
    assert str(ProdWithoutZeros(axis=(0,))) == "ProdWithoutZeros{axis=(0,), dtype=None, acc_dtype=None}"
    assert str(All()) == "All" and str(Any(1)) == "Any{1}" and str(Mean(0)) == "Mean{0}"
    assert Sum(axis=1) == Sum(axis=[1]) and hash(Sum(axis=1)) == hash(Sum(axis=(1,)))
    assert Sum(axis=1) != Sum(axis=0) and Sum() != Prod()


def test_errors():
    x = T.matrix("x")
    with pytest.raises(ValueError, match="^Not enough dimensions on x to reduce on axis 2$"):
        T.sum(x, axis=2)
    with pytest.raises(ValueError, match="^Not enough dimensions on x to reduce on axis 2$"):
        T.max(x, axis=2)
    with pytest.raises(ValueError, match=r"^Computation needs a valid axis number for 2-D tensor. Got -1$"):
        T.argmax(x, axis=-3)
    with pytest.raises(ValueError, match=r"^Not enough dimensions on Elemwise\{neq,no_inplace\}.0 to reduce on axis 3$"):
        T.all(x, axis=3)
    with pytest.raises(TypeError, match=r"^Cannot build Sum\{acc_dtype=float32\} node with input dtype float64 and "
                                        r"acc_dtype float32, as precision would be lost"):
        T.sum(x, acc_dtype="float32")
    with pytest.raises(TypeError, match="acc_dtype int8, as precision would be lost"):
        T.sum(T.imatrix(), acc_dtype="int8")
    with pytest.raises(ValueError, match="keepdims is now at index 3"):
        T.var(x, 0, True)


def test_sum_dtype_and_acc_dtype_values():
    b = T.bvector("b")
    f32 = T.fvector("f")
    outs = [T.sum(b, dtype="int8"), T.sum(b), T.sum(b, acc_dtype="float64"), T.sum(f32), T.sum(f32, dtype="float64"),
            T.prod(b, dtype="float64"), T.mean(b), T.mean(f32, dtype="float64"), T.sum(b, axis=())]
    fn = theano.function([b, f32], outs)
    bv = np.array([100, 100, 100, -7], dtype="int8")
    fv = np.array([1e8, 1.0, -1e8, 3.0], dtype="float32")
    r = fn(bv, fv)
    assert [o.dtype for o in outs] == ["int8", "int64", "int64", "float32", "float64", "float64", "float64", "float64",
                                       "int64"]
    assert r[0] == np.int8(293 - 256) and r[1] == 293 and r[2] == 293
    assert r[3] == np.float32(4.0)  # accumulated in float64, as Theano does
    assert r[4] == 4.0 and r[5] == 100.0 ** 3 * -7 and r[6] == 293 / 4 and r[7] == 1.0
    np.testing.assert_array_equal(r[8], bv.astype("int64"))


# --------------------------------------------------------------------------- gradients

def test_gradients_by_finite_differences():
    x = T.matrix("x")
    xt = x + np.arange(12.0).reshape(3, 4) * 0.01  # no ties for max/min
    reductions = [
        T.sum(x, axis=1), T.sum(x), T.sum(x, axis=-1, keepdims=True), T.sum(x, axis=(0, 1)),
        T.prod(x, axis=0), T.prod(x, axis=1), T.prod(x), T.prod(x, axis=1, keepdims=True),
        T.max(xt, axis=1), T.max(xt), T.min(xt, axis=0), T.max(xt, axis=0, keepdims=True), T.min(xt, axis=-1),
        T.max_and_argmax(xt, axis=1)[0],
        T.mean(x, axis=1), T.mean(x), T.mean(x, axis=0, keepdims=True),
        T.var(x, axis=0), T.var(x, axis=1, ddof=1), T.std(x), T.std(x, axis=1, corrected=True),
        T.var(x, axis=0, ddof=1, corrected=True),
    ]
    costs = [T.sum(T.sqr(r + 0.5)) for r in reductions]
    grads = [T.grad(c, x) for c in costs]
    f = theano.function([x], costs + grads)
    # a zero alone in column 1 and row 0, two zeros in column 2; distinct values elsewhere (no ties for max/min)
    x0 = np.array([[0.7, 0.0, 0.0, -1.3],
                   [1.9, -0.4, 1.1, 0.3],
                   [-0.8, 1.4, 0.0, 2.2]])
    res = f(x0)
    symbolic = res[len(costs):]
    numeric = np.moveaxis(central_differences(lambda v: f(v)[:len(costs)], [x0], 0), -1, 0)
    for r, g_sym, g_num in zip(reductions, symbolic, numeric):
        np.testing.assert_allclose(g_sym, g_num, rtol=1e-5, atol=1e-6, err_msg=str(r.owner.op))
    # the prod gradient at a single zero is the product of the others, and 0 where two zeros share a group
    g_prod0 = symbolic[4]
    assert g_prod0[0, 1] != 0 and g_prod0[1, 2] == 0 and g_prod0[0, 2] == 0


def test_gradient_graph_structure():
    x = T.matrix("x")
    g = T.grad(T.sum(x, axis=1).sum(), x)  # Elemwise{second}(x, DimShuffle{0,x}(...))
    assert str(g.owner.op) == "Elemwise{second}"
    assert g.owner.inputs[0] is x and g.owner.inputs[1].owner.op.new_order == (0, "x")
    g = T.grad(T.max(x, axis=1).sum(), x)  # eq(max_pad, x) * g_pad
    assert str(g.owner.op) == "Elemwise{mul,no_inplace}"
    assert str(g.owner.inputs[0].owner.op) == "Elemwise{eq,no_inplace}"
    g = T.grad(T.prod(x, axis=0).sum(), x)
    assert str(g.owner.op) == "Elemwise{switch,no_inplace}"
    graph = [str(n.op) for n in io_toposort([x], [g])]
    assert "ProdWithoutZeros{axis=(0,), dtype='float64', acc_dtype='float64'}" in graph
    assert "Sum{axis=[0], acc_dtype=int64}" in graph


def test_discrete_and_disconnected_gradients():
    x = T.matrix("x")
    i = T.imatrix("i")
    outs = [T.grad(T.sum(T.cast(T.argmax(x, axis=1), "float64")), x, disconnected_inputs="ignore"),
            T.grad(T.sum(T.cast(T.any(x), "float64") + T.cast(T.all(x, axis=0), "float64").sum()), x,
                   disconnected_inputs="ignore")]
    gi = Sum(axis=0).L_op([i], [T.sum(i, axis=0)], [T.vector()])[0]
    assert gi.dtype == "float64"
    ga = Argmax((1,)).grad([x], [T.vector()])[0]
    f = theano.function([x], outs + [ga])
    for r in f(np.arange(6.0).reshape(2, 3)):
        np.testing.assert_array_equal(r, np.zeros((2, 3)))
    # the argmax-only gradient does not build the max mask
    g = T.grad(T.sum(T.cast(T.argmax(x, axis=1), "float64")), x, disconnected_inputs="ignore")
    assert not any("eq" in str(n.op) for n in io_toposort([x], [g]))


def test_sum_to_broadcastable_uses_keepdims_sum():
    x = T.matrix("x")
    r = T.row("r")
    g = T.grad(T.sum(x * r), r)
    assert g.broadcastable == (True, False)
    xv = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(theano.function([x, r], g)(xv, np.ones((1, 3))), xv.sum(axis=0, keepdims=True))


def test_sum_R_op():
    x = T.matrix("x")
    v = T.matrix("v")
    out = T.sum(x, axis=0)
    rop, = out.owner.op.R_op([x], [v])
    assert out.owner.op.R_op([x], [None]) == [None]
    vv = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(theano.function([x, v], rop, on_unused_input="ignore")(vv, vv), vv.sum(axis=0))


# --------------------------------------------------------------------------- shapes and host implementations

def test_infer_shape_matches_real_shapes():
    x = T.TensorType("float64", (False, True, False))("x")
    outs = [T.sum(x, axis=1), T.sum(x, axis=(0, 2), keepdims=True), T.prod(x, axis=-1), T.max(x, axis=[0, 1]),
            T.argmax(x, axis=2, keepdims=True), T.mean(x, axis=0), T.var(x, axis=-1, keepdims=True), T.all(x),
            T.any(x, axis=1), T.min(x), *T.max_and_argmax(x, axis=0), T.mean(x, axis=2, op=True),
            Argmax(None)(x), Argmax((0, 2))(x)]
    shape_of = symbolic_shapes([x], io_toposort([x], outs))
    entries = [s for o in outs for s in shape_of[o]]
    f = theano.function([x], outs + entries + [o.shape for o in outs])
    xv = np.random.RandomState(1).randn(4, 1, 5)
    res = f(xv)
    vals, flat, shapes = res[:len(outs)], res[len(outs):len(outs) + len(entries)], res[len(outs) + len(entries):]
    pos = 0
    for o, v, shp in zip(outs, vals, shapes):
        inferred = tuple(int(s) for s in flat[pos:pos + o.ndim])
        pos += o.ndim
        assert inferred == v.shape == tuple(shp), (o.owner.op, inferred, v.shape)
        assert all(v.shape[i] == 1 for i, b in enumerate(o.broadcastable) if b)
    assert theano.function([x], x.sum(axis=2).shape)(xv).tolist() == [4, 1]


def test_host_impl_matches_lowering():
    x = T.tensor3("x")
    b = T.tensor3("b", dtype="int8")
    nodes_x = [T.sum(x, axis=(0, 2)), T.prod(x, axis=1), T.max_and_argmax(x, axis=(0, 2))[0], T.any(x, axis=1),
               T.all(x), T.mean(x, axis=1, op=True), Argmax((1, 2))(x), Argmax(None)(x),
               ProdWithoutZeros(axis=(1,))(x), CAReduce(get_scalar_op("minimum"), (0,))(x), T.sum(x, axis=())]
    nodes_b = [T.sum(b, axis=1), T.prod(b), T.max(b, axis=2), T.sum(b, axis=0, dtype="int8")]
    f = theano.function([x, b], [o.owner.outputs[0] for o in nodes_x + nodes_b] +
                        [T.max_and_argmax(x, axis=(0, 2))[1]])
    xv = _data("float64", seed=3)
    xv[0, 1, :2] = 0.0
    bv = _data("int8", seed=4)
    got = f(xv, bv)
    for o, g in zip(nodes_x + nodes_b, got):
        node = o.owner
        inp = node.inputs[0]
        value = xv if inp is x else bv if inp is b else xv != 0  # any/all compare with 0 first
        host = node.op.host_impl(node, value)
        host = host[0] if isinstance(host, list) else host
        assert host.dtype == g.dtype and host.shape == g.shape, node.op
        np.testing.assert_allclose(host, g, rtol=1e-12, err_msg=str(node.op))
    mx_node = nodes_x[2].owner
    np.testing.assert_array_equal(mx_node.op.host_impl(mx_node, xv)[1], got[-1])
    np.testing.assert_array_equal(got[-1], _ref_arg(xv, (0, 2), False, np.argmax))
    # a group of only zeros reduces to 0 in ProdWithoutZeros
    zero = np.zeros((1, 2, 1))
    pnode = ProdWithoutZeros(axis=(1,))(T.tensor3()).owner
    assert pnode.op.host_impl(pnode, zero).tolist() == [[0.0]]


def test_empty_reductions():
    x = T.matrix("x")
    f = theano.function([x], [T.sum(x, axis=0), T.prod(x, axis=0), T.any(x, axis=0), T.all(x, axis=0)])
    s, p, an, al = f(np.zeros((0, 3)))
    assert s.tolist() == [0, 0, 0] and p.tolist() == [1, 1, 1]
    assert an.tolist() == [False] * 3 and al.tolist() == [True] * 3
    with pytest.raises(ValueError):
        theano.function([x], T.max(x, axis=0))(np.zeros((0, 3)))


def test_scalar_and_method_forms():
    s = T.scalar("s")
    x = T.matrix("x")
    assert str(T.max(s).owner.op) == "MaxAndArgmax{axis=()}" and str(T.sum(s).owner.op) == "Sum{acc_dtype=float64}"
    outs = [T.max(s), T.argmax(s), T.sum(s), x.sum(axis=0), x.mean(1), x.max(), x.argmin(0), x.var(), x.std(axis=1),
            x.prod(axis=1), x.any(), x.all(1), T.max(x, axis=T.constant(1))]
    xv = np.array([[1.0, -2.0, 3.0], [0.5, 5.0, 0.0]])
    r = theano.function([s, x], outs)(2.5, xv)
    refs = [2.5, 0, 2.5, xv.sum(0), xv.mean(1), xv.max(), xv.argmin(0), xv.var(), xv.std(axis=1), xv.prod(1),
            True, xv.all(1), xv.max(1)]
    for got, ref in zip(r, refs):
        np.testing.assert_allclose(got, ref, rtol=1e-12)


def test_reductions_inside_host_shape_programs():
    v = T.ivector("v")
    f = theano.function([v], [T.zeros((T.max(v), T.sum(v, dtype="int32"))), T.arange(T.prod(v))])
    a, r = f(np.array([2, 3], dtype="int32"))
    assert a.shape == (3, 5) and r.tolist() == list(range(6))
    a, r = f(np.array([4, 1], dtype="int32"))
    assert a.shape == (4, 5) and r.shape == (4,)

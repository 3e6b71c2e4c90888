"""Indexing (the subtensor family): values vs numpy, printed op names and types vs Theano 1.0.5 (baked),
gradients by finite differences, set/inc, the minibatch compile-once property, host checks and errors."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.ops.advanced_subtensor import (AdvancedBooleanSubtensor, AdvancedSubtensor, AdvancedSubtensor1,
                                                    MaskCount)
from theano.frontend.ops.subtensor import HostCheck, IncSubtensor, Subtensor, slice_length
from theano.lowering.shape_program import is_value_dependent

from helpers import central_differences

x, v, t3, r, c, y = T.dmatrix("x"), T.dvector("v"), T.dtensor3("t3"), T.drow("r"), T.dcol("c"), T.dscalar("y")
i, l, b = T.iscalar("i"), T.lscalar("l"), T.bscalar("b")
iv, lv, im, lr = T.ivector("iv"), T.lvector("lv"), T.imatrix("im"), T.lrow("lr")

# Theano 1.0.5: (expression, str(out.owner.op), str(out.type)), printed by the reference implementation
REFERENCE = [
    ("x[1]", "Subtensor{int64}", "TensorType(float64, vector)"),
    ("x[-1]", "Subtensor{int64}", "TensorType(float64, vector)"),
    ("x[1:3]", "Subtensor{int64:int64:}", "TensorType(float64, matrix)"),
    ("x[::2]", "Subtensor{::int64}", "TensorType(float64, matrix)"),
    ("x[::-1]", "Subtensor{::int64}", "TensorType(float64, matrix)"),
    ("x[i]", "Subtensor{int32}", "TensorType(float64, vector)"),
    ("x[l]", "Subtensor{int64}", "TensorType(float64, vector)"),
    ("x[b]", "Subtensor{int8}", "TensorType(float64, vector)"),
    ("x[i:]", "Subtensor{int32::}", "TensorType(float64, matrix)"),
    ("x[:,1]", "Subtensor{::, int64}", "TensorType(float64, vector)"),
    ("x[1:3, ::-1]", "Subtensor{int64:int64:, ::int64}", "TensorType(float64, matrix)"),
    ("x[...,1]", "Subtensor{::, int64}", "TensorType(float64, vector)"),
    ("x[:, None, 1]", "Subtensor{::, ::, int64}", "TensorType(float64, col)"),
    ("x[iv]", "AdvancedSubtensor1", "TensorType(float64, matrix)"),
    ("x[[0,1]]", "AdvancedSubtensor1", "TensorType(float64, matrix)"),
    ("x[iv, iv]", "AdvancedSubtensor", "TensorType(float64, vector)"),
    ("x[:, iv]", "InplaceDimShuffle{1,0}", "TensorType(float64, matrix)"),
    ("x[x>0]", "AdvancedBooleanSubtensor", "TensorType(float64, vector)"),
    ("v[v>0]", "AdvancedBooleanSubtensor", "TensorType(float64, vector)"),
    ("x[1, iv]", "AdvancedSubtensor", "TensorType(float64, vector)"),
    ("x[iv, 1]", "AdvancedSubtensor", "TensorType(float64, vector)"),
    ("x[i:l:2]", "Subtensor{int32:int64:int64}", "TensorType(float64, matrix)"),
    ("x[1,2]", "Subtensor{int64, int64}", "TensorType(float64, scalar)"),
    ("x[1:]", "Subtensor{int64::}", "TensorType(float64, matrix)"),
    ("x[:-1]", "Subtensor{:int64:}", "TensorType(float64, matrix)"),
    ("x[:2, 1:]", "Subtensor{:int64:, int64::}", "TensorType(float64, matrix)"),
    ("t3[1, ..., 2]", "Subtensor{int64, ::, int64}", "TensorType(float64, vector)"),
    ("t3[..., None]", "InplaceDimShuffle{0,1,2,x}", "TensorType(float64, (False, False, False, True))"),
    ("x[...]", "Subtensor{::, ::}", "TensorType(float64, matrix)"),
    ("x[:]", "Subtensor{::}", "TensorType(float64, matrix)"),
    ("x[0:2:1]", "Subtensor{int64:int64:int64}", "TensorType(float64, matrix)"),
    ("t3[iv, :, iv]", "AdvancedSubtensor", "TensorType(float64, matrix)"),
    ("t3[:, iv, iv]", "AdvancedSubtensor", "TensorType(float64, matrix)"),
    ("t3[iv, None, iv]", "AdvancedSubtensor", "TensorType(float64, (False, True, False))"),
    ("x[x[0]>0]", "AdvancedBooleanSubtensor", "TensorType(float64, matrix)"),
    ("v[np.array([True,False,True])]", "AdvancedBooleanSubtensor", "TensorType(float64, vector)"),
    ("x[im]", "Reshape{3}", "TensorType(float64, 3D)"),
    ("x[i, iv]", "AdvancedSubtensor", "TensorType(float64, vector)"),
    ("r[0:1]", "Subtensor{int64:int64:}", "TensorType(float64, row)"),
    ("r[:, 0:1]", "Subtensor{::, int64:int64:}", "TensorType(float64, row)"),
    ("r[:, 1:]", "Subtensor{::, int64::}", "TensorType(float64, row)"),
    ("c[:, :1]", "Subtensor{::, :int64:}", "TensorType(float64, col)"),
    ("c[iv]", "AdvancedSubtensor1", "TensorType(float64, col)"),
    ("r[iv]", "AdvancedSubtensor1", "TensorType(float64, matrix)"),
    ("x.shape[0]", "Subtensor{int64}", "TensorType(int64, scalar)"),
    ("x.shape[1:]", "Subtensor{int64::}", "TensorType(int64, vector)"),
    ("T.set_subtensor(x[1:], v)", "IncSubtensor{Set;int64::}", "TensorType(float64, matrix)"),
    ("T.inc_subtensor(x[1:], v)", "IncSubtensor{Inc;int64::}", "TensorType(float64, matrix)"),
    ("T.set_subtensor(x[i], v)", "IncSubtensor{Set;int32}", "TensorType(float64, matrix)"),
    ("T.inc_subtensor(x[iv], v)", "AdvancedIncSubtensor1{no_inplace,inc}", "TensorType(float64, matrix)"),
    ("T.set_subtensor(x[iv], v)", "AdvancedIncSubtensor1{no_inplace,set}", "TensorType(float64, matrix)"),
    ("T.set_subtensor(x[iv, iv], y)", "AdvancedIncSubtensor{inplace=False,  set_instead_of_inc=True}",
     "TensorType(float64, matrix)"),
    ("T.inc_subtensor(x[iv, iv], y)", "AdvancedIncSubtensor{inplace=False,  set_instead_of_inc=False}",
     "TensorType(float64, matrix)"),
    ("T.set_subtensor(x[x>0], y)", "AdvancedBooleanIncSubtensor{inplace=False,  set_instead_of_inc=True}",
     "TensorType(float64, matrix)"),
    ("T.inc_subtensor(x[x>0], y)", "AdvancedBooleanIncSubtensor{inplace=False,  set_instead_of_inc=False}",
     "TensorType(float64, matrix)"),
    ("T.set_subtensor(x[:, iv], y)", "InplaceDimShuffle{1,0}", "TensorType(float64, matrix)"),
    ("T.inc_subtensor(x[1:, 2], y)", "IncSubtensor{Inc;int64::, int64}", "TensorType(float64, matrix)"),
    ("T.set_subtensor(r[0], v)", "IncSubtensor{Set;int64}", "TensorType(float64, row)"),
    ("T.take(x, iv, axis=1)", "InplaceDimShuffle{1,0}", "TensorType(float64, matrix)"),
    ("T.take(x, iv)", "AdvancedSubtensor1", "TensorType(float64, vector)"),
    ("T.take(x, im, axis=0)", "Reshape{3}", "TensorType(float64, 3D)"),
    ("x.take(iv, axis=0)", "AdvancedSubtensor1", "TensorType(float64, matrix)"),
    ("T.inc_subtensor(x[im], 1.0)", "AdvancedIncSubtensor1{no_inplace,inc}", "TensorType(float64, matrix)"),
    ("x[lr, iv]", "AdvancedSubtensor", "TensorType(float64, matrix)"),
    ("c[iv, 1:]", "AdvancedSubtensor", "TensorType(float64, col)"),
    ("x[iv, :1]", "AdvancedSubtensor", "TensorType(float64, matrix)"),
    ("x[lr]", "Reshape{3}", "TensorType(float64, (True, False, False))"),
]


def _dimshuffle_name(name: str) -> str:
    # DimShuffle's own printed name (Theano's "InplaceDimShuffle") belongs to the elemwise family; here the
    # DimShuffle rows check that indexing routes through a DimShuffle as Theano does.
    return name.replace("InplaceDimShuffle", "DimShuffle")


@pytest.mark.parametrize("expr,op_name,type_name", REFERENCE)
def test_printed_op_and_type_match_theano(expr: str, op_name: str, type_name: str) -> None:
    out = eval(expr)
    assert _dimshuffle_name(str(out.owner.op)) == _dimshuffle_name(op_name)
    assert str(out.type) == type_name


def test_index_inputs_are_theano_style_constants() -> None:
    out = x[1:3]
    assert [str(a) for a in out.owner.inputs[1:]] == ["Constant{1}", "Constant{3}"]
    assert all(a.dtype == "int64" for a in out.owner.inputs[1:])
    assert x[i].owner.inputs[1] is i
    assert str(x[T.constant(1)].owner.op) == "Subtensor{int8}"
    assert repr(x[1].owner.op.idx_list[0]) == "Scalar(int64)"
    assert x[1:3].owner.op == x[1:3].owner.op and hash(x[1:3].owner.op) == hash(Subtensor(x[1:3].owner.op.idx_list))
    assert x[1:3].owner.op != x[1:].owner.op


def test_inner_ops_of_routed_indexing() -> None:
    assert isinstance(x[:, iv].owner.inputs[0].owner.op, AdvancedSubtensor1)
    assert isinstance(x[im].owner.inputs[0].owner.op, AdvancedSubtensor1)
    assert str(x[None].type) == "TensorType(float64, (True, False, False))"  # Theano 1.0.5 raises here (a bug)


# --------------------------------------------------------------------------- values

X3 = np.arange(60.0).reshape(3, 4, 5)
CONSTANT_INDICES = [
    1, -1, (1, 2), (-1, -2, -3), slice(1, 3), slice(None, None, 2), slice(None, None, -1), slice(3, 0, -2),
    slice(-10, 10), slice(5, 1), (slice(None), 1), (Ellipsis, 2), (1, Ellipsis), (None, 1), (1, None, slice(1, 3)),
    (slice(None), None, slice(None, None, -2), 0), (Ellipsis, None), (slice(-2, None), slice(1, -1), slice(None, None, 3)),
    [0, 2], [[0, 1], [2, 2]], np.array([2, -1, 0]), ([0, 2], [1, 3]), (slice(None), [3, 0, 0]), (1, slice(None), [4, 0]),
    ([0, 1], slice(None), [1, 2]), (slice(1, 3), [0, 1], 2), ([2, 0], None, [1, 1]), (Ellipsis, [4, 3]), (),
    np.array([True, False, True]), (slice(None), np.array([True, False, True, True])), (1, X3[1] > 27),
    (X3[:, 0, 0] > 0, 2), (np.array([False] * 3),),
]


def test_constant_indices_match_numpy() -> None:
    t = T.dtensor3("t")
    outs = [t[idx] for idx in CONSTANT_INDICES]
    f = theano.function([t], outs)
    for idx, got in zip(CONSTANT_INDICES, f(X3)):
        expected = X3[idx]
        assert got.shape == expected.shape, idx
        np.testing.assert_array_equal(got, expected, err_msg=str(idx))


def test_slice_length_graph_is_exact() -> None:
    start, stop, step, n = T.lscalars("start", "stop", "step", "n")
    f = theano.function([start, stop, step, n], [slice_length(start, stop, step, n), slice_length(start, None, step, n),
                                                 slice_length(None, stop, step, n), slice_length(None, None, step, n)])
    for nn in (0, 1, 4):
        for a in (-6, -4, -1, 0, 1, 3, 4, 7):
            for z in (-6, -2, 0, 2, 4, 9):
                for s in (-3, -1, 1, 2, 5):
                    got = [int(g) for g in f(a, z, s, nn)]
                    ref = [len(range(nn)[a:z:s]), len(range(nn)[a::s]), len(range(nn)[:z:s]), len(range(nn)[::s])]
                    assert got == ref, (a, z, s, nn)
    g = theano.function([x, step], x[::step])  # a symbolic step is checked in the host shape program
    np.testing.assert_array_equal(g(np.eye(3), -1), np.eye(3)[::-1])
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        g(np.eye(3), 0)


def test_symbolic_bounds_and_steps_match_numpy() -> None:
    a, z, s = T.lscalars("a", "z", "s")
    t = T.dtensor3("t")
    exprs = [lambda q, A, Z, S: q[A:Z], lambda q, A, Z, S: q[A:Z:S], lambda q, A, Z, S: q[1, A:, Z],
             lambda q, A, Z, S: q[::S, A // 2], lambda q, A, Z, S: q[Z:A:-2, :, A:Z]]
    f = theano.function([t, a, z, s], [e(t, a, z, s) for e in exprs])
    for A, Z, S in [(0, 3, 1), (-2, 4, -1), (4, -5, 2), (1, 1, -2), (-1, 2, 3)]:
        for e, got in zip(exprs, f(X3, A, Z, S)):
            expected = e(X3, A, Z, S)
            assert got.shape == expected.shape
            np.testing.assert_array_equal(got, expected)


def test_minibatch_slices_compile_once() -> None:
    data_value = np.arange(1050.0).reshape(105, 10)
    data = theano.shared(data_value)
    xb = T.dmatrix("xb")
    index = T.lscalar("index")
    bs = 10
    f = theano.function([index], [xb * 2, T.sum(xb, axis=0)], givens={xb: data[index * bs:(index + 1) * bs]})
    for k in range(100):
        batch = k % 11
        doubled, summed = f(batch)
        expected = data_value[batch * bs:(batch + 1) * bs]
        np.testing.assert_array_equal(doubled, expected * 2)
        np.testing.assert_allclose(summed, expected.sum(axis=0))
    assert f.n_compilations <= 2  # full batches, and the short last batch (index 10)


def test_dynamic_integer_index_compiles_once_and_checks_bounds() -> None:
    f = theano.function([x, i], [x[i], x[:, i], x[i, 1:]])
    xv = np.arange(20.0).reshape(4, 5)
    for k in (0, 3, -1, -4):
        for got, expected in zip(f(xv, k), [xv[k], xv[:, k], xv[k, 1:]]):
            np.testing.assert_array_equal(got, expected)
    assert f.n_compilations == 1
    with pytest.raises(IndexError, match="index 4 is out of bounds for axis 0 with size 4"):
        f(xv, 4)
    with pytest.raises(IndexError, match="index -5 is out of bounds for axis 0 with size 4"):
        f(xv, -5)
    assert is_value_dependent(x[i].owner) and any(isinstance(n.op, HostCheck) for n in _shape_nodes(x[i]))


def _shape_nodes(out):
    from theano.frontend.graph import ancestors
    shp = out.owner.op.infer_shape(out.owner, [tuple(T.shape_i(inp, k) for k in range(inp.ndim)) for inp in out.owner.inputs])
    return [a.owner for a in ancestors(list(shp[0])) if a.owner is not None]


def test_integer_index_errors_for_constants_and_scalar_outputs() -> None:
    with pytest.raises(IndexError, match="index 5 is out of bounds for axis 0 with size 3"):
        theano.function([v], v[5])(np.zeros(3))
    # a symbolic index whose result is 0-d has no shape entry for the host check: the compiled program checks it
    g = theano.function([v, i], v[i])
    assert float(g(np.arange(3.0), -1)) == 2.0
    with pytest.raises(IndexError, match="index 7 is out of bounds for axis 0 with size 3"):
        g(np.arange(3.0), 7)
    with pytest.raises(IndexError, match="index -4 is out of bounds for axis 0 with size 3"):
        g(np.arange(3.0), -4)


def test_advanced_indices_match_numpy() -> None:
    xv = np.arange(20.0).reshape(4, 5)
    t3v = np.arange(60.0).reshape(3, 4, 5)
    ivv, jvv = np.array([0, 2, -1, 2], "int32"), np.array([1, 3, 0, 0], "int32")
    jv = T.ivector("jv")
    cases = [
        (lambda q, t, a, b: q[a], lambda q, t, a, b: q[a]),
        (lambda q, t, a, b: q[a, b], lambda q, t, a, b: q[a, b]),
        (lambda q, t, a, b: q[:, b], lambda q, t, a, b: q[:, b]),
        (lambda q, t, a, b: q[1, a], lambda q, t, a, b: q[1, a]),
        (lambda q, t, a, b: t[a[:3], :, b[:3]], lambda q, t, a, b: t[a[:3], :, b[:3]]),
        (lambda q, t, a, b: t[:, a, b], lambda q, t, a, b: t[:, a, b]),
        (lambda q, t, a, b: t[a[:3], None, b[:3]], lambda q, t, a, b: t[a[:3], None, b[:3]]),
        (lambda q, t, a, b: t[1, ..., a], lambda q, t, a, b: t[1, ..., a]),
        (lambda q, t, a, b: q[a, 1:4:2], lambda q, t, a, b: q[a, 1:4:2]),
        (lambda q, t, a, b: q[T.arange(2), a[:2]], lambda q, t, a, b: q[np.arange(2), a[:2]]),
        (lambda q, t, a, b: t[T.stack([a[:2], b[:2]]) % 3, b[:2]], lambda q, t, a, b: t[np.stack([a[:2], b[:2]]) % 3, b[:2]]),
    ]
    f = theano.function([x, t3, iv, jv], [c[0](x, t3, iv, jv) for c in cases])
    for case, got in zip(cases, f(xv, t3v, ivv, jvv)):
        expected = case[1](xv, t3v, ivv, jvv)
        assert got.shape == expected.shape
        np.testing.assert_array_equal(got, expected)
    with pytest.raises(IndexError, match="index 7 is out of bounds for axis 0 with size 4"):
        f(xv, t3v, np.array([0, 7, 0, 0], "int32"), jvv)


def test_tutorial_nll_indexing() -> None:
    p = T.dmatrix("p")
    yy = T.lvector("yy")
    nll = -T.mean(T.log(p)[T.arange(yy.shape[0]), yy])
    g = T.grad(nll, p)
    f = theano.function([p, yy], [nll, g])
    rng = np.random.RandomState(0)
    pv = rng.uniform(0.1, 1.0, (6, 3))
    yv = np.array([0, 2, 1, 1, 0, 2])
    got_nll, got_g = f(pv, yv)
    np.testing.assert_allclose(got_nll, -np.mean(np.log(pv)[np.arange(6), yv]))
    expected = np.zeros_like(pv)
    expected[np.arange(6), yv] = -1.0 / (6 * pv[np.arange(6), yv])
    np.testing.assert_allclose(got_g, expected)


def test_take_modes() -> None:
    xv = np.arange(20.0).reshape(4, 5)
    idx = np.array([0, 6, -2], "int32")
    m = np.array([[0, 1], [3, 3]], "int32")
    f = theano.function([x, iv, im], [T.take(x, iv, axis=1, mode="wrap"), T.take(x, iv, axis=0, mode="clip"),
                                      T.take(x, iv[:1]), T.take(x, im, axis=1), T.take(x, im), x[im]])
    got = f(xv, idx, m)
    expected = [np.take(xv, idx, axis=1, mode="wrap"), np.take(xv, idx, axis=0, mode="clip"), np.take(xv, idx[:1]),
                np.take(xv, m, axis=1), np.take(xv, m), xv[m]]
    for g_, e in zip(got, expected):
        np.testing.assert_array_equal(g_, e)


def test_boolean_masks() -> None:
    f = theano.function([x], [x[x > 10], x[x[:, 0] > 3], x[:, x[0] > 1], x[x[:, 0] > 3, 2]])
    xv = np.arange(20.0).reshape(4, 5)
    for got, expected in zip(f(xv), [xv[xv > 10], xv[xv[:, 0] > 3], xv[:, xv[0] > 1], xv[xv[:, 0] > 3, 2]]):
        assert got.shape == expected.shape
        np.testing.assert_array_equal(got, expected)
    xw = xv - 8
    for got, expected in zip(f(xw), [xw[xw > 10], xw[xw[:, 0] > 3], xw[:, xw[0] > 1], xw[xw[:, 0] > 3, 2]]):
        np.testing.assert_array_equal(got, expected)
    assert is_value_dependent(x[x > 0].owner)
    assert any(isinstance(n.op, MaskCount) for n in _shape_nodes(x[x > 0]))
    m = T.bvector("m")
    with pytest.raises(IndexError, match="boolean index did not match indexed array along dimension 0; "
                                         "dimension is 3 but corresponding boolean dimension is 2"):
        theano.function([v], v[np.array([True, False])])(np.zeros(3))
    with pytest.raises(IndexError, match="dimension is 3 but corresponding boolean dimension is 2"):
        theano.function([v, m], v[T.neq(m, 0)])(np.zeros(3), np.array([1, 0], "int8"))


def test_several_masks_and_masks_with_arrays() -> None:
    n = T.dmatrix("n")
    exprs = [lambda q, I: q[q[:, 0] > 2, q[0, :] > 2], lambda q, I: q[q[:, 0] > -1, I], lambda q, I: q[I, q[0] > 1]]
    base = np.arange(6.0).reshape(2, 3)
    for k, e in enumerate(exprs):
        f = theano.function([n, lv], e(n, lv), on_unused_input="ignore")
        assert isinstance(e(n, lv).owner.op, AdvancedBooleanSubtensor)
        for nv, I in [(base, [1, 0]), (base - 3, [1, 1]), (base * 0 + 5, [0, 1]), (base, [1])]:
            I = np.array(I)
            try:
                expected = e(nv, I)
            except IndexError:
                with pytest.raises(IndexError, match="shape mismatch: indexing arrays could not be broadcast"):
                    f(nv, I)
                continue
            got = f(nv, I)
            assert got.shape == expected.shape, (k, nv, I)
            np.testing.assert_array_equal(got, expected)


def test_get_canonical_form_slice() -> None:
    from theano.frontend.ops.indexing import get_canonical_form_slice
    start, stop, step, n = T.lscalars("start", "stop", "step", "n")
    outs = []
    for spec in [(start, stop, step), (None, stop, step), (start, None, -2), (None, None, step)]:
        cnf, direction = get_canonical_form_slice(slice(*spec), n)
        outs += [T.as_tensor_variable(p) for p in (cnf.start, cnf.stop, cnf.step, direction)]
    f = theano.function([start, stop, step, n], outs)
    for nn in (0, 5):
        a = np.arange(nn)
        for b in (-8, -1, 0, 4, 8):
            for e in (-5, 0, 2, 8):
                for st in (-3, -1, 2):
                    got = [int(g) for g in f(b, e, st, nn)]
                    refs = [slice(b, e, st), slice(None, e, st), slice(b, None, -2), slice(None, None, st)]
                    for k, ref in enumerate(refs):
                        lo, hi, stp, d = got[4 * k:4 * k + 4]
                        assert 0 <= lo <= hi <= nn and stp > 0
                        np.testing.assert_array_equal(a[lo:hi:stp][::d], a[ref])


def test_set_and_inc_match_numpy() -> None:
    a, z = T.lscalars("a", "z")
    exprs = [
        (lambda q, A, Z: T.set_subtensor(q[A:Z], v), lambda e, A, Z, vv: e.__setitem__(slice(A, Z), vv)),
        (lambda q, A, Z: T.inc_subtensor(q[A:Z], v), lambda e, A, Z, vv: e.__setitem__(slice(A, Z), e[A:Z] + vv)),
        (lambda q, A, Z: T.set_subtensor(q[A:Z], y), lambda e, A, Z, vv: e.__setitem__(slice(A, Z), 7.0)),
        (lambda q, A, Z: T.inc_subtensor(q[A, 1:4], y), lambda e, A, Z, vv: e.__setitem__((A, slice(1, 4)), e[A, 1:4] + 7)),
        (lambda q, A, Z: T.set_subtensor(q[::-2, A], y), lambda e, A, Z, vv: e.__setitem__((slice(None, None, -2), A), 7.0)),
        (lambda q, A, Z: T.inc_subtensor(q[Z:A:-1], v), lambda e, A, Z, vv: e.__setitem__(slice(Z, A, -1), e[Z:A:-1] + vv)),
        (lambda q, A, Z: T.set_subtensor(q[1:3, ::2], v[:3]), lambda e, A, Z, vv: e.__setitem__((slice(1, 3), slice(None, None, 2)), vv[:3])),
        (lambda q, A, Z: T.inc_subtensor(q[A::2], y), lambda e, A, Z, vv: e.__setitem__(slice(A, None, 2), e[A::2] + 7)),
        (lambda q, A, Z: T.inc_subtensor(q[lv], v), lambda e, A, Z, vv: np.add.at(e, np.array([0, 2, 2, -1]), vv)),
        (lambda q, A, Z: T.set_subtensor(q[lv[:2], lv[2:]], y), lambda e, A, Z, vv: e.__setitem__(([0, 2], [2, -1]), 7.0)),
        (lambda q, A, Z: T.inc_subtensor(q[lv, lv], y), lambda e, A, Z, vv: np.add.at(e, ([0, 2, 2, -1], [0, 2, 2, -1]), 7.0)),
        (lambda q, A, Z: T.set_subtensor(q[q > 10], y), lambda e, A, Z, vv: e.__setitem__(e > 10, 7.0)),
        (lambda q, A, Z: T.inc_subtensor(q[q[:, 0] > 3, 2], y), lambda e, A, Z, vv: e.__setitem__((e[:, 0] > 3, 2), e[e[:, 0] > 3, 2] + 7)),
        (lambda q, A, Z: T.set_subtensor(q[:, lv], y), lambda e, A, Z, vv: e.__setitem__((slice(None), [0, 2, 2, -1]), 7.0)),
        (lambda q, A, Z: T.inc_subtensor(q[lv, A:Z], y), lambda e, A, Z, vv: np.add.at(e, ([0, 2, 2, -1], slice(A, Z)), 7.0)),
    ]
    f = theano.function([x, v, y, lv, a, z], [e[0](x, a, z) for e in exprs], on_unused_input="ignore")
    xv = np.arange(20.0).reshape(4, 5)
    vv = np.arange(5.0) + 100
    for A, Z in [(1, 3), (0, 2), (-3, -1), (2, 2), (3, 1)]:
        for n, (case, got) in enumerate(zip(exprs, f(xv, vv, 7.0, np.array([0, 2, 2, -1]), A, Z))):
            expected = xv.copy()
            case[1](expected, A, Z, vv)
            np.testing.assert_array_equal(got, expected, err_msg=f"case {n} with bounds {A}, {Z}")
    # one program per length of the pre-sliced q[:, A:Z] read by the last case (2 and 0)
    assert f.n_compilations == 2


def test_set_subtensor_shape_errors() -> None:
    f = theano.function([x, v], T.set_subtensor(x[1:], v))
    with pytest.raises(ValueError, match=r"could not broadcast input array from shape \(3,\) into shape \(2, 4\)"):
        f(np.zeros((3, 4)), np.ones(3))
    with pytest.raises(TypeError, match="Trying to increment a 1-dimensional subtensor with a 2-dimensional value."):
        T.set_subtensor(v[1:], x)
    with pytest.raises(TypeError, match="x must be the result of a subtensor operation"):
        T.set_subtensor(x, v)


# --------------------------------------------------------------------------- gradients

GRAD_CASES = [
    lambda q: q[1:3],
    lambda q: q[::-2, 1],
    lambda q: q[lv],
    lambda q: q[lv, 1:],
    lambda q: q[:, lv],
    lambda q: q[lv[:2], lv[2:]],
    lambda q: q[q > 0.3],
    lambda q: T.set_subtensor(q[1:3, 2], q[0, :2] * 3),
    lambda q: T.inc_subtensor(q[lv], q[0] ** 2),
    lambda q: T.set_subtensor(q[lv[:2]], q[:2] * 2),
    lambda q: T.inc_subtensor(q[lv, lv], q[1, 1]),
    lambda q: T.set_subtensor(q[q > 0.5], q[0, 0]),
]


def test_gradients_by_finite_differences() -> None:
    rng = np.random.RandomState(42)
    xv = rng.rand(4, 5)
    lvv = np.array([0, 2, 2, -1])
    costs = []
    for k, case in enumerate(GRAD_CASES):
        out = case(x)
        costs.append(T.sum(out * (k + 1.5)) + T.sum(out ** 2))
    total = sum(c * (0.5 + 0.25 * k) for k, c in enumerate(costs))
    f = theano.function([x, lv], total)
    g = theano.function([x, lv], T.grad(total, x))
    got = g(xv, lvv)
    num = central_differences(f, [xv, lvv], 0, eps=1e-6)
    np.testing.assert_allclose(got, num, rtol=1e-5, atol=1e-5)


def test_gradient_graph_ops_and_symbolic_bounds() -> None:
    a = T.lscalar("a")
    gx = T.grad(T.sum(x[a:a + 2] ** 2), x)
    assert isinstance(gx.owner.op, IncSubtensor) and str(gx.owner.op) == "IncSubtensor{Inc;int64:int64:}"
    assert str(T.grad(T.sum(x[iv]), x).owner.op) == "AdvancedIncSubtensor1{no_inplace,inc}"
    assert str(T.grad(T.sum(x[iv, iv]), x).owner.op) == "AdvancedIncSubtensor{inplace=False,  set_instead_of_inc=False}"
    f = theano.function([x, a], gx)
    xv = np.arange(20.0).reshape(4, 5)
    for k in range(3):
        expected = np.zeros_like(xv)
        expected[k:k + 2] = 2 * xv[k:k + 2]
        np.testing.assert_array_equal(f(xv, k), expected)
    assert f.n_compilations == 1


def test_rop() -> None:
    ev = T.dmatrix("ev")
    outs = theano.gradient.Rop([x[1:3, ::-1], x[lv], T.set_subtensor(x[1], x[0])], x, ev)
    f = theano.function([x, ev, lv], outs, on_unused_input="ignore")
    xv, evv = np.arange(20.0).reshape(4, 5), np.arange(20.0).reshape(4, 5)[::-1] * 0.5
    lvv = np.array([3, 0])
    expected_set = evv.copy()
    expected_set[1] = evv[0]
    for got, expected in zip(f(xv, evv, lvv), [evv[1:3, ::-1], evv[lvv], expected_set]):
        np.testing.assert_array_equal(got, expected)


# --------------------------------------------------------------------------- shapes, host use, errors

def test_shape_subtensor_on_host_and_vector_length() -> None:
    f = theano.function([x], T.reshape(x, (x.shape[0] // 2, -1)))
    assert f(np.zeros((4, 3))).shape == (2, 6)
    assert T.get_vector_length(t3.shape[1:]) == 2
    node = x[1:3].owner
    assert node.op.host_impl(node, np.arange(20.0).reshape(4, 5), np.int64(1), np.int64(3)).shape == (2, 5)
    assert not is_value_dependent(x[1:3].owner) and is_value_dependent(x[i:].owner)
    from theano.frontend.ops.indexing import host_checks_only
    assert [host_checks_only(e.owner) for e in (x[i], x[i:], x[x > 0], x[iv])] == [True, False, False, True]


def test_eval_and_test_values() -> None:
    np.testing.assert_array_equal(v[1:].eval({v: np.arange(4.0)}), [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(v[v > 1].eval({v: np.arange(4.0)}), [2.0, 3.0])
    theano.config.compute_test_value = "raise"
    q = T.dvector("q")
    q.tag.test_value = np.arange(5.0)
    k = T.lscalar("k")
    k.tag.test_value = 2
    np.testing.assert_array_equal(q[k:].tag.test_value, [2.0, 3.0, 4.0])
    np.testing.assert_array_equal(q[q > 2].tag.test_value, [3.0, 4.0])
    np.testing.assert_array_equal(T.set_subtensor(q[k:], 0.0).tag.test_value, [0.0, 1.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(q[[1, 2]].tag.test_value, [1.0, 2.0])


@pytest.mark.parametrize("make,error,message", [
    (lambda: x[1, 2, 3], IndexError, "too many indices for array"),
    (lambda: x[[True, False]], TypeError, "TensorType does not support Python bools for indexing"),
    (lambda: v[True], TypeError, "TensorType does not support Python bools for indexing"),
    (lambda: x[..., ...], IndexError, r"an index can only have a single Ellipsis \(`...`\)"),
    (lambda: x[1.0], TypeError, "index must be integers"),
    (lambda: x[T.dscalar()], TypeError, "Expected an integer"),
    (lambda: x[i:T.dscalar()], TypeError, "Expected an integer"),
    (lambda: x[v], TypeError, "index must be integers"),
    (lambda: Subtensor(x[1:2].owner.op.idx_list)(x, i, i), TypeError, "Wrong type for Subtensor template"),
    (lambda: AdvancedSubtensor1()(x, x), TypeError, "index must be integers"),
])
def test_indexing_errors(make, error, message) -> None:
    with pytest.raises(error, match=message):
        make()


def test_zero_step_raises_at_run_time() -> None:
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        theano.function([x], x[1:2:0])(np.zeros((3, 4)))


def test_every_indexing_op_lowers() -> None:
    from theano.lowering.registry import rule_for
    from theano.frontend.ops import advanced_subtensor as adv
    for op in [Subtensor([slice(None)]), IncSubtensor([slice(None)]), HostCheck("bounds"), adv.advanced_subtensor1,
               adv.advanced_inc_subtensor1, AdvancedSubtensor(("index",)), AdvancedBooleanSubtensor(("index",)),
               adv.AdvancedIncSubtensor(("index",)), adv.AdvancedBooleanIncSubtensor(("index",)), MaskCount(0)]:
        assert rule_for(op) is not None

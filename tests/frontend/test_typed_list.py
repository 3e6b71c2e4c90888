"""theano.typed_list: TypedListType, its variables and ops through theano.function, against Python's own list
operations (values), Theano 1.0.5's types, errors and printing, and the compiled-signature behaviour of the XLA
design (a list's length and element shapes are part of the signature; see docs/typed_list.md)."""
from __future__ import annotations

import io

import numpy as np
import pytest
import scipy.sparse as sp

import theano
import theano.sparse
import theano.typed_list as tl
from theano import In, tensor as T
from theano.tensor.type_other import SliceType
from theano.typed_list import TypedListType

RNG = np.random.RandomState(42)
MATRICES = TypedListType(T.TensorType("float64", (False, False)))


def _m(*shape: int) -> np.ndarray:
    return RNG.uniform(-10, 10, size=shape)


def _same_list(got: list, want: list) -> None:
    assert isinstance(got, list) and len(got) == len(want), (got, want)
    for g, w in zip(got, want):
        if isinstance(w, list):
            _same_list(g, w)
        elif sp.issparse(w):
            assert sp.issparse(g) and g.format == w.format and g.shape == w.shape
            assert np.array_equal(g.toarray(), w.toarray())
        else:
            assert isinstance(g, np.ndarray) and g.dtype == w.dtype and np.array_equal(g, w, equal_nan=True)


# ------------------------------------------------------------------ the type


def test_type_equality_depth_printing() -> None:
    t = TypedListType(T.dmatrix().type)
    assert t == MATRICES and hash(t) == hash(MATRICES) and t != TypedListType(T.dvector().type)
    assert TypedListType(T.dmatrix().type, 2) == TypedListType(TypedListType(t))
    assert TypedListType(t) != TypedListType(TypedListType(t))
    assert TypedListType(T.dmatrix().type, 2).get_depth() == 2 and t.get_depth() == 0
    assert str(t) == "TypedList <TensorType(float64, matrix)>"
    assert t.ndim == 3 and t.dtype == T.dmatrix().type
    x = t("x")
    assert isinstance(x, tl.TypedListVariable) and x.ttype == T.dmatrix().type and x.ndim == 3
    with pytest.raises(TypeError, match="Expected a Theano Type"):
        TypedListType(None)
    with pytest.raises(ValueError):
        TypedListType(T.dmatrix().type, -1)


def test_filter() -> None:
    a = np.ones((2, 2), dtype="float32")
    got = MATRICES.filter([a])
    assert got[0].dtype == np.float64 and np.array_equal(got[0], a)  # elements filtered by the element type
    assert MATRICES.filter((a,))[0].dtype == np.float64  # any iterable (Theano's non-strict filter)
    with pytest.raises(TypeError, match="Wrong number of dimensions"):
        MATRICES.filter([4])
    with pytest.raises(TypeError):
        MATRICES.filter(4)
    with pytest.raises(TypeError):
        MATRICES.filter("ab")
    b = np.zeros((2, 3))
    assert MATRICES.filter([b], strict=True)[0] is b
    with pytest.raises(TypeError):
        MATRICES.filter((b,), strict=True)
    with pytest.raises(TypeError):
        MATRICES.filter([a], strict=True)  # float32 is not a valid float64 matrix value
    assert MATRICES.is_valid_value([b]) and not MATRICES.is_valid_value(b) and not MATRICES.is_valid_value([a])
    assert MATRICES.values_eq([b, b], [b.copy(), b.copy()]) and not MATRICES.values_eq([b], [b, b])
    assert not MATRICES.values_eq([b], [b + 1])


# ------------------------------------------------------------------ make_node checks and printing


def test_make_node_checks() -> None:
    x, m = MATRICES("x"), T.dmatrix("m")
    with pytest.raises(TypeError, match="Expected scalar or slice as index"):
        tl.getitem(x, T.dmatrix())
    with pytest.raises(AssertionError):
        tl.append(x, T.dvector())
    with pytest.raises(AssertionError):
        tl.append(m, m)  # not a list
    with pytest.raises(AssertionError):
        tl.extend(x, TypedListType(T.dvector().type)())
    with pytest.raises(AssertionError):
        tl.insert(x, T.iscalar(), m)  # the position must be int64
    with pytest.raises(TypeError, match="MakeList need all input variable to be of the same type"):
        tl.make_list((T.dvector(), m))
    assert tl.make_list((3.0, 4.0)).type == TypedListType(T.constant(3.0).type)
    assert isinstance(x[0].type, T.TensorType) and x[0:1].type == x.type and x[T.lscalar()].type == m.type


def test_printing_and_props() -> None:
    x, m = MATRICES("x"), T.dmatrix("m")
    assert [str(op) for op in (tl.Append(), tl.Append(True), tl.GetItem(), tl.MakeList(), tl.Length())] == \
        ["Append", "Append", "GetItem", "MakeList", "Length"]
    assert tl.Append(True) != tl.Append() and tl.Append(True) == tl.Append(inplace=True)
    assert tl.Append(True).destroy_map == {0: [0]} and tl.Append().view_map == {0: [0]}
    out = io.StringIO()
    theano.printing.debugprint([x.append(m), x[0:1]], file=out)
    assert out.getvalue().splitlines() == [
        "Append [id A] ''   ", " |x [id B]", " |m [id C]",
        "GetItem [id D] ''   ", " |x [id B]", " |Constant{slice(0, 1, None)} [id E]"]


# ------------------------------------------------------------------ values against Python's lists


def test_structural_ops_against_python_lists() -> None:
    x, y, m = MATRICES("x"), MATRICES("y"), T.dmatrix("m")
    f = theano.function([x, y, m], [x.append(m), x.extend(y), x.reverse(), tl.length(x), x[1], x[-1], x[1:],
                                    x[::-1], tl.make_list([m, m * 2]), x.insert(1, m)])
    a, b, c, d = _m(2, 3), _m(4, 1), _m(2, 3), _m(1, 1)
    got = f([a, b, c], [d], a)
    _same_list(got[0], [a, b, c, a])
    _same_list(got[1], [a, b, c, d])
    _same_list(got[2], [c, b, a])
    assert got[3] == 3 and got[3].dtype == np.int64
    assert np.array_equal(got[4], b) and np.array_equal(got[5], c)
    _same_list(got[6], [b, c])
    _same_list(got[7], [c, b, a])
    _same_list(got[8], [a, a * 2])
    _same_list(got[9], [a, a, b, c])
    g = theano.function([x, y], [x.extend(y), tl.length(y)])
    out = g([a], [])
    _same_list(out[0], [a])
    assert out[1] == 0
    with pytest.raises(IndexError, match="list index out of range"):
        f([a], [d], a)  # x[1] of a one-element list


@pytest.mark.parametrize("uniform", [True, False])
def test_getitem_and_insert_with_a_symbolic_position(uniform: bool) -> None:
    x, m, i = MATRICES("x"), T.dmatrix("m"), T.lscalar("i")
    f = theano.function([x, i, m], [x[i], x.insert(i, m)])
    items = [_m(2, 3), _m(2, 3), _m(2, 3)] if uniform else [_m(2, 3), _m(4, 1), _m(1, 5)]
    new = _m(2, 3)
    for k in range(-5, 5):
        want = list(items)
        want.insert(k, new)
        got = f(items, k, new) if -3 <= k < 3 else None
        if got is None:
            with pytest.raises(IndexError, match="list index out of range"):
                f(items, k, new)
            continue
        assert np.array_equal(got[0], items[k])
        _same_list(got[1], want)
    g = theano.function([x, i, m], x.insert(i, m))
    for k in range(-5, 5):
        want = list(items)
        want.insert(k, new)
        _same_list(g(items, k, new), want)  # Python's positions: negative from the end, past the end appends


def test_one_shape_compiles_once_per_list_length() -> None:
    """Elements of one shape are indexed inside the program: a loop over the index compiles once; a list of another
    length (a new signature) compiles once more."""
    x, i = MATRICES("x"), T.lscalar("i")
    f = theano.function([x, i], (x[i] * 2).sum())
    items = [_m(3, 2) for _ in range(4)]
    assert [float(f(items, k)) for k in range(4)] == [float((v * 2).sum()) for v in items]
    assert f.n_compilations == 1
    f(items[:3], 0)
    f(items[:3], 2)
    assert f.n_compilations == 2
    mixed = [_m(3, 2), _m(1, 4)]  # shapes differ: the host hands the position over, one program per position
    assert float(f(mixed, 1)) == float((mixed[1] * 2).sum()) and float(f(mixed, 0)) == float((mixed[0] * 2).sum())
    assert f.n_compilations == 4


def test_remove_index_count() -> None:
    x, m = MATRICES("x"), T.dmatrix("m")
    f = theano.function([x, m], [x.remove(m), x.count(m), x.ind(m)])
    a, b, c = _m(2, 3), _m(4, 1), _m(2, 3)
    got = f([a, c, b, c], c)
    _same_list(got[0], [a, b, c])  # the first equal element only
    assert got[1] == 2 and got[1].dtype == np.dtype(theano.config.floatX)
    assert got[2] == 1 and got[2].dtype == np.dtype(theano.config.floatX)
    nan = np.array([[np.nan, 1.0]])
    got = f([a, nan], nan.copy())  # NaN equals NaN (TensorType.values_eq)
    _same_list(got[0], [a])
    assert got[1] == 1 and got[2] == 1
    g = theano.function([x, m], [x.remove(m), x.count(m)])
    got = g([a, b], c)  # not there: unchanged, none counted
    _same_list(got[0], [a, b])
    assert got[1] == 0
    h = theano.function([x, m], x.ind(m))
    with pytest.raises(ValueError, match="not in the list"):
        h([a, b], c)


def test_a_failed_index_changes_no_shared_value() -> None:
    x, i = MATRICES("x"), T.lscalar("i")
    s = theano.shared(np.float64(1.0))
    f = theano.function([x, i], x[i].sum(), updates=[(s, s + 1)])
    items = [_m(2, 2), _m(2, 2)]
    f(items, 1)
    assert s.get_value() == 2.0
    with pytest.raises(IndexError):
        f(items, 2)
    assert s.get_value() == 2.0


def test_lists_of_lists() -> None:
    nested, x, i = TypedListType(T.dmatrix().type, 1)("n"), MATRICES("x"), T.lscalar("i")
    f = theano.function([nested, x, i], [nested.count(x), nested.ind(x), nested[i], nested.append(x),
                                         tl.length(nested[i])])
    a, b = _m(2, 3), _m(4, 1)
    value = [[a, b], [a, b, b], [a, b]]
    got = f(value, [a, b], 1)
    assert got[0] == 2 and got[1] == 0
    _same_list(got[2], [a, b, b])
    _same_list(got[3], value + [[a, b]])
    assert got[4] == 3


def test_lists_of_sparse_matrices() -> None:
    st = TypedListType(theano.sparse.SparseType("csr", "float64"))
    s, e, i = st("s"), theano.sparse.csr_matrix("e", dtype="float64"), T.lscalar("i")
    f = theano.function([s, e, i], [s.count(e), s.ind(e), s[i], s.append(e), s.remove(e)])
    p, q = sp.csr_matrix(np.eye(3)), sp.csr_matrix(np.arange(9.0).reshape(3, 3))
    got = f([p, q, q], q, 0)
    assert got[0] == 2 and got[1] == 1
    _same_list([got[2]], [p])
    _same_list(got[3], [p, q, q, q])
    _same_list(got[4], [p, q])


def test_slice_argument() -> None:
    x, sl = MATRICES("x"), SliceType()("sl")
    f = theano.function([x, sl], x[sl])
    items = [_m(1, 2), _m(3, 1), _m(2, 2)]
    for s in (slice(0, 2), slice(None, None, -1), slice(1, None), slice(5, 9)):
        _same_list(f(items, s), items[s])
    with pytest.raises(TypeError, match="Expected a slice"):
        f(items, 3)


def test_computed_lists_with_a_host_position() -> None:
    m, i = T.dmatrix("m"), T.lscalar("i")
    y = tl.make_list([m, m.T])
    f = theano.function([m, i], [y[i], y.remove(m.T)])
    a = _m(2, 3)
    got = f(a, 1)
    assert np.array_equal(got[0], a.T)
    _same_list(got[1], [a])


def test_inputs_are_not_changed_and_outputs_are_fresh() -> None:
    x, m = MATRICES("x"), T.dmatrix("m")
    f = theano.function([In(x, mutable=True), m], [x.append(m), x.reverse()])
    items = [_m(2, 2), _m(2, 2)]
    before = [v.copy() for v in items]
    got = f(items, items[0])
    _same_list(items, before)
    got[0][0][0, 0] = 1e9
    _same_list(items, before)


# ------------------------------------------------------------------ rewrites and modes


def test_typed_list_inplace_opt() -> None:
    x, m = MATRICES("x"), T.dmatrix("m")
    mode = theano.compile.mode.get_default_mode().including("typed_list_inplace_opt")
    f = theano.function([In(x, mutable=True), m], x.append(m), mode=mode)
    assert [n.op.inplace for n in f.maker.fgraph.toposort() if isinstance(n.op, tl.Append)] == [True]
    g = theano.function([x, m], x.append(m), mode=mode)  # an input not marked mutable is not destroyed
    assert [n.op.inplace for n in g.maker.fgraph.toposort() if isinstance(n.op, tl.Append)] == [False]
    h = theano.function([x, m], x.reverse().append(m), mode=mode)  # a computed list is
    assert {type(n.op).__name__: n.op.inplace for n in h.maker.fgraph.toposort()} == {"Reverse": False,
                                                                                      "Append": True}
    a, b = _m(2, 2), _m(2, 2)
    _same_list(f([a], b), [a, b])
    _same_list(h([a, b], a), [b, a, a])
    k = theano.function([x, m], x.append(m), mode=mode.excluding("typed_list_inplace_opt"))
    assert not any(n.op.inplace for n in k.maker.fgraph.toposort() if isinstance(n.op, tl.Append))


def test_constant_folding_gives_a_list_constant() -> None:
    m = T.ones((1,), dtype="int8")
    f = theano.function([], tl.make_list([m, m]))
    topo = f.maker.fgraph.toposort()
    assert len(topo) == 1 and isinstance(topo[0].op, theano.compile.ops.DeepCopyOp)
    _same_list(f(), [np.ones(1, "int8"), np.ones(1, "int8")])


@pytest.mark.parametrize("mode", ["FAST_COMPILE", "DebugMode", "MonitorMode"])
def test_modes(mode: str) -> None:
    x, m, i = MATRICES("x"), T.dmatrix("m"), T.lscalar("i")
    chosen = theano.compile.MonitorMode(post_func=lambda *a: None) if mode == "MonitorMode" else mode
    f = theano.function([x, i, m], [x[i], x.append(m), x.remove(m), x.count(m), x.insert(i, m), tl.length(x)],
                        mode=chosen)
    a, b, c = _m(2, 3), _m(4, 1), _m(2, 3)
    got = f([a, b, c], 1, c)
    assert np.array_equal(got[0], b)
    _same_list(got[1], [a, b, c, c])
    _same_list(got[2], [a, b])
    assert got[3] == 1 and got[5] == 3
    _same_list(got[4], [a, c, b, c])


def test_make_slice() -> None:
    """tensor.type_other.make_slice: a slice as a graph value (static in the program: compiled per slice value)."""
    from theano.tensor.type_other import MakeSlice, NoneConst, make_slice

    i = T.iscalar("i")
    s1, s2 = make_slice(0, i), make_slice(0, i)
    assert s1.owner.inputs[2] is NoneConst and isinstance(s1.type, SliceType)
    f = theano.function([i], [s1, s2])
    assert len([n for n in f.maker.fgraph.apply_nodes if isinstance(n.op, MakeSlice)]) == 1  # merged
    assert f(3) == [slice(0, 3, None)] * 2
    with pytest.raises(TypeError, match="index must be integers"):
        make_slice(T.dscalar())
    x = MATRICES("x")
    g = theano.function([x, i], x[make_slice(i, None, -1)])
    items = [_m(1, k) for k in range(1, 6)]
    for k in (2, -1, 4):
        _same_list(g(items, k), items[k::-1])
    assert g.n_compilations == 3
    assert theano.function([], make_slice(1, 5, 2))() == slice(1, 5, 2)

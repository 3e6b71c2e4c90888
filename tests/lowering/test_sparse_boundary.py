"""Sparse values at the edges of a compiled function (issue 14): csm_properties' arrays sliced to nnz, sparse
shared variables' borrow semantics (Theano's aliasing), host callbacks with scipy matrices, may_share_memory,
specify_shape / filter_variable / ifelse with sparse variables, and DebugMode / NanGuardMode / MonitorMode on
sparse graphs. Values against scipy; messages as Theano 1.0.5 prints them."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import theano
import theano.sparse as S
from theano import tensor as T
from theano.compile.ops import as_op
from theano.ifelse import ifelse
from theano.misc.may_share_memory import may_share_memory


def _rand(shape: tuple, density: float, fmt: str, seed: int = 0) -> sp.spmatrix:
    return sp.random(*shape, density=density, format=fmt, random_state=seed)


def _same(a: sp.spmatrix, b: sp.spmatrix) -> bool:
    return a.format == b.format and a.dtype == b.dtype and a.shape == b.shape and abs(a - b).sum() == 0


# ------------------------------------------------------------------ csm_properties at the boundary

@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_csm_properties_returns_scipys_arrays_exactly(fmt, dtype):
    x = S.SparseType(fmt, dtype)()
    f = theano.function([x], S.csm_properties(x))
    for seed, density in enumerate([0.1, 0.3, 0.6]):  # several nnz in one bucket and across buckets
        m = _rand((9, 7), density, fmt, seed).astype(dtype)
        data, indices, indptr, shape = f(m)
        assert data.dtype == np.dtype(dtype) and indices.dtype == np.int32
        assert np.array_equal(data, m.data) and np.array_equal(indices, m.indices)
        assert np.array_equal(indptr, m.indptr) and np.array_equal(shape, m.shape)


def test_functions_of_csm_data_and_its_length_are_exact():
    x = S.csr_matrix("x")
    m = _rand((6, 5), 0.3, "csr", 2)
    data2, idx, size, n = theano.function([x], [S.csm_data(x) * 2 + 1, S.csm_indices(x), x.size,
                                                 S.csm_data(x).shape[0]])(m)
    assert np.allclose(data2, m.data * 2 + 1) and np.array_equal(idx, m.indices)
    assert int(size) == m.nnz == int(n)


def test_size_counts_stored_zeros_as_scipy():
    for fmt in ("csc", "csr"):
        x = getattr(S, fmt + "_matrix")()
        get_size = theano.function([x], x.size)
        empty = getattr(sp, fmt + "_matrix")((5, 7))
        assert get_size(empty) == empty.size == 0
        coo = sp.coo_matrix((np.array([1.0, 0.0]), (np.array([0, 0]), np.array([0, 1]))), shape=(5, 7))
        y = coo.asformat(fmt)
        assert y.size == 2 and get_size(y) == 2  # an explicit zero is a stored entry


# ------------------------------------------------------------------ sparse shared variables: borrow semantics

def _fn_of(shared):
    return theano.function([], S.dense_from_sparse(shared * 2.0))


@pytest.mark.parametrize("borrow", [False, True])
def test_shared_copies_the_matrix_whatever_borrow(borrow):
    # As dense shared variables: the value is a device copy, never an alias of the user's matrix (Theano's CPU
    # aliasing would cost an O(nnz) comparison per call; docs/sparse.md, "Shared variables").
    x = sp.csc_matrix(np.random.RandomState(0).uniform(0, 1, (2, 4)))
    s = theano.shared(x, borrow=borrow)
    f = _fn_of(s)
    first = f()
    x /= 0.5
    assert np.allclose(f(), first)
    got = s.get_value(borrow=borrow)
    assert sp.issparse(got) and got is not s.get_value(borrow=borrow)
    got /= 0.5  # a read is a new matrix: writing into it changes nothing
    assert np.allclose(f(), first) and _same(s.get_value(), sp.csc_matrix(first / 2))


def test_an_update_and_set_value_replace_the_value():
    x = sp.csr_matrix(np.random.RandomState(1).uniform(1, 2, (4, 2)))
    s = theano.shared(x, borrow=True)
    f = _fn_of(s)
    first = f()
    n = f.n_compilations
    assert np.allclose(f(), first) and f.n_compilations == n
    theano.function([], [], updates=[(s, s * 3.0)])()
    assert np.allclose(f(), 3 * first)
    s.set_value(x, borrow=True)
    assert np.allclose(f(), first)


def test_return_internal_type_is_a_scipy_matrix():
    s = theano.shared(_rand((5, 4), 0.5, "csr", 3))
    f = _fn_of(s)
    base = f()
    internal = s.get_value(borrow=True, return_internal_type=True)
    assert sp.issparse(internal) and internal.format == "csr"
    internal /= 0.5
    assert np.allclose(f(), base)
    s.set_value(internal, borrow=True)
    assert np.allclose(f(), 2 * base)
    internal /= 0.5
    assert np.allclose(f(), 2 * base)


def test_set_value_checks_the_type_and_a_failed_set_keeps_the_value():
    m = _rand((3, 3), 0.5, "csr", 4)
    s = theano.shared(m)
    with pytest.raises(NotImplementedError, match="Expected float64 dtype but got int64"):
        s.set_value(sp.csr_matrix(np.ones((3, 3), dtype="int64")))
    assert _same(s.get_value(), m)
    s.set_value(np.eye(3), borrow=False)  # a dense value is converted, as SparseType.filter does
    assert _same(s.get_value(), sp.csr_matrix(np.eye(3)))


def test_may_share_memory_for_sparse_values():
    m = _rand((4, 4), 0.5, "csr", 5)
    assert may_share_memory(m, m.data) and may_share_memory(m.indices, m)
    assert may_share_memory(m, m)
    assert not may_share_memory(m, m.copy())
    assert not may_share_memory(m, np.zeros(3))
    with pytest.raises(TypeError, match="may_share_memory support only ndarray and scipy.sparse or GpuArray type"):
        may_share_memory(m, [1, 2])
    assert may_share_memory(m, [1, 2], raise_other_type=False) is False
    s = theano.shared(m, borrow=True)
    old = s.container.storage[0]
    s.set_value(m * 2, borrow=False)
    assert not may_share_memory(old, s.container.storage[0])
    assert T.TensorType.may_share_memory(m.data, m.data[1:]) and not T.TensorType.may_share_memory(m, m.data)


# ------------------------------------------------------------------ specify_shape, filter_variable, ifelse

def test_specify_shape_of_a_sparse_shared_variable():
    s = theano.shared(_rand((4, 2), 1.0, "csr", 6))
    spec = T.specify_shape(s, (4, 2))
    assert isinstance(spec.type, S.SparseType) and not hasattr(spec, "sum")
    f = theano.function([], spec)
    assert _same(f(), s.get_value())
    s.set_value(_rand((4, 3), 1.0, "csr", 7))
    with pytest.raises(AssertionError):
        f()


def test_filter_variable_refuses_to_mix_sparse_and_dense_with_theanos_message():
    x, d = S.csr_matrix("x"), T.dmatrix("d")
    # (Theano prints a sparse variable as SparseVariable{csr,float64}, whatever its name)
    with pytest.raises(TypeError, match=r"Cannot convert Type Sparse\[float64, csr\] \(of Variable "
                                        r"SparseVariable\{csr,float64\}\) into Type TensorType\(float64, matrix\)\. "
                                        r"You can try to manually convert SparseVariable\{csr,float64\} into a "
                                        r"TensorType\(float64, matrix\)\."):
        d.type.filter_variable(x)
    with pytest.raises(TypeError, match=r"Cannot convert Type TensorType\(float64, matrix\) \(of Variable d\) into "
                                        r"Type Sparse\[float64, csr\]"):
        x.type.filter_variable(d)
    with pytest.raises(TypeError, match=r"into Type Sparse\[float64, csc\]"):
        S.csc_matrix().type.filter_variable(x)
    assert x.type.filter_variable(x) is x


def test_ifelse_with_sparse_branches_of_different_buckets():
    c, x, y = T.iscalar("c"), S.csr_matrix("x"), S.csr_matrix("y")
    f = theano.function([c, x, y], ifelse(c, x, y))
    g = theano.function([c, x, y], S.sp_sum(ifelse(c, x * 2.0, y)))
    a, b = _rand((10, 10), 0.5, "csr", 8), _rand((10, 10), 0.02, "csr", 9)  # 50 and 2 stored entries
    assert _same(f(1, a, b), a) and _same(f(0, a, b), b)
    assert np.isclose(g(1, a, b), 2 * a.sum()) and np.isclose(g(0, a, b), b.sum())
    with pytest.raises(TypeError, match="The two branches should have identical types"):
        ifelse(c, x, S.csr_matrix(dtype="float32"))


def test_gradient_through_sparse_times_sparse_reaches_the_csm_data():
    # Theano's test_csm_sparser: the gradient of sum(a * CSM(x, ...)) w.r.t. x has x's length
    for fmt in ("csr", "csc"):
        x, i, p, s = T.dvector(), T.ivector(), T.ivector(), T.ivector()
        a = S.as_sparse_variable(_rand((4, 3), 0.25, fmt, 10))
        f = theano.function([x, i, p, s], T.grad(S.dense_from_sparse(a * S.CSM(fmt)(x, i, p, s)).sum(), x))
        m = _rand((4, 3), 0.5, fmt, 11)
        res = f(m.data, m.indices, m.indptr, np.asarray(m.shape, "int32"))
        want = np.asarray(a.data[m.nonzero()]).ravel() if fmt == "csr" else None
        assert res.shape == m.data.shape
        if want is not None:
            assert np.allclose(res, want)


# ------------------------------------------------------------------ host callbacks with scipy matrices

def test_as_op_receives_and_returns_scipy_matrices():
    seen = []

    @as_op(itypes=[S.csr_matrix().type], otypes=[T.dmatrix])
    def densify(m):
        seen.append(type(m))
        return m.toarray() * 2

    @as_op(itypes=[T.dmatrix], otypes=[S.csc_matrix().type])
    def sparsify(a):
        return sp.csr_matrix(a * 3)  # another format: converted to the output's csc

    @as_op(itypes=[S.csr_matrix().type], otypes=[S.csr_matrix().type])
    def double(m):
        return m * 2

    x, d = S.csr_matrix(), T.dmatrix()
    m = _rand((3, 4), 0.5, "csr", 12)
    assert np.allclose(theano.function([x], densify(x))(m), m.toarray() * 2)
    assert seen and all(t is sp.csr_matrix for t in seen)
    out = theano.function([d], sparsify(d))(m.toarray())
    assert out.format == "csc" and np.allclose(out.toarray(), 3 * m.toarray()) and out.nnz == m.nnz
    assert np.isclose(theano.function([x], S.sp_sum(double(x)))(m), 2 * m.sum())


def test_op_subclass_with_perform_on_sparse_values():
    class RowSums(theano.Op):
        __props__ = ()

        def make_node(self, x):
            x = S.as_sparse_variable(x)
            return theano.Apply(self, [x], [T.dvector()])

        def perform(self, node, inputs, outputs):
            (m,), (out,) = inputs, outputs
            assert sp.issparse(m)
            out[0] = np.asarray(m.sum(axis=1)).ravel()

        def infer_shape(self, node, shapes):
            return [(shapes[0][0],)]

    x = S.csc_matrix()
    m = _rand((5, 3), 0.4, "csc", 13)
    assert np.allclose(theano.function([x], RowSums()(x))(m), np.asarray(m.sum(axis=1)).ravel())


def test_perform_returning_a_dense_value_for_a_sparse_output_is_a_clear_error():
    @as_op(itypes=[T.dmatrix], otypes=[S.csr_matrix().type])
    def wrong(a):
        return a

    d = T.dmatrix()
    with pytest.raises(TypeError, match=r"returned ndarray for the sparse output .* a scipy.sparse matrix was expected"):
        theano.function([d], wrong(d))(np.eye(2))


# ------------------------------------------------------------------ DebugMode, NanGuardMode, MonitorMode

def _graph():
    x, w = S.csr_matrix("x"), T.dmatrix("w")
    return [x, w], [S.structured_dot(x, w), S.csm_data(x) * 2, x * 2.0, S.sp_sum(x)]


def _check_outputs(out, m, w):
    assert np.allclose(out[0], m.toarray() @ w)
    assert np.allclose(out[1], 2 * m.data)
    assert _same(out[2], 2 * m)
    assert np.isclose(out[3], m.sum())


def test_debugmode_on_a_sparse_graph():
    ins, outs = _graph()
    f = theano.function(ins, outs, mode="DebugMode")
    m, w = _rand((5, 4), 0.4, "csr", 14), np.random.RandomState(0).rand(4, 3)
    _check_outputs(f(m, w), m, w)
    s = theano.shared(m)
    g = theano.function([ins[1]], S.structured_dot(s, ins[1]), updates=[(s, s * 2.0)], mode="DebugMode")
    assert np.allclose(g(w), m.toarray() @ w) and _same(s.get_value(), 2 * m)


def test_debugmode_runs_sparse_as_op_with_scipy_values():
    @as_op(itypes=[S.csr_matrix().type], otypes=[S.csr_matrix().type])
    def double(m):
        assert sp.issparse(m)
        return m * 2

    x = S.csr_matrix()
    m = _rand((4, 4), 0.5, "csr", 15)
    assert _same(theano.function([x], double(x), mode="DebugMode")(m), 2 * m)


def test_nanguardmode_and_monitormode_on_a_sparse_graph():
    from theano.compile.monitormode import MonitorMode
    from theano.compile.nanguardmode import NanGuardMode

    ins, outs = _graph()
    m, w = _rand((5, 4), 0.4, "csr", 16), np.random.RandomState(1).rand(4, 3)
    _check_outputs(theano.function(ins, outs, mode=NanGuardMode(True, True, True))(m, w), m, w)
    seen = []
    monitor = MonitorMode(post_func=lambda i, node, fn: seen.extend(o[0] for o in fn.outputs))
    _check_outputs(theano.function(ins, outs, mode=monitor)(m, w), m, w)
    assert any(sp.issparse(v) for v in seen)  # the op-by-op storage holds scipy matrices, as in Theano
    bad = m.copy()
    bad.data[0] = np.nan
    with pytest.raises(AssertionError):
        theano.function(ins, outs, mode=NanGuardMode(True, True, True))(bad, w)


def test_print_of_a_sparse_variable_prints_the_scipy_matrix(capsys):
    x = S.csr_matrix("x")
    m = sp.csr_matrix(np.array([[0, 1.5], [2.0, 0]]))
    f = theano.function([x], S.sp_sum(theano.printing.Print("sp", attrs=["nnz", "shape"])(x)))
    assert f(m) == 3.5
    out = capsys.readouterr().out
    assert "sp nnz = 2" in out and "sp shape = (2, 2)" in out


def test_monitormode_detect_nan_reads_a_sparse_matrix_stored_entries(capsys):
    from theano.compile.monitormode import MonitorMode, detect_nan

    x = S.csr_matrix("x")
    m = sp.csr_matrix(np.array([[0, 1.5], [2.0, 0]]))
    f = theano.function([x], S.sp_sum(x * 2.0), mode=MonitorMode(post_func=detect_nan))
    assert f(m) == 7.0 and "NaN detected" not in capsys.readouterr().out
    m.data[0] = np.nan
    assert np.isnan(f(m))
    assert "*** NaN detected ***" in capsys.readouterr().out


def test_reductions_of_csm_data_read_the_stored_entries_only():
    x = S.csr_matrix("x")
    m = _rand((6, 5), 0.3, "csr", 17)
    d = S.csm_data(x)
    outs = [T.sum(T.exp(d)), T.prod(d + 1), T.max(-d), T.min(d + 5), T.argmax(-d),
            T.sum(S.csm_data(S.sp_ones_like(x))), T.mean(d)]
    got = [float(v) for v in theano.function([x], outs)(m)]
    want = [np.exp(m.data).sum(), np.prod(m.data + 1), np.max(-m.data), np.min(m.data + 5), np.argmax(-m.data),
            m.nnz, m.data.mean()]
    assert np.allclose(got, want)


@pytest.mark.parametrize("build", [lambda d: d[-1], lambda d: d[1:], lambda d: T.sort(d), lambda d: T.cumsum(d),
                                   lambda d: T.dot(d, d), lambda d: d.dimshuffle("x", 0),
                                   lambda d: T.concatenate([d, d])])
def test_an_op_that_would_read_the_padding_of_csm_data_is_refused(build):
    # inside a program csm_data is padded to the nnz bucket: ops other than elementwise/reductions/shape/CSM
    # would compute on the padding (a silent wrong value), so they are a clear error
    x = S.csr_matrix()
    with pytest.raises(NotImplementedError, match=r"csm_data\(.*padded"):
        theano.function([x], build(S.csm_data(x) * 2))


def test_elementwise_reductions_and_outputs_of_csm_data_are_exact():
    m = sp.csr_matrix(np.array([[1., 0, 2], [0, 3, 0]]))
    x = S.csr_matrix()
    d = S.csm_data(x)
    f = theano.function([x], [d * 2, d.sum(), d.mean(), d.max(), d.shape[0], S.csm_indices(x)])
    got = f(m)
    assert np.array_equal(got[0], m.data * 2) and got[1] == 6 and got[2] == 2 and got[3] == 3 and got[4] == 3
    assert np.array_equal(got[5], m.indices)

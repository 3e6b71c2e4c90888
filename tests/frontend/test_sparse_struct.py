"""Sparse structure and pattern ops (frontend/sparse/cast.py, compare.py, construct.py, struct_arith.py) through
theano.function: scipy's exact arrays at the boundary, Theano 1.0.5's dtypes, names and printing, and gradients
checked as Theano's sparse tests check them (verify_grad_sparse)."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import theano
import theano.sparse as S
from theano import tensor as T
from theano.gradient import verify_grad

FORMATS = ["csr", "csc"]
pytestmark = pytest.mark.filterwarnings("ignore::scipy.sparse.SparseEfficiencyWarning")


def _rand(shape: tuple, density: float, fmt: str, seed: int = 0, dtype: str = "float64") -> sp.spmatrix:
    m = sp.random(*shape, density=density, format=fmt, random_state=seed)
    return m.astype(dtype)


def _identical(got: sp.spmatrix, want: sp.spmatrix) -> None:
    """The same scipy arrays (format, dtype, shape, data, indices, indptr)."""
    assert got.format == want.format and got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data), (got.data, want.data)


def verify_grad_sparse(op, pt, structured=False, **kwargs):
    """Theano's sparse/tests helper: sparse inputs go in as their data (structured) or dense values."""
    iconv, dpt = [], []
    for p in pt:
        if sp.issparse(p):
            dpt.append(p.data.copy() if structured else p.toarray())
            if structured:
                csm = S.CSR if p.format == "csr" else S.CSC
                iconv.append(lambda d, p=p, csm=csm: csm(d, p.indices, p.indptr, np.asarray(p.shape, "int32")))
            else:
                iconv.append(S.csr_from_dense if p.format == "csr" else S.csc_from_dense)
        else:
            dpt.append(p)
            iconv.append(lambda v: v)
    out = op(*[S.as_sparse_or_tensor_variable(p) for p in pt])
    oconv = S.DenseFromSparse(structured=structured) if isinstance(out.type, S.SparseType) else (lambda v: v)

    def conv_op(*inputs):
        return oconv(op(*[c(i) for i, c in zip(inputs, iconv)]))
    verify_grad(conv_op, dpt, rng=np.random.RandomState(0), **kwargs)


# ---------------------------------------------------------------- comparisons

CMP = [(S.lt, lambda a, b: a < b), (S.gt, lambda a, b: a > b), (S.le, lambda a, b: a <= b),
       (S.ge, lambda a, b: a >= b), (S.eq, lambda a, b: a == b), (S.neq, lambda a, b: a != b)]


@pytest.mark.filterwarnings("ignore::scipy.sparse.SparseEfficiencyWarning")
@pytest.mark.parametrize("fmt", FORMATS)
def test_sparse_sparse_comparisons_are_scipys_sparse_uint8_result(fmt):
    x, y = S.matrix(fmt, "x"), S.matrix(fmt, "y")
    a, b = _rand((6, 8), 0.3, fmt, 1), _rand((6, 8), 0.3, fmt, 2)
    a[2, 3] = b[2, 3] = 0.5  # an equal stored pair
    for fn, ref in CMP:
        z = fn(x, y)
        assert isinstance(z.type, S.SparseType) and z.type.dtype == "uint8" and z.type.format == fmt
        got, want = theano.function([x, y], z)(a, b), ref(a, b)
        _identical(got, want.astype("uint8"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_sparse_dense_comparisons_are_dense_uint8_both_ways(fmt):
    x, d = S.matrix(fmt, "x"), T.dmatrix("d")
    a = _rand((5, 7), 0.4, fmt, 3)
    m = np.random.RandomState(0).randn(5, 7)
    m[0, 0] = 0.0
    for fn, ref in CMP:
        z = fn(x, d)
        assert z.type == T.TensorType("uint8", (False, False))
        got = theano.function([x, d], z)(a, m)
        assert got.dtype == np.uint8 and np.array_equal(got, np.asarray(ref(a, m)))
        got = theano.function([x, d], fn(d, x))(a, m)  # dense on the left: the mirrored op
        assert np.array_equal(got, np.asarray(ref(m, a)))


def test_comparison_operators_and_ops_as_theano_wires_them():
    x, y, d = S.csr_matrix("x"), S.csr_matrix("y"), T.dmatrix("d")
    assert type((x < y).owner.op) is S.LessThanSS and type((x > d).owner.op) is S.GreaterThanSD
    assert type((x <= y).owner.op) is S.LessEqualSS and type((x >= d).owner.op) is S.GreaterEqualSD
    assert type(S.lt(d, x).owner.op) is S.GreaterThanSD and type(S.ge(d, x).owner.op) is S.LessEqualSD
    assert type(S.eq(d, x).owner.op) is S.EqualSD and type(S.neq(x, y).owner.op) is S.NotEqualSS
    assert S.less_than_s_s == S.LessThanSS() and str(S.equal_s_d) == "EqualSD"
    with pytest.raises(NotImplementedError, match="one format"):
        S.lt(x, S.csc_matrix("c"))
    a = sp.csc_matrix((2, 2))
    c, dd = S.csc_matrix("c"), T.dmatrix("dd")
    z = np.zeros((2, 2))
    for fn, ref in CMP[:4]:  # Theano's test_equality_case: all-zero operands
        assert np.array_equal(theano.function([dd, c], fn(dd, c))(z, a), np.asarray(ref(z, a)))


# ---------------------------------------------------------------- cast

@pytest.mark.parametrize("fmt", FORMATS)
def test_cast_builds_Cast_and_keeps_the_structure(fmt):
    x = S.matrix(fmt, "x", dtype="float64")
    a = _rand((4, 7), 0.5, fmt, 4) * 10
    for o_dtype in ["int8", "int32", "uint16", "float32", "complex64", "float64"]:
        for z in (S.cast(x, o_dtype), x.astype(o_dtype), S.Cast(o_dtype)(x)):
            assert type(z.owner.op) is S.Cast and z.type == S.SparseType(fmt, o_dtype)
        got = theano.function([x], S.cast(x, o_dtype))(a)
        _identical(got, a.astype(o_dtype))
    assert str(S.fcast) == "Cast(float32)" and S.zcast.out_type == "complex128" and S.bcast == S.Cast("int8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_cast_gradient(fmt):
    a = _rand((4, 5), 0.5, fmt, 5)
    verify_grad_sparse(S.Cast("float64"), [a.astype("float32")], eps=1e-2)
    verify_grad_sparse(S.dcast, [a])


# ---------------------------------------------------------------- hstack / vstack

@pytest.mark.parametrize("in_fmt", FORMATS)
@pytest.mark.parametrize("out_fmt", FORMATS)
def test_hstack_vstack_give_scipys_arrays(in_fmt, out_fmt):
    xs = [S.matrix(in_fmt, f"x{k}") for k in range(3)]
    blocks = [_rand((3, 4), 0.5, in_fmt, 10 + k) for k in range(3)]
    blocks[1].data[0] = 0.0  # an explicit zero: kept, as scipy keeps it
    for op, ref in ((S.HStack, sp.hstack), (S.VStack, sp.vstack)):
        for dtype in ["float64", "float32", "complex128"]:
            got = theano.function(xs, op(format=out_fmt, dtype=dtype)(*xs))(*blocks)
            _identical(got, ref(blocks, format=out_fmt, dtype=dtype))


def test_hstack_vstack_functions_default_format_and_dtype():
    x, y = S.csr_matrix("x", dtype="complex128"), S.csr_matrix("y", dtype="float32")
    assert S.vstack([x, y]).dtype == "complex128" and S.hstack([x, y], dtype="float32").dtype == "float32"
    z = S.hstack([x, y])
    assert z.format == "csc" and str(z.owner.op) == "HStack(csc,complex128)"
    assert str(S.vstack([y, y], format="csr").owner.op) == "VStack(csr,float32)"
    with pytest.raises(ValueError, match="The output dtype must be specified"):
        S.HStack()
    with pytest.raises(ValueError, match="empty list"):
        S.HStack(dtype="float64")()
    a, b = _rand((3, 4), 0.5, "csr", 1), _rand((2, 4), 0.5, "csr", 2)
    f = theano.function([x, y], S.hstack([x, y]))
    with pytest.raises(ValueError, match="rows"):
        f(a.astype("complex128"), b.astype("float32"))


@pytest.mark.parametrize("op", [S.HStack, S.VStack])
def test_hstack_vstack_gradient(op):
    blocks = [_rand((3, 4), 0.6, "csr", 20 + k) for k in range(2)]
    verify_grad_sparse(op(format="csc", dtype="float64"), blocks)


# ---------------------------------------------------------------- remove0 / ensure_sorted_indices / clean

def _unsorted(m: sp.spmatrix) -> sp.spmatrix:
    """m with every row's (column's) entries in reverse order."""
    m = m.copy()
    for i in range(len(m.indptr) - 1):
        lo, hi = m.indptr[i], m.indptr[i + 1]
        m.indices[lo:hi] = m.indices[lo:hi][::-1].copy()
        m.data[lo:hi] = m.data[lo:hi][::-1].copy()
    m.has_sorted_indices = False
    return m


@pytest.mark.parametrize("fmt", FORMATS)
def test_remove0_drops_explicit_zeros_and_keeps_the_order(fmt):
    x = S.matrix(fmt, "x")
    f = theano.function([x], S.remove0(x))
    a = _rand((6, 8), 0.4, fmt, 6)
    a.data[::3] = 0.0
    for m in (a, _unsorted(a)):
        want = m.copy()
        want.eliminate_zeros()
        got = f(m)
        _identical(got, want)
        assert got.has_sorted_indices == want.has_sorted_indices
        assert 0 in m.data  # the input is not changed


def test_remove0_inplace_rewrite_as_theano():
    x = S.csr_matrix("x")
    f = theano.function([theano.In(x, borrow=True, mutable=True)], S.Remove0()(x))
    ops = [n.op for n in f.maker.fgraph.toposort()]
    assert ops == [S.Remove0(inplace=True)] and str(ops[0]) == "Remove0{inplace}"
    assert str(theano.function([x], S.remove0(x)).maker.fgraph.toposort()[0].op) == "Remove0{}"  # not mutable
    assert theano.function([x], S.remove0(x * 2)).maker.fgraph.outputs[0].owner.op.inplace
    fast = theano.function([theano.In(x, borrow=True, mutable=True)], S.remove0(x), mode="FAST_COMPILE")
    assert not fast.maker.fgraph.outputs[0].owner.op.inplace
    m = sp.csr_matrix((np.array([0.0, 2.0]), np.array([1, 0]), np.array([0, 1, 2])), shape=(2, 2))
    _identical(f(m), sp.csr_matrix(np.array([[0, 0], [2.0, 0]])))


@pytest.mark.parametrize("fmt", FORMATS)
def test_ensure_sorted_indices_and_clean(fmt):
    x = S.matrix(fmt, "x")
    a = _rand((5, 6), 0.5, fmt, 7)
    a.data[1] = 0.0
    u = _unsorted(a)
    _identical(theano.function([x], S.ensure_sorted_indices(x))(u), u.sorted_indices())
    want = u.copy()
    want.eliminate_zeros()
    want = want.sorted_indices()
    got = theano.function([x], S.clean(x))(u)
    _identical(got, want)
    assert got.has_sorted_indices and 0 not in got.data
    assert str(S.ensure_sorted_indices) == "EnsureSortedIndices{no_inplace}"
    assert str(S.EnsureSortedIndices(inplace=True)) == "EnsureSortedIndices{inplace}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_remove0_sorting_clean_gradients(fmt):
    a = _rand((4, 5), 0.6, fmt, 8)
    for op in (S.remove0, S.ensure_sorted_indices, S.clean):
        verify_grad_sparse(op, [a])


# ---------------------------------------------------------------- diag / square_diagonal

@pytest.mark.parametrize("fmt", FORMATS)
def test_diag_and_square_diagonal(fmt):
    x, v = S.matrix(fmt, "x"), T.dvector("v")
    a = _rand((6, 6), 0.5, fmt, 9)
    d = S.diag(x)
    assert d.type == T.dvector
    got = theano.function([x], [d, d.shape])(a)
    assert np.array_equal(got[0], a.diagonal()) and tuple(got[1]) == (6,)
    with pytest.raises(ValueError, match="Diag only apply on square matrix"):
        theano.function([x], S.diag(x))(_rand((3, 4), 0.5, fmt))
    vals = np.array([1.0, 0.0, -2.0, 3.5])
    sq = S.square_diagonal(v)
    assert sq.type == S.SparseType("csc", "float64")
    got = theano.function([v], sq)(vals)
    _identical(got, sp.csc_matrix((vals, np.arange(4), np.arange(5)), shape=(4, 4)))  # the zero is stored too
    verify_grad_sparse(S.diag, [a])
    verify_grad_sparse(S.square_diagonal, [vals + 1])


# ---------------------------------------------------------------- add_s_s_data, mul_s_v, structured_add_s_v, mul_s_s

@pytest.mark.parametrize("fmt", FORMATS)
def test_add_s_s_data(fmt):
    x, y = S.matrix(fmt, "x"), S.matrix(fmt, "y")
    a = _rand((4, 5), 0.5, fmt, 11)
    b = a.copy()
    b.data = np.arange(b.nnz, dtype="float64")
    got = theano.function([x, y], S.add_s_s_data(x, y))(a, b)
    want = a.copy()
    want.data = a.data + b.data
    _identical(got, want)
    with pytest.raises(NotImplementedError):
        S.add_s_s_data(x, S.matrix(fmt, dtype="float32"))
    verify_grad_sparse(S.add_s_s_data, [a, b], structured=True)


@pytest.mark.parametrize("fmt", FORMATS)
def test_mul_s_v_and_structured_add_s_v_are_scipys(fmt):
    x, v = S.matrix(fmt, "x"), T.dvector("v")
    a = _rand((5, 4), 0.5, fmt, 12)
    a.data[0] = 0.0
    w = np.array([0.5, 0.0, -2.0, 1.5])
    _identical(theano.function([x, v], S.mul_s_v(x, v))(a, w), type(a)(a.toarray() * w))
    w2 = w.copy()
    r, c = a.nonzero()
    w2[c[-1]] = -a[r[-1], c[-1]]  # one stored entry sums to zero: not stored, as scipy
    got = theano.function([x, v], S.structured_add_s_v(x, v))(a, w2)
    _identical(got, type(a)(a + (a.toarray() != 0) * w2))
    with pytest.raises(NotImplementedError, match="MulSV not implemented for differing dtypes"):
        S.mul_s_v(x, T.fvector())


@pytest.mark.parametrize("fmt", FORMATS)
def test_mul_s_v_and_structured_add_s_v_gradients(fmt):
    a = _rand((4, 3), 0.6, fmt, 13)
    w = np.random.RandomState(1).rand(3)
    verify_grad_sparse(S.mul_s_v, [a, w], structured=True)
    verify_grad_sparse(S.structured_add_s_v, [a, w], structured=True)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("y_fmt", FORMATS)
def test_mul_of_two_sparse_matrices_is_MulSS_as_scipy_multiply(fmt, y_fmt):
    x, y = S.matrix(fmt, "x"), S.matrix(y_fmt, "y", dtype="float32")
    a, b = _rand((6, 5), 0.5, fmt, 14), _rand((6, 5), 0.5, y_fmt, 15, "float32")
    a[1, 1], b[1, 1] = 2.0, 0.0  # a zero product: not stored
    z = x * y
    assert type(z.owner.op) is S.MulSS and z.type == S.SparseType(fmt, "float64")
    _identical(theano.function([x, y], z)(a, b), a.multiply(b))
    f32 = S.matrix(fmt, "f32", dtype="float32")
    z = S.mul(f32, S.matrix(fmt, dtype="float64"))
    assert type(z.owner.inputs[0].owner.op) is S.Cast  # Theano casts a float32 x beside a float64 y


@pytest.mark.parametrize("fmt", FORMATS)
def test_mul_s_s_gradient(fmt):
    a, b = _rand((4, 3), 0.7, fmt, 16), _rand((4, 3), 0.7, fmt, 17)
    verify_grad_sparse(S.mul_s_s, [a, b])


def test_infer_shape_of_the_new_ops():
    x, y, v = S.csr_matrix("x"), S.csr_matrix("y"), T.dvector("v")
    a, b = _rand((4, 6), 0.5, "csr", 18), _rand((4, 6), 0.5, "csr", 19)
    outs = [S.remove0(x), S.clean(x), S.hstack([x, y]), S.vstack([x, y]), S.mul_s_s(x, y), S.lt(x, y),
            S.mul_s_v(x, v), S.structured_add_s_v(x, v), S.cast(x, "float32")]
    shapes = theano.function([x, y, v], [o.shape for o in outs])(a, b, np.ones(6))
    assert [tuple(s) for s in shapes] == [(4, 6), (4, 6), (4, 12), (8, 6), (4, 6), (4, 6), (4, 6), (4, 6), (4, 6)]


def test_structured_function_names_are_theanos():
    assert S.rint.__name__ == "rint" and S.structured_sigmoid.__name__ == "scalar_sigmoid"
    assert S.structured_exp.__name__ == "exp" and S.sqr.__name__ == "sqr"


@pytest.mark.parametrize("x_fmt", FORMATS)
@pytest.mark.parametrize("y_fmt", FORMATS)
def test_add_of_a_csr_and_a_csc_matrix_is_in_xs_format(x_fmt, y_fmt):
    x, y = S.matrix(x_fmt, "x"), S.matrix(y_fmt, "y")
    a, b = _rand((5, 6), 0.4, x_fmt, 21), _rand((5, 6), 0.4, y_fmt, 22)
    got = theano.function([x, y], x + y)(a, b)
    want = a + b
    assert got.format == x_fmt and np.allclose(got.toarray(), want.toarray())
    assert np.array_equal(got.indices, want.indices) and np.array_equal(got.indptr, want.indptr)

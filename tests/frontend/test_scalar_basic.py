"""theano.scalar.basic / basic_scipy / sharedvar and Composite, end to end (real compilation).

Expected strings, dtypes and errors are Theano 1.0.5's (from the oracle); values are checked against numpy.
"""
from __future__ import annotations

import pickle

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import gof
from theano.gof import FunctionGraph
from theano.gradient import verify_grad
from theano.scalar import basic as S
from theano.scalar import basic_scipy, sharedvar


def run(inputs, outputs):
    """The graph compiled through gof.DualLinker, as Theano's scalar tests drive it."""
    return gof.DualLinker().accept(FunctionGraph(inputs, outputs)).make_function()


# ---- names, constructors, types ---------------------------------------------------------------------------

def test_module_names():
    for name in ["int8", "float16", "float32", "complex64", "uint8", "floats", "ints", "complexs", "Scalar",
                 "ComplexError", "IntDiv", "TrueDiv", "Composite", "InRange", "inopenrange", "inclosedrange", "Clip",
                 "Second", "Identity", "Cast", "UnaryScalarOp", "BinaryScalarOp", "LogicalComparison",
                 "upgrade_to_float", "upgrade_to_float_no_complex", "same_out", "same_out_float_only",
                 "same_out_nocomplex", "transfer_type", "specific_out", "int_out", "float_out", "upcast_out",
                 "int_out_nocomplex", "float_out_nocomplex", "unary_out_lookup", "as_scalar", "constant", "cast",
                 "switch", "div_proxy"]:
        assert hasattr(S, name), name
    assert basic_scipy.erf is S.erf and basic_scipy.gamma is S.gamma and basic_scipy.Psi is S.Psi
    assert isinstance(sharedvar.shared(3), sharedvar.ScalarSharedVariable)


def test_multi_constructors_and_constant():
    x, y, z = S.floats("xyz")
    assert [v.name for v in (x, y, z)] == ["x", "y", "z"] and x.type == S.float64
    assert S.ints("i").dtype == "int64" and S.complexs64("ab")[1].dtype == "complex64"
    c = S.constant(2, name="a")
    assert (c.name, c.dtype) == ("a", "int8")
    c = S.constant(2, dtype="float32")
    assert (c.name, c.dtype) == (None, "float32")
    assert S.Scalar("int8") == S.int8


def test_scalar_shared():
    s = sharedvar.shared(2.5, name="s")
    assert (s.dtype, s.ndim, s.name, float(s.get_value())) == ("float64", 0, "s", 2.5)
    assert sharedvar.shared(np.float32(1)).dtype == "float32" and sharedvar.shared(3).dtype == "int64"
    with pytest.raises(TypeError, match="takes a number"):
        sharedvar.shared([1, 2])


# ---- scalar ops called on scalars ---------------------------------------------------------------------------

def test_scalar_op_call_builds_a_scalar_graph():
    x, y = S.floats("xy")
    e = S.mul(S.add(x, y), S.div_proxy(x, y))
    assert e.ndim == 0 and e.dtype == "float64"
    assert run([x, y], [e])(1.0, 2.0) == 1.5
    assert S.add(x, y, x).owner.inputs == [x, y, x]
    with pytest.raises(TypeError, match="must be a scalar"):
        S.add(T.dvector(), x)
    with pytest.raises(TypeError, match="Wrong number of inputs"):
        S.exp(x, y)


def test_isinstance_of_scalar_op_classes():
    a, b, c, d, f = S.int8(), S.int32(), S.complex64(), S.float64(), S.float32()
    assert isinstance((a // b).owner.op, S.IntDiv)
    for e in (b / d, b / f, f / a, d / b, d / f, f / c, a / c):
        assert isinstance(e.owner.op, S.TrueDiv)
    assert not isinstance((a // b).owner.op, S.TrueDiv)
    # the abstract bases keep telling a scalar op from a tensor op
    assert not isinstance((a // b).owner.op, S.ScalarOp)
    assert isinstance(S.int_div, S.ScalarOp)


def test_complex_mod_raises_complex_error():
    with pytest.raises(S.ComplexError):
        S.complex64() % S.int32()
    with pytest.raises(NotImplementedError, match="mod operator"):
        T.cvector() % 2


@pytest.mark.parametrize("op,ref", [(lambda x, y: x > y, np.greater), (lambda x, y: x <= y, np.less_equal),
                                    (S.eq, np.equal), (S.neq, np.not_equal)])
def test_logical_through_dual_linker(op, ref):
    x, y = S.floats("xy")
    fn = run([x, y], [op(x, y)])
    for a, b in ((3.0, 9), (3, 0.9), (3, 3)):
        assert fn(a, b) == ref(a, b)


def test_bit_ops():
    x, y = S.ints("xy")
    assert run([x, y], [x ^ y])(5, 3) == 6 and run([x, y], [S.and_(x, y)])(5, 3) == 1
    assert run([x, y], [S.invert(x)])(5, 3) == -6


# ---- InRange ------------------------------------------------------------------------------------------------

def test_inrange_values_and_zero_gradients():
    x, lo, hi = T.fscalar("x"), T.fscalar("low"), T.fscalar("high")
    for openness in [(True, True), (False, False)]:
        op = S.InRange(*openness)
        out = op(x, lo, hi)
        assert out.dtype == "bool"
        f = theano.function([x, lo, hi], [out] + theano.tensor.grad(out, [x, lo, hi]))
        for v in (0, 1, 2, 5, 7):
            expected = (1 < v < 5) if openness[0] else (1 <= v <= 5)
            res = f(v, 1, 5)
            assert bool(res[0]) == expected
            np.testing.assert_allclose(res[1:], [0, 0, 0])
    assert str(S.inopenrange) == "InRange{openlow=True, openhi=True}"
    assert S.InRange(True, True) == S.inopenrange and S.InRange(True, False) != S.inopenrange
    v = T.dvector()
    f = theano.function([v], T.Elemwise(S.inclosedrange)(v, 0.0, 1.0))
    np.testing.assert_array_equal(f(np.array([-0.5, 0.0, 0.5, 1.0, 1.5])), [False, True, True, True, False])


# ---- Composite ----------------------------------------------------------------------------------------------

def test_composite_straightforward_constants_many_outputs():
    x, y, z = S.floats("xyz")
    C = S.Composite([x, y], [S.mul(S.add(x, y), S.div_proxy(x, y))])
    assert run([x, y], [C.make_node(x, y).outputs[0]])(1.0, 2.0) == 1.5
    C = S.Composite([x, y], [S.mul(S.add(70.0, y), S.div_proxy(x, y))])
    assert run([x, y], [C(x, y)])(1.0, 2.0) == 36.0
    C = S.Composite([x, y, z], [x + y + z, x + y * z, x / y])
    assert run([x, y, z], C.make_node(x, y, z).outputs)(1.0, 2.0, 3.0) == [6.0, 7.0, 0.5]


def test_composite_printing():
    x, y, z = S.floats("xyz")
    C = S.Composite([x, y, z], [x + y + z, x + y * z, x / y, x // 5, -x, x - y, x ** y + (-z), x % 3])
    g = FunctionGraph([x, y, z], C.make_node(x, y, z).outputs)
    gof.DualLinker().accept(g).make_function()
    assert str(g) == ("[*1 -> Composite{((i0 + i1) + i2), (i0 + (i1 * i2)), (i0 / i1), (i0 // Constant{5}), (-i0), "
                      "(i0 - i1), ((i0 ** i1) + (-i2)), (i0 % Constant{3})}(x, y, z), "
                      "*1::1, *1::2, *1::3, *1::4, *1::5, *1::6, *1::7]")
    w = S.int8("w")
    C = S.Composite([x, y, w], [S.clip(x, 0.5, y), S.second(x, y), S.identity(x), S.true_div(S.inv(x), 2), x > y,
                                S.and_(w, 3), S.invert(w)])
    assert str(C) == ("Composite{clip(i0, Constant{0.5}, i1), second(i0, i1), identity(i0), (inv(i0) / Constant{2}), "
                      "GT(i0, i1), AND(i2, Constant{3}), Invert(i2)}")
    C = S.Composite([x, y], [S.tanh(x + S.cast(y, "float16"))])
    assert str(C) == "Composite{tanh((i0 + Cast{float16}(i1)))}"
    assert str(T.Elemwise(C)) == "Elemwise{Composite{tanh((i0 + Cast{float16}(i1)))}}"


def test_fgraph_printing_marks_shared_nodes():
    a = T.dvector("a")
    b = a * 2
    assert str(FunctionGraph([a], [b + b, b, T.exp(a) + 1])) == (
        "[Elemwise{add,no_inplace}(*1 -> Elemwise{mul,no_inplace}(a, InplaceDimShuffle{x}(TensorConstant{2})), *1), "
        "*1, Elemwise{add,no_inplace}(Elemwise{exp,no_inplace}(a), InplaceDimShuffle{x}(TensorConstant{1}))]")


def test_composite_flatten():
    x, y, z = S.floats("xyz")
    C = S.Composite([x, y], [x + y])
    CC = S.Composite([x, y], [C(x * y, y)])
    assert not isinstance(CC.outputs[0].owner.op, S.Composite)
    assert run([x, y], [CC(x, y)])(2.0, 3.0) == 9.0
    CC = S.Composite([x, y, z], [C(x * y, y), C(x * z, y)])
    assert isinstance(CC.outputs[0].owner.op, S.Composite)
    assert run([x, y, z], CC(x, y, z))(2.0, 3.0, 4.0) == [9.0, 11.0]


def test_composite_make_node_continues_graph():
    si0, si1, si2 = S.int8(), S.int8(), S.float32()
    sop = S.Composite([si0, si1, si2], [(si0 * si1) / si2])
    a, b, c, d = S.int8("a"), S.int8("b"), S.float32("c"), S.float32("d")
    node = sop.make_node(a * d, b, c)
    assert node.inputs[0].owner is not None and node.outputs[0].dtype == "float32"
    np.testing.assert_allclose(run([a, b, c, d], node.outputs)(2, 3, 4.0, 0.5), 2 * 0.5 * 3 / 4.0)


def test_composite_clone_float32():
    def has_f16(comp):
        return any(v.type == S.float16 for v in comp.fgraph.variables)

    w, x, y = S.int8(), S.float16(), S.float32()
    cz = S.Composite([x, y], [S.tanh(x + S.cast(y, "float16"))])
    c = S.Composite([w, x, y], [cz(x, y) - cz(x, y) ** 2 + S.cast(x, "int16") + S.cast(x, "float32") +
                                S.cast(w, "float16") - S.constant(np.float16(1.0))])
    assert has_f16(c)
    nc = c.clone_float32()
    assert not has_f16(nc)
    args = (np.int8(3), np.float16(0.25), np.float32(0.5))
    np.testing.assert_allclose(nc.impl(*args), c.impl(*args), rtol=1e-2)
    v, w, x, y, z = S.uint8(), S.float16(), S.float16(), S.float16(), S.float16()
    c = S.Composite([v, w, x, y, z], [S.switch(v, S.mul(w, x, y), z)])
    assert has_f16(c) and not has_f16(c.clone_float32())


def test_composite_elemwise_on_tensors_and_gradient():
    a, b = S.floats("ab")
    C = S.Composite([a, b], [a * b + S.exp(a), S.sqr(a - b)])
    u, v = T.dmatrix("u"), T.dvector("v")
    o0, o1 = T.Elemwise(C)(u, v)
    assert (o0.ndim, o1.broadcastable) == (2, (False, False))
    un, vn = np.random.rand(2, 3), np.random.rand(3)
    r0, r1 = theano.function([u, v], [o0, o1])(un, vn)
    np.testing.assert_allclose(r0, un * vn + np.exp(un))
    np.testing.assert_allclose(r1, (un - vn) ** 2)
    gu, gv = theano.grad((o0 + o1).sum(), [u, v])
    gun, gvn = theano.function([u, v], [gu, gv])(un, vn)
    np.testing.assert_allclose(gun, vn + np.exp(un) + 2 * (un - vn))
    np.testing.assert_allclose(gvn, (un - 2 * (un - vn)).sum(0))
    C1 = S.Composite([a, b], [a * b + S.exp(a)])
    verify_grad(lambda p, q: T.Elemwise(C1)(p, q), [np.random.rand(3), np.random.rand(3)], rng=np.random)
    with pytest.raises(TypeError, match="Wrong types for Composite"):
        T.Elemwise(C1)(T.fvector(), T.fvector())


def test_composite_identity_and_pickle():
    x, y = S.floats("xy")
    C1 = S.Composite([x, y], [x * y + 1.5])
    p, q = S.floats("pq")
    C2 = S.Composite([p, q], [p * q + 1.5])
    C3 = S.Composite([p, q], [p * q + 2.5])
    assert C1 == C2 and hash(C1) == hash(C2) and C1 != C3
    C4 = pickle.loads(pickle.dumps(C1))
    assert C4 == C1 and str(C4) == str(C1) == "Composite{((i0 * i1) + Constant{1.5})}"
    assert C4.impl(2.0, 3.0) == 7.5


# ---- users' scalar ops ----------------------------------------------------------------------------------------

class TwiceUpPlusOne(S.UnaryScalarOp):
    def impl(self, x):
        return x * 2 + 1


class SumDiff(S.BinaryScalarOp):
    nout = 2

    def impl(self, a, b):
        return a + b, a - b

    def output_types(self, types):
        return [S.float64, S.float64]


class COnly(S.UnaryScalarOp):
    def c_code(self, node, name, inp, out, sub):
        return "%s = %s;" % (out[0], inp[0])


def test_user_scalar_op_with_impl_runs_in_elemwise():
    op = TwiceUpPlusOne(S.upgrade_to_float, name="twice")
    x = T.imatrix("x")
    y = T.Elemwise(op)(x)
    assert y.dtype == "float64"
    xv = np.arange(6, dtype="int32").reshape(2, 3)
    np.testing.assert_array_equal(theano.function([x], y)(xv), xv * 2 + 1)
    s = S.float32("s")
    assert theano.function([s], op(s))(3.0) == 7.0
    C = S.Composite([s], [op(s) + 1])  # a Composite holding a user's op runs its impl
    assert str(C) == "Composite{(twice(i0) + Constant{1})}"
    np.testing.assert_array_equal(theano.function([x], T.Elemwise(C)(T.cast(x, "float32")))(xv), xv * 2 + 2)


def test_user_scalar_op_with_several_outputs():
    op = SumDiff(name="sumdiff")
    x = T.dvector()
    f = theano.function([x], T.Elemwise(op)(x, 2 * x))
    s, d = f(np.array([1.0, 2.0]))
    np.testing.assert_array_equal(s, [3.0, 6.0])
    np.testing.assert_array_equal(d, [-1.0, -2.0])


def test_user_scalar_op_with_only_c_code_is_refused():
    op = COnly(S.same_out, name="conly")
    x = T.dvector()
    f = theano.function([x], T.Elemwise(op)(x))
    with pytest.raises(NotImplementedError, match="has only C code"):
        f(np.ones(2))

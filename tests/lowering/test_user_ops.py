"""Ops written by users in the Theano style run end to end: numpy `perform` ops (with and without infer_shape and
grad), theano.compile.ops.as_op, Elemwise over a user ScalarOp with `impl`, and clear errors for C-only ops."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.scalar as ts
import theano.tensor as T
from theano.compile.ops import as_op
from theano.gradient import verify_grad
from theano.lowering.registry import LoweringError
from theano.tensor.elemwise import Elemwise

RNG = np.random.RandomState(3)


class DoubleOp(theano.gof.Op):
    """x * 2 with numpy; infer_shape and grad as in Theano's "Creating a new Op" tutorial."""

    __props__ = ()

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return theano.gof.Apply(self, [x], [x.type()])

    def perform(self, node, inputs, output_storage):
        output_storage[0][0] = inputs[0] * 2

    def infer_shape(self, node, i0_shapes):
        return i0_shapes

    def grad(self, inputs, output_grads):
        return [output_grads[0] * 2]


class SumRowsOp(theano.gof.Op):
    """Row sums, with an output of a different rank, without grad."""

    __props__ = ()

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return theano.gof.Apply(self, [x], [T.vector(dtype=x.dtype)])

    def perform(self, node, inputs, output_storage):
        output_storage[0][0] = inputs[0].sum(axis=1)

    def infer_shape(self, node, shapes):
        return [(shapes[0][0],)]


class SquareNoShape(theano.gof.Op):
    """x ** 2 without infer_shape (the output is assumed to have the input's shape), with grad."""

    itypes = [T.dmatrix]
    otypes = [T.dmatrix]

    def perform(self, node, inputs, output_storage):
        output_storage[0][0] = inputs[0] ** 2

    def grad(self, inputs, output_grads):
        return [2 * inputs[0] * output_grads[0]]


def test_perform_op_with_infer_shape_and_grad() -> None:
    x = T.dmatrix()
    xv = RNG.rand(3, 4)
    out = DoubleOp()(x)
    f = theano.function([x], [out, out.shape, theano.grad((out ** 2).sum(), x)])
    y, shp, g = f(xv)
    np.testing.assert_allclose(y, 2 * xv)
    assert tuple(shp) == (3, 4)
    np.testing.assert_allclose(g, 8 * xv)
    verify_grad(DoubleOp(), [xv], rng=RNG)


def test_perform_op_changing_rank_inside_a_jitted_graph() -> None:
    x = T.dmatrix()
    out = T.exp(SumRowsOp()(T.tanh(x))) + 1
    xv = RNG.rand(3, 4)
    np.testing.assert_allclose(theano.function([x], out)(xv), np.exp(np.tanh(xv).sum(axis=1)) + 1)
    with pytest.raises(Exception):  # no grad method: Theano's error when differentiating
        theano.grad(SumRowsOp()(x).sum(), x)


def test_op_declared_by_itypes_otypes_without_infer_shape() -> None:
    x = T.dmatrix()
    xv = RNG.rand(2, 3)
    np.testing.assert_allclose(theano.function([x], SquareNoShape()(x))(xv), xv ** 2)
    verify_grad(SquareNoShape(), [xv], rng=RNG)
    with pytest.raises(TypeError):
        SquareNoShape()(T.fmatrix())
    with pytest.raises(ValueError):
        SquareNoShape()(x, x)


def test_as_op_without_and_with_infer_shape() -> None:
    @as_op(itypes=[T.dmatrix], otypes=[T.dvector])
    def row_norms(m):
        return np.sqrt((m ** 2).sum(axis=1))

    @as_op(itypes=[T.dmatrix, T.dvector], otypes=[T.dmatrix, T.dscalar],
           infer_shape=lambda node, shapes: [shapes[0], ()])
    def scale_and_total(m, v):
        return m * v, np.sum(m)

    x, v = T.dmatrix(), T.dvector()
    xv, vv = RNG.rand(3, 2), RNG.rand(2)
    norms = row_norms(x)
    scaled, total = scale_and_total(x, v)
    f = theano.function([x, v], [norms, norms.shape, scaled, total, scaled.shape])
    n, nshape, s, t, sshape = f(xv, vv)
    np.testing.assert_allclose(n, np.linalg.norm(xv, axis=1))
    assert tuple(nshape) == (3,) and tuple(sshape) == (3, 2)
    np.testing.assert_allclose(s, xv * vv)
    np.testing.assert_allclose(t, xv.sum())
    assert str(row_norms) == "FromFunctionOp{row_norms}"
    assert norms.owner.op == row_norms
    with pytest.raises(TypeError):
        as_op(itypes=[int], otypes=[T.dvector])
    with pytest.raises(TypeError):
        as_op(itypes=[T.dvector], otypes=[T.dvector], infer_shape=3)


def test_as_op_output_shape_follows_the_values() -> None:
    """Without infer_shape the output size comes from running the function (here: the positive entries)."""
    @as_op(itypes=[T.dvector], otypes=[T.dvector])
    def positives(a):
        return a[a > 0]

    v = T.dvector()
    f = theano.function([v], positives(v) * 2)
    np.testing.assert_allclose(f(np.array([1.0, -2.0, 3.0])), [2.0, 6.0])
    np.testing.assert_allclose(f(np.array([-1.0, 5.0, 4.0, 0.5])), [10.0, 8.0, 1.0])


def test_as_op_error_reaches_the_caller() -> None:
    @as_op(itypes=[T.dvector], otypes=[T.dvector], infer_shape=lambda node, shapes: shapes)
    def checked(a):
        if np.any(a < 0):
            raise ValueError("negative entry")
        return a

    v = T.dvector()
    f = theano.function([v], checked(v) + 1)
    with pytest.raises(ValueError, match="negative entry"):
        f(np.array([1.0, -1.0]))


class ScaledShift(ts.ScalarOp):
    """A user's scalar op with only `impl` (and a grad)."""

    nin = 1

    def impl(self, a):
        return 3 * a + 1

    def grad(self, inputs, grads):
        return [grads[0] * 3]


def test_elemwise_over_a_user_scalar_op() -> None:
    op = Elemwise(ScaledShift(ts.upgrade_to_float, name="scaled_shift"))
    x = T.dmatrix()
    xv = RNG.rand(2, 3)
    np.testing.assert_allclose(theano.function([x], op(x))(xv), 3 * xv + 1)
    np.testing.assert_allclose(theano.function([x], theano.grad(op(x).sum(), x))(xv), np.full((2, 3), 3.0))


def test_c_only_ops_get_a_clear_error() -> None:
    class COnly(theano.gof.Op):
        __props__ = ()

        def make_node(self, x):
            x = T.as_tensor_variable(x)
            return theano.gof.Apply(self, [x], [x.type()])

        def c_code(self, node, name, inp, out, sub):
            return "%s = %s;" % (out[0], inp[0])

    class ScalarCOnly(ts.ScalarOp):
        nin = 1

        def c_code(self, node, name, inp, out, sub):
            return ""

    x = T.dmatrix()
    with pytest.raises(LoweringError, match="only C code"):
        theano.function([x], COnly()(x))
    with pytest.raises(NotImplementedError, match="only C code"):
        theano.function([x], Elemwise(ScalarCOnly(ts.upgrade_to_float, name="c_only"))(x))(np.ones((2, 2)))


@as_op(itypes=[T.dmatrix, T.dmatrix], otypes=[T.dmatrix])
def module_level_mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a * b


def test_as_op_pickles_as_a_reference_to_its_module_name() -> None:
    """The decorated name holds the op, so the op pickles as that module attribute (Theano's load_back), and a
    graph or a compiled function using it round-trips through pickle."""
    import pickle

    x, y = T.dmatrix("x"), T.dmatrix("y")
    m = module_level_mul(x, y)
    m2 = pickle.loads(pickle.dumps(m))
    assert m2.owner.op is module_level_mul
    f = pickle.loads(pickle.dumps(theano.function([x, y], m)))
    np.testing.assert_array_equal(f(np.ones((2, 2)), np.full((2, 2), 3.0)), np.full((2, 2), 3.0))


class VecAsRowAndCol(theano.gof.Op):
    """A user's op with only perform, whose outputs (a row and a column) cannot have its input's shape."""
    __props__ = ()

    def make_node(self, v):  # type: ignore[no-untyped-def]
        v = T.as_tensor_variable(v)
        row = T.TensorType(v.dtype, (True, False))
        col = T.TensorType(v.dtype, (False, True))
        return theano.gof.Apply(self, [v], [row(), col()])

    def perform(self, node, inp, out):  # type: ignore[no-untyped-def]
        v, = inp
        out[0][0] = v.reshape(1, -1).copy()
        out[1][0] = v.reshape(-1, 1).copy()


def test_perform_op_without_infer_shape_whose_outputs_change_rank() -> None:
    """The output shapes cannot be guessed from the input: the shape program runs perform for them."""
    v = T.fvector("v")
    r, c = VecAsRowAndCol()(v)
    f = theano.function([v], [r, c * 2])
    for n in (5, 3):
        got_r, got_c = f(np.arange(n, dtype="float32"))
        np.testing.assert_array_equal(got_r, np.arange(n, dtype="float32")[None, :])
        np.testing.assert_array_equal(got_c, 2 * np.arange(n, dtype="float32")[:, None])

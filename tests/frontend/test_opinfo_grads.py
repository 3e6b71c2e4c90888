"""Op-info table for gradients: one row per differentiable op or function, with domain-respecting inputs of
several shapes (broadcastable and 0-d ones included) and of both float dtypes.

Every row is driven through `theano.gradient.verify_grad` (our implementation), an R_op check (Rop against
the transpose of Lop, and against central finite differences in float64), and a few Hessian-vector products
through Rop-of-grad. Rows are batched: each (row, shape case) of a batch becomes one slice of one
concatenated output, so one verify_grad call checks a whole batch; a failure names its row and shapes.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import GradientError, Lop, Rop, verify_grad
from theano.tensor import nnet
from theano.tensor.type import TensorType

# --------------------------------------------------------------------------- input domains


def U(lo: float, hi: float) -> Callable[[np.random.RandomState, tuple], np.ndarray]:
    """Uniform in [lo, hi)."""
    return lambda rng, shape: rng.uniform(lo, hi, size=shape)


def S(lo: float, hi: float) -> Callable[[np.random.RandomState, tuple], np.ndarray]:
    """A random sign times a magnitude in [lo, hi) (keeps away from 0)."""
    return lambda rng, shape: rng.choice([-1.0, 1.0], size=shape) * rng.uniform(lo, hi, size=shape)


def OFF_INT(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    """Away from integers and half-integers (for floor, round, ... whose gradient is zero a.e.)."""
    return rng.randint(-3, 3, size=shape) + rng.uniform(0.1, 0.4, size=shape)


def DISTINCT(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    """Entries at least 0.05 apart (no ties for max, sort, ...)."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.1 + rng.uniform(0, 0.05, size=n) - n * 0.05).reshape(shape)


def WITH_ZERO(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    """S(0.5, 1.5) with the first entry exactly 0 (prod's zero handling)."""
    x = S(0.5, 1.5)(rng, shape)
    x.reshape(-1)[0] = 0.0
    return x


def TWO_ZEROS(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    x = S(0.5, 1.5)(rng, shape)
    x.reshape(-1)[:2] = 0.0
    return x


@dataclass(frozen=True)
class OpInfo:
    """One differentiable op/function: `fn` of symbolic inputs, its shape cases (one shape per input), the
    domain of each input, the dtypes it is checked in, and whether its R_op is checked."""

    name: str
    fn: Callable[..., Any]
    shapes: tuple
    domain: Any = S(0.2, 1.5)
    dtypes: tuple[str, ...] = ("float32", "float64")
    rop: bool = True

    def domains(self, n: int) -> list[Any]:
        return list(self.domain) if isinstance(self.domain, (list, tuple)) else [self.domain] * n


UNARY = (((),), ((2, 3),), ((1, 3),))
BINARY = (((2, 3), (1, 3)), ((3,), (2, 3)), ((), (2, 3)))
# the function rows' gradient formulas do not depend on shapes (broadcasting is checked by the rows above):
# fewer cases keep the (compile-bound) batches fast
UNARY_SHORT = (((),), ((1, 3),))
BINARY_SHORT = (((2, 3), (1, 3)), ((), (2, 3)))
MATRIX = (((3, 4),), ((1, 4),))
TENSOR3 = (((2, 3, 4),), ((2, 1, 3),))


def unary(name: str, fn: Callable[..., Any], domain: Any = S(0.2, 1.5), shapes: tuple = UNARY, **kw: Any) -> OpInfo:
    return OpInfo(name, fn, shapes, domain, **kw)


def binary(name: str, fn: Callable[..., Any], domain: Any = S(0.2, 1.5), shapes: tuple = BINARY, **kw: Any) -> OpInfo:
    return OpInfo(name, fn, shapes, domain, **kw)


def fn1(name: str, fn: Callable[..., Any], domain: Any = S(0.2, 1.5), **kw: Any) -> OpInfo:
    """A unary function row checked on a 0-d and a broadcastable input."""
    return OpInfo(name, fn, UNARY_SHORT, domain, **kw)


Y3 = np.array([1, 0, 3], dtype="int64")  # targets for 3 rows of 4 classes
MASK = np.array([[True, False, True, False], [False, False, True, True], [True, True, False, False]])


def _split3(x: Any) -> Any:
    a, b, c = T.split(x, [2, 1, 3], 3, axis=0)
    return T.concatenate([c, 2 * a, 3 * b])


BATCHES: dict[str, list[OpInfo]] = {
    "arith": [
        OpInfo("add3", T.add, (((2, 3), (2, 3), (3,)), ((), (1, 3), (2, 1)))),
        OpInfo("mul3", T.mul, (((2, 3), (2, 3), (3,)), ((), (1, 3), (2, 1)))),
        binary("sub", T.sub),
        binary("true_div", T.true_div, (S(0.2, 1.5), S(0.5, 2.0))),
        binary("mod", T.mod, (U(2.2, 2.8), U(1.0, 1.05))),
        binary("pow", T.pow, (U(0.5, 2.0), U(-1.5, 1.5))),
        binary("maximum", T.maximum, DISTINCT),
        binary("minimum", T.minimum, DISTINCT),
        OpInfo("clip", T.clip, (((2, 3), (), ()), ((3,), (3,), ()), ((1, 3), (), (1, 3))),
               (U(-2, 2), U(-1.0, -0.5), U(0.5, 1.0))),
        unary("neg", T.neg),
        unary("abs_", T.abs_),
        unary("inv", T.inv, S(0.5, 2.0)),
        unary("sqr", T.sqr),
        unary("sqrt", T.sqrt, U(0.5, 2.0)),
        unary("switch", lambda a: T.switch(T.gt(a, 0), 2 * a, T.sqr(a))),
        binary("second", T.second),
        unary("identity", T.tensor_copy),
        unary("sgn", lambda a: T.sgn(a) * a),
        unary("floor", T.floor, OFF_INT),
        unary("ceil", T.ceil, OFF_INT),
        unary("trunc", T.trunc, OFF_INT),
        unary("round_half_to_even", T.round, OFF_INT),
        unary("round_half_away", lambda a: T.round(a, "half_away_from_zero"), OFF_INT),
        unary("cast_float32", lambda a: T.cast(a, "float32"), dtypes=("float32",)),
        unary("cast_float64", lambda a: T.cast(a, "float64")),
    ],
    "transcendental": [
        fn1("exp", T.exp),
        fn1("exp2", T.exp2),
        fn1("expm1", T.expm1),
        fn1("log", T.log, U(0.5, 2.0)),
        fn1("log2", T.log2, U(0.5, 2.0)),
        fn1("log10", T.log10, U(0.5, 2.0)),
        fn1("log1p", T.log1p, U(-0.5, 2.0)),
        fn1("deg2rad", T.deg2rad),
        fn1("rad2deg", T.rad2deg),
        fn1("cos", T.cos),
        fn1("arccos", T.arccos, U(-0.9, 0.9)),
        fn1("sin", T.sin),
        fn1("arcsin", T.arcsin, U(-0.9, 0.9)),
        fn1("tan", T.tan, U(-1.2, 1.2)),
        fn1("arctan", T.arctan),
        binary("arctan2", T.arctan2, shapes=BINARY_SHORT),
        fn1("cosh", T.cosh),
        fn1("arccosh", T.arccosh, U(1.2, 3.0)),
        fn1("sinh", T.sinh),
        fn1("arcsinh", T.arcsinh),
        fn1("tanh", T.tanh),
        fn1("arctanh", T.arctanh, U(-0.9, 0.9)),
    ],
    "special": [
        fn1("erf", T.erf),
        fn1("erfc", T.erfc),
        fn1("erfcx", T.erfcx, U(-1.0, 3.0)),
        fn1("erfinv", T.erfinv, U(-0.8, 0.8)),
        fn1("erfcinv", T.erfcinv, U(0.2, 1.8)),
        fn1("gamma", T.gamma, U(0.5, 3.0)),
        fn1("gammaln", T.gammaln, U(0.5, 3.0)),
        fn1("psi", T.psi, U(0.5, 3.0)),
        fn1("j0", T.j0, U(0.5, 5.0)),
        fn1("j1", T.j1, U(0.5, 5.0)),
        fn1("jv", lambda x: T.jv(np.float32(1.5), x), U(0.5, 5.0)),
        fn1("i0", T.i0, U(0.1, 2.0)),
        fn1("i1", T.i1, U(0.1, 2.0)),
        fn1("iv", lambda x: T.iv(np.float32(1.5), x), U(0.1, 2.0)),
        fn1("sigmoid", nnet.sigmoid, U(-3, 3)),
        fn1("softplus", nnet.softplus, U(-3, 3)),
        fn1("hard_sigmoid", nnet.hard_sigmoid, U(-2, 2)),
        fn1("relu", nnet.relu),
        fn1("relu_leaky", lambda x: nnet.relu(x, 0.1)),
        fn1("elu", nnet.elu),
        fn1("selu", nnet.selu),
        fn1("softsign", nnet.softsign),
    ],
    "reduce": [
        OpInfo("sum", T.sum, TENSOR3 + (((),), ((3,),))),
        OpInfo("sum_axis0", lambda x: T.sum(x, axis=0), TENSOR3 + (((3,),),)),
        OpInfo("sum_axes02_keepdims", lambda x: T.sum(x, axis=(0, 2), keepdims=True), TENSOR3),
        OpInfo("sum_dtype", lambda x: T.sum(x, axis=-1, dtype="float64"), TENSOR3),
        OpInfo("prod", T.prod, TENSOR3 + (((),), ((3,),)), S(0.5, 1.5)),
        OpInfo("prod_axis1", lambda x: T.prod(x, axis=1), TENSOR3, S(0.5, 1.5)),
        OpInfo("prod_one_zero", lambda x: T.prod(x, axis=0), (((3, 2),),), WITH_ZERO),
        OpInfo("prod_two_zeros", lambda x: T.prod(x, axis=1), (((2, 3),),), TWO_ZEROS),
        OpInfo("prod_no_zeros", lambda x: T.prod(x, axis=1, no_zeros_in_input=True), TENSOR3, S(0.5, 1.5)),
        OpInfo("mean", T.mean, TENSOR3 + (((3,),),)),
        OpInfo("mean_axis", lambda x: T.mean(x, axis=[0, 2]), TENSOR3),
        OpInfo("var", lambda x: T.var(x, axis=1), TENSOR3),
        OpInfo("std", lambda x: T.std(x, axis=-1), TENSOR3),
        OpInfo("max", T.max, TENSOR3 + (((3,),),), DISTINCT),
        OpInfo("max_axis1", lambda x: T.max(x, axis=1), TENSOR3, DISTINCT),
        OpInfo("max_axes02", lambda x: T.max(x, axis=[0, 2]), TENSOR3, DISTINCT),
        OpInfo("max_matrix_axis0", lambda x: T.max(x, axis=0), MATRIX, DISTINCT),
        OpInfo("min_keepdims", lambda x: T.min(x, axis=-1, keepdims=True), TENSOR3, DISTINCT),
        OpInfo("max_and_argmax", lambda x: T.max_and_argmax(x, axis=1)[0], MATRIX, DISTINCT),
        OpInfo("logsumexp", lambda x: T.log(T.sum(T.exp(x), axis=1)), MATRIX),
    ],
    "shape": [
        OpInfo("transpose", lambda x: x.T, MATRIX),
        OpInfo("dimshuffle", lambda x: x.dimshuffle(1, "x", 0), MATRIX),
        OpInfo("dimshuffle_drop", lambda x: x.dimshuffle(1), (((1, 4),),)),
        OpInfo("reshape", lambda x: x.reshape((4, 3)), (((3, 4),),)),
        OpInfo("reshape_minus1", lambda x: x.reshape((2, -1)), (((2, 3, 4),),)),
        OpInfo("reshape_symbolic", lambda x: x.reshape((x.shape[1], x.shape[0])), MATRIX),
        OpInfo("flatten", T.flatten, TENSOR3 + (((),),)),
        OpInfo("flatten2", lambda x: T.flatten(x, 2), TENSOR3),
        OpInfo("unbroadcast", lambda x: T.unbroadcast(x, 0) * 2, (((1, 4),),)),
        OpInfo("addbroadcast", lambda x: T.addbroadcast(x, 0) + T.ones((3, 1)), (((1, 4),),)),
        OpInfo("specify_shape", lambda x: T.specify_shape(x, (3, 4)), (((3, 4),),)),
        OpInfo("alloc", lambda x: T.alloc(x, 2, 3, 4), (((4,),), ((1, 4),), ((),))),
        OpInfo("fill", lambda x: T.fill(T.zeros((2, 4)), x), (((4,),), ((),))),
        OpInfo("concatenate", lambda a, b: T.concatenate([a, b], axis=1), (((3, 2), (3, 4)), ((1, 2), (1, 3)))),
        OpInfo("join_axis0", lambda a, b, c: T.join(0, a, b, c), (((2, 3), (1, 3), (4, 3)),)),
        OpInfo("stack", lambda a, b: T.stack([a, b], axis=1), (((3,), (3,)), ((2, 3), (2, 3)))),
        OpInfo("stack_scalars", lambda a, b, c: T.stack([a, b, c]), (((), (), ()),)),
        OpInfo("split", _split3, (((6,),), ((6, 2),))),
        OpInfo("tile", lambda x: T.tile(x, (2, 3)), (((2, 3),), ((3,),))),
        OpInfo("roll", lambda x: T.roll(x, 2, axis=1), (((3, 4),),)),
        OpInfo("repeat_scalar", lambda x: T.repeat(x, 2, axis=1), (((3, 4),),)),
        OpInfo("repeat_vector", lambda x: T.repeat(x, np.array([1, 0, 3]), axis=0), (((3, 2),), ((3,),))),
        OpInfo("repeat_vector_flat", lambda x: T.repeat(x, np.array([2, 1, 0, 1, 1, 3])), (((2, 3),),)),
        OpInfo("squeeze", T.squeeze, (((1, 4),), ((3, 1, 2),))),
        OpInfo("swapaxes", lambda x: T.swapaxes(x, 0, 2), TENSOR3),
        OpInfo("shape_padleft", lambda x: T.shape_padleft(x) * 2, MATRIX),
        OpInfo("view_op", lambda x: theano.compile.ops.view_op(x) * 2, MATRIX),
    ],
    "subtensor": [
        OpInfo("slice", lambda x: x[1:, ::-1], (((3, 4),),)),
        OpInfo("int_index", lambda x: x[-1, 1::2], (((3, 4),),)),
        OpInfo("index_3d", lambda x: x[1, :, 2], (((2, 3, 4),),)),
        OpInfo("inc_subtensor", lambda x, y: T.inc_subtensor(x[1:], y), (((3, 4), (2, 4)), ((3, 4), (4,)))),
        OpInfo("set_subtensor", lambda x, y: T.set_subtensor(x[:, 0], y), (((3, 4), (3,)), ((3, 4), ()))),
        OpInfo("advanced_subtensor1", lambda x: x[[2, 0, 2]], (((3, 4),), ((3,),))),
        OpInfo("take_axis1", lambda x: T.take(x, np.array([1, 0, 1]), axis=1), (((3, 4),),)),
        OpInfo("advanced_inc_subtensor1", lambda x, y: T.inc_subtensor(x[[0, 2, 0]], y),
               (((3, 4), (3, 4)), ((3, 4), (4,)), ((3,), (3,)))),
        OpInfo("advanced_set_subtensor1", lambda x, y: T.set_subtensor(x[[1, 2]], y), (((3, 4), (2, 4)),)),
        OpInfo("advanced_subtensor", lambda x: x[[0, 1, 2], [2, 0, 0]], (((3, 4),),)),
        OpInfo("advanced_subtensor_mixed", lambda x: x[[0, 2], 1:], (((3, 4),),)),
        OpInfo("advanced_inc_subtensor", lambda x, y: T.inc_subtensor(x[[0, 1, 0], [2, 0, 2]], y),
               (((3, 4), (3,)), ((3, 4), ()))),
        OpInfo("advanced_set_subtensor", lambda x, y: T.set_subtensor(x[[0, 1], [2, 0]], y), (((3, 4), (2,)),)),
        OpInfo("boolean_subtensor", lambda x: x[MASK], (((3, 4),),)),
        OpInfo("boolean_set_subtensor", lambda x, y: T.set_subtensor(x[MASK], y), (((3, 4), (6,)),)),
        OpInfo("boolean_inc_subtensor", lambda x, y: T.inc_subtensor(x[MASK], y), (((3, 4), (6,)),)),
    ],
    "blas_nnet": [
        OpInfo("dot", T.dot, (((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((1, 3), (3, 4)))),
        OpInfo("batched_dot", T.batched_dot, (((2, 3, 4), (2, 4, 5)), ((2, 3), (2, 3)))),
        OpInfo("tensordot", lambda a, b: T.tensordot(a, b, axes=[[1, 2], [0, 1]]), (((2, 3, 4), (3, 4, 2)),)),
        OpInfo("tensordot_axes1", lambda a, b: T.tensordot(a, b, axes=1), (((2, 3), (3, 4)),)),
        OpInfo("batched_tensordot", lambda a, b: T.batched_tensordot(a, b, axes=[[2], [1]]),
               (((2, 3, 4), (2, 4, 3)),)),
        OpInfo("outer", T.outer, (((3,), (4,)),)),
        OpInfo("softmax", nnet.softmax, MATRIX),
        OpInfo("logsoftmax", nnet.logsoftmax, MATRIX),
        OpInfo("softmax_with_bias", nnet.softmax_with_bias, (((3, 4), (4,)),)),
        OpInfo("softmax_grad", nnet.softmax_grad, (((3, 4), (3, 4)),), (S(0.2, 1.5), U(0.1, 1.0))),
        OpInfo("xent_softmax_1hot_nll", lambda x, b: nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, Y3)[0],
               (((3, 4), (4,)),)),
        OpInfo("xent_softmax_1hot_sm", lambda x, b: nnet.crossentropy_softmax_argmax_1hot_with_bias(x, b, Y3)[1],
               (((3, 4), (4,)),)),
        OpInfo("xent_softmax_1hot_dx", lambda dy, sm: nnet.crossentropy_softmax_1hot_with_bias_dx(dy, sm, Y3),
               (((3,), (3, 4)),), (S(0.2, 1.5), U(0.1, 1.0))),
        OpInfo("xent_categorical_1hot", lambda c: nnet.crossentropy_categorical_1hot(c, Y3), (((3, 4),),),
               U(0.2, 1.0)),
        OpInfo("xent_categorical_1hot_grad", lambda g, c: nnet.crossentropy_categorical_1hot_grad(g, c, Y3),
               (((3,), (3, 4)),), (S(0.2, 1.5), U(0.2, 1.0))),
        OpInfo("categorical_crossentropy_dist", lambda x, t: nnet.categorical_crossentropy(nnet.softmax(x), t),
               (((3, 4), (3, 4)),), (S(0.2, 1.5), U(0.0, 1.0))),
        OpInfo("binary_crossentropy", lambda x, t: nnet.binary_crossentropy(nnet.sigmoid(x), t),
               (((3, 4), (3, 4)), ((3,), ())), (S(0.2, 1.5), U(0.0, 1.0))),
        OpInfo("sigmoid_binary_crossentropy", nnet.sigmoid_binary_crossentropy, (((3, 4), (3, 4)),),
               (S(0.2, 1.5), U(0.0, 1.0))),
        OpInfo("nll_advanced_indexing", lambda x: -T.mean(T.log(nnet.softmax(x))[T.arange(3), Y3]), (((3, 4),),)),
    ],
    "extra": [
        OpInfo("cumsum", T.cumsum, (((3, 4),), ((4,),))),
        OpInfo("cumsum_axis1", lambda x: T.cumsum(x, axis=1), (((3, 4),), ((2, 3, 4),))),
        OpInfo("cumprod", T.cumprod, (((2, 3),),), S(0.5, 1.5)),
        OpInfo("cumprod_axis0", lambda x: T.cumprod(x, axis=0), (((3, 4),),), S(0.5, 1.5)),
        OpInfo("sort", T.sort, (((3, 4),), ((5,),)), DISTINCT),
        OpInfo("sort_axis0", lambda x: T.sort(x, axis=0), (((3, 4),),), DISTINCT),
        OpInfo("sort_flat", lambda x: T.sort(x, axis=None), (((3, 4),),), DISTINCT),
        OpInfo("diag_alloc", T.diag, (((3,),),)),
        OpInfo("alloc_diag_offset", lambda x: T.AllocDiag(-1)(x), (((3,),),)),
        OpInfo("diag_extract", T.diag, (((3, 4),), ((4, 3),))),
        OpInfo("diagonal_offset", lambda x: T.diagonal(x, 1), (((3, 4),),)),
        OpInfo("diagonal_offset_neg", lambda x: T.diagonal(x, -1), (((3, 4),),)),
        OpInfo("trace", T.trace, (((3, 3),),)),
        OpInfo("tril", T.tril, (((3, 4),),)),
        OpInfo("triu", lambda x: T.triu(x, 1), (((3, 4),),)),
    ],
}

ALL_ROWS = [row for rows in BATCHES.values() for row in rows]
DTYPES = ("float32", "float64")


@dataclass
class Case:
    row: OpInfo
    shapes: tuple
    values: list[np.ndarray]

    def __str__(self) -> str:
        return "%s%s" % (self.row.name, list(self.shapes))


def make_cases(batch: str, dtype: str) -> list[Case]:
    """Every (row, shape case) of a batch that runs in `dtype`, with its random inputs (seeded by name)."""
    rng = np.random.RandomState(zlib.crc32((batch + dtype).encode()))
    cases = []
    for row in BATCHES[batch]:
        if dtype not in row.dtypes:
            continue
        for shapes in row.shapes:
            values = [np.asarray(dom(rng, shp), dtype=dtype) for dom, shp in zip(row.domains(len(shapes)), shapes)]
            cases.append(Case(row, shapes, values))
    return cases


def _as_flat64(out: Any) -> Any:
    out = T.as_tensor_variable(out)
    return T.cast(T.flatten(out), "float64")


def _combined(cases: Sequence[Case]) -> Callable[..., Any]:
    """fun(*all inputs) -> the concatenation of every case's output, flattened, as float64."""
    def fun(*xs: Any) -> Any:
        outs, k = [], 0
        for case in cases:
            n = len(case.values)
            outs.append(_as_flat64(case.row.fn(*xs[k:k + n])))
            k += n
        return T.concatenate(outs)
    return fun


def _case_of_input(cases: Sequence[Case], index: int) -> Case:
    k = 0
    for case in cases:
        k += len(case.values)
        if index < k:
            return case
    raise IndexError(index)


def _sym(value: np.ndarray) -> Any:
    return TensorType(str(value.dtype), tuple(s == 1 for s in value.shape))()


# --------------------------------------------------------------------------- verify_grad over every row


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("batch", list(BATCHES))
def test_verify_grad(batch: str, dtype: str) -> None:
    cases = make_cases(batch, dtype)
    rng = np.random.RandomState(zlib.crc32((batch + dtype + "proj").encode()))
    try:
        verify_grad(_combined(cases), [v for c in cases for v in c.values], rng=rng)
    except GradientError as err:
        raise AssertionError("wrong gradient for %s (%s): %s" % (_case_of_input(cases, err.arg), dtype, err)) from None


def test_verify_grad_batches_attribute_a_wrong_gradient_to_its_row() -> None:
    class WrongGradOp(theano.gof.Op):
        __props__ = ()

        def make_node(self, x):
            x = T.as_tensor_variable(x)
            return theano.gof.Apply(self, [x], [x.type()])

        def perform(self, node, inputs, outputs):
            outputs[0][0] = 2 * inputs[0]

        def host_impl(self, node, x):
            return 2 * x

        def grad(self, inputs, grads):
            return [3 * grads[0]]

    good = OpInfo("good", T.exp, ((((3,),),)))
    bad = OpInfo("bad", WrongGradOp(), ((((2,),),)))
    rng = np.random.RandomState(0)
    cases = [Case(good, ((3,),), [rng.rand(3)]), Case(bad, ((2,),), [rng.rand(2)])]
    with pytest.raises(GradientError) as info:
        verify_grad(_combined(cases), [c.values[0] for c in cases], rng=rng)
    assert _case_of_input(cases, info.value.arg).row.name == "bad"


# --------------------------------------------------------------------------- R_op: against Lop and finite differences


def _cotangent(out: Any) -> Any:
    """A fixed, non-trivial cotangent with out's shape: cos(1.3 k + 0.4) over the flat positions k."""
    n = T.flatten(out).shape[0]
    u = T.cos(T.arange(n) * 1.3 + 0.4).reshape(out.shape, ndim=out.ndim)
    return T.patternbroadcast(T.cast(u, out.dtype), out.broadcastable)


def _rop_lop_function(cases: Sequence[Case]) -> tuple[Any, list[int]]:
    """One compiled function of (inputs, tangents) -> per case: output, Rop output, cotangent u, Lop outputs."""
    ins, tangents, outs, counts = [], [], [], []
    for case in cases:
        xs = [_sym(v) for v in case.values]
        vs = [_sym(v) for v in case.values]
        out = T.as_tensor_variable(case.row.fn(*xs))
        u = _cotangent(out)
        r = Rop(out, xs, vs)
        lops = Lop(out, xs, u, disconnected_inputs="ignore")
        ins += xs
        tangents += vs
        outs += [out, r, u] + list(lops)
        counts.append(3 + len(lops))
    f = theano.function(ins + tangents, outs, on_unused_input="ignore")
    return f, counts


def _split(values: Sequence[Any], counts: Sequence[int]) -> list[list[np.ndarray]]:
    out, k = [], 0
    for c in counts:
        out.append([np.asarray(v) for v in values[k:k + c]])
        k += c
    return out


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("batch", list(BATCHES))
def test_rop_matches_lop_and_finite_differences(batch: str, dtype: str) -> None:
    cases = [c for c in make_cases(batch, dtype) if c.row.rop]
    f, counts = _rop_lop_function(cases)
    rng = np.random.RandomState(zlib.crc32((batch + dtype + "rop").encode()))
    xs = [v for c in cases for v in c.values]
    vs = [rng.standard_normal(v.shape).astype(dtype) for v in xs]
    results = _split(f(*xs, *vs), counts)
    failures = []
    k = 0
    for case, res in zip(cases, results):
        n = len(case.values)
        out, r, u, lops = res[0], res[1], res[2], res[3:]
        v_case = vs[k:k + n]
        k += n
        if r.shape != out.shape or r.dtype != out.dtype:
            failures.append("%s: Rop gave %s %s for an output %s %s" % (case, r.dtype, r.shape, out.dtype, out.shape))
            continue
        # <u, J v> == <J^T u, v>
        lhs = float(np.sum(u.astype("float64") * r))
        rhs = float(sum(np.sum(lv.astype("float64") * vv) for lv, vv in zip(lops, v_case)))
        scale = float(np.sum(np.abs(u * r))) + float(sum(np.sum(np.abs(lv * vv)) for lv, vv in zip(lops, v_case)))
        tol = 1e-9 if dtype == "float64" else 2e-4
        if abs(lhs - rhs) > tol * (scale + 1e-3):
            failures.append("%s: <u, Rop> = %r but <Lop, v> = %r" % (case, lhs, rhs))
    if dtype == "float64":
        h = 1e-6
        plus = _split(f(*[x + h * v for x, v in zip(xs, vs)], *vs), counts)
        minus = _split(f(*[x - h * v for x, v in zip(xs, vs)], *vs), counts)
        for case, res, p, m in zip(cases, results, plus, minus):
            fd = (p[0] - m[0]) / (2 * h)
            if not np.allclose(res[1], fd, rtol=1e-5, atol=1e-6):
                failures.append("%s: Rop %r but finite differences %r" % (case, res[1], fd))
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- second order: Hessian-vector products

X6 = np.random.RandomState(42).uniform(-1, 1, size=(6, 4))
Y6 = np.array([0, 2, 1, 1, 0, 2], dtype="int64")
W3 = np.random.RandomState(43).uniform(0.5, 1.5, size=(6,))


def _mlp_loss(p: Any) -> Any:
    """784-512-512-10 in miniature: 4-5-3 tanh MLP, softmax + NLL by advanced indexing (packed parameters)."""
    w1, b1 = p[:20].reshape((4, 5)), p[20:25]
    w2, b2 = p[25:40].reshape((5, 3)), p[40:43]
    prob = nnet.softmax(T.dot(T.tanh(T.dot(X6, w1) + b1), w2) + b2)
    return -T.mean(T.log(prob)[T.arange(6), Y6])


HVP_ROWS: list[tuple[str, Callable[[Any], Any], int, Any]] = [
    ("mlp_nll", _mlp_loss, 43, S(0.1, 0.8)),
    ("xent_softmax_1hot_with_bias", lambda p: T.mean(nnet.crossentropy_softmax_argmax_1hot_with_bias(
        T.dot(X6, p[:12].reshape((4, 3))), p[12:15], Y6)[0]), 15, S(0.1, 0.8)),
    ("categorical_crossentropy_1hot", lambda p: T.mean(nnet.categorical_crossentropy(
        nnet.softmax(T.dot(X6, p.reshape((4, 3)))), Y6)), 12, S(0.1, 0.8)),
    ("softmax_with_bias", lambda p: T.sum(nnet.softmax_with_bias(p[:6].reshape((2, 3)), p[6:9]) ** 2 * W3.reshape((2, 3))),
     9, S(0.1, 1.0)),
    ("logsumexp", lambda p: T.log(T.sum(T.exp(p.reshape((2, 3))), axis=1)).sum() * 2, 6, S(0.2, 1.5)),
    ("logsoftmax", lambda p: T.sum(nnet.logsoftmax(p.reshape((2, 3))) * W3.reshape((2, 3))), 6, S(0.1, 1.0)),
    ("prod_no_zeros", lambda p: T.prod(p, no_zeros_in_input=True), 5, S(0.5, 1.5)),
    ("prod_axis_no_zeros", lambda p: T.sum(T.prod(p.reshape((2, 3)), axis=1, no_zeros_in_input=True) ** 2), 6,
     S(0.5, 1.5)),
    ("cumprod", lambda p: T.sum(T.cumprod(p) * W3[:5]), 5, S(0.5, 1.5)),
    ("sort", lambda p: T.sum(T.sort(p) ** 3 * W3), 6, DISTINCT),
    ("max_axis", lambda p: T.sum(T.max(p.reshape((2, 3)), axis=1) ** 2), 6, DISTINCT),
    ("pow_exp_sin", lambda p: T.sum(p ** 3 + T.exp(p) * T.sin(p) + T.sqrt(p * p + 1)), 4, S(0.2, 1.5)),
    ("dot_gram", lambda p: T.sum(T.dot(p.reshape((2, 3)), p.reshape((2, 3)).T) ** 2), 6, S(0.2, 1.5)),
    ("batched_dot", lambda p: T.sum(T.batched_dot(p[:12].reshape((2, 2, 3)), p[12:].reshape((2, 3, 2))) ** 2),
     24, S(0.2, 1.0)),
    ("inc_subtensor", lambda p: T.sum(T.inc_subtensor(T.sqr(p)[[0, 2, 0]], T.exp(p[1:4])) ** 2), 5, S(0.2, 1.0)),
    ("set_subtensor", lambda p: T.sum(T.set_subtensor(T.sqr(p)[1:3], T.tanh(p[:2])) ** 3), 5, S(0.2, 1.0)),
    ("repeat_vector", lambda p: T.sum(T.repeat(p, np.array([1, 2, 0, 3])) ** 3 * W3), 4, S(0.2, 1.0)),
    ("join_split", lambda p: T.sum(T.concatenate(T.split(T.tanh(p), [2, 3], 2)[::-1]) ** 2 * W3[:5]), 5,
     S(0.2, 1.0)),
    ("sigmoid_softplus_erf", lambda p: T.sum(nnet.sigmoid(p) * nnet.softplus(p) + T.erf(p) ** 2), 4, U(-2, 2)),
    ("var_std", lambda p: T.var(p) + T.std(p.reshape((2, 3)), axis=1).sum(), 6, S(0.2, 1.5)),
]


def test_hessian_vector_products_through_rop_of_grad() -> None:
    """H v = Rop(grad(cost), x, v), against Lop(grad(cost), x, v) (H is symmetric) and finite differences of
    the gradient, for losses whose gradient graphs contain the gradient ops (SoftmaxGrad,
    CrossentropySoftmax1HotWithBiasDx, CrossentropyCategorical1HotGrad, AdvancedIncSubtensor1, ...)."""
    rng = np.random.RandomState(7)
    ins, outs, points = [], [], []
    for name, cost, n, domain in HVP_ROWS:
        x, v = T.dvector(name), T.dvector(name + "_v")
        g = theano.gradient.grad(cost(x), x)
        ins += [x, v]
        outs += [g, Rop(g, x, v), Lop(g, x, v)]
        points += [domain(rng, (n,)), rng.standard_normal(n)]
    f = theano.function(ins, outs)
    h = 1e-5
    base = f(*points)
    shifted = [p + h * points[i + 1] if i % 2 == 0 else p for i, p in enumerate(points)]
    plus = f(*shifted)
    shifted = [p - h * points[i + 1] if i % 2 == 0 else p for i, p in enumerate(points)]
    minus = f(*shifted)
    failures = []
    for k, (name, _, n, _) in enumerate(HVP_ROWS):
        hv, hv_lop = base[3 * k + 1], base[3 * k + 2]
        fd = (plus[3 * k] - minus[3 * k]) / (2 * h)
        if not np.allclose(hv, fd, rtol=1e-5, atol=1e-6):
            failures.append("%s: Hv %r, finite differences %r" % (name, hv, fd))
        if not np.allclose(hv, hv_lop, rtol=1e-9, atol=1e-10):
            failures.append("%s: Rop(grad) %r != Lop(grad) %r" % (name, hv, hv_lop))
        if not np.any(hv):
            failures.append("%s: zero Hessian-vector product (the row checks nothing)" % name)
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- coverage of the table

# concrete Op classes that are not differentiable (integer/bool outputs, shape bookkeeping, compile-time
# copies, gradient-shaping ops whose gradient is wrong on purpose, or no gradient as in Theano 1.0.5)
NOT_DIFFERENTIABLE = {
    "Shape", "Shape_i", "ARange", "Argmax", "All", "Any", "NonzeroCount", "Nonzero", "ArgSortOp", "MaskCount",
    "Eye", "Tri", "ProdWithoutZeros", "CAReduce", "CAReduceDtype", "Mean", "DeepCopyOp", "OutputGuard",
    "ConsiderConstant", "ZeroGrad", "UndefinedGrad", "DisconnectedGrad", "GradClip", "GradScale",
    "HostCheck",  # only in shape graphs (int64 bounds checks for the host shape program)
}
# table rows whose gradient is not defined (as in Theano 1.0.5), or that are complex-valued (Theano refuses
# complex gradients: "grad illegally returned an integer-valued variable"), bool- or integer-valued
SCALAR_NOT_DIFFERENTIABLE = {
    "tri_gamma", "chi2sf", "gammainc", "gammaincc", "gammau", "gammal", "conj", "ultra_fast_sigmoid",
    "real", "imag", "angle", "complex", "complex_from_polar",
    "lt", "gt", "le", "ge", "eq", "neq", "isnan", "isinf", "and_", "or_", "xor", "invert", "int_div",
}


def _row_graph_ops(rows: Sequence[OpInfo]) -> tuple[set[str], set[str]]:
    """The Op class names and elemwise scalar-op names in the forward graphs of the rows."""
    from theano.frontend.graph import toposort

    classes, scalars = set(), set()
    for row in rows:
        xs = [TensorType("float64", tuple(d == 1 for d in shp))() for shp in row.shapes[0]]
        for node in toposort([T.as_tensor_variable(row.fn(*xs))]):
            classes.add(type(node.op).__name__)
            if hasattr(node.op, "scalar_op"):
                scalars.add(node.op.scalar_op.name)
    return classes, scalars


def _concrete_op_class_names() -> set[str]:
    """Every concrete Op class defined in theano.frontend (abstract bases start with _ or Base)."""
    import importlib
    import pkgutil

    import theano.frontend
    from theano.frontend.graph import Op

    for m in pkgutil.walk_packages(theano.frontend.__path__, "theano.frontend."):
        importlib.import_module(m.name)
    names, stack = set(), list(Op.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("theano.frontend.") and not cls.__name__.startswith(("_", "Base")):
            names.add(cls.__name__)
    return names


def test_the_table_covers_every_differentiable_op() -> None:
    from theano.frontend.ops.elemwise_table import SCALAR_OPS

    classes, scalars = _row_graph_ops(ALL_ROWS)
    missing = _concrete_op_class_names() - NOT_DIFFERENTIABLE - classes
    assert not missing, "differentiable ops without a row: %s" % sorted(missing)
    missing_scalars = set(SCALAR_OPS) - SCALAR_NOT_DIFFERENTIABLE - scalars
    assert not missing_scalars, "elementwise ops without a row: %s" % sorted(missing_scalars)

"""The op-info table for the gradient tests of test_opinfo_grads.py: one row per differentiable op or
function, with domain-respecting inputs of several shapes (broadcastable and 0-d ones included) and of
both float dtypes, grouped in batches; and the pieces that turn a batch into one concatenated output.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

import theano
import theano.tensor as T
from theano.tensor import nnet


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
    # --- issue 10: convolution
    "conv": [
        OpInfo("conv2d", nnet.conv2d, (((2, 2, 5, 4), (3, 2, 3, 2)),)),
        OpInfo("conv2d_half_strided", lambda x, w: nnet.conv2d(x, w, border_mode="half", subsample=(2, 1),
                                                                  filter_dilation=(1, 2)), (((2, 2, 5, 6), (3, 2, 3, 2)),)),
        OpInfo("conv2d_groups_full", lambda x, w: nnet.conv2d(x, w, border_mode="full", num_groups=2,
                                                                 filter_flip=False), (((1, 4, 4, 3), (2, 2, 2, 2)),)),
        OpInfo("conv2d_unshared", lambda x, w: nnet.conv2d(x, w, unshared=True), (((2, 2, 4, 4), (2, 3, 3, 2, 2, 2)),),
               rop=False),
        OpInfo("conv3d", lambda x, w: nnet.conv3d(x, w, border_mode=(1, 0, 1)), (((1, 2, 3, 4, 3), (2, 2, 2, 3, 2)),)),
        OpInfo("conv2d_grad_wrt_inputs", lambda w, t: nnet.abstract_conv.conv2d_grad_wrt_inputs(
            t, w, (2, 2, 6, 5), border_mode="half", subsample=(2, 2)), (((3, 2, 3, 3), (2, 3, 3, 3)),), rop=False),
        OpInfo("conv2d_grad_wrt_weights", lambda x, t: nnet.abstract_conv.conv2d_grad_wrt_weights(
            x, t, (3, 2, 2, 3), border_mode=1), (((2, 2, 4, 4), (2, 3, 5, 4)),), rop=False),
        OpInfo("conv3d_grad_wrt_inputs", lambda w, t: nnet.abstract_conv.conv3d_grad_wrt_inputs(
            t, w, (1, 2, 3, 4, 3), border_mode="half"), (((2, 2, 3, 3, 1), (1, 2, 3, 4, 3)),), rop=False),
        OpInfo("conv3d_grad_wrt_weights", lambda x, t: nnet.abstract_conv.conv3d_grad_wrt_weights(
            x, t, (2, 2, 2, 3, 2), border_mode="valid"), (((1, 2, 3, 4, 3), (1, 2, 2, 2, 2)),), rop=False),
        OpInfo("abstract_conv_generic", lambda x, w: nnet.abstract_conv.AbstractConv(convdim=2, border_mode="full")(x, w),
               (((2, 2, 3, 4), (3, 2, 2, 2)),)),
        OpInfo("abstract_conv_generic_grad_inputs", lambda w, t: nnet.abstract_conv.AbstractConv_gradInputs(
            convdim=2, subsample=(2, 1))(w, t, [6, 4]), (((3, 2, 3, 2), (2, 3, 2, 3)),), rop=False),
        OpInfo("abstract_conv_generic_grad_weights", lambda x, t: nnet.abstract_conv.AbstractConv_gradWeights(
            convdim=2, border_mode="half")(x, t, [3, 3]), (((2, 2, 4, 3), (2, 3, 4, 3)),), rop=False),
        OpInfo("legacy_conv_op", lambda x, w: nnet.conv.conv2d(x, w, border_mode="full", subsample=(2, 1)),
               (((2, 2, 4, 3), (3, 2, 2, 2)),), rop=False),
        OpInfo("corr_mm", lambda x, w: nnet.corr.CorrMM("half", (2, 1))(x, w), (((2, 2, 4, 3), (3, 2, 3, 3)),)),
        OpInfo("corr_mm_grad_weights", lambda x, t: nnet.corr.CorrMM_gradWeights("full")(x, t),
               (((2, 2, 3, 3), (2, 3, 4, 5)),), rop=False),
        OpInfo("corr_mm_grad_inputs", lambda w, t: nnet.corr.CorrMM_gradInputs(1)(w, t), (((3, 2, 2, 3), (2, 3, 3, 3)),),
               rop=False),
        OpInfo("corr3d_mm", lambda x, w: nnet.corr3d.Corr3dMM()(x, w), (((1, 2, 3, 3, 3), (2, 2, 2, 1, 2)),)),
        OpInfo("corr3d_mm_grad_weights", lambda x, t: nnet.corr3d.Corr3dMM_gradWeights()(x, t),
               (((1, 2, 3, 3, 3), (1, 2, 2, 3, 2)),), rop=False),
        OpInfo("corr3d_mm_grad_inputs", lambda w, t: nnet.corr3d.Corr3dMM_gradInputs()(w, t),
               (((2, 2, 2, 1, 2), (1, 2, 2, 3, 2)),), rop=False),
    ],
}


# --- issue 10: linear algebra
def WELL(rng: np.random.RandomState, shape: tuple) -> np.ndarray:
    """A well-conditioned matrix: small entries plus 2 on the diagonal (invertible, x x^T well separated)."""
    return rng.uniform(-0.4, 0.4, size=shape) + 2 * np.eye(*shape)


def _linalg_rows() -> list[OpInfo]:
    from theano.sandbox.linalg import psd
    from theano.tensor import nlinalg, slinalg

    def spd(x: Any) -> Any:
        return x.dot(x.T)

    sq = (((3, 3),),)
    return [
        OpInfo("matrix_inverse", nlinalg.matrix_inverse, sq, WELL),
        OpInfo("pinv", nlinalg.pinv, (((3, 4),),), WELL, rop=False),
        OpInfo("det", nlinalg.det, sq, WELL, rop=False),
        OpInfo("eigh_w", lambda x: nlinalg.eigh(spd(x))[0], sq, WELL, rop=False),
        OpInfo("eigh_v_upper", lambda x: nlinalg.eigh(spd(x), "U")[1], sq, WELL, rop=False),
        OpInfo("cholesky", lambda x: slinalg.cholesky(spd(x)), sq, WELL, rop=False),
        OpInfo("cholesky_upper", lambda x: slinalg.Cholesky(lower=False)(spd(x)), sq, WELL, rop=False),
        OpInfo("solve", slinalg.solve, (((3, 3), (3, 2)), ((3, 3), (3,))), (WELL, S(0.2, 1.5)), rop=False),
        OpInfo("solve_lower", lambda a, b: slinalg.solve_lower_triangular(T.tril(a), b), (((3, 3), (3, 2)),),
               (WELL, S(0.2, 1.5)), rop=False),
        OpInfo("solve_upper", lambda a, b: slinalg.solve_upper_triangular(T.triu(a), b), (((3, 3), (3,)),),
               (WELL, S(0.2, 1.5)), rop=False),
        OpInfo("eigvalsh", lambda a, b: slinalg.eigvalsh(a + a.T, spd(b)), (((3, 3), (3, 3)),), (S(0.2, 1.5), WELL),
               rop=False),
        OpInfo("expm", slinalg.expm, sq, U(-0.5, 0.5), rop=False),
        OpInfo("psd_hint", lambda x: psd(x) * 2, sq),
    ]


BATCHES["linalg"] = _linalg_rows()
# --- issue 10: extra_ops, sort/topk and missing T.* names
from theano.tensor import extra_ops as _extra_ops  # noqa: E402

_PERM3 = np.array([2, 0, 1])
BATCHES["extra_issue10"] = [
    OpInfo("topk", lambda x: T.topk(x, 2, sorted=False), (((3, 4),), ((5,),)), DISTINCT, rop=False),
    OpInfo("topk_smallest_axis0", lambda x: T.topk(x, -2, axis=0, sorted=False), (((3, 4),),), DISTINCT, rop=False),
    OpInfo("diff", _extra_ops.diff, (((5,),),)),
    OpInfo("diff_n2", lambda x: _extra_ops.diff(x, n=2), (((6,),),)),
    OpInfo("fill_diagonal", _extra_ops.fill_diagonal, (((3, 4), ()), ((4, 3), ())), rop=False),
    OpInfo("fill_diagonal_offset", lambda a, v: _extra_ops.fill_diagonal_offset(a, v, 1), (((3, 4), ()),), rop=False),
    OpInfo("fill_diagonal_offset_neg", lambda a, v: _extra_ops.fill_diagonal_offset(a, v, -2), (((4, 3), ()),),
           rop=False),
    OpInfo("permute_row_elements", lambda x: T.permute_row_elements(x, _PERM3), (((2, 3),), ((3,),)), rop=False),
    OpInfo("permute_row_elements_inverse", lambda x: T.permute_row_elements(x, _PERM3, inverse=True), (((2, 3),),),
           rop=False),
    OpInfo("xlogx", T.xlogx.xlogx, UNARY, U(0.2, 1.5)),
    OpInfo("xlogy0", T.xlogx.xlogy0, BINARY_SHORT, (U(0.2, 1.5), U(0.2, 1.5))),
    OpInfo("tensor_from_scalar", T.tensor_from_scalar, (((),),)),
    OpInfo("scalar_from_tensor", T.scalar_from_tensor, (((),),)),
    OpInfo("cpu_contiguous", _extra_ops.cpu_contiguous, (((2, 3),),)),
    OpInfo("ptp", lambda x: T.ptp(x, axis=1), (((3, 4),),), DISTINCT),
]

# --- issue 10: nnet extras, neighbours, batch norm
def _bn_train(axes: Any) -> Callable[..., Any]:
    from theano.tensor.nnet import bn

    return lambda x, g, b: T.concatenate([T.flatten(r) for r in bn.batch_normalization_train(x, g, b, axes)[:3]])


def _bn_train_grad(x: Any, g: Any, b: Any) -> Any:
    """The gradient graph of batch_normalization_train (an AbstractBatchNormTrainGrad node), differentiated again."""
    from theano.tensor.nnet import bn

    out = bn.batch_normalization_train(x, g, b, "per-activation")[0]
    weights = np.linspace(-1.0, 1.0, 15).reshape(5, 3)  # a fixed output gradient: the gradient graph is smooth
    return T.concatenate([T.flatten(d) for d in T.grad(T.sum(out * weights.astype(out.dtype)), [x, g, b])])


def _bn_test(x: Any, g: Any, b: Any, m: Any, v: Any) -> Any:
    from theano.tensor.nnet import bn

    return bn.batch_normalization_test(x, g, b, m, v, "spatial")


def _neibs(*args: Any, **kw: Any) -> Callable[..., Any]:
    from theano.tensor.nnet.neighbours import images2neibs

    return lambda x: images2neibs(x, *args, **kw)


BATCHES["nnet_issue10"] = [
    OpInfo("images2neibs_valid", _neibs((2, 2)), (((2, 2, 4, 4),),), rop=False),
    OpInfo("images2neibs_step", _neibs((3, 2), (1, 2)), (((1, 2, 5, 4),),), rop=False),
    OpInfo("images2neibs_ignore_borders", _neibs((2, 2), mode="ignore_borders"), (((1, 2, 5, 5),),), rop=False),
    OpInfo("neibs2images", lambda n: nnet.neighbours.neibs2images(n, (2, 2), (1, 2, 4, 4)), (((8, 4),),),
           rop=False),
    OpInfo("batch_normalization_low_mem", lambda x, g, b, m, s: nnet.bn.batch_normalization(x, g, b, m, s),
           (((3, 4), (4,), (4,), (4,), (4,)),), (S(0.2, 1.5), S(0.2, 1.5), S(0.2, 1.5), S(0.2, 1.5), U(0.5, 1.5))),
    OpInfo("batch_normalization_high_mem",
           lambda x, g, b, m, s: nnet.bn.batch_normalization(x, g, b, m, s, mode="high_mem"),
           (((3, 4), (4,), (4,), (4,), (4,)),), (S(0.2, 1.5), S(0.2, 1.5), S(0.2, 1.5), S(0.2, 1.5), U(0.5, 1.5))),
    OpInfo("bn_train_per_activation", _bn_train("per-activation"), (((5, 3), (3,), (3,)),), rop=False),
    OpInfo("bn_train_spatial", _bn_train("spatial"), (((3, 2, 2, 2), (2,), (2,)),), rop=False),
    OpInfo("bn_train_grad", _bn_train_grad, (((5, 3), (3,), (3,)),), rop=False),
    OpInfo("bn_test_spatial", _bn_test, (((3, 2, 2, 2), (2,), (2,), (2,), (2,)),),
           (S(0.2, 1.5), S(0.2, 1.5), S(0.2, 1.5), S(0.2, 1.5), U(0.5, 1.5)), rop=False),
    OpInfo("prepend_1_to_each_row", lambda x: nnet.prepend_1_to_each_row(x), (((3, 4),),), rop=False),
    OpInfo("prepend_scalar_to_each_row", lambda v, x: nnet.prepend_scalar_to_each_row(v, x), (((), (3, 4)),),
           rop=False),
    OpInfo("h_softmax", lambda x, w1, b1, w2, b2: nnet.h_softmax(x, 3, 5, 2, 3, w1, b1, w2, b2),
           (((3, 4), (4, 2), (2,), (2, 4, 3), (2, 3)),), rop=False),
    OpInfo("h_softmax_target", lambda x, w1, b1, w2, b2: nnet.h_softmax(x, 3, 5, 2, 3, w1, b1, w2, b2, target=Y3),
           (((3, 4), (4, 2), (2,), (2, 4, 3), (2, 3)),), rop=False),
    OpInfo("elu", nnet.elu, (((2, 3),),)),
    OpInfo("selu", nnet.selu, (((2, 3),),)),
    OpInfo("softsign", nnet.softsign, (((2, 3),),)),
]


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


def as_flat64(out: Any) -> Any:
    out = T.as_tensor_variable(out)
    return T.cast(T.flatten(out), "float64")


def combined(cases: Sequence[Case]) -> Callable[..., Any]:
    """fun(*all inputs) -> the concatenation of every case's output, flattened, as float64."""
    def fun(*xs: Any) -> Any:
        outs, k = [], 0
        for case in cases:
            n = len(case.values)
            outs.append(as_flat64(case.row.fn(*xs[k:k + n])))
            k += n
        return T.concatenate(outs)
    return fun


def case_of_input(cases: Sequence[Case], index: int) -> Case:
    k = 0
    for case in cases:
        k += len(case.values)
        if index < k:
            return case
    raise IndexError(index)


# --- issue 10: pooling
def _pool_rows() -> list[OpInfo]:
    from theano.tensor.signal.pool import pool_2d, pool_3d

    def pool(mode: str, ignore_border: bool, ws: tuple = (2, 2), stride: Any = None, pad: tuple = (0, 0)) -> Any:
        return lambda x: pool_2d(x, ws, ignore_border=ignore_border, stride=stride, pad=pad, mode=mode)

    img = (((1, 2, 5, 4),), ((3, 5),))
    rows = []
    for mode in ("max", "sum", "average_inc_pad", "average_exc_pad"):
        rows.append(OpInfo("pool_%s" % mode, pool(mode, True), img, DISTINCT))
        rows.append(OpInfo("pool_%s_border_stride" % mode, pool(mode, False, (3, 2), (2, 1)), img, DISTINCT))
    for mode in ("max", "sum", "average_inc_pad"):
        rows.append(OpInfo("pool_%s_pad" % mode, pool(mode, True, (3, 3), (2, 2), (1, 2)), img, DISTINCT))
    rows.append(OpInfo("pool_3d_max", lambda x: pool_3d(x, (2, 2, 2), ignore_border=False), (((2, 3, 4, 3),),),
                       DISTINCT))
    # second order: the gradients of MaxPoolGrad (DownsampleFactorMaxGradGrad) and of AveragePoolGrad (Pool)
    for mode in ("max", "average_exc_pad"):
        fn = pool(mode, False, (3, 2), (2, 1))
        rows.append(OpInfo("pool_%s_grad" % mode, lambda x, fn=fn: theano.grad((fn(x) ** 2).sum(), x), img,
                           DISTINCT, rop=False))
    # DownsampleFactorMaxGradGrad built directly (its gradient with respect to ggx is MaxPoolGrad)
    from theano.tensor.signal.pool import DownsampleFactorMaxGradGrad, Pool

    def gradgrad(x: Any) -> Any:
        return DownsampleFactorMaxGradGrad(False)(x, Pool(False)(x, (3, 2), (2, 1)), x * x, (3, 2), (2, 1))

    rows.append(OpInfo("pool_max_gradgrad", gradgrad, img, DISTINCT, rop=False))
    return rows


BATCHES["pool"] = _pool_rows()
ALL_ROWS += BATCHES["pool"]


# --- issue 11: ifelse (the condition is a constant, so finite differences never flip the branch)
def _ifelse_rows() -> list[OpInfo]:
    from theano.ifelse import ifelse

    rows = [OpInfo("ifelse_then", lambda x, y: ifelse(T.constant(1, dtype="int8"), x * 2.0, T.exp(y)), (((2, 3), (2, 3)),)),
            OpInfo("ifelse_else", lambda x, y: ifelse(T.constant(0, dtype="int8"), x * 2.0, T.exp(y)), (((2, 3), (2, 3)),)),
            OpInfo("ifelse_multi", lambda x, y: sum(ifelse(T.constant(1, dtype="int8"), [x, y.sum()], [y, x.sum()]), 0),
                   (((3,), (3,)),), rop=False)]
    return rows


BATCHES["ifelse"] = _ifelse_rows()
ALL_ROWS += BATCHES["ifelse"]


# --- issue 11: scan (its gradient is LoweredVJP, its R_op LoweredJVP: rows that build them are differentiated too)
def _scan_rows() -> list[OpInfo]:
    from theano.compile.builders import OpFromGraph

    def rnn(x: Any, h0: Any) -> Any:
        return theano.scan(lambda x_t, h: T.tanh(x_t * h + x_t), sequences=x, outputs_info=h0)[0]

    def grad_of_rnn(x: Any, h0: Any) -> Any:
        return T.grad((rnn(x, h0) ** 2).sum(), h0)

    def rop_of_rnn(x: Any, h0: Any) -> Any:
        return T.Rop(rnn(x, h0), x, T.ones_like(x) * 0.5)

    a, b = T.dvector("a"), T.dvector("b")
    ofg = OpFromGraph([a, b], [a * b + T.exp(a)])
    return [OpInfo("scan_rnn", rnn, (((4, 3), (3,)),)),
            OpInfo("scan_grad", grad_of_rnn, (((4, 3), (3,)),), dtypes=("float64",), rop=False),
            OpInfo("scan_rop", rop_of_rnn, (((4, 3), (3,)),), dtypes=("float64",), rop=False),
            OpInfo("op_from_graph", lambda x, y: ofg(x, y), (((3,), (3,)),), dtypes=("float64",))]


BATCHES["scan"] = _scan_rows()
ALL_ROWS += BATCHES["scan"]


def _mitmot_rows() -> list[OpInfo]:
    """A Theano-layout scan with a mit_mot buffer (what Theano pickles of scan gradients load as)."""
    from theano.frontend.ops.scan_mitmot import example_mitmot_scan

    op = example_mitmot_scan()

    def mitmot(seq: Any, buf: Any) -> Any:
        return op(seq.shape[0], seq, buf, seq.shape[0], return_list=True)[0]

    return [OpInfo("mitmot_scan", mitmot, (((3,), (5,)),), dtypes=("float64",))]


BATCHES["scan_mitmot"] = _mitmot_rows()
ALL_ROWS += BATCHES["scan_mitmot"]


# --- issue 12: theano.printing.Print (an identity that prints; silent here)
def _silent(op: Any, x: Any) -> None:
    """A Print global_fn that prints nothing (the gradient test only checks the identity)."""


BATCHES["print"] = [OpInfo("print", lambda x: theano.printing.Print("p", global_fn=_silent)(x) * 2.0, UNARY)]
ALL_ROWS += BATCHES["print"]


# --- theano.tensor.nnet.conv3d2d's diagonal stripe and its increment
def _conv3d2d_rows() -> list[OpInfo]:
    from theano.tensor.nnet.conv3d2d import diagonal_subtensor, inc_diagonal_subtensor

    return [OpInfo("diagonal_subtensor", lambda x: diagonal_subtensor(x, 0, 1), (((5, 3),),), rop=False),
            OpInfo("inc_diagonal_subtensor", lambda x, a: inc_diagonal_subtensor(x, 0, 1, a), (((5, 3), (3, 3)),),
                   rop=False)]


BATCHES["conv3d2d"] = _conv3d2d_rows()
ALL_ROWS += BATCHES["conv3d2d"]


# --- nnet leftovers: block-sparse products (constant block indices, repeated output blocks included)
def _blocksparse_rows() -> list[OpInfo]:
    from theano.tensor.nnet.blocksparse import sparse_block_dot, sparse_block_gemv

    i_idx = np.array([[1, 0], [2, 1]], dtype="int32")
    o_idx = np.array([[0, 2, 1], [1, 1, 0]], dtype="int32")
    return [OpInfo("sparse_block_gemv", lambda o, W, h: sparse_block_gemv(o, W, h, i_idx, o_idx),
                   (((2, 3, 4), (3, 3, 5, 4), (2, 2, 5)),), rop=False),
            OpInfo("sparse_block_dot", lambda W, h, b: sparse_block_dot(W, h, i_idx, b, o_idx),
                   (((3, 3, 5, 4), (2, 2, 5), (3, 4)),), rop=False)]


BATCHES["blocksparse"] = _blocksparse_rows()
ALL_ROWS += BATCHES["blocksparse"]


# --- theano.tensor.blas: the BLAS ops built directly (Theano defines no gradient for them; ours are the
# gradients of the expressions they compute). They define no R_op, as in Theano.
def _blas_rows() -> list[OpInfo]:
    from theano.tensor import blas, blas_scipy

    return [OpInfo("gemm", blas.gemm_no_inplace, (((3, 4), (), (3, 2), (2, 4), ()), ((1, 4), (), (1, 2), (2, 4), ())),
                   rop=False),
            OpInfo("gemm_inplace", blas.gemm_inplace, (((3, 4), (), (3, 2), (2, 4), ()),), rop=False),
            OpInfo("gemv", blas.gemv_no_inplace, (((3,), (), (3, 2), (2,), ()),), rop=False),
            OpInfo("ger", blas.ger, (((3, 2), (), (3,), (2,)), ((1, 2), (), (1,), (2,))), rop=False),
            OpInfo("scipy_ger", blas_scipy.scipy_ger_no_inplace, (((3, 2), (), (3,), (2,)),), rop=False),
            OpInfo("dot22", blas._dot22, (((3, 2), (2, 4)), ((1, 2), (2, 4))), rop=False),
            OpInfo("dot22scalar", blas._dot22scalar, (((3, 2), (2, 4), ()),), rop=False)]


BATCHES["blas"] = _blas_rows()
ALL_ROWS += BATCHES["blas"]
# theano.tests.breakpoint.PdbBreakpoint: an identity on the monitored values (condition false here)
BATCHES["pdb_breakpoint"] = [OpInfo("pdb_breakpoint", lambda x: __import__(
    "theano.tests.breakpoint", fromlist=["PdbBreakpoint"]).PdbBreakpoint("bp")(T.gt(x.sum(), 1e9), x) * 2.0, UNARY)]
ALL_ROWS += BATCHES["pdb_breakpoint"]


# theano.tensor.nnet.ctc: the CTC loss (float32 only, as Theano's op), differentiated w.r.t. the activations
def _ctc_rows() -> list[OpInfo]:
    from theano.tensor.nnet.ctc import ctc

    labels = np.array([[1, 2], [3, -1]], dtype="int32")
    lengths = np.array([3, 2], dtype="int32")
    return [OpInfo("ctc", lambda acts: ctc(acts, labels, lengths), (((3, 2, 4),),), dtypes=("float32",), rop=False)]


BATCHES["ctc"] = _ctc_rows()
ALL_ROWS += BATCHES["ctc"]


# Theano's deprecated Flatten op (loaded from old pickles; theano.tensor.flatten builds a Reshape)
def _flatten_op_rows() -> list[OpInfo]:
    from theano.tensor.basic import Flatten

    return [OpInfo("flatten_op", lambda x: Flatten(2)(x), (((2, 3, 4),),))]


BATCHES["flatten_op"] = _flatten_op_rows()
ALL_ROWS += BATCHES["flatten_op"]

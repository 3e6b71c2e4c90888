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

from opinfo_base import (BINARY_SHORT, DISTINCT, MASK, MATRIX, OFF_INT, TENSOR3, TWO_ZEROS, WITH_ZERO, Y3, OpInfo,
                         S, U, binary, fn1, unary)
from opinfo_rows_extra import EXTRA_BATCHES


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


BATCHES.update(EXTRA_BATCHES)  # linalg, extra_ops, nnet extras, pool, ifelse, scan, ... (opinfo_rows_extra.py)
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

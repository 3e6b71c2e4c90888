"""The theano.tensor.nnet (and sandbox.multinomial) examples of tests/lowering/test_every_op_computes.py: each op
class's name -> a graph using it, with input values (compared with tests/lowering/numpy_reference.py)."""
from __future__ import annotations

from typing import Callable

import numpy as np

import theano.tensor as T

from every_op_values import RNG, Example, _m, _x

NNET_EXAMPLES: dict[str, Callable[[], Example]] = {}


# --- issue 10: convolution
def _convolutions() -> Example:
    from theano.tensor.nnet import abstract_conv as ac, conv, corr, corr3d

    x, w, t = T.dtensor4("x"), T.dtensor4("w"), T.dtensor4("t")
    x5, w5, t5 = T.dtensor5("x5"), T.dtensor5("w5"), T.dtensor5("t5")
    outs = [ac.conv2d(x, w, border_mode="half", subsample=(2, 1)), ac.AbstractConv(2, border_mode="full")(x, w),
            ac.conv2d_grad_wrt_inputs(t, w, (2, 3, 6, 5), border_mode=1, subsample=(2, 2)),
            ac.conv2d_grad_wrt_weights(x, t, (4, 3, 3, 3), border_mode=1, subsample=(2, 2)),
            ac.AbstractConv_gradInputs(2, border_mode=1, subsample=(2, 2))(w, t, [6, 5]),
            ac.AbstractConv_gradWeights(2, border_mode=1, subsample=(2, 2))(x, t, [3, 3]),
            conv.conv2d(x, w, border_mode="full"),
            ac.conv3d(x5, w5, border_mode=(1, 0, 1)),
            ac.conv3d_grad_wrt_inputs(t5, w5, (1, 2, 4, 3, 3), filter_dilation=(2, 1, 1)),
            ac.conv3d_grad_wrt_weights(x5, t5, (3, 2, 2, 2, 2), filter_dilation=(2, 1, 1)),
            corr.CorrMM("half")(x, w), corr.CorrMM_gradWeights(1, (2, 2))(x, t, [3, 3]),
            corr.CorrMM_gradInputs(1, (2, 2))(w, t, [6, 5]), corr3d.Corr3dMM((1, 0, 1))(x5, w5),
            corr3d.Corr3dMM_gradWeights(filter_dilation=(2, 1, 1))(x5, t5, [2, 2, 2]),
            corr3d.Corr3dMM_gradInputs(filter_dilation=(2, 1, 1))(w5, t5)]
    return ([x, w, t, x5, w5, t5], outs,
            [_m((2, 3, 6, 5)), _m((4, 3, 3, 3)), _m((2, 4, 3, 3)), _m((1, 2, 4, 3, 3)), _m((3, 2, 2, 2, 2)),
             _m((1, 3, 2, 2, 2))])


for _conv_op in ("AbstractConv", "AbstractConv2d", "AbstractConv3d", "AbstractConv_gradInputs",
                 "AbstractConv2d_gradInputs", "AbstractConv3d_gradInputs", "AbstractConv_gradWeights",
                 "AbstractConv2d_gradWeights", "AbstractConv3d_gradWeights", "ConvOp", "CorrMM", "CorrMM_gradWeights",
                 "CorrMM_gradInputs", "Corr3dMM", "Corr3dMM_gradWeights", "Corr3dMM_gradInputs"):
    NNET_EXAMPLES[_conv_op] = _convolutions


# --- issue 10: nnet extras, neighbours, batch norm
def _neighbours() -> Example:
    from theano.tensor.nnet.neighbours import images2neibs

    x = T.dtensor4("x")
    outs = [images2neibs(x, (3, 3), (1, 2), mode=m) for m in ("valid", "half", "full", "wrap_centered")]
    outs.append(images2neibs(x, (2, 2), mode="ignore_borders"))
    return [x], outs, [_m((2, 2, 5, 5))]


def _batch_norm() -> Example:
    from theano.tensor.nnet import bn

    x, g, b, rm, rv, dy = T.dmatrix("x"), T.dvector("g"), T.dvector("b"), T.dvector("rm"), T.dvector("rv"), T.dmatrix("dy")
    train = bn.batch_normalization_train(x, g, b, "per-activation", 1e-3, 0.3, rm, rv)
    test = bn.batch_normalization_test(x, g, b, rm, rv, "per-activation", 1e-3)
    dx = T.grad(None, wrt=[x, g, b], known_grads={train[0]: dy})
    return ([x, g, b, rm, rv, dy], list(train) + [test] + dx,
            [_m((5, 3)), _m((3,)), _m((3,)), _m((3,)), 1.5 + _m((3,)), _m((5, 3))])


def _prepend() -> Example:
    from theano.tensor.nnet import prepend_1_to_each_row, prepend_scalar_to_each_row

    x, v = _x(), T.dscalar("v")
    return [x, v], [prepend_1_to_each_row(x), prepend_scalar_to_each_row(v, x)], [_m(), np.float64(2.5)]


NNET_EXAMPLES.update({
    "Images2Neibs": _neighbours, "AbstractBatchNormTrain": _batch_norm, "AbstractBatchNormInference": _batch_norm,
    "AbstractBatchNormTrainGrad": _batch_norm, "Prepend_scalar_constant_to_each_row": _prepend,
    "Prepend_scalar_to_each_row": _prepend,
})
def _diagonal_stripe() -> Example:  # theano.tensor.nnet.conv3d2d
    from theano.tensor.nnet.conv3d2d import diagonal_subtensor, inc_diagonal_subtensor

    x, a = T.dtensor3("x"), T.dtensor3("a")
    rng = np.random.RandomState(3)
    return [x, a], [diagonal_subtensor(x, 0, 2), inc_diagonal_subtensor(x, 0, 2, a)], \
        [rng.randn(5, 3, 2), rng.randn(4, 3, 2)]


NNET_EXAMPLES.update({"DiagonalSubtensor": _diagonal_stripe, "IncDiagonalSubtensor": _diagonal_stripe})


# --- nnet leftovers: block-sparse products and sandbox.multinomial
def _blocksparse() -> Example:
    from theano.tensor.nnet.blocksparse import sparse_block_dot, sparse_block_outer

    W, h, b = T.dtensor4("W"), T.dtensor3("h"), T.dmatrix("b")
    o, x, y = T.dtensor4("o"), T.dtensor3("x"), T.dtensor3("y")
    i_idx, o_idx = T.imatrix("i_idx"), T.imatrix("o_idx")
    iv = np.array([[1, 0], [2, 1]], dtype="int32")
    ov = np.array([[0, 2, 1], [1, 1, 0]], dtype="int32")
    return ([W, h, b, o, x, y, i_idx, o_idx],
            [sparse_block_dot(W, h, i_idx, b, o_idx), sparse_block_outer(o, x, y, i_idx, o_idx)],
            [_m((3, 3, 5, 4)), _m((2, 2, 5)), _m((3, 4)), _m((3, 3, 5, 4)), _m((2, 2, 5)), _m((2, 3, 4)), iv, ov])


def _multinomial() -> Example:
    import warnings

    from theano.sandbox import multinomial as M

    p, u, n = T.dmatrix("p"), T.dvector("u"), T.lscalar("n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = M.MultinomialWOReplacementFromUniform("auto")
    pv = RNG.uniform(0.1, 1.0, size=(2, 6))
    pv /= pv.sum(axis=1, keepdims=True)
    return ([p, u, n], [M.MultinomialFromUniform("auto")(p, u, n), M.ChoiceFromUniform("auto")(p, u, n),
                        old(p, u, n)],
            [pv, RNG.uniform(0.0, 1.0, size=6), 3])


NNET_EXAMPLES.update({"SparseBlockGemv": _blocksparse, "SparseBlockOuter": _blocksparse,
                 "MultinomialFromUniform": _multinomial, "ChoiceFromUniform": _multinomial,
                 "MultinomialWOReplacementFromUniform": _multinomial})

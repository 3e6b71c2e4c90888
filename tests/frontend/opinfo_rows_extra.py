"""The op-info rows of linear algebra, extra_ops, nnet extras, pooling, ifelse, scan, Print, conv3d2d, block-sparse
products, the BLAS ops, PdbBreakpoint, CTC and the deprecated Flatten op: batches of tests/frontend/opinfo_table.py
(which adds them after its own, in this order)."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

import theano
import theano.tensor as T
from theano.tensor import extra_ops as _extra_ops
from theano.tensor import nnet

from opinfo_base import BINARY_SHORT, DISTINCT, UNARY, WELL, Y3, OpInfo, S, U

EXTRA_BATCHES: dict[str, list[OpInfo]] = {}


# --- issue 10: linear algebra
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


EXTRA_BATCHES["linalg"] = _linalg_rows()
# --- issue 10: extra_ops, sort/topk and missing T.* names

_PERM3 = np.array([2, 0, 1])
EXTRA_BATCHES["extra_issue10"] = [
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


EXTRA_BATCHES["nnet_issue10"] = [
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


EXTRA_BATCHES["pool"] = _pool_rows()


# --- issue 11: ifelse (the condition is a constant, so finite differences never flip the branch)
def _ifelse_rows() -> list[OpInfo]:
    from theano.ifelse import ifelse

    rows = [OpInfo("ifelse_then", lambda x, y: ifelse(T.constant(1, dtype="int8"), x * 2.0, T.exp(y)), (((2, 3), (2, 3)),)),
            OpInfo("ifelse_else", lambda x, y: ifelse(T.constant(0, dtype="int8"), x * 2.0, T.exp(y)), (((2, 3), (2, 3)),)),
            OpInfo("ifelse_multi", lambda x, y: sum(ifelse(T.constant(1, dtype="int8"), [x, y.sum()], [y, x.sum()]), 0),
                   (((3,), (3,)),), rop=False)]
    return rows


EXTRA_BATCHES["ifelse"] = _ifelse_rows()


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


EXTRA_BATCHES["scan"] = _scan_rows()


def _mitmot_rows() -> list[OpInfo]:
    """A Theano-layout scan with a mit_mot buffer (what Theano pickles of scan gradients load as)."""
    from theano.frontend.ops.scan_mitmot import example_mitmot_scan

    op = example_mitmot_scan()

    def mitmot(seq: Any, buf: Any) -> Any:
        return op(seq.shape[0], seq, buf, seq.shape[0], return_list=True)[0]

    return [OpInfo("mitmot_scan", mitmot, (((3,), (5,)),), dtypes=("float64",))]


EXTRA_BATCHES["scan_mitmot"] = _mitmot_rows()


# --- issue 12: theano.printing.Print (an identity that prints; silent here)
def _silent(op: Any, x: Any) -> None:
    """A Print global_fn that prints nothing (the gradient test only checks the identity)."""


EXTRA_BATCHES["print"] = [OpInfo("print", lambda x: theano.printing.Print("p", global_fn=_silent)(x) * 2.0, UNARY)]


# --- theano.tensor.nnet.conv3d2d's diagonal stripe and its increment
def _conv3d2d_rows() -> list[OpInfo]:
    from theano.tensor.nnet.conv3d2d import diagonal_subtensor, inc_diagonal_subtensor

    return [OpInfo("diagonal_subtensor", lambda x: diagonal_subtensor(x, 0, 1), (((5, 3),),), rop=False),
            OpInfo("inc_diagonal_subtensor", lambda x, a: inc_diagonal_subtensor(x, 0, 1, a), (((5, 3), (3, 3)),),
                   rop=False)]


EXTRA_BATCHES["conv3d2d"] = _conv3d2d_rows()


# --- nnet leftovers: block-sparse products (constant block indices, repeated output blocks included)
def _blocksparse_rows() -> list[OpInfo]:
    from theano.tensor.nnet.blocksparse import sparse_block_dot, sparse_block_gemv

    i_idx = np.array([[1, 0], [2, 1]], dtype="int32")
    o_idx = np.array([[0, 2, 1], [1, 1, 0]], dtype="int32")
    return [OpInfo("sparse_block_gemv", lambda o, W, h: sparse_block_gemv(o, W, h, i_idx, o_idx),
                   (((2, 3, 4), (3, 3, 5, 4), (2, 2, 5)),), rop=False),
            OpInfo("sparse_block_dot", lambda W, h, b: sparse_block_dot(W, h, i_idx, b, o_idx),
                   (((3, 3, 5, 4), (2, 2, 5), (3, 4)),), rop=False)]


EXTRA_BATCHES["blocksparse"] = _blocksparse_rows()


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


EXTRA_BATCHES["blas"] = _blas_rows()
# theano.tests.breakpoint.PdbBreakpoint: an identity on the monitored values (condition false here)
EXTRA_BATCHES["pdb_breakpoint"] = [OpInfo("pdb_breakpoint", lambda x: __import__(
    "theano.tests.breakpoint", fromlist=["PdbBreakpoint"]).PdbBreakpoint("bp")(T.gt(x.sum(), 1e9), x) * 2.0, UNARY)]


# theano.tensor.nnet.ctc: the CTC loss (float32 only, as Theano's op), differentiated w.r.t. the activations
def _ctc_rows() -> list[OpInfo]:
    from theano.tensor.nnet.ctc import ctc

    labels = np.array([[1, 2], [3, -1]], dtype="int32")
    lengths = np.array([3, 2], dtype="int32")
    return [OpInfo("ctc", lambda acts: ctc(acts, labels, lengths), (((3, 2, 4),),), dtypes=("float32",), rop=False)]


EXTRA_BATCHES["ctc"] = _ctc_rows()


# Theano's deprecated Flatten op (loaded from old pickles; theano.tensor.flatten builds a Reshape)
def _flatten_op_rows() -> list[OpInfo]:
    from theano.tensor.basic import Flatten

    return [OpInfo("flatten_op", lambda x: Flatten(2)(x), (((2, 3, 4),),))]


EXTRA_BATCHES["flatten_op"] = _flatten_op_rows()

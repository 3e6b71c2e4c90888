"""Every registered rule fires on an example graph, and every example computes what the unrewritten graph does."""
import subprocess
import sys

import numpy as np

import theano
import theano.tensor as T
from theano.compile.debugmode import DebugMode
from theano.frontend.fgraph import FunctionGraph
from theano.passes import pipeline
from theano.passes.pipeline import optimize
from theano.tensor import nnet
from theano.tensor.nnet.ctc import ctc
import theano.sandbox.linalg.ops as sandbox_linalg  # --- issue 10: registers the sandbox linalg rewrites
from theano.ifelse import ifelse  # --- issue 11
from theano import sparse  # --- issue 14
from theano import typed_list  # theano.typed_list

from rewrite_helpers import compare_modes
from theano.frontend.ops.scalar_conversion import scalar_from_tensor, tensor_from_scalar

v = T.dvector("v")  # values in (0.1, 0.9)
m = T.dmatrix("m")
y = T.ivector("y")
n = T.lscalar("n")
W = T.dmatrix("W")
b = T.dvector("b")
INPUTS = [v, m, y, n, W, b]
RNG = np.random.RandomState(11)
VALUES = [RNG.uniform(0.1, 0.9, size=4), RNG.randn(3, 4), np.array([1, 0, 3], dtype="int32"), 2,
          RNG.randn(4, 4), RNG.randn(4)]


def _block_sparse_dot():
    """sparse_block_dot over constant blocks (misc's local_inplace_sparse_block_* examples)."""
    from theano.tensor.nnet.blocksparse import sparse_block_dot

    rng = np.random.RandomState(3)
    W = (T.constant(rng.randn(96)) * v.sum()).reshape((3, 2, 4, n * 2))  # n = 2: a shape that does not fold
    h = T.constant(rng.randn(2, 2, 4))
    i_idx = T.constant(np.array([[0, 1], [2, 0]], dtype="int64"))
    o_idx = T.constant(np.array([[1, 0], [0, 1]], dtype="int64"))
    return sparse_block_dot(W, h, i_idx, m[:2] * 2, o_idx)


def _examples():
    z = T.dot(m, W) + b
    nll = -T.mean(T.log(nnet.softmax(z))[T.arange(y.shape[0]), y])
    return {
        "local_add_canonizer": (v + m) + (v + m),
        "local_mul_canonizer": v * m / v,
        "local_exp_log": T.exp(T.log(v)) + 1,
        "local_log_exp": T.log(T.exp(m)) * 2,
        "local_pow_one": m ** 1 + v,
        "local_pow_zero": m ** 0,
        "remove_tensor_copy": T.tensor_copy(m) * 2,
        "local_useless_fill": T.fill(v, m) + 1,
        "local_fill_shape_source": T.zeros_like(T.exp(m)) + v,
        "local_fill_sink": T.sum(T.grad(T.sum(T.tanh(m)), m)),
        "local_useless_switch": T.switch(T.gt(m, 0), m, m) * 2,
        "local_view_op": theano.gradient.zero_grad(m) * 3,
        "local_useless_dimshuffle": m.dimshuffle(0, 1) + 1,
        "local_dimshuffle_merge": m.T.T * 2,
        "local_dimshuffle_lift": (m + 1).T,
        "local_useless_rebroadcast": T.Rebroadcast((0, False))(m) * 2,
        "local_useless_reshape": m.reshape(m.shape) * 2,
        "local_useless_alloc": T.alloc(m, m.shape[0], m.shape[1]) * 2,
        "local_reduce_broadcastable": T.sum(v.dimshuffle("x", 0), axis=0),
        "local_cut_useless_reduce": T.sum(m, axis=()) * 2,
        "local_max_and_argmax_broadcastable": T.max(v.dimshuffle("x", 0), axis=0),
        "local_sum_sum": T.sum(T.sum(m, axis=0)),
        "local_sum_neg": T.sum(-m, axis=1),
        "local_subtensor_of_shape": m.shape[1] + n,
        "local_subtensor_lift": T.cast(m.shape, "float64")[0] * 2,
        "local_shape_to_shape_i": T.shape(m) * 2,
        "local_track_shape_i": T.exp(m).shape[0] * n,
        "constant_folding": v + T.exp(T.constant(np.array([0.0, 1.0, 2.0, 3.0]))),
        "log1pexp_to_softplus": T.log(1 + T.exp(m)),
        "logsigm_to_softplus": T.log(nnet.sigmoid(m)),
        "log1msigm_to_softplus": T.log(1 - nnet.sigmoid(m)),
        "log1p_neg_sigmoid": T.log1p(-nnet.sigmoid(m)),
        "local_1msigmoid": 1 - nnet.sigmoid(m),
        "local_exp_over_1_plus_exp": T.exp(m) / (1 + T.exp(m)),
        "local_inv_1_plus_exp": 1 / (1 + T.exp(-m)),
        "local_inv_1_plus_exp_neg": 1 / (1 + T.exp(m)),
        "local_log1p": T.log(1 + v),
        "local_log1p_neg": T.log(1 - v),
        "local_expm1": T.exp(m) - 1,
        "local_log_sum_exp": T.log(T.sum(T.exp(m), axis=1)),
        "local_softmax": T.exp(m) / T.exp(m).sum(axis=1, keepdims=True),
        "local_softmax_shift": nnet.softmax(m - m.max(axis=1, keepdims=True)),
        "local_softmax_with_bias": nnet.softmax(z),
        "local_logsoftmax": T.log(nnet.softmax(m)),
        "local_log_indexed_softmax": T.log(nnet.softmax(z)[T.arange(y.shape[0]), y]),
        "local_advanced_indexing_crossentropy_onehot": nll,
        "crossentropy_to_crossentropy_with_softmax": nnet.categorical_crossentropy(nnet.softmax(z), y),
        "local_advanced_indexing_crossentropy_onehot_grad": T.grad(nll, W),
        "local_logsoftmax_crossentropy_grad": T.grad(-T.mean(nnet.logsoftmax(z)[T.arange(y.shape[0]), y]), W),
        "local_useless_crossentropy_softmax_1hot_with_bias_dx_alloc": T.grad(nll, b),
        "graph_merge_softmax_with_crossentropy_softmax": T.grad(nll, b) + nnet.softmax(z)[0] + nll,
        "local_pow_specialize_sqr": m ** 2,
        "local_pow_specialize_sqrt": v ** 0.5,
        "local_pow_specialize_inv": v ** -1,
        "local_pow_specialize_inv_sqr": v ** -2,
        "local_pow_specialize_rsqrt": v ** -0.5,
        "local_div_to_inv": 1 / v,
        "local_mul_to_sqr": m * m,
        "local_sum_prod_mul_by_scalar": T.sum(T.exp(v[0]) * m),
        # --- issue 10: linear algebra (theano.sandbox.linalg's rewrites, registered by importing it)
        "transinv_to_invtrans": sandbox_linalg.matrix_inverse(W).T * 2,
        "inv_as_solve": T.dot(sandbox_linalg.matrix_inverse(W), m.T),
        "tag_solve_triangular": sandbox_linalg.solve(sandbox_linalg.cholesky(T.dot(W, W.T) + T.eye(4)), b),
        "psd_solve_with_chol": sandbox_linalg.solve(sandbox_linalg.psd(T.dot(W, W.T) + T.eye(4)), b),
        "remove_hint_nodes": sandbox_linalg.psd(m) * 2,
        # --- issue 10: extra_ops, sort/topk and missing T.* names
        "local_useless_topk": T.argtopk(m, 2, axis=1, sorted=False) + n,
        # --- issue 10: nnet extras, neighbours, batch norm
        "local_abstract_batch_norm_train": nnet.bn.batch_normalization_train(m, v, v)[0] * 2,
        "local_abstract_batch_norm_train_grad": T.grad(None, [m], known_grads={
            nnet.bn.batch_normalization_train(m, v, v)[0]: m})[0],
        "local_abstract_batch_norm_inference": nnet.bn.batch_normalization_test(m, v, v, v, v + 1) * 2,
        "local_logsoftmax_grad": T.grad(T.sum(T.log(nnet.softmax(m)) * m), m),
        # --- issue 11: ifelse
        "cond_make_inplace": ifelse(n > 0, m * 2, m + 1),
        # --- issue 14: theano.sparse.opt
        "local_dense_from_sparse_sparse_from_dense": sparse.dense_from_sparse(sparse.csr_from_dense(m)) * 2,
        "local_inplace_remove0": sparse.dense_from_sparse(sparse.remove0(sparse.csr_from_dense(m))) * 2,
        "local_csm_properties_csm": sparse.csm_properties(sparse.CSR(
            v, np.arange(4, dtype="int32"), np.array([0, 4], "int32"), np.array([1, 4], "int32")))[0] * 2,
        # --- passes/useless_elemwise.py (Theano's local_useless_elemwise and friends)
        "local_useless_elemwise_comparison": T.lt(m, m) + m,
        "local_useless_elemwise_self": T.le(m, m) + m,
        "local_useless_minmax_self": T.maximum(m, m) * 2,
        "local_useless_shape_lt_0": T.lt(m.shape[0], 0) + n,
        "local_useless_shape_ge_0": T.ge(m.shape[0], 0) + n,
        "local_useless_shape_eq_negative": T.eq(m.shape[0], -1) + n,
        "local_useless_shape_max_0": T.maximum(m.shape[0], 0) + n,
        "local_useless_shape_min_0": T.minimum(m.shape[0], 0) + n,
        "local_useless_and": T.and_(y, 0) + y,
        "local_useless_or": T.or_(y, 0) * 2,
        "local_cast_cast": T.cast(T.cast(y, "int64"), "float64") * 2,
        "local_intdiv_by_one": (y // 1) * 2,
        "local_zero_div": 0 // (y + 1) + y,
        "local_useless_switch_constant": T.switch(1, m, v) * 2,
        "local_tensor_scalar_tensor": tensor_from_scalar(scalar_from_tensor(n)) * 2,
        "local_scalar_tensor_scalar": scalar_from_tensor(tensor_from_scalar(n)) * 2,
        "local_remove_useless_assert": T.opt.assert_op(m, 1) * 2,
        "local_remove_all_assert": T.opt.assert_op(m, T.gt(n, 0)) * 2,
        # --- passes/zero_rewrites.py
        "local_incsubtensor_of_zeros": T.inc_subtensor(m[:2], T.zeros_like(m[:2])) * 2,
        "local_setsubtensor_of_constants": T.set_subtensor(T.zeros_like(m)[:2], T.zeros((2, 4))) + m,
        "local_incsubtensor_of_zeros_to_setsubtensor": T.inc_subtensor(T.zeros_like(m)[:2], m[1:3]) * 2,
        "local_0_dot_x": T.dot(m, T.zeros_like(W)) + m,
        # --- passes/dot_rewrites.py, passes/distribute.py
        "local_lift_transpose_through_dot": T.dot(m.T, W[:3, :3]).T + 1,
        "local_greedy_distributor": (m / W[:3] + b) * W[:3],
        "local_join_1": T.Join()(1, m) * 2,  # passes/join_rewrites.py
        "local_useless_split": T.split(m, T.stack([n + 1]), 1) * 2,  # one piece: m, asserted (n + 1 == 3 rows)
        # passes/switch_div_rewrites.py; x - x of complex numbers is left by the sum canonizer, to specialize
        "local_merge_switch_same_cond": T.switch(T.gt(m, 0), m, 2.0) + T.switch(T.gt(m, 0), W[:3], b),
        "local_elemwise_sub_zeros": T.real(T.complex(v, v * 2) - T.complex(v, v * 2)) + m,
        "local_sum_prod_div_dimshuffle": T.sum(m / b, axis=0),
        "local_exp_over_1_plus_exp_factors": -T.exp(v) / ((1 + T.exp(v)) * (1 + T.exp(-v))),  # passes/sigm_factors.py
        # --- nnet leftovers: the sigmoid family (passes/sigm_rewrites.py)
        "local_sigm_times_exp": nnet.sigmoid(-m) * T.exp(m) * 2,
        "local_argmax_pushdown": T.argmax(nnet.softmax(z), axis=-1) + n,  # misc: argmax through softmax
        "local_inplace_sparse_block_gemv": _block_sparse_dot(),  # misc: SparseBlockGemv{inplace=True}
        "local_inplace_sparse_block_outer": T.grad(T.sum(_block_sparse_dot()), v),  # misc: SparseBlockOuter{inplace=True}
        "local_reshape_lift": T.flatten(T.tanh(m)) * 2,
        "local_ultra_fast_sigmoid": nnet.sigmoid(m) * 2,  # off by default: enabled by name (see _fired)
        "local_hard_sigmoid": nnet.sigmoid(v) + 1,  # off by default: enabled by name (see _fired)
        # --- theano.typed_list.opt: Append{} of a computed list -> Append{inplace}
        "typed_list_inplace_opt": typed_list.getitem(typed_list.make_list([m, m * 2]).append(m + 1), 2) * 2,
        # --- Theano's subtensor rewrites (passes/subtensor_rewrites.py)
        "local_subtensor_merge": m[1:][::-1] * 2,
        "local_useless_slice": m[1, :] * 2,
        "local_useless_subtensor": T.exp(m)[0:m.shape[0]] * 2,
        "local_subtensor_remove_broadcastable_index": v.dimshuffle("x", 0)[0] * 2,
        "local_subtensor_inc_subtensor": T.set_subtensor(m[n], v)[n] * 2,
        "local_subtensor_make_vector": T.stack([n, n + 1, n * 2])[0:2] * 2,
        "local_subtensor_of_alloc": T.alloc(v, n, 4)[1] * 2,
        "local_useless_inc_subtensor": T.set_subtensor(m[:, ::-1], T.specify_shape(W[:3], m.shape)) * 2,
        "local_set_to_inc_subtensor": T.set_subtensor(W[y], W[y] + m) * 2,
        "local_adv_sub1_adv_inc_sub1": T.set_subtensor(W[y], m)[y] * 2,
        "local_useless_inc_subtensor_alloc": T.inc_subtensor(m[:, 1:3], T.alloc(b[0], 3, 2)) * 2,
        "local_IncSubtensor_serialize": T.grad(T.sum(m[0] * m[2]), m) * 2,
        # --- tensor/opt.py's erf, abs, switch-sink, log-add and alloc rewrites (passes/erf_rewrites.py,
        # passes/arith_rewrites.py, passes/alloc_rewrites.py)
        "local_one_plus_erf": 1 + T.erf(m),
        "local_one_minus_erf": 1 - T.erf(m),
        "local_erf_minus_one": T.erf(m) - 1,
        "local_one_minus_erfc": 1 - T.erfc(m),
        "local_erf_neg_minus_one": T.erfc(-m) - 1,
        "local_log_erfc": T.log(T.erfc(m)),
        "local_grad_log_erfc_neg": T.exp(-m ** 2) / T.erfc(m),
        "local_abs_lift": T.abs_(v * m) + 1,
        "local_func_inv": T.sinh(T.arcsinh(m)) + T.arccosh(T.cosh(m)),
        "local_abs_merge": T.abs_(m) * T.abs_(v),
        "local_log_add": T.log(T.exp(m) + T.exp(v)),
        "local_mul_switch_sink": T.switch(T.gt(m, 0), 0, m) * v,
        "local_div_switch_sink": T.switch(T.gt(m, 0), 0, m) / v,
        "local_mul_specialize": -(m * v),
        "local_add_specialize": T.alloc(0., 3, 4) + m,
        "local_fill_to_alloc": m - m,
        "local_merge_alloc": T.alloc(T.alloc(v, 3, 4), 2, 3, 4) * 2,
        "local_canonicalize_alloc": T.alloc(v, 1, 4) * 2,
        "local_elemwise_alloc": T.alloc(v, 3, 4) + m,
        "local_useless_dimshuffle_in_reshape": T.reshape(v.dimshuffle("x", 0), (2, 2)) * 2,
        "local_reshape_to_dimshuffle": T.reshape(m, (1, 12)) * 2,
        "local_join_empty": T.join(0, v, T.constant(np.zeros(0))) * 2,
        "local_join_make_vector": T.join(0, T.stack([v[0], v[1]]), T.stack([v[2]])) * 2,
        "local_reduce_broadcastable_some": T.sum(T.shape_padaxis(m, 0), axis=(0, 1)),
        "local_opt_alloc": T.sum(T.alloc(v[0], n, 3), axis=0),
        "local_reduce_join": T.sum(T.stack([m, W[:3]]), axis=0),
        # --- the uncanonicalize set (passes/uncanonicalize.py)
        "local_max_and_argmax": T.max(m, axis=0) * 2,
        "local_max_to_min": T.min(m, axis=0),
        "local_alloc_dimshuffle": T.alloc(v.dimshuffle("x", 0), n, 4) * 2,
        "local_dimshuffle_alloc": T.alloc(v, 3, 4).dimshuffle("x", 0, 1) * 2,
        "local_dimshuffle_subtensor": T.shape_padaxis(m, 1)[:, :, 1:3].dimshuffle(0, 2) * 2,
        # --- theano.tensor.nnet.ctc: the gradient output is dropped when only the costs are used
        "local_ctc_no_grad": ctc(T.cast(m.dimshuffle(0, "x", 1), "float32"), T.cast(y[:1].dimshuffle("x", 0), "int32"),
                                 T.constant(np.array([3], dtype="int32"))) * 2,
    }


def _fired(name, out):
    fg = FunctionGraph(INPUTS, [out], clone=True)
    optimize(fg, DebugMode().including(name))  # rules off by default (local_hard_sigmoid) fire when included
    return {reason for _, _, reason in fg.rewrite_log}


def test_every_rule_has_an_example_that_fires_it():
    examples = _examples()
    names = {r.name for r in pipeline.all_rules()}
    assert set(examples) == names, (names - set(examples), set(examples) - names)
    silent = [name for name, out in examples.items() if name not in _fired(name, out)]
    assert not silent, silent


FLOAT32_ONLY = {"local_ctc_no_grad"}  # ops Theano defines for float32 only: compared at float32's precision


def test_every_example_computes_the_unrewritten_value():
    examples = _examples()
    compare_modes(INPUTS, [out for name, out in examples.items() if name not in FLOAT32_ONLY], VALUES,
                  rtol=1e-9, atol=1e-12)
    compare_modes(INPUTS, [examples[name] for name in sorted(FLOAT32_ONLY)], VALUES, rtol=1e-6, atol=1e-7)


def test_passes_do_not_import_jax():
    code = "import sys, theano.passes.pipeline; assert 'jax' not in sys.modules and 'theano.lowering' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)

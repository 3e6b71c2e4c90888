"""A scan whose step has shapes that change from step to step runs as a host loop (lowering/rules/scan_host.py):
values and gradients as Theano 1.0.5 computed them, run-time errors and shape errors as clear exceptions."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import verify_grad


def _prefix_sums(x, lengths):
    """scan over rows: the sum of each row's first lengths[i] entries (a per-step slice length)."""
    out, _ = theano.scan(lambda row, n: (row[:n] ** 2).sum(), sequences=[x, lengths])
    return out


def test_per_step_slice_values_and_gradient():
    x, lengths = T.dmatrix("x"), T.ivector("lengths")
    out = _prefix_sums(x, lengths)
    f = theano.function([x, lengths], [out, T.grad(out.sum(), x)])
    xv = np.arange(12.0).reshape(3, 4) / 7
    lv = np.array([1, 4, 2], dtype="int32")
    got, g = f(xv, lv)
    mask = np.arange(4)[None, :] < lv[:, None]
    np.testing.assert_allclose(got, ((xv ** 2) * mask).sum(1))
    np.testing.assert_allclose(g, 2 * xv * mask)
    assert got.dtype == np.float64 and g.dtype == np.float64
    # other lengths: the same compiled function, the step programs of new shapes compiled as they come
    lv2 = np.array([3, 3, 0], dtype="int32")
    got2, _ = f(xv, lv2)
    np.testing.assert_allclose(got2, ((xv ** 2) * (np.arange(4)[None, :] < lv2[:, None])).sum(1))


def test_verify_grad_through_a_recurrent_output_and_a_non_sequence():
    lv = np.array([2, 5, 3, 1], dtype="int32")

    def cost(x, w):
        def step(row, n, acc, w):
            part = row[:n] * w[:n]
            return acc * 0.5 + part.sum(), part.max()
        (acc, peaks), _ = theano.scan(step, sequences=[x, T.constant(lv)],
                                      outputs_info=[T.constant(0.0, dtype="float64"), None], non_sequences=w)
        return acc[-1] + (peaks ** 2).sum()

    rng = np.random.RandomState(1)
    verify_grad(cost, [rng.rand(4, 5), rng.rand(5)], rng=rng)


def test_float32_and_last_value_only():
    x, lengths = T.fmatrix("x"), T.ivector("lengths")
    out, _ = theano.scan(lambda row, n, acc: acc + row[:n].sum(), sequences=[x, lengths],
                         outputs_info=T.constant(np.float32(0)))
    f = theano.function([x, lengths], [out[-1], T.grad(out[-1], x)])
    xv = np.ones((3, 4), dtype="float32")
    total, g = f(xv, np.array([1, 2, 3], dtype="int32"))
    assert total.dtype == np.float32 and g.dtype == np.float32 and float(total) == 6.0
    np.testing.assert_array_equal(g, (np.arange(4)[None, :] < np.array([[1], [2], [3]])).astype("float32"))


def test_nonzero_inside_the_step():
    x = T.dmatrix("x")
    out, _ = theano.scan(lambda row: row[(row > 0.5).nonzero()].sum(), sequences=x)
    f = theano.function([x], [out, T.grad(out.sum(), x)])
    xv = np.array([[0.1, 0.9, 0.7], [0.2, 0.3, 0.4], [1.0, 2.0, 0.0]])
    got, g = f(xv)
    np.testing.assert_allclose(got, np.where(xv > 0.5, xv, 0).sum(1))
    np.testing.assert_allclose(g, (xv > 0.5).astype(float))


def test_truncate_gradient_cuts_the_early_steps():
    x, lengths = T.dmatrix("x"), T.ivector("lengths")
    out, _ = theano.scan(lambda row, n, acc: acc + row[:n].sum(), sequences=[x, lengths],
                         outputs_info=T.constant(0.0, dtype="float64"), truncate_gradient=2)
    g = theano.function([x, lengths], T.grad(out[-1], x))(np.ones((4, 3)), np.array([3, 3, 2, 1], dtype="int32"))
    np.testing.assert_array_equal(g, [[0, 0, 0], [0, 0, 0], [1, 1, 0], [1, 0, 0]])


def test_an_output_whose_shape_follows_the_values_is_refused_clearly():
    x, lengths = T.dmatrix("x"), T.ivector("lengths")
    out, _ = theano.scan(lambda row, n: row[:n], sequences=[x, lengths])
    with pytest.raises(ValueError, match="the shape of an output of the step function depends on the value of"):
        theano.function([x, lengths], out)(np.ones((2, 3)), np.array([1, 2], dtype="int32"))


def test_an_index_error_in_a_step_raises_and_leaves_shared_values_alone():
    x, lengths, idx = T.dmatrix("x"), T.ivector("lengths"), T.ivector("idx")
    total = theano.shared(np.float64(5.0), name="total")
    out, _ = theano.scan(lambda row, n, i: row[:n][i], sequences=[x, lengths, idx])
    f = theano.function([x, lengths, idx], out, updates={total: total + out.sum()})
    xv = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(f(xv, np.array([2, 3], dtype="int32"), np.array([1, 2], dtype="int32")), [1.0, 5.0])
    assert float(total.get_value()) == 11.0
    with pytest.raises(IndexError):
        f(xv, np.array([2, 1], dtype="int32"), np.array([1, 2], dtype="int32"))
    assert float(total.get_value()) == 11.0


# Keras 1.2.2's ctc_batch_cost (keras/backend/theano_backend.py), whose scan over the batch slices each sample to
# its own input and label lengths, and whose inner scan over time takes nonzero of per-step values. Written out
# here as a Keras user's graph, with its structure kept.
def _ctc_batch_cost(y_true, y_pred, input_length, label_length):
    def interleave_blanks(Y):
        Y_ = T.alloc(-1, Y.shape[0] * 2 + 1)
        return T.set_subtensor(Y_[T.arange(Y.shape[0]) * 2 + 1], Y)

    def skip_idxs(Y):
        idxs = T.arange((Y.shape[0] - 3) // 2) * 2 + 1
        return idxs[T.neq(Y[idxs], Y[idxs + 2]).nonzero()]

    def update_log_p(skips, zeros, active, log_p_curr, log_p_prev):
        active_skips = skips[(skips < active).nonzero()]
        active_next = T.cast(T.minimum(T.maximum(active + 1, T.max(T.concatenate([active_skips, [-1]])) + 2 + 1),
                                       log_p_curr.shape[0]), "int32")
        common = T.max(log_p_prev[:active])
        p_prev = T.exp(log_p_prev[:active] - common)
        _p = zeros[:active_next]
        _p = T.set_subtensor(_p[:active], p_prev)
        _p = T.inc_subtensor(_p[1:], _p[:-1])
        _p = T.inc_subtensor(_p[active_skips + 2], p_prev[active_skips])
        return active_next, T.set_subtensor(zeros[:active_next], log_p_curr[:active_next] + T.log(_p) + common)

    def path_probs(predict, Y, alpha=1e-4):
        L = T.log((1 - alpha) * predict[:, Y] + alpha * np.float32(1.) / Y.shape[0])
        zeros = T.zeros_like(L[0])
        f_skips, b_skips = skip_idxs(Y), skip_idxs(Y[::-1])

        def step(log_f_curr, log_b_curr, f_active, log_f_prev, b_active, log_b_prev):
            f_next, log_f_next = update_log_p(f_skips, zeros, f_active, log_f_curr, log_f_prev)
            b_next, log_b_next = update_log_p(b_skips, zeros, b_active, log_b_curr, log_b_prev)
            return f_next, log_f_next, b_next, log_b_next

        [f_active, log_f, b_active, log_b], _ = theano.scan(
            step, sequences=[L, L[::-1, ::-1]], outputs_info=[np.int32(1), zeros, np.int32(1), zeros])
        idxs = T.arange(L.shape[1]).dimshuffle("x", 0)
        mask = (idxs < f_active.dimshuffle(0, "x")) & (idxs < b_active.dimshuffle(0, "x"))[::-1, ::-1]
        return log_f + log_b[::-1, ::-1] - L, mask

    def cost(predict, Y):
        log_probs, mask = path_probs(predict, interleave_blanks(Y))
        common = T.max(log_probs)
        return -(T.log(T.sum(T.exp(log_probs - common)[mask.nonzero()])) + common)

    def ctc_step(y_true_step, y_pred_step, input_length_step, label_length_step):
        return cost(y_pred_step[0:input_length_step[0]], y_true_step[0:label_length_step[0]])

    ret, _ = theano.scan(ctc_step, sequences=[y_true, y_pred, input_length, label_length])
    return ret.dimshuffle("x", 0)


def test_keras_ctc_batch_cost_as_theano_computed_it():
    rng = np.random.RandomState(0)
    yp = rng.rand(3, 7, 5).astype("float32")
    yp /= yp.sum(-1, keepdims=True)
    yt = rng.randint(0, 4, size=(3, 3)).astype("float32")
    il = np.array([[7], [5], [6]], dtype="int32")
    ll = np.array([[3], [2], [1]], dtype="int32")
    y_true, y_pred = T.fmatrix("y_true"), T.ftensor3("y_pred")
    in_len, lab_len = T.imatrix("il"), T.imatrix("ll")
    cost = _ctc_batch_cost(T.cast(y_true, "int32"), y_pred, in_len, lab_len)
    f = theano.function([y_true, y_pred, in_len, lab_len], [cost, theano.grad(cost.sum(), y_pred)])
    c, g = f(yt, yp, il, ll)
    # Theano 1.0.5 (the oracle, theano-reference/setup.sh) on the same inputs: cost float64 (1, 3), these values;
    # the gradient float32, zero past each sample's input length, |g| summing to 122.42576
    assert c.dtype == np.float64 and c.shape == (1, 3)
    np.testing.assert_allclose(c, [[5.84525778, 3.57658938, 7.16656931]], rtol=1e-7)
    assert g.dtype == np.float32 and g.shape == (3, 7, 5)
    np.testing.assert_allclose(np.abs(g).sum(), 122.42576, rtol=1e-5)
    np.testing.assert_allclose(g[1, :5, 2], [-3.7349863, -1.9766047, -1.6675408, -2.0436037, -3.939555], rtol=1e-5)
    assert not g[1, 5:].any() and not g[2, 6:].any()

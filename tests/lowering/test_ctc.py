"""theano.tensor.nnet.ctc: CTC costs and gradients against a numpy sum over every alignment, Theano's warp-ctc
expected values, verify_grad, the no-gradient rewrite, and Theano's errors for bad inputs."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import NullTypeGradError
from theano.tensor.nnet.ctc import ConnectionistTemporalClassification, ctc, ctc_available


def _log_softmax(a: np.ndarray) -> np.ndarray:
    a = a.astype("float64")
    a = a - a.max(axis=-1, keepdims=True)
    return a - np.log(np.exp(a).sum(axis=-1, keepdims=True))


def brute_force_costs(acts: np.ndarray, labels: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """-log sum over every path of each example's length that collapses (merge repeats, drop blanks) to its labels."""
    logp = _log_softmax(acts)
    costs = []
    for b in range(acts.shape[1]):
        target = tuple(int(v) for v in labels[b] if v >= 0)
        n = int(lengths[b])
        total = 0.0
        for path in itertools.product(range(acts.shape[2]), repeat=n):
            collapsed = tuple(k for i, k in enumerate(path) if k != 0 and (i == 0 or path[i - 1] != k))
            if collapsed == target:
                total += np.exp(sum(logp[t, b, k] for t, k in enumerate(path)))
        costs.append(-np.log(total) if total > 0 else np.inf)
    return np.array(costs)


def brute_force_grads(acts: np.ndarray, labels: np.ndarray, lengths: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    """Central differences of the brute-force costs (float64), per example."""
    acts = acts.astype("float64")
    grad = np.zeros_like(acts)
    for idx in np.ndindex(*acts.shape):
        up, down = acts.copy(), acts.copy()
        up[idx] += eps
        down[idx] -= eps
        b = idx[1]
        grad[idx] = (brute_force_costs(up, labels, lengths)[b] - brute_force_costs(down, labels, lengths)[b]) / (2 * eps)
    return grad


@pytest.fixture(scope="module")
def cost_and_grad():
    acts, labels, lengths = T.ftensor3("acts"), T.imatrix("labels"), T.ivector("lengths")
    cost = ctc(acts, labels, lengths)
    grad = T.grad(cost.sum(), acts)
    return theano.function([acts, labels, lengths], [cost, grad])


def test_available_and_op_outputs():
    assert ctc_available() is True
    acts, labels, lengths = T.ftensor3(), T.imatrix(), T.ivector()
    cost = ctc(acts, labels, lengths)
    node = cost.owner
    assert isinstance(node.op, ConnectionistTemporalClassification) and node.op.compute_grad
    assert cost is node.outputs[0] and cost.type == T.fvector and cost.name == "ctc_cost"
    assert node.outputs[1].type == T.ftensor3 and node.outputs[1].name == "ctc_grad"
    assert ConnectionistTemporalClassification(compute_grad=False).make_node(acts, labels, lengths).nout == 1


def test_costs_and_gradients_against_every_alignment(cost_and_grad):
    rng = np.random.RandomState(42)
    # time 4, batch 6, alphabet 3 (blank 0): repeated labels, padding in the middle and at the end, an empty
    # labelling, input lengths shorter than time (and 0), a labelling that needs every step
    acts = rng.randn(4, 6, 3).astype("float32")
    labels = np.array([[1, 2, -1], [1, 1, -1], [-1, 2, 1], [-1, -1, -1], [2, 2, 2], [1, -1, -1]], dtype="int32")
    lengths = np.array([4, 3, 2, 4, 4, 0], dtype="int32")
    cost, grad = cost_and_grad(acts, labels, lengths)
    want = brute_force_costs(acts, labels, lengths)
    # example 4 ([2, 2, 2] needs 5 steps) and example 5 (a label in 0 steps) are impossible: cost 0 and zero
    # gradient, as warp-ctc (Theano's ctc) gives them
    assert np.isinf(want[4]) and np.isinf(want[5])
    assert cost[4] == 0 and cost[5] == 0
    want = np.where(np.isinf(want), 0, want)
    assert cost.dtype == "float32" and grad.dtype == "float32" and grad.shape == acts.shape
    np.testing.assert_allclose(cost, want, rtol=2e-5)
    want_grad = brute_force_grads(acts, labels, lengths)
    finite = np.isfinite(brute_force_costs(acts, labels, lengths))
    np.testing.assert_allclose(grad[:, finite], want_grad[:, finite], atol=1e-4)
    assert not grad[:, ~finite].any()
    # past each example's length the gradient is zero
    for b, n in enumerate(lengths):
        assert not grad[n:, b].any()


def test_empty_labels_and_zero_length(cost_and_grad):
    acts = np.random.RandomState(0).randn(3, 2, 4).astype("float32")
    labels = np.full((2, 2), -1, dtype="int32")
    cost, grad = cost_and_grad(acts, labels, np.array([3, 0], dtype="int32"))
    # empty labelling: every step emits blank; in 0 steps the empty labelling has probability 1
    np.testing.assert_allclose(cost, [-_log_softmax(acts)[:, 0, 0].sum(), 0.0], rtol=1e-5)
    assert not grad[:, 1].any()


def _theano_cases():
    """The cases of Theano 1.0.5's tensor/nnet/tests/test_ctc.py (expected values from warp-ctc)."""
    torch_acts = np.asarray([[[0, 0, 0, 0, 0], [1, 2, 3, 4, 5], [-5, -4, -3, -2, -1]],
                             [[0, 0, 0, 0, 0], [6, 7, 8, 9, 10], [-10, -9, -8, -7, -6]],
                             [[0, 0, 0, 0, 0], [11, 12, 13, 14, 15], [-15, -14, -13, -12, -11]]], dtype=np.float32)
    torch_grads = [[[0.2, -0.8, 0.2, 0.2, 0.2],
                    [0.01165623125, 0.03168492019, 0.08612854034, -0.7658783197, 0.636408627],
                    [-0.02115798369, 0.03168492019, -0.8810571432, 0.2341216654, 0.636408627]],
                   [[0, 0, 0, 0, 0],
                    [-0.9883437753, 0.03168492019, 0.08612854034, 0.2341216654, 0.636408627],
                    [-0.02115798369, 0.03168492019, -0.1891518533, -0.4577836394, 0.636408627]],
                   [[0, 0, 0, 0, 0],
                    [0.01165623125, 0.03168492019, 0.08612854034, -0.7658783197, 0.636408627],
                    [-0.02115798369, 0.03168492019, 0.08612854034, -0.7330639958, 0.636408627]]]
    yield (torch_acts, np.asarray([[1, -1], [3, 3], [2, 3]], dtype=np.int32), np.asarray([1, 3, 3], dtype=np.int32),
           np.asarray([1.609437943, 7.355742931, 4.938849926]), np.asarray(torch_grads))
    acts = np.asarray([[[0.1, 0.6, 0.1, 0.1, 0.1], [0.1, 0.1, 0.6, 0.1, 0.1]],
                       [[0.6, 0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.5, 0.2, 0.1]]], dtype=np.float32)
    grads = [[[0.177031219, -0.7081246376, 0.177031219, 0.177031219, 0.177031219],
              [0.177031219, -0.8229685426, 0.291875124, 0.177031219, 0.177031219]],
             [[0.291875124, 0.177031219, -0.8229685426, 0.177031219, 0.177031219],
              [0.1786672771, 0.1786672771, -0.7334594727, 0.1974578798, 0.1786672771]]]
    yield (acts, np.asarray([[1, 2], [1, 2]], dtype=np.int32), np.asarray([2, 2], dtype=np.int32),
           np.asarray([2.962858438, 3.053659201]), np.asarray(grads))


@pytest.mark.parametrize("case", range(2))
def test_theano_warp_ctc_values_through_shared_and_mean(case):
    acts, labels, lengths, want_cost, want_grad = list(_theano_cases())[case]
    t_acts = theano.shared(acts, name="activations")
    cost = ctc(t_acts, theano.shared(labels), theano.shared(lengths))
    grad = T.grad(T.mean(cost), t_acts)
    got_cost, got_grad = theano.function([], [cost, grad])()
    np.testing.assert_allclose(got_cost, want_cost, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(got_grad, want_grad / len(want_cost), rtol=1e-5, atol=1e-5)


def test_unused_gradient_output_is_dropped():
    acts, labels, lengths = T.ftensor3(), T.imatrix(), T.ivector()
    f = theano.function([acts, labels, lengths], ctc(acts, labels, lengths))
    ops = [n.op for n in f.maker.fgraph.apply_nodes if isinstance(n.op, ConnectionistTemporalClassification)]
    assert ops == [ConnectionistTemporalClassification(compute_grad=False)]
    g = theano.function([acts, labels, lengths], T.grad(ctc(acts, labels, lengths).sum(), acts))
    ops = [n.op for n in g.maker.fgraph.apply_nodes if isinstance(n.op, ConnectionistTemporalClassification)]
    assert ops == [ConnectionistTemporalClassification(compute_grad=True)]


def test_verify_grad():
    acts = np.asarray([[[0.1, 0.6, 0.1, 0.1, 0.1], [0.1, 0.1, 0.6, 0.1, 0.1]],
                       [[0.6, 0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.5, 0.2, 0.1]]], dtype=np.float32)
    labels = theano.shared(np.asarray([[1, 2], [1, -1]], dtype=np.int32))
    lengths = theano.shared(np.asarray([2, 1], dtype=np.int32))
    theano.gradient.verify_grad(lambda a: ctc(a, labels, lengths), [acts], rng=np.random.RandomState(1))


def test_grad_of_labels_is_undefined_and_compute_grad_false_still_differentiates():
    acts, labels, lengths = T.ftensor3(), T.imatrix(), T.ivector()
    with pytest.raises(NullTypeGradError):
        T.grad(ctc(acts, labels, lengths).sum(), labels)
    cost = ConnectionistTemporalClassification(compute_grad=False)(acts, labels, lengths)
    g = theano.function([acts, labels, lengths], T.grad(cost.sum(), acts))
    a = np.random.RandomState(3).randn(2, 1, 3).astype("float32")
    np.testing.assert_allclose(g(a, np.array([[1]], "int32"), np.array([2], "int32")),
                               brute_force_grads(a, np.array([[1]]), np.array([2])), atol=1e-4)


def test_infer_shape():
    acts, labels, lengths = T.ftensor3(), T.imatrix(), T.ivector()
    node = ctc(acts, labels, lengths).owner
    f = theano.function([acts, labels, lengths], [node.outputs[0].shape[0], node.outputs[1].shape],
                        on_unused_input="ignore")
    shapes = f(np.zeros((5, 3, 4), "float32"), np.zeros((3, 2), "int32"), np.zeros(3, "int32"))
    assert int(shapes[0]) == 3 and tuple(shapes[1]) == (5, 3, 4)
    assert not any(isinstance(n.op, ConnectionistTemporalClassification) for n in f.maker.fgraph.apply_nodes)


@pytest.mark.parametrize("args, error, message", [
    ((T.dtensor3(), T.imatrix(), T.ivector()), TypeError, "activations must use the float32 type!"),
    ((T.fmatrix(), T.imatrix(), T.ivector()), ValueError, "activations must have 3 dimensions."),
    ((T.ftensor3(), T.lmatrix(), T.ivector()), TypeError, "labels must use the int32 type!"),
    ((T.ftensor3(), T.ivector(), T.ivector()), ValueError, "labels must have 2 dimensions."),
    ((T.ftensor3(), T.imatrix(), T.lvector()), TypeError, "input_lengths must use the int32 type!"),
    ((T.ftensor3(), T.imatrix(), T.imatrix()), ValueError, "input_lengths must have 1 dimension."),
])
def test_theano_make_node_errors(args, error, message):
    with pytest.raises(error, match=message.replace(".", r"\.")):
        ctc(*args)


def test_bad_values_raise_at_run_time(cost_and_grad):
    acts = np.zeros((3, 2, 4), "float32")
    with pytest.raises(ValueError, match=r"input length is outside \[0, 3\].*: 4"):
        cost_and_grad(acts, np.array([[1], [2]], "int32"), np.array([3, 4], "int32"))
    with pytest.raises(ValueError, match="label is outside the alphabet of 4 symbols: 7"):
        cost_and_grad(acts, np.array([[1], [7]], "int32"), np.array([3, 3], "int32"))
    with pytest.raises(ValueError, match="activations hold 2 sequences"):
        cost_and_grad(acts, np.array([[1], [2], [3]], "int32"), np.array([3, 3], "int32"))


def test_forward_backward_reference_matches_every_alignment():
    """tests/lowering/ctc_reference.py (used by the rewrite tests' numpy evaluation) against the brute force."""
    from ctc_reference import CTC_REFERENCE
    rng = np.random.RandomState(5)
    acts = rng.randn(4, 5, 3)
    labels = np.array([[1, 2, -1], [1, 1, -1], [-1, 2, 1], [-1, -1, -1], [2, 2, 2]], dtype="int32")
    lengths = np.array([4, 3, 2, 4, 4], dtype="int32")
    costs, grads = CTC_REFERENCE["ConnectionistTemporalClassification"](
        ConnectionistTemporalClassification(), acts, labels, lengths)
    want = brute_force_costs(acts, labels, lengths)
    np.testing.assert_allclose(costs, np.where(np.isinf(want), 0, want), rtol=1e-10)
    finite = np.isfinite(want)
    np.testing.assert_allclose(grads[:, finite], brute_force_grads(acts, labels, lengths)[:, finite], atol=1e-6)
    assert not grads[:, ~finite].any()

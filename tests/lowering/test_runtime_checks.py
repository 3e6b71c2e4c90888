"""Run-time errors raised from inside the compiled program (lowering/runtime_checks.py), as Theano 1.0.5's ops
raised them: integer division/modulo by zero, class labels out of range, integer indices out of bounds, also
inside scan steps, IfElse branches and gradients. Every failed call leaves the shared values as they were."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.ifelse import ifelse

FX = np.float32


def _onehot_rows(cols: list[int], n: int) -> np.ndarray:
    """A float matrix whose row-wise argmax is `cols` (indices computed on the device from float data)."""
    m = np.zeros((len(cols), n), FX)
    m[np.arange(len(cols)), cols] = 1
    return m


@pytest.mark.parametrize("expr, reference, message", [
    (lambda a, b: a // b, np.floor_divide, "integer division by zero"),
    (lambda a, b: a % b, np.mod, "integer modulo by zero"),
    (lambda a, b: (a // b) * 3 + a, lambda a, b: (a // b) * 3 + a, "integer division by zero"),  # fused
    (lambda a, b: T.int_div(a, b), np.floor_divide, "integer division by zero"),
])
def test_integer_division_by_zero_raises_zero_division_error(expr, reference, message):
    a, b = T.ivector("a"), T.ivector("b")
    f = theano.function([a, b], expr(a, b))
    with pytest.raises(ZeroDivisionError, match=message) as info:
        f(np.array([7, 3], "int32"), np.array([2, 0], "int32"))
    assert "Apply node that caused the error" in str(info.value)
    np.testing.assert_array_equal(f(np.array([7, -7], "int32"), np.array([2, 2], "int32")),
                                  reference(np.array([7, -7], "int32"), np.array([2, 2], "int32")))


def test_float_floor_division_by_zero_is_not_an_error():
    a, b = T.vector("a"), T.vector("b")
    out = theano.function([a, b], a // b)(np.array([1.0, -1.0]), np.array([0.0, 0.0]))
    np.testing.assert_array_equal(out, [np.inf, -np.inf])


def test_failed_call_leaves_donated_shared_values_unchanged():
    a, b = T.iscalar("a"), T.iscalar("b")
    counter = theano.shared(np.arange(3, dtype="int32"), "counter")
    w = theano.shared(np.ones((2, 2), FX), "w")
    f = theano.function([a, b], a // b, updates=[(counter, counter + 1), (w, w * 2)])
    assert f(7, 2) == 3
    np.testing.assert_array_equal(counter.get_value(), [1, 2, 3])
    with pytest.raises(ZeroDivisionError):
        f(7, 0)
    np.testing.assert_array_equal(counter.get_value(), [1, 2, 3])
    np.testing.assert_array_equal(w.get_value(), 2 * np.ones((2, 2)))
    assert f(9, 3) == 3  # the function still works, from the values before the failed call
    np.testing.assert_array_equal(counter.get_value(), [2, 3, 4])


def test_sgd_step_with_a_bad_label_raises_and_keeps_the_parameters():
    x, m = T.fmatrix("x"), T.fmatrix("m")
    y = T.argmax(m, axis=1)  # labels computed on the device
    W = theano.shared(np.full((3, 3), 0.5, FX), "W")
    cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(x, W)), y).mean()
    step = theano.function([x, m], cost, updates=[(W, W - FX(0.1) * T.grad(cost, W))])
    before = W.get_value()
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        step(np.ones((2, 3), FX), _onehot_rows([0, 4], 5))
    np.testing.assert_array_equal(W.get_value(), before)
    step(np.ones((2, 3), FX), _onehot_rows([0, 2], 5))
    assert not np.array_equal(W.get_value(), before)


@pytest.mark.parametrize("labels", [[1, 3], [0, -1]])
def test_fused_crossentropy_gradient_checks_labels_on_the_device(labels):
    x, m, dy = T.fmatrix("x"), T.fmatrix("m"), T.fvector("dy")
    sm = T.nnet.softmax(x)
    # labels reach the op through a graph the host does not evaluate: argmax of float data, shifted
    y = T.argmax(m, axis=1) + T.constant(labels[1] - 1 if labels[1] < 0 else 0, dtype="int64")
    g = theano.function([dy, x, m], T.nnet.crossentropy_softmax_1hot_with_bias_dx(dy, sm, y))
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        g(np.ones(2, FX), np.ones((2, 3), FX), _onehot_rows([1, 3] if labels[1] > 0 else [0, 0], 4))


def test_categorical_crossentropy_on_probabilities_raises_numpys_index_error():
    p, m = T.fmatrix("p"), T.fmatrix("m")
    f = theano.function([p, m], T.nnet.categorical_crossentropy(p, T.argmax(m, axis=1)))
    probs = np.full((2, 3), 1 / 3, FX)
    with pytest.raises(IndexError, match="index 4 is out of bounds for axis 1 with size 3"):
        f(probs, _onehot_rows([0, 4], 5))
    np.testing.assert_allclose(f(probs, _onehot_rows([0, 2], 5)), -np.log([1 / 3, 1 / 3]), rtol=1e-6)


@pytest.mark.parametrize("build", [
    lambda x, i: x[i],                               # AdvancedSubtensor1
    lambda x, i: T.inc_subtensor(x[i], 1),           # AdvancedIncSubtensor1
    lambda x, i: T.set_subtensor(x[i], 0),
    lambda x, i: x[i, i],                            # AdvancedSubtensor
    lambda x, i: x[i[0]],                            # Subtensor with a run-time scalar index
])
def test_out_of_bounds_indices_computed_on_the_device_raise_index_error(build):
    x, m = T.fmatrix("x"), T.fmatrix("m")
    f = theano.function([x, m], build(x, T.argmax(m, axis=1)))
    with pytest.raises(IndexError, match="index 4 is out of bounds for axis 0 with size 3") as info:
        f(np.ones((3, 3), FX), _onehot_rows([4, 4], 5))
    assert "Apply node that caused the error" in str(info.value)
    f(np.ones((3, 3), FX), _onehot_rows([2, 0], 5))


def test_negative_index_out_of_bounds():
    x, i = T.fvector("x"), T.iscalar("i")
    f = theano.function([x, i], x[i])
    assert f(np.arange(3, dtype=FX), -3) == 0
    with pytest.raises(IndexError, match="index -4 is out of bounds for axis 0 with size 3"):
        f(np.arange(3, dtype=FX), -4)


def test_checks_inside_a_scan_step_and_its_gradient_keep_shared_values():
    idx = T.ivector("idx")
    V = theano.shared(np.ones((2, 3), FX), "V")
    rows, _ = theano.scan(lambda k: V[k].sum(), sequences=idx)
    cost = rows.sum()
    f = theano.function([idx], cost, updates=[(V, V - FX(0.1) * T.grad(cost, V))])
    assert f(np.array([0, 1], "int32")) == 6
    before = V.get_value()
    with pytest.raises(IndexError, match="index 7 is out of bounds for axis 0 with size 2"):
        f(np.array([0, 7], "int32"))
    np.testing.assert_array_equal(V.get_value(), before)


def test_division_by_zero_inside_scan_and_while_loops():
    v = T.ivector("v")
    out, _ = theano.scan(lambda k, acc: acc + 10 // k, sequences=v, outputs_info=T.constant(0, dtype="int32"))
    f = theano.function([v], out[-1])
    assert f(np.array([1, 2, 5], "int32")) == 17
    with pytest.raises(ZeroDivisionError):
        f(np.array([1, 0, 5], "int32"))
    n = T.iscalar("n")
    seq, _ = theano.scan(lambda acc: acc + 1 + 6 // (2 - acc), outputs_info=T.constant(0, dtype="int32"), n_steps=n)
    g = theano.function([n], seq[-1])
    assert g(2) == 2  # 0 -> 4 -> 2; the third step divides by 2 - 2
    with pytest.raises(ZeroDivisionError):
        g(3)


def test_only_the_taken_ifelse_branch_raises():
    a, b = T.iscalar("a"), T.iscalar("b")
    f = theano.function([a, b], ifelse(T.gt(a, 0), a // b, a))
    assert f(-1, 0) == -1
    with pytest.raises(ZeroDivisionError):
        f(1, 0)


@pytest.mark.parametrize("mode", ["FAST_COMPILE", "DebugMode", theano.compile.MonitorMode()])
def test_every_mode_raises(mode):
    a, b = T.iscalar("a"), T.iscalar("b")
    f = theano.function([a, b], a // b, mode=mode)
    with pytest.raises(ZeroDivisionError):
        f(7, 0)
    assert f(7, 2) == 3


def test_second_order_gradient_through_a_checked_index():
    x, m = T.fvector("x"), T.fmatrix("m")
    i = T.argmax(m, axis=1)
    c = (x[i] ** 3).sum()
    h = theano.function([x, m], T.grad(T.grad(c, x).sum(), x))
    np.testing.assert_allclose(h(np.arange(3, dtype=FX), _onehot_rows([2, 2], 3)), [0, 0, 24])
    with pytest.raises(IndexError):
        h(np.arange(3, dtype=FX), _onehot_rows([2, 5], 6))


@pytest.mark.parametrize("dtype", ["uint8", "int8", "uint16", "int64"])
def test_narrow_and_unsigned_index_dtypes_are_checked_without_wrapping(dtype):
    """uint8 indices into a length-50 vector: -50 must not wrap to 206 in the comparison (bincount's idiom)."""
    x = T.TensorType(dtype, (False,))("x")
    counts = T.inc_subtensor(T.zeros((50,), dtype="int64")[x * 1], 1)
    f = theano.function([x], counts)
    np.testing.assert_array_equal(f(np.array([20, 20, 3], dtype)), np.bincount([20, 20, 3], minlength=50))
    with pytest.raises(IndexError, match="index 60 is out of bounds for axis 0 with size 50"):
        f(np.array([3, 60], dtype))
    if dtype in ("uint8", "int8"):
        return  # T.nnet's cross-entropy refuses these label dtypes while building the graph, as Theano's
    y = T.TensorType(dtype, (False,))("y")
    p = T.fmatrix("p")
    g = theano.function([p, y], T.nnet.categorical_crossentropy(T.nnet.softmax(p), y * 1))
    assert np.all(np.isfinite(g(np.ones((2, 3), FX), np.array([0, 2], dtype))))
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        g(np.ones((2, 3), FX), np.array([0, 100], dtype))


def test_assert_op_raises_assertion_error_from_the_program():
    from theano.tensor.opt import Assert, assert_op

    x = T.vector("x")
    w = theano.shared(np.zeros(2), "w")
    checked = assert_op(x, T.lt(x.size, 3), T.all(T.ge(x, 0)))
    f = theano.function([x], checked * 2, updates=[(w, w + 1)])
    np.testing.assert_array_equal(f(np.array([1.0, 2.0])), [2.0, 4.0])
    with pytest.raises(AssertionError, match="Theano Assert failed!"):
        f(np.array([1.0, -2.0]))
    with pytest.raises(AssertionError):
        f(np.zeros(5))
    np.testing.assert_array_equal(w.get_value(), [1.0, 1.0])  # only the successful call updated it
    g = theano.function([x], Assert("x must have 2 entries: 100% sure")(x, T.eq(x.shape[0], 2)).sum())
    with pytest.raises(AssertionError, match="x must have 2 entries: 100% sure"):
        g(np.zeros(3))
    assert T.grad(assert_op(x, T.lt(x.size, 3)).sum(), x) is not None
    with pytest.raises(TypeError, match="scalar"):
        assert_op(x, x > 0)

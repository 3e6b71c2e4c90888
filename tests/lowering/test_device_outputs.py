"""theano.function(..., return_device_arrays=True): outputs stay jax.Arrays on the device and a call does not wait
for its program; a failed run-time check is raised by a later call or by f.sync(), and neither the failed call nor
any call made after it commits anything (each call's program takes the previous call's error flag)."""
from __future__ import annotations

import pickle

import jax
import numpy as np
import pytest

import theano
import theano.tensor as T


def logreg(return_device_arrays: bool) -> tuple:
    rng = np.random.RandomState(0)
    w = theano.shared(rng.randn(5, 3).astype("float64"), name="w")
    b = theano.shared(np.zeros(3), name="b")
    x, y = T.dmatrix("x"), T.ivector("y")
    p = T.nnet.softmax(T.dot(x, w) + b)
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])  # its labels are checked by the program
    gw, gb = T.grad(cost, [w, b])
    f = theano.function([x, y], cost, updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)],
                        return_device_arrays=return_device_arrays)
    return f, w, b


def data(k: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(k)
    return rng.randn(8, 5), rng.randint(0, 3, 8).astype("int32")


def test_outputs_are_device_arrays_with_the_numpy_path_values() -> None:
    f_dev, w_dev, b_dev = logreg(True)
    f_np, w_np, b_np = logreg(False)
    assert f_dev.return_device_arrays and not f_np.return_device_arrays
    logged_dev, logged_np = [], []
    for step in range(30):
        xv, yv = data(step)
        c_dev, c_np = f_dev(xv, yv), f_np(xv, yv)
        assert isinstance(c_dev, jax.Array) and isinstance(c_np, np.ndarray)
        if step % 10 == 9:  # a loop that logs now and then reads the value only then
            logged_dev.append(float(c_dev))
            logged_np.append(float(c_np))
    np.testing.assert_allclose(logged_dev, logged_np, rtol=1e-12)
    np.testing.assert_allclose(w_dev.get_value(), w_np.get_value(), rtol=1e-12)
    np.testing.assert_allclose(b_dev.get_value(), b_np.get_value(), rtol=1e-12)


def test_several_outputs_and_keyword_calls() -> None:
    x = T.dvector("x")
    f = theano.function([x], [x * 2, x.sum()], return_device_arrays=True)
    a, s = f(x=np.arange(3.0))
    assert isinstance(a, jax.Array) and isinstance(s, jax.Array)
    np.testing.assert_array_equal(np.asarray(a), [0.0, 2.0, 4.0])
    assert float(s) == 3.0
    g = theano.function([x], {"double": x * 2}, return_device_arrays=True)
    assert isinstance(g(np.ones(2))["double"], jax.Array)


def test_a_failed_check_is_raised_by_sync_and_commits_nothing() -> None:
    f, w, b = logreg(True)
    xv, yv = data(0)
    f(xv, yv)
    w_before, b_before = w.get_value(), b.get_value()
    bad = yv.copy()
    bad[2] = 7  # out of bounds for 3 classes
    f(xv, bad)  # returns without waiting for the program
    with pytest.raises(ValueError, match="y_i value out of bounds"):  # the fused crossentropy's check, as Theano
        f.sync()
    np.testing.assert_array_equal(w.get_value(), w_before)
    np.testing.assert_array_equal(b.get_value(), b_before)
    f.sync()  # raised once
    f(xv, yv)  # and the function goes on from the values before the failed call
    assert not np.array_equal(w.get_value(), w_before)


def test_a_failed_check_is_raised_by_a_later_call_before_it_runs() -> None:
    """The host reads the flags of a few calls at once, once MAX_PENDING calls are unread: the failed call's error
    comes within that many calls, before the call that raises it runs."""
    from theano.lowering.function_call import MAX_PENDING
    f, w, _ = logreg(True)
    xv, yv = data(0)
    bad = yv.copy()
    bad[0] = -9
    f(xv, bad)
    w_before = w.get_value()
    for step in range(MAX_PENDING):
        try:
            f(xv, yv)
        except ValueError as err:
            assert "y_i value out of bounds" in str(err)
            break
        assert step < MAX_PENDING - 1, "no call raised the failed call's error"
    np.testing.assert_array_equal(w.get_value(), w_before)  # none of the calls committed anything
    assert f._pending_check is None
    f(xv, yv)
    f.sync()
    assert not np.array_equal(w.get_value(), w_before)


def test_calls_after_a_failed_one_commit_nothing_until_it_is_raised() -> None:
    """However many calls are dispatched before the host reads the failed call's flag, none of them commits, and the
    error raised (by one of them, before it runs, or by sync) is the failed call's."""
    f, w, b = logreg(True)
    xv, yv = data(0)
    f(xv, yv)
    w_before, b_before = w.get_value(), b.get_value()
    bad = yv.copy()
    bad[1] = 3
    f(xv, bad)
    raised = 0
    for step in range(20):
        try:
            f(*data(step + 1))
        except ValueError as err:
            assert "y_i value out of bounds" in str(err)
            raised += 1
            break
    if not raised:
        with pytest.raises(ValueError, match="y_i value out of bounds"):
            f.sync()
    np.testing.assert_array_equal(w.get_value(), w_before)
    np.testing.assert_array_equal(b.get_value(), b_before)
    f.sync()  # raised once
    f(xv, yv)
    f.sync()
    assert not np.array_equal(w.get_value(), w_before)


def test_unread_calls_are_bounded() -> None:
    from theano.lowering.function_call import MAX_PENDING
    f, w, _ = logreg(True)
    g, w_np, _ = logreg(False)
    for step in range(3 * MAX_PENDING + 1):
        f(*data(step))
        g(*data(step))
        assert len(f._pending_check or ()) <= MAX_PENDING
    f.sync()
    assert f._pending_check is None
    np.testing.assert_allclose(w.get_value(), w_np.get_value(), rtol=1e-12)


def test_a_set_previous_flag_makes_the_program_commit_nothing() -> None:
    """The chained program itself (lowering/runtime_checks.checked_program): given a failed accumulated flag, its
    updates are the values it was given and its flags (the accumulated one, then the call's copy) are the earlier
    failure, whatever its own checks say; a program without checks passes the accumulated flag through."""
    import jax.numpy as jnp
    from theano.lowering.runtime_checks import check, checked_program

    def run(static, x, w):
        check(x < 0, ValueError, "negative")
        return [x * 2, w + x]

    program = jax.jit(checked_program(run, 1, [2], chained=True), static_argnums=(0,))
    ok = np.zeros(2, np.int32)
    out, new_w, acc, flag = program((), jnp.float32(1.0), jnp.float32(10.0), ok)
    assert float(new_w) == 11.0 and int(flag[0]) == 0 and int(acc[0]) == 0
    earlier = np.array([1234, 5], np.int32)
    out, new_w, acc, flag = program((), jnp.float32(1.0), jnp.float32(10.0), earlier)
    assert float(new_w) == 10.0 and np.asarray(flag).tolist() == [1234, 5] == np.asarray(acc).tolist()
    out, new_w, acc, flag = program((), jnp.float32(-1.0), jnp.float32(10.0), ok)
    assert float(new_w) == 10.0 and int(flag[0]) != 0 and np.asarray(acc).tolist() == np.asarray(flag).tolist()

    unchecked = jax.jit(checked_program(lambda static, x, w: [x * 2, w + x], 1, [2], chained=True),
                        static_argnums=(0,))
    out, new_w, acc = unchecked((), jnp.float32(1.0), jnp.float32(10.0), earlier)
    assert float(new_w) == 11.0 and np.asarray(acc).tolist() == [1234, 5]


def test_the_accumulated_flag_stays_in_one_buffer_and_is_rebuilt_after_a_failure() -> None:
    """A chained function donates its accumulated flag to each call (one device buffer from call to call, where
    the device allows it); after a failed check is raised, the calls after it start from a clear flag."""
    f, w, _ = logreg(True)
    xv, yv = data(0)
    f(xv, yv)
    first = f._acc_flag
    assert first is not None
    f(xv, yv)
    assert first.is_deleted()  # donated to the second call
    bad = yv.copy()
    bad[0] = 5
    f(xv, bad)
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        f.sync()
    assert f._acc_flag is None
    before = w.get_value()
    f(xv, yv)
    f.sync()  # clear again
    assert not np.array_equal(w.get_value(), before)


def test_numpy_outputs_raise_at_the_call_as_before() -> None:
    f, w, _ = logreg(False)
    xv, yv = data(0)
    bad = yv.copy()
    bad[0] = 5
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        f(xv, bad)
    f.sync()  # nothing pending


def test_refused_where_results_are_read_on_the_host() -> None:
    x = T.dvector("x")
    with pytest.raises(ValueError, match="return_device_arrays=True needs a mode that runs one compiled program"):
        theano.function([x], x * 2, mode="DebugMode", return_device_arrays=True)
    with pytest.raises(ValueError, match="profile"):
        theano.function([x], x * 2, profile=True, return_device_arrays=True)
    with pytest.raises(TypeError, match="return_device_arrays must be True or False"):
        theano.function([x], x * 2, return_device_arrays="yes")
    assert isinstance(theano.function([x], x * 2, mode="FAST_COMPILE", return_device_arrays=True)(np.ones(2)),
                      jax.Array)


def test_borrowed_outputs_stay_numpy_views() -> None:
    x = T.dvector("x")
    f = theano.function([x], theano.Out(x * 2, borrow=True))
    assert isinstance(f(np.ones(2)), np.ndarray)


def test_copies_pickles_and_pfunc_keep_the_option() -> None:
    x = T.dvector("x")
    f = theano.function([x], x + 1, return_device_arrays=True)
    assert isinstance(f.copy()(np.ones(2))[0], jax.Array)  # a copy returns a list, as in Theano
    g = pickle.loads(pickle.dumps(f))
    assert g.return_device_arrays and isinstance(g(np.ones(2)), jax.Array)
    from theano.compile import pfunc
    h = pfunc([x], x + 1, return_device_arrays=True)
    assert isinstance(h(np.ones(2)), jax.Array)


def test_outputs_outlive_the_donation_of_the_shared_buffers() -> None:
    """An output equal to a shared variable's old or new value is its own buffer: the next call donates the shared
    variable's buffer, and what earlier calls returned stays readable."""
    w = theano.shared(np.zeros(3), name="w")
    f = theano.function([], w + 1, updates=[(w, w + 1)], return_device_arrays=True)
    outs = [f() for _ in range(3)]
    np.testing.assert_array_equal(np.asarray(outs), [[1.0] * 3, [2.0] * 3, [3.0] * 3])
    g = theano.function([], w, updates=[(w, w * 2)], return_device_arrays=True)
    olds = [g() for _ in range(2)]
    np.testing.assert_array_equal(np.asarray(olds), [[3.0] * 3, [6.0] * 3])
    np.testing.assert_array_equal(w.get_value(), [12.0] * 3)

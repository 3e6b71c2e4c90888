"""Off the CPU a call that returns numpy arrays reads its error flag and its scalar outputs (a cost) back in one
device-to-host transfer (lowering/runtime_checks.checked_program's `pack`). The packing is switched on here for
the CPU (PACK_SCALARS_SKIPPED_ON), so that its values, dtypes and error path are checked on every machine."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.special

import theano
import theano.tensor as T
from theano.compile.ops import as_op
from theano.lowering import function as function_module


@pytest.fixture
def packing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(function_module, "PACK_SCALARS_SKIPPED_ON", frozenset())


def build(floatX: str = "float64") -> tuple:
    rng = np.random.RandomState(0)
    w = theano.shared(rng.randn(5, 3).astype(floatX), name="w")
    x, y = T.matrix("x", dtype=floatX), T.ivector("y")
    p = T.nnet.softmax(T.dot(x, w))
    cost = -T.mean(T.log(p)[T.arange(y.shape[0]), y])  # the labels are checked by the program
    gw = T.grad(cost, w)
    outs = [cost, p, y.sum(), T.eq(y[0], 1), cost.astype("float16"), (w ** 2).sum()]
    f = theano.function([x, y], outs, updates=[(w, w - np.asarray(0.1, floatX) * gw)])
    return f, w


def data(floatX: str = "float64") -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.RandomState(1)
    return rng.randn(8, 5).astype(floatX), rng.randint(0, 3, 8).astype("int32")


@pytest.mark.parametrize("floatX", ["float64", "float32"])
def test_packed_outputs_equal_the_unpacked_ones(packing: None, floatX: str) -> None:
    f_packed, w_packed = build(floatX)
    assert [k for k, _, _ in f_packed._pack_layout] == [0, 2, 3, 4, 5]  # the 0-d outputs
    xv, yv = data(floatX)
    got = f_packed(xv, yv)
    # the plain reference: no packing on the platform these functions run on (the CPU, or config.device's GPU)
    function_module.PACK_SCALARS_SKIPPED_ON = frozenset({f_packed._device.platform})
    f_plain, w_plain = build(floatX)
    want = f_plain(xv, yv)
    assert f_plain._pack_layout == ()
    for g, w in zip(got, want):
        assert isinstance(g, np.ndarray) and g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_array_equal(g, w)
    np.testing.assert_array_equal(w_packed.get_value(), w_plain.get_value())
    got[0][...] = 0  # a fresh, writable array
    assert f_packed(xv, yv)[0] != 0


def test_a_failed_check_raises_and_commits_nothing(packing: None) -> None:
    f, w = build()
    xv, yv = data()
    w_before = w.get_value()
    bad = yv.copy()
    bad[3] = 9
    with pytest.raises(ValueError, match="y_i value out of bounds"):
        f(xv, bad)
    assert f._pack_layout
    np.testing.assert_array_equal(w.get_value(), w_before)
    f(xv, yv)
    assert not np.array_equal(w.get_value(), w_before)


def test_without_checks_nothing_is_packed(packing: None) -> None:
    x = T.dvector("x")
    f = theano.function([x], [x.sum(), x * 2])
    s, d = f(np.arange(3.0))
    assert float(s) == 3.0 and d.tolist() == [0.0, 2.0, 4.0]


def test_a_host_callbacks_64_bit_scalar_is_packed(packing: None) -> None:
    """A 0-d float64 result of a host callback packed with the flag (issue: XLA folded the callback's
    uint32-pair -> float64 -> uint8 bitcasts into one invalid bitcast, and the program failed to compile)."""
    @as_op(itypes=[T.dscalar], otypes=[T.dscalar])
    def double(a):
        return np.asarray(2 * a)

    x, i = T.dscalar("x"), T.lvector("i")
    d = theano.shared(np.array([1, 2, 4]), name="d")
    f = theano.function([x, i], [double(x), (i // d).sum(), T.jv(x, x)])  # i // d: a run-time check
    assert [k for k, _, _ in f._pack_layout] == [0, 1, 2]
    got = f(1.5, np.array([1, 2, 3]))
    assert [g.dtype for g in got] == ["float64", "int64", "float64"]
    assert float(got[0]) == 3.0 and int(got[1]) == 2
    np.testing.assert_allclose(got[2], scipy.special.jv(1.5, 1.5), rtol=1e-14)
    d.set_value(np.array([1, 0, 4]))
    with pytest.raises(ZeroDivisionError):
        f(1.5, np.array([1, 2, 3]))

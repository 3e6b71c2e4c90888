"""Data- and model-parallel cases, run by test_sharding.py in a subprocess with 4 forced CPU devices
(XLA_FLAGS=--xla_force_host_platform_device_count=4), so that the rest of the suite stays single-device.
Run alone: XLA_FLAGS=--xla_force_host_platform_device_count=4 python -m pytest tests/lowering/sharding_cases.py"""
from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
import zipfile

import jax
import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.config_flags import ConfigError
from theano.misc import pkl_utils
from theano.sharding import BatchSplitError, data_parallel, make_mesh, shard
from theano.lowering.sharding import place

sys.path.insert(0, os.path.dirname(__file__))
from sharding_mlp import BS, build, dataset, train  # noqa: E402

pytestmark = pytest.mark.skipif(len(jax.devices()) != 4, reason="needs 4 devices (run through test_sharding.py)")

STEPS = 12


def _max_diff(a: list, b: list) -> float:
    return max(float(np.max(np.abs(np.asarray(x) - np.asarray(y)))) for x, y in zip(a, b))


def _compiled_text(f, *args) -> str:
    """The optimized HLO of data-parallel function `f` for explicit arguments `args` (placed as a call places them)."""
    plan_args = list(args) + [s.get_value(return_internal_type=True) for s in f._shared]
    spec = f.sharding
    mesh = spec.mesh
    batch = jax.sharding.NamedSharding(mesh, jax.sharding.PartitionSpec(spec.axis))
    repl = jax.sharding.NamedSharding(mesh, jax.sharding.PartitionSpec())
    placed = [place(a, batch if k < len(args) and np.ndim(a) else repl) for k, a in enumerate(plan_args)]
    with jax.enable_x64(True):
        return f._jitted.lower((), *placed).compile().as_text()


def test_mlp_with_givens_minibatches_matches_one_device():
    step1, p1 = build(False)
    step4, p4 = build(data_parallel())
    c1, c4 = train(step1, STEPS), train(step4, STEPS)
    assert c1[-1] < c1[0]  # it trains
    assert _max_diff(c1, c4) < 1e-10
    assert _max_diff([p.get_value() for p in p1], [p.get_value() for p in p4]) < 1e-10
    for p in p4:  # parameters replicated on the 4 devices, the updates kept so
        value = p.get_value(return_internal_type=True)
        assert len(value.sharding.device_set) == 4 and value.sharding.is_fully_replicated
    names = [str(n.op) for n in step4.maker.fgraph.toposort()]
    assert "BatchShard{x}" in names and "BatchShard{y}" in names
    assert not any("BatchShard" in str(n.op) for n in step1.maker.fgraph.toposort())


def test_explicit_inputs_split_over_the_batch_axis_and_gradients_all_reduced():
    X, Y = dataset()
    f1, p1 = build(False, explicit_inputs=True)
    f4, p4 = build(data_parallel(), explicit_inputs=True)
    for k in range(6):
        sl = slice((k % 4) * BS, (k % 4 + 1) * BS)
        c1, c4 = f1(X[sl], Y[sl]), f4(X[sl], Y[sl])
        assert abs(float(c1) - float(c4)) < 1e-10
    assert _max_diff([p.get_value() for p in p1], [p.get_value() for p in p4]) < 1e-10
    text = _compiled_text(f4, X[:BS], Y[:BS])
    assert "all-reduce" in text  # XLA inserted the gradient all-reduce: the program runs partitioned
    assert "f64[4,6]" in text  # each device holds 4 of the 16 rows


def test_batch_that_devices_cannot_split_is_a_clear_error_and_changes_nothing():
    X, Y = dataset()
    f4, p4 = build(data_parallel(), explicit_inputs=True)
    before = [p.get_value() for p in p4]
    with pytest.raises(BatchSplitError, match=r"index 0 .*input x .*4 devices.* 10 rows"):
        f4(X[:10], Y[:10])
    assert _max_diff(before, [p.get_value() for p in p4]) == 0
    assert issubclass(BatchSplitError, ValueError)
    # a givens minibatch of 6 rows: found when the program is traced, before anything runs
    x, i = T.matrix("x"), T.lscalar("i")
    W = theano.shared(np.ones((6, 2)), name="W")
    data = theano.shared(X, name="data")
    f = theano.function([i], T.dot(x, W).sum(), updates=[(W, W * 2)], givens={x: data[i * 6:(i + 1) * 6]},
                        sharding=data_parallel())
    with pytest.raises(BatchSplitError, match=r"minibatch x has 6 rows .*multiple of 4"):
        f(0)
    np.testing.assert_array_equal(W.get_value(), np.ones((6, 2)))


def test_flag_data_parallel_makes_every_function_data_parallel():
    x = T.matrix("x")
    theano.config.data_parallel = True
    f = theano.function([x], (x ** 2).sum(axis=1))
    assert f.sharding is not None and f.sharding.mesh.size == 4
    np.testing.assert_allclose(f(np.arange(8.0).reshape(4, 2)), (np.arange(8.0).reshape(4, 2) ** 2).sum(axis=1))
    g = theano.function([x], x.sum(), sharding=False)  # one function opts out
    assert g.sharding is None and float(g(np.ones((3, 2)))) == 6.0
    # helpers that compile for themselves are not data-parallel: any batch size works
    np.testing.assert_allclose(((x ** 2).sum(axis=1)).eval({x: np.ones((3, 2))}), [2.0, 2.0, 2.0])
    theano.gradient.verify_grad(lambda a: (a ** 2).sum(), [np.random.RandomState(0).randn(3, 2)],
                                rng=np.random.RandomState(1))
    theano.config.data_parallel = False
    assert theano.function([x], x.sum()).sharding is None
    with pytest.raises(ConfigError, match="data_parallel.*invalid boolean value 'maybe'"):
        theano.config.data_parallel = "maybe"
    with pytest.raises(TypeError, match="sharding must be theano.sharding.data_parallel"):
        theano.function([x], x.sum(), sharding="batch")
    with pytest.raises(ValueError, match="the mesh has axes \\('data',\\), not 'batch'"):
        data_parallel(make_mesh(4, "data"))


def test_flag_from_theano_flags_environment():
    code = "import theano; print(theano.config.data_parallel)"
    env = dict(os.environ, THEANO_FLAGS="data_parallel=True")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "True", out.stderr
    env["THEANO_FLAGS"] = "data_parallel=sometimes"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode != 0 and "data_parallel" in out.stderr and "sometimes" in out.stderr


def test_model_parallel_shared_variable_is_split_and_stays_split():
    mesh = make_mesh((2, 2), ("batch", "model"))
    rng = np.random.RandomState(0)
    w = rng.randn(6, 8)
    W = theano.shared(w, name="W", sharding=shard(mesh, None, "model"))
    value = W.get_value(return_internal_type=True)
    assert value.sharding.spec == jax.sharding.PartitionSpec(None, "model")
    assert value.addressable_shards[0].data.shape == (6, 4)  # each device holds half the columns
    x = T.matrix("x")
    y = T.dot(x, W)
    cost = (y ** 2).mean()
    upd = [(W, W - 0.1 * T.grad(cost, W))]
    xv = rng.randn(8, 6)
    # data-parallel over 'batch' with the model-parallel W over 'model'; against one device
    f = theano.function([x], cost, updates=upd, sharding=data_parallel(mesh, "batch"))
    W1 = theano.shared(w, name="W1")
    y1 = T.dot(x, W1)
    c1 = (y1 ** 2).mean()
    f1 = theano.function([x], c1, updates=[(W1, W1 - 0.1 * T.grad(c1, W1))])
    for _ in range(5):
        assert abs(float(f(xv)) - float(f1(xv))) < 1e-10
    np.testing.assert_allclose(W.get_value(), W1.get_value(), rtol=0, atol=1e-10)
    assert W.get_value(return_internal_type=True).sharding.spec == jax.sharding.PartitionSpec(None, "model")
    # a function without sharding= keeps it too
    g = theano.function([x], y, updates=[(W, W * 1.0)])
    np.testing.assert_allclose(g(xv), xv @ W.get_value(), rtol=1e-12)
    assert W.get_value(return_internal_type=True).sharding.spec == jax.sharding.PartitionSpec(None, "model")


def test_get_value_gathers_set_value_scatters():
    mesh = make_mesh((4,), ("model",))
    w = np.arange(24.0).reshape(4, 6)
    W = theano.shared(w, name="W", sharding=shard(mesh, "model"))
    got = W.get_value()
    assert type(got) is np.ndarray and got.shape == (4, 6)
    np.testing.assert_array_equal(got, w)
    W.set_value(w * 2)
    value = W.get_value(return_internal_type=True)
    assert value.sharding.spec == jax.sharding.PartitionSpec("model") and value.addressable_shards[0].data.shape == (1, 6)
    np.testing.assert_array_equal(W.get_value(), w * 2)
    W.set_value(jax.numpy.asarray(w * 3))  # a device array goes device to device
    assert W.get_value(return_internal_type=True).sharding.spec == jax.sharding.PartitionSpec("model")
    np.testing.assert_array_equal(W.get_value(), w * 3)
    with pytest.raises(ValueError, match="shared variable W: axis 0 has length 3, which the 4 devices"):
        W.set_value(np.ones((3, 6)))
    np.testing.assert_array_equal(W.get_value(), w * 3)  # a failed set_value changes nothing
    with pytest.raises(TypeError, match="sharding must be a jax.sharding.Sharding"):
        theano.shared(w, sharding="model")
    with pytest.raises(ValueError, match="axis 1 has length 6, which the 4 devices of mesh axis 'model'"):
        theano.shared(w, name="V", sharding=shard(mesh, None, "model"))


def test_pickle_and_pkl_utils_store_full_arrays():
    mesh = make_mesh((4,), ("model",))
    w = np.arange(24.0).reshape(4, 6)
    W = theano.shared(w, name="W", sharding=shard(mesh, "model"))
    W2 = pickle.loads(pickle.dumps(W))
    np.testing.assert_array_equal(W2.get_value(), w)
    assert W2.get_value(return_internal_type=True).sharding.spec == jax.sharding.PartitionSpec("model")
    buf = io.BytesIO()
    pkl_utils.dump(W, buf)
    buf.seek(0)
    with zipfile.ZipFile(buf) as z:
        with z.open("W") as member:
            stored = np.lib.format.read_array(member)
    np.testing.assert_array_equal(stored, w)  # the whole array, not one device's part
    buf.seek(0)
    W3 = pkl_utils.load(buf)
    np.testing.assert_array_equal(W3.get_value(), w)


def test_data_parallel_function_pickles_and_runs_after_loading():
    step, params = build(data_parallel())
    train(step, 3)
    step2, params2 = pickle.loads(pickle.dumps((step, params)))
    assert step2.sharding is not None and step2.sharding.axis == "batch"
    c_a = train(step, 4)
    c_b = train(step2, 4)
    assert _max_diff(c_a, c_b) < 1e-12
    assert _max_diff([p.get_value() for p in params], [p.get_value() for p in params2]) < 1e-12

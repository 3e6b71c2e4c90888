"""Shared variables: types from values, device buffers, set_value checks, broadcastable, pickling."""
import pickle

import jax
import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import config, function, shared
from theano.frontend.config import ConfigError


def test_types_from_values():
    assert shared(0.0).type == T.dscalar
    assert shared(1).type == T.lscalar
    assert shared(np.float32(1)).type == T.fscalar
    assert shared(np.int32(3)).type == T.iscalar
    assert shared(np.zeros((2, 3), dtype="float32")).type == T.fmatrix
    assert shared(np.zeros((1, 3)), broadcastable=(True, False)).type == T.drow


def test_broadcastable_must_fit_value():
    with pytest.raises(TypeError):
        shared(np.zeros((2, 3)), broadcastable=(True, False))


def test_set_value_checks_like_theano():
    s = shared(np.zeros(3), name="s")
    s.set_value(np.arange(3, dtype="int64"))  # lossless upcast accepted
    assert s.get_value().dtype == np.float64 and s.get_value()[2] == 2
    s.set_value([1, 2, 3])
    assert s.get_value().tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(TypeError, match="Wrong number of dimensions: expected 1, got 2"):
        s.set_value(np.zeros((2, 2)))
    f = shared(np.zeros(3, dtype="float32"))
    with pytest.raises(TypeError, match="cannot store a value of dtype float64 without risking loss of precision"):
        f.set_value(np.zeros(3))
    assert s.get_value().tolist() == [1.0, 2.0, 3.0]  # failed set_value changed nothing


def test_value_is_a_device_buffer():
    s = shared(np.arange(6.0).reshape(2, 3))
    buf = s.get_value(return_internal_type=True)
    assert isinstance(buf, jax.Array) and buf.dtype == np.float64 and buf.shape == (2, 3)
    with jax.enable_x64(True):
        doubled = buf * 2
    s.set_value(doubled, borrow=True)  # a borrowed jax.Array of the right type is stored as is
    assert s.get_value(return_internal_type=True) is doubled
    s.set_value(buf)  # else a device copy (issue 15: an update donates the buffer; the caller's array survives)
    assert s.get_value(return_internal_type=True) is not buf and isinstance(s.get_value(return_internal_type=True),
                                                                             jax.Array)
    s.set_value(doubled, borrow=True)
    assert np.allclose(s.get_value(), np.arange(6.0).reshape(2, 3) * 2)


def test_symbolic_value_rejected():
    with pytest.raises(TypeError, match="needs numeric values and not symbolic variables"):
        shared(T.scalar())


def test_shared_in_graph_and_pickle_roundtrip():
    w = shared(np.arange(3.0), name="w")
    x = T.vector("x")
    f = function([x], (w * x))
    assert np.allclose(f(np.ones(3)), [0, 1, 2])
    w2 = pickle.loads(pickle.dumps(w))
    assert w2.name == "w" and np.array_equal(w2.get_value(), w.get_value())
    assert isinstance(w2.get_value(return_internal_type=True), jax.Array)


def test_float32_floatX_shared_and_float64_default():
    config.floatX = "float32"
    assert shared(np.asarray([1.0, 2.0], dtype=config.floatX)).dtype == "float32"


def test_gpu_device_without_gpu_gives_clear_error():
    if any(d.platform == "gpu" for d in jax.devices()):
        pytest.skip("a GPU is present")
    config.device = "cuda0"
    from theano.lowering.device import DeviceError

    with pytest.raises(DeviceError, match="asks for GPU 0, but JAX sees 0 GPU"):
        shared(np.zeros(2))
    with pytest.raises(ConfigError):
        config.device = "quantum"


def test_non_array_values_make_generic_shared_variables_as_in_theano() -> None:
    # Theano 1.0.5's generic_constructor: lists, strings, None and objects are held as they are (type Generic)
    from theano.gof.type import Generic
    items = [1]
    s = theano.shared(items, name="items")
    assert type(s) is theano.compile.SharedVariable and isinstance(s.type, Generic) and str(s.type) == "Generic"
    items.append(2)  # not copied on construction (Theano neither)
    assert s.get_value() == [1, 2] and s.get_value() is not items and s.get_value(borrow=True) is items
    s.set_value("abc")
    assert s.get_value() == "abc"
    for value in (object(), None, "abc", np.array(["a"]), [[1, 2], [3]]):
        assert isinstance(theano.shared(value).type, Generic)
    with pytest.raises(TypeError):
        T.as_tensor_variable(s)


def test_numpy_scalar_inputs_convert_like_python_numbers() -> None:
    # Theano filters numpy scalars as Python numbers: exact conversions pass, lossy ones are refused
    i = T.lscalar("i")
    f = theano.function([i], i * 2)
    assert f(np.float64(2.0)) == 4 and f(np.float32(3.0)) == 6
    with pytest.raises(TypeError, match="cannot store accurately value 2.5"):
        f(np.float64(2.5))
    x = T.fscalar("x")
    g = theano.function([x], x)
    assert g(np.float64(0.5)) == 0.5
    with pytest.raises(TypeError):
        g(np.float64(0.1))  # not exactly representable in float32


def test_a_clone_shares_the_value_as_theanos_clone_shares_the_container():
    """A compiled function's graph holds clones of its shared inputs; an update donates the old buffer, and the
    clones (and user clones) read the new value, never the donated one (Theano: clones share the Container)."""
    W = theano.shared(np.ones(3), name="W")
    x = T.vector("x")
    f = theano.function([x], (W * x).sum(), updates=[(W, W * 0.5)])
    c = W.clone()
    f(np.ones(3))
    f(np.ones(3))
    (fg_W,) = [v for v in f.maker.fgraph.inputs if v.name == "W"]
    assert fg_W is not W
    np.testing.assert_array_equal(fg_W.get_value(), [0.25] * 3)
    np.testing.assert_array_equal(c.get_value(), [0.25] * 3)
    c.set_value(np.full(3, 2.0))  # written through the clone: the original sees it, the function reads it
    np.testing.assert_array_equal(W.get_value(), [2.0] * 3)
    assert f(np.ones(3)) == 6.0
    rs = theano.shared(np.random.RandomState(3))
    rc = rs.clone()
    assert np.array_equal(rc.get_value().get_state()[1], rs.get_value().get_state()[1])

"""Theano 1.0.5 tensor behaviour filled in late: theano.tensor.inplace, Tile, theano.tensor.io, scalar type names,
autocasters, float results of small-int unary functions, arange's exact values, Join/SpecifyShape errors."""
from __future__ import annotations

import importlib.util
import warnings

import numpy as np
import pytest
import scipy.special

import theano
import theano.tensor as T
from theano import scalar as scal
from theano.tensor import inplace

from helpers import runs_on_cpu


@pytest.mark.parametrize("fn, ref", [(T.cosh, np.cosh), (T.sinh, np.sinh), (T.gammaln, scipy.special.gammaln),
                                     (T.gamma, scipy.special.gamma), (T.psi, scipy.special.psi),
                                     (T.erf, scipy.special.erf), (T.j0, scipy.special.j0)])
@pytest.mark.parametrize("dtype", ["int8", "uint8", "uint16"])
def test_unary_float_of_small_ints_is_rounded_once(fn, ref, dtype):
    # Theano's C code calls the double libm function on the promoted integer and stores a float32
    x = T.vector(dtype=dtype)
    f = theano.function([x], fn(x))
    v = np.arange(1, 60, dtype=dtype)
    out = f(v)
    assert out.dtype == "float32"
    want = ref(v.astype("float64")).astype("float32")
    if runs_on_cpu():
        np.testing.assert_array_equal(out, want)
    else:  # a GPU's float64 functions (CUDA's libdevice) are not glibc's: a float64 ulp or two off, which can round
        # to the next float32, and lgamma(2) is 8.9e-16 there, not 0
        np.testing.assert_allclose(out, want, rtol=np.finfo(np.float32).eps, atol=16 * np.finfo(np.float64).eps)


def test_scalar_types_print_as_their_dtype():
    assert [str(t) for t in scal.all_types][:3] == ["bool", "int8", "int16"]
    assert str(scal.float64) == "float64" and scal.float64 == T.dscalar().type
    m = T.matrix(dtype=str(scal.uint8))
    assert m.dtype == "uint8"


def test_inplace_functions_compute_values_with_the_first_inputs_dtype():
    x, y = T.fvector("x"), T.lvector("y")
    out = inplace.true_div_inplace(x, y)
    assert out.dtype == "float32" and str(out.owner.op) == "true_div_inplace"
    f = theano.function([x, y], [out, inplace.exp_inplace(x), inplace.add_inplace(x, x), inplace.sqr_inplace(x)])
    xv, yv = np.array([1.0, 2.0, 3.0], "float32"), np.array([1, 2, 4])
    res = f(xv, yv)
    np.testing.assert_allclose(res[0], xv / yv, rtol=1e-6)
    np.testing.assert_allclose(res[1], np.exp(xv), rtol=1e-6)
    np.testing.assert_array_equal(res[2], xv + xv)
    np.testing.assert_array_equal(res[3], xv * xv)
    np.testing.assert_array_equal(xv, [1.0, 2.0, 3.0])  # computed out of place: the input is unchanged
    lt = inplace.lt_inplace(x, x + 1)
    assert lt.dtype == "float32"
    np.testing.assert_array_equal(theano.function([x], lt)(xv), np.ones(3, "float32"))
    assert inplace.fill_inplace is inplace.second_inplace
    assert theano.printing.pprint(inplace.add_inplace(x, x)) == "(x += x)"
    assert inplace.transpose_inplace(T.dmatrix()).broadcastable == (False, False)


def test_tile_op_is_numpy_tile():
    x, r = T.dmatrix("x"), T.lvector("r")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = T.Tile(2)(x, r)
    assert str(out.owner.op) == "Tile{ndim=2}" and out.broadcastable == (False, False)
    f = theano.function([x, r], [out, out.shape])
    xv = np.arange(6.0).reshape(2, 3)
    for reps in ([1, 1], [2, 3], [3, 1]):
        val, shp = f(xv, reps)
        np.testing.assert_array_equal(val, np.tile(xv, reps))
        np.testing.assert_array_equal(shp, np.tile(xv, reps).shape)


def test_load_builds_graphs_and_refuses_bad_modes():
    path = theano.Variable(theano.Generic())
    x = T.load(path, "int32", (False,))
    assert x.dtype == "int32" and x.broadcastable == (False,)
    assert str(x.owner.op) == "Load{dtype: int32, broadcastable: (False,), mmep: None}"
    for mode in ("r+", "r", "w+", "toto"):
        with pytest.raises(ValueError, match="mmap_mode"):
            T.load(path, "int32", (False,), mode)


def test_mpi_names_without_mpi4py():
    from theano.tensor import io

    x = io.recv((10, 10), "float64", 0, 11)
    assert x.dtype == "float64" and x.broadcastable == (False, False)
    recv_node = x.owner.inputs[0].owner
    assert (recv_node.op.source, recv_node.op.tag) == (0, 11)
    m = T.matrix("m")
    y = io.send(m, 1, 11)
    send_node = y.owner.inputs[0].owner
    assert (send_node.op.dest, send_node.op.tag) == (1, 11)
    add_node = (m + m).owner
    assert io.mpi_send_wait_cmp(send_node, add_node) < 0 < io.mpi_send_wait_cmp(y.owner, add_node)
    if importlib.util.find_spec("mpi4py") is None:
        assert io.mpi_enabled is False


def test_theano_exposes_gof_linkers():
    assert theano.OpWiseCLinker is theano.gof.OpWiseCLinker
    assert theano.PerformLinker is theano.gof.PerformLinker


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_arange_floats_equal_numpy_exactly(dtype):
    start, stop, step = (T.scalar(n, dtype=dtype) for n in ("start", "stop", "step"))
    f = theano.function([start, stop, step], T.arange(start, stop, step))
    for args in [(0, 5, 1), (2, 11, 4), (-5, 1.1, 1.2), (1.3, 2, -2.1), (10, 2, 2), (0, 10, 0.1), (3, -7, -0.3)]:
        a = np.asarray(args, dtype=dtype)
        got, want = f(*a), np.arange(*a, dtype=dtype)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_join_symbolic_axis_out_of_range_is_index_error():
    v = np.arange(6.0).reshape(2, 3)
    ax = T.lscalar()
    f = theano.function([ax], T.join(ax, theano.shared(v), T.as_tensor_variable(v)))
    np.testing.assert_array_equal(f(-1), np.concatenate([v, v], axis=-1))
    np.testing.assert_array_equal(f(-2), np.concatenate([v, v], axis=0))
    for bad in (-3, 2):
        with pytest.raises(IndexError):
            f(bad)


def test_autocast_float_as_sets_the_autocaster_dtypes():
    from theano.scalar import autocast_float, autocast_float_as

    old = theano.config.cast_policy
    theano.config.cast_policy = "custom"
    try:
        orig = autocast_float.dtypes
        assert orig == ("float16", "float32", "float64")
        with autocast_float_as("float32"):
            assert autocast_float.dtypes == ("float32",)
            assert (T.fvector() + 1.1).dtype == "float32"
            assert (T.dvector() + 1.1).dtype == "float64"
            with autocast_float_as("float64"):
                assert autocast_float.dtypes == ("float64",)
            assert autocast_float.dtypes == ("float32",)
        assert autocast_float.dtypes == orig
        assert (T.fvector() + 1.1).dtype == "float64"
    finally:
        theano.config.cast_policy = old


def test_specify_shape_with_a_symbolic_shape_checks_length_and_values():
    x, s = T.vector("x"), T.ivector("s")
    f = theano.function([x, s], T.specify_shape(x, s))
    np.testing.assert_array_equal(f(np.ones(2), [2]), np.ones(2))
    for bad in ([], [2, 2], [3]):
        with pytest.raises(AssertionError):
            f(np.ones(2), bad)


def test_unaligned_inputs_give_numpy_values():
    # Theano 1.0.5 refused them (its C code could not read them); here they are copied to the device
    a = np.empty(100, dtype="b1,f8")["f1"]
    b = np.empty(100, dtype="b1,f8")["f1"]
    assert not a.flags.aligned
    a[:], b[:] = np.linspace(0, 1, 100), np.linspace(1, 2, 100)
    av, bv = T.vectors("ab")
    np.testing.assert_allclose(theano.function([av, bv], 2 * av + 3 * bv)(a, b), 2 * a + 3 * b)


def test_default_takes_its_constant_for_a_none_argument_or_state():
    x, y = T.scalars("xy")
    new_x = y + T.default(x, 3.8)
    f = theano.function([y, theano.In(x, update=new_x, value=12.0)], new_x)
    assert f(3) == 15
    f["x"] = None
    np.testing.assert_allclose(f(1), 4.8)  # None means the default; the update then stores 4.8
    np.testing.assert_allclose(f(np.asarray(2.2, dtype=theano.config.floatX)), 7)
    d = T.dscalar("d")
    g = theano.function([d], T.default(d, 3.8) * 2)
    assert g(None) == 7.6 and g(1.0) == 2.0
    h = theano.function([d], d * 2)
    with pytest.raises(TypeError):
        h(None)


def test_split_along_a_symbolic_axis():
    x, ax, sp = T.dtensor3("x"), T.iscalar("ax"), T.ivector("sp")
    outs = T.split(x, sp, 3, ax)
    f = theano.function([x, ax, sp], outs + [o.shape for o in outs])
    v = np.random.RandomState(0).rand(4, 10, 3)
    for a, s in [(1, [2, 5, 3]), (0, [1, 1, 2]), (-1, [1, 1, 1]), (2, [0, 1, 2])]:
        res = f(v, a, s)
        want = np.split(v, np.cumsum(s)[:-1], axis=a)
        for got, shp, w in zip(res[:3], res[3:], want):
            np.testing.assert_array_equal(got, w)
            np.testing.assert_array_equal(shp, w.shape)
    with pytest.raises(ValueError):
        f(v, 3, [1, 1, 1])


def test_pickle_function_hooks_round_trip():
    import pickle

    from theano.compile import function_module

    x = T.dvector("x")
    f = theano.function([x], x + x / 10)
    ctor, args = pickle.loads(pickle.dumps(function_module._pickle_Function(f)))
    np.testing.assert_allclose(ctor(*args)(np.ones(2)), [1.1, 1.1])

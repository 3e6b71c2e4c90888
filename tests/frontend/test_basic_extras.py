"""T.choose, permute_row_elements / inverse_permutation, tensor_from_scalar, largest / smallest / ptp / power,
mgrid / ogrid and theano.tensor.xlogx against numpy."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.tests import unittest_tools as utt

RNG = np.random.RandomState(13)


@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
def test_choose_modes(mode: str) -> None:
    a, c = T.lmatrix(), T.dtensor3()
    av = np.array([[0, 2, 1], [1, 0, 2]]) if mode == "raise" else np.array([[0, 5, -1], [1, 3, 2]])
    cv = RNG.rand(3, 2, 3)
    got = theano.function([a, c], T.choose(a, c, mode=mode))(av, cv)
    np.testing.assert_array_equal(got, np.choose(av, cv, mode=mode))


def test_choose_list_broadcast_and_errors() -> None:
    a, x, y = T.lvector(), T.dvector(), T.dvector()
    f = theano.function([a, x, y], [T.choose(a, [x, y]), a.choose([x, y])])
    av, xv, yv = np.array([1, 0, 1]), RNG.rand(3), RNG.rand(3)
    for got in f(av, xv, yv):
        np.testing.assert_array_equal(got, np.choose(av, [xv, yv]))
    with pytest.raises(TypeError):
        T.choose(T.dvector(), [x, y])
    with pytest.raises(ValueError):
        T.Choose("nope")
    g = theano.function([a, x, y], T.choose(a, [x, y]))
    for bad in (np.array([2, 0, 0]), np.array([0, -1, 0])):
        with pytest.raises(ValueError, match="invalid entry"):
            g(bad, xv, yv)


def test_permute_row_elements_and_inverse_permutation() -> None:
    x, p, pm = T.dmatrix(), T.lvector(), T.lmatrix()
    xv = RNG.rand(2, 4)
    pv = np.array([3, 0, 2, 1])
    pmv = np.array([[1, 2, 3, 0], [0, 3, 2, 1]])
    f = theano.function([x, p, pm], [T.permute_row_elements(x, p), T.permute_row_elements(x, pm, inverse=True),
                                      T.inverse_permutation(p), T.inverse_permutation(pm)])
    fwd, inv, ip, ipm = f(xv, pv, pmv)
    np.testing.assert_array_equal(fwd, xv[:, pv])
    for r in range(2):
        want = np.empty(4)
        want[pmv[r]] = xv[r]
        np.testing.assert_array_equal(inv[r], want)
    np.testing.assert_array_equal(ip, np.argsort(pv))
    np.testing.assert_array_equal(ipm, np.argsort(pmv, axis=1))
    utt.verify_grad(lambda v: T.permute_row_elements(v, pv), [xv])
    utt.verify_grad(lambda v: T.permute_row_elements(v, pmv, inverse=True), [xv])


def test_scalar_conversions() -> None:
    s = T.iscalar()
    t = T.tensor_from_scalar(s)
    assert t.type == s.type and isinstance(t.owner.op, T.TensorFromScalar)
    assert T.scalar_from_tensor(t).eval({s: 4}) == 4
    with pytest.raises(TypeError):
        T.tensor_from_scalar(T.dvector())


def test_largest_smallest_ptp_power() -> None:
    a, b, c = T.dvector(), T.dvector(), T.dvector()
    av, bv, cv = RNG.rand(4), RNG.rand(4), RNG.rand(4)
    f = theano.function([a, b, c], [T.largest(a, b), T.largest(a, b, c), T.smallest(a, b), T.smallest(a, b, c),
                                     T.ptp(a), T.power(a, 3)])
    got = f(av, bv, cv)
    want = [np.maximum(av, bv), np.max([av, bv, cv], axis=0), np.minimum(av, bv), np.min([av, bv, cv], axis=0),
            np.ptp(av), av ** 3]
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w)
    m = T.dmatrix()
    mv = RNG.rand(3, 4)
    np.testing.assert_allclose(T.ptp(m, axis=1).eval({m: mv}), np.ptp(mv, axis=1))


def test_mgrid_ogrid() -> None:
    for got, want in zip(T.mgrid[0:4, 1:6:2], np.mgrid[0:4, 1:6:2]):
        np.testing.assert_array_equal(got.eval(), want)
    for got, want in zip(T.ogrid[0:3, 0:5], np.ogrid[0:3, 0:5]):
        np.testing.assert_array_equal(got.eval(), want)
    n = T.lscalar()
    np.testing.assert_array_equal(T.mgrid[0:n, 0:2][0].eval({n: 3}), np.mgrid[0:3, 0:2][0])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_xlogx_and_xlogy0(dtype: str) -> None:
    x, y = T.vector(dtype=dtype), T.vector(dtype=dtype)
    xv = np.array([0.0, 0.5, 2.0], dtype=dtype)
    yv = np.array([0.0, 3.0, 0.25], dtype=dtype)
    a, b = theano.function([x, y], [T.xlogx.xlogx(x), T.xlogx.xlogy0(x, y)])(xv, yv)
    assert a.dtype == np.dtype(dtype)
    np.testing.assert_allclose(a, [0.0, 0.5 * np.log(0.5), 2 * np.log(2.0)], rtol=1e-6)
    np.testing.assert_allclose(b, [0.0, 0.5 * np.log(3.0), 2 * np.log(0.25)], rtol=1e-6)
    pos = np.array([0.3, 1.7], dtype=dtype)
    utt.verify_grad(T.xlogx.xlogx, [pos])
    utt.verify_grad(T.xlogx.xlogy0, [pos, pos[::-1].copy()])
    assert str(T.xlogx.xlogx) == "xlogx"


def test_theano_dot() -> None:
    a, b = T.dmatrix(), T.dmatrix()
    av, bv = RNG.rand(2, 3), RNG.rand(3, 4)
    np.testing.assert_allclose(theano.dot(a, b).eval({a: av, b: bv}), av @ bv)


def test_cov() -> None:
    m, y = T.dmatrix(), T.dmatrix()
    mv, yv = RNG.rand(3, 5), RNG.rand(2, 5)
    np.testing.assert_allclose(T.cov(m).eval({m: mv}), np.cov(mv))
    np.testing.assert_allclose(T.cov(m, y, bias=True).eval({m: mv, y: yv}), np.cov(mv, yv, bias=True))
    np.testing.assert_allclose(T.cov(m, rowvar=False, ddof=2).eval({m: mv}), np.cov(mv, rowvar=False, ddof=2))


def test_extract_constant_and_aliases() -> None:
    c = T.extract_constant(T.constant(3.0))
    assert isinstance(c, np.ndarray) and c == 3.0 and c.dtype == np.float32
    x = T.dscalar()
    assert T.extract_constant(x) is x
    assert T.Tensor is T.TensorType and T.scal.float64 == T.TensorType("float64", ())


def test_choose_broadcasts_a_tuple_of_choices() -> None:
    a, b, c = T.itensor3(), T.ftensor3(), T.ftensor3()
    av = RNG.randint(0, 2, (2, 1, 1)).astype("int32")
    bv, cv = RNG.rand(1, 6, 1).astype("float32"), RNG.rand(1, 1, 5).astype("float32")
    for mode in ("raise", "wrap", "clip"):
        out = T.choose(a, (b, c), mode=mode)
        got = theano.function([a, b, c], [out, out.shape])(av, bv, cv)
        np.testing.assert_allclose(got[0], np.choose(av, (bv, cv), mode=mode))
        assert tuple(got[1]) == (2, 6, 5)


# (module path, names) of Theano 1.0.5 that this part provides; legacy code imports from each of them
_THEANO_PATHS = {
    "theano.tensor": ["topk", "argtopk", "topk_and_argtopk", "sort", "argsort", "choose", "Choose", "mgrid", "ogrid",
                      "ptp", "power", "largest", "smallest", "inverse_permutation", "permute_row_elements",
                      "PermuteRowElements", "tensor_from_scalar", "scalar_from_tensor", "TensorFromScalar",
                      "ScalarFromTensor", "extract_constant", "cov", "Tensor", "scal", "xlogx", "bincount", "DiffOp",
                      "bartlett", "fill_diagonal", "fill_diagonal_offset", "ravel_multi_index", "unravel_index",
                      "grad_undefined", "grad_not_implemented", "DisconnectedType"],
    "theano.tensor.basic": ["choose", "Choose", "mgrid", "ogrid", "ptp", "power", "largest", "smallest",
                            "inverse_permutation", "PermuteRowElements", "permute_row_elements", "tensor_from_scalar",
                            "scalar_from_tensor", "TensorFromScalar", "ScalarFromTensor", "extract_constant", "cov"],
    "theano.tensor.sort": ["SortOp", "ArgSortOp", "TopKOp", "sort", "argsort", "topk", "argtopk", "topk_and_argtopk"],
    "theano.tensor.extra_ops": ["CpuContiguous", "cpu_contiguous", "SearchsortedOp", "searchsorted", "CumOp", "cumsum",
                                "cumprod", "CumsumOp", "CumprodOp", "DiffOp", "diff", "bincount", "squeeze",
                                "compress", "RepeatOp", "repeat", "Bartlett", "bartlett", "bartlett_",
                                "FillDiagonal", "fill_diagonal", "fill_diagonal_", "FillDiagonalOffset",
                                "fill_diagonal_offset", "fill_diagonal_offset_", "to_one_hot", "Unique",
                                "UnravelIndex", "unravel_index", "RavelMultiIndex", "ravel_multi_index"],
    "theano.tensor.xlogx": ["XlogX", "XlogY0", "scalar_xlogx", "scalar_xlogy0", "xlogx", "xlogy0"],
    "theano": ["dot"],
    "theano.configdefaults": ["config", "python_int_bitwidth", "local_bitwidth"],
}


@pytest.mark.parametrize("module", sorted(_THEANO_PATHS))
def test_theano_module_paths(module: str) -> None:
    import importlib

    mod = importlib.import_module(module)
    missing = [n for n in _THEANO_PATHS[module] if not hasattr(mod, n)]
    assert not missing, missing
    assert callable(T.sort) and callable(T.argsort)  # the functions, not the theano.tensor.sort module

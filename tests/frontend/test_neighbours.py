"""theano.tensor.nnet.neighbours: images2neibs in every mode against a loop reference, neibs2images, gradients."""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gradient import verify_grad
from theano.tensor.nnet.neighbours import Images2Neibs, images2neibs, neibs2images


def reference(x: np.ndarray, shape: tuple, step: tuple, mode: str) -> np.ndarray:
    """Theano 1.0.5's perform loop: one row per (batch, channel, patch row, patch col), zeros off the image."""
    (c, d), (sx, sy) = shape, step
    h, w = x.shape[2:]
    if mode == "wrap_centered":
        grid, shift = (-(-h // sx), -(-w // sy)), (c // 2, d // 2)
    else:
        ext = {"valid": (h - c, w - d), "ignore_borders": (h - c, w - d), "half": (h - c % 2, w - d % 2),
               "full": (h + c - 2, w + d - 2)}[mode]
        grid = (1 + ext[0] // sx, 1 + ext[1] // sy)
        shift = {"valid": (0, 0), "ignore_borders": (0, 0), "half": (c // 2, d // 2), "full": (c - 1, d - 1)}[mode]
    rows = []
    for n in range(x.shape[0]):
        for s in range(x.shape[1]):
            for a in range(grid[0]):
                for b in range(grid[1]):
                    patch = np.zeros((c, d), dtype=x.dtype)
                    for i in range(c):
                        for j in range(d):
                            r, q = a * sx + i - shift[0], b * sy + j - shift[1]
                            if mode == "wrap_centered":
                                r, q = r % h, q % w
                            if 0 <= r < h and 0 <= q < w:
                                patch[i, j] = x[n, s, r, q]
                    rows.append(patch.ravel())
    return np.array(rows, dtype=x.dtype)


CASES = [("valid", (2, 2), (2, 2), (2, 3, 4, 6)), ("valid", (3, 2), (1, 2), (1, 2, 5, 4)),
         ("ignore_borders", (2, 2), (2, 2), (2, 1, 5, 5)), ("ignore_borders", (2, 3), (3, 2), (1, 2, 7, 8)),
         ("half", (3, 3), (1, 1), (1, 2, 5, 5)), ("half", (2, 3), (2, 1), (1, 1, 6, 4)),
         ("full", (3, 3), (1, 1), (1, 1, 4, 5)), ("full", (2, 2), (2, 2), (1, 2, 4, 4)),
         ("wrap_centered", (3, 3), (1, 1), (1, 2, 4, 5)), ("wrap_centered", (3, 5), (2, 3), (2, 1, 5, 6))]


@pytest.mark.parametrize("mode,shape,step,xshape", CASES)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_images2neibs_matches_the_loop_reference(mode, shape, step, xshape, dtype) -> None:
    x = T.tensor4(dtype=dtype)
    val = np.random.RandomState(0).uniform(-1, 1, size=xshape).astype(dtype)
    out = images2neibs(x, shape, step, mode=mode)
    assert out.dtype == dtype and out.ndim == 2
    f = theano.function([x], [out, out.shape])
    got, got_shape = f(val)
    want = reference(val, shape, step, mode)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, want)
    assert tuple(got_shape) == want.shape  # infer_shape agrees


def test_op_props_and_printing() -> None:
    assert Images2Neibs("half") == Images2Neibs("half") != Images2Neibs("valid")
    assert str(Images2Neibs("full")) == "Images2Neibs{full}"
    with pytest.raises(NotImplementedError):
        Images2Neibs("same")


@pytest.mark.parametrize("mode,shape", [("valid", (2, 5, 5)), ("half", (2, 5, 5)), ("full", (2, 5, 5))])
def test_inconsistent_shapes_raise_type_error(mode, shape) -> None:
    x = T.dtensor4()
    f = theano.function([x], images2neibs(x, (2, 2), mode=mode))
    with pytest.raises(TypeError):
        f(np.zeros((1,) + shape))


def test_wrap_centered_errors() -> None:
    x = T.dtensor4()
    with pytest.raises(TypeError):  # even patch
        theano.function([x], images2neibs(x, (2, 3), mode="wrap_centered"))(np.zeros((1, 1, 4, 4)))
    with pytest.raises(TypeError):  # image smaller than the patch
        theano.function([x], images2neibs(x, (5, 5), mode="wrap_centered"))(np.zeros((1, 1, 3, 3)))


def test_neibs2images_inverts_images2neibs() -> None:
    val = np.random.RandomState(1).rand(2, 3, 4, 6)
    x, m = T.dtensor4(), T.dmatrix()
    neibs = theano.function([x], images2neibs(x, (2, 3)))(val)
    back = theano.function([m], neibs2images(m, (2, 3), val.shape))(neibs)
    np.testing.assert_array_equal(back, val)


def test_neibs2images_ignore_borders_pads_with_zeros() -> None:
    val = np.random.RandomState(2).rand(1, 2, 5, 5)
    x, m = T.dtensor4(), T.dmatrix()
    neibs = theano.function([x], images2neibs(x, (2, 2), mode="ignore_borders"))(val)
    back = theano.function([m], neibs2images(m, (2, 2), val.shape, mode="ignore_borders"))(neibs)
    want = val.copy()
    want[:, :, 4, :] = 0
    want[:, :, :, 4] = 0
    np.testing.assert_array_equal(back, want)


def test_neibs2images_with_a_run_time_shape() -> None:
    """The patch shape comes from an input vector: the op runs on the host with the shape program's size."""
    val = np.random.RandomState(3).rand(1, 3, 8, 8).astype("float32")
    x, m, size = T.ftensor4(), T.fmatrix(), T.ivector()
    neibs = theano.function([x], images2neibs(x, (4, 4)))(val)
    f = theano.function([m, size], neibs2images(m, (4, 4), size))
    np.testing.assert_array_equal(f(neibs, val.shape), val)
    with pytest.raises(ValueError):  # wrong number of dimensions
        f(neibs, (1, 1, 3, 8, 8))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("args,mode,shape", [(((2, 2),), "valid", (2, 2, 4, 4)), (((3, 2), (1, 2)), "valid", (1, 2, 5, 4)),
                                             (((1, 2), (5, 2)), "valid", (1, 1, 6, 6)),
                                             (((2, 2),), "ignore_borders", (1, 2, 5, 5)),
                                             (((2, 3), (1, 2)), "ignore_borders", (1, 1, 5, 6))])
def test_gradients(dtype, args, mode, shape) -> None:
    val = np.random.RandomState(4).rand(*shape).astype(dtype)
    verify_grad(lambda x: images2neibs(x, *args, mode=mode), [val], rng=np.random.RandomState(5))


def test_neibs2images_gradient() -> None:
    verify_grad(lambda n: neibs2images(n, (2, 2), (2, 3, 4, 4)), [np.random.RandomState(6).rand(24, 4)],
                rng=np.random.RandomState(7))


@pytest.mark.parametrize("mode", ["half", "full", "wrap_centered"])
def test_gradient_not_implemented_as_theano(mode) -> None:
    x = T.dtensor4()
    with pytest.raises(TypeError):
        theano.grad(images2neibs(x, (3, 3), mode=mode).sum(), x)


def test_gradient_values_count_overlaps() -> None:
    """With overlapping patches, each pixel's gradient is the number of patches that contain it."""
    x = T.dtensor4()
    g = theano.function([x], theano.grad(images2neibs(x, (2, 2), (1, 1)).sum(), x))(np.zeros((1, 1, 3, 3)))
    np.testing.assert_array_equal(g[0, 0], [[1, 2, 1], [2, 4, 2], [1, 2, 1]])


def test_module_paths() -> None:
    import theano.sandbox.neighbours as old

    assert old.images2neibs is images2neibs and T.nnet.neibs2images is neibs2images


@pytest.mark.parametrize("mode", ["valid", "ignore_borders"])
def test_neibs2images_with_a_computed_zero_step_raises_theanos_error(mode) -> None:
    """Theano's test_can_not_infer_nb_dim: an original shape whose last length is under the pattern's gives a
    patch step of 0; Theano raises (its perform), so do we (the host shape program checks the computed step
    before dividing by it), also where the lengths come from infer_shape rather than from computing values."""
    img = T.tensor4("img")
    patches = theano.function([img], T.nnet.neighbours.images2neibs(img, [16, 16]))(
        np.ones((1, 3, 320, 320), dtype=theano.config.floatX))
    pats, size = T.matrix("pats"), T.ivector("size")
    f = theano.function([pats, size], neibs2images(pats, (16, 16), size, mode=mode))
    assert f(patches, (1, 3, 320, 320)).shape == (1, 3, 320, 320)
    with pytest.raises(ValueError, match="neib_step wrong step ; values <= 0"):
        f(patches, (3, 320, 320, 1))

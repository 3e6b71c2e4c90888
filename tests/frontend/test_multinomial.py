"""sandbox.multinomial: MultinomialFromUniform / ChoiceFromUniform against Theano 1.0.5's perform (numpy)."""
from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest

import theano
from theano import function, tensor
from theano.sandbox import multinomial


def multinomial_reference(pvals: np.ndarray, unis: np.ndarray, n: int, dtype: str) -> np.ndarray:
    """Theano 1.0.5's MultinomialFromUniform.perform."""
    z = np.zeros(pvals.shape, dtype=dtype)
    rows = pvals.shape[0]
    for c in range(n):
        for r in range(rows):
            z[r, np.searchsorted(pvals[r].cumsum(dtype="float64"), unis[c * rows + r])] += 1
    return z


def choice_reference(pvals: np.ndarray, unis: np.ndarray, n: int) -> np.ndarray:
    """Theano 1.0.5's ChoiceFromUniform.perform (replace=False)."""
    pvals = copy.copy(pvals)
    rows, k = pvals.shape
    z = -1 * np.ones((rows, n), dtype="int64")
    for c in range(n):
        for r in range(rows):
            cummul = 0
            for m in range(k):
                cummul += pvals[r, m]
                if cummul > unis[c * rows + r]:
                    z[r, c] = m
                    pvals[r, m] = 0.
                    pvals[r] /= pvals[r].sum()
                    break
    return z


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_values_match_theano_for_the_same_uniforms(dtype: str) -> None:
    p, u, n = tensor.matrix(dtype=dtype), tensor.vector(dtype=dtype), tensor.iscalar()
    fm = function([p, u, n], multinomial.MultinomialFromUniform("auto")(p, u, n))
    fc = function([p, u, n], multinomial.ChoiceFromUniform("auto")(p, u, n))
    rs = np.random.RandomState(3)
    for rows, k, ns in [(1, 5, 3), (3, 200, 9), (2, 300, 40)]:
        pv = rs.randint(1, 100, (rows, k)).astype(dtype)
        pv /= pv.sum(1)[:, None]
        uv = rs.rand(rows * ns).astype(dtype)
        got = fm(pv, uv, ns)
        assert got.dtype == dtype
        np.testing.assert_array_equal(got, multinomial_reference(pv, uv, ns, dtype))
        got = fc(pv, uv, ns)
        assert got.dtype == "int64" and got.shape == (rows, ns)
        np.testing.assert_array_equal(got, choice_reference(pv, uv, ns))
        assert all(len(set(row)) == ns for row in got)


def test_dtypes_and_printing() -> None:
    p, u = tensor.fmatrix(), tensor.fvector()
    assert multinomial.MultinomialFromUniform("auto")(p, u).dtype == "float32"
    assert multinomial.MultinomialFromUniform("float64")(p, u).dtype == "float64"
    assert multinomial.ChoiceFromUniform("auto")(p, u).dtype == "int64"
    assert multinomial.ChoiceFromUniform("int32")(p, u).dtype == "int32"
    assert str(multinomial.MultinomialFromUniform("auto")) == "MultinomialFromUniform{auto}"
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        op = multinomial.MultinomialWOReplacementFromUniform("auto")
    assert any(issubclass(x.category, DeprecationWarning) for x in w)
    assert isinstance(op, multinomial.ChoiceFromUniform)
    with pytest.raises(NotImplementedError):
        multinomial.MultinomialFromUniform("auto")(tensor.fvector(), u)
    with pytest.raises(NotImplementedError):
        multinomial.MultinomialFromUniform("auto")(p, tensor.fmatrix())


def test_errors() -> None:
    p, u, n = tensor.fmatrix(), tensor.fvector(), tensor.iscalar()
    fc = function([p, u, n], multinomial.ChoiceFromUniform("auto")(p, u, n), allow_input_downcast=True)
    pv = np.full((1, 4), 0.25, dtype="float32")
    with pytest.raises(ValueError, match="without replacement"):
        fc(pv, np.full(6, 0.5, dtype="float32"), 6)
    with pytest.raises(ValueError, match="unis.shape"):
        fc(pv, np.full(3, 0.5, dtype="float32"), 2)
    fm = function([p, u, n], multinomial.MultinomialFromUniform("auto")(p, u, n))
    with pytest.raises(ValueError, match="unis.shape"):
        fm(pv, np.full(3, 0.5, dtype="float32"), 2)


def test_gradient_is_zero() -> None:
    p, u = tensor.matrix(), tensor.vector()
    m = multinomial.MultinomialFromUniform("auto")(p, u)
    g = theano.grad(m.sum(), p)
    out = function([p, u], g, on_unused_input="ignore")(np.full((2, 3), 1 / 3.0), np.array([0.5, 0.5]))
    np.testing.assert_array_equal(out, np.zeros((2, 3)))

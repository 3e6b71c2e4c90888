"""The elementwise table, one test row per op: compiled values and host (numpy) values against numpy/scipy,
and gradients against finite differences.

Values: every op runs inside ONE compiled function (one jit) on random inputs in its domain, and its
host implementation runs on the same inputs. Gradients: one compiled function gives every op's
vector-Jacobian product, checked against central finite differences of the forward function.
"""
from __future__ import annotations

import numpy as np
import pytest

import theano
import theano.tensor as T
from elemwise_cases import CASE_BY_NAME, CASES, N, RNG, build_forward
from theano.frontend.ops.elemwise import Elemwise


@pytest.fixture(scope="module")
def forward():
    return build_forward()


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_op_row(name, forward):
    """Compiled value vs numpy/scipy, host (numpy) implementation vs the same, printed name, output dtype."""
    c = CASE_BY_NAME[name]
    built, results, *_ = forward
    vs, arrays, out = built[name]
    got = results[name]
    with np.errstate(all="ignore"):
        expected = np.asarray(c.reference(*arrays))
    assert got.dtype == np.dtype(out.dtype)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=c.rtol, atol=1e-12, equal_nan=True)
    if c.printed is not None:
        assert str(out.owner.op) == c.printed
    node = out.owner
    if isinstance(node.op, Elemwise) and list(node.inputs) == vs:
        host = node.op.host_impl(node, *arrays)
        assert host.dtype == np.dtype(out.dtype)
        np.testing.assert_allclose(host, expected, rtol=max(c.rtol, 1e-9), atol=1e-12, equal_nan=True)


# ---- gradients ----------------------------------------------------------------------------------------

H = 1e-6


@pytest.fixture(scope="module")
def gradients(forward):
    """The vector-Jacobian product of every differentiable case (one T.grad, one compiled function)."""
    built, results, fn, inputs, values = forward
    known, wrt, keys = {}, [], []
    for c in CASES:
        if c.grad is None:
            continue
        vs, arrays, out = built[c.name]
        gz = RNG.uniform(0.5, 1.5, N)
        known[out] = T.constant(gz)
        positions = c.wrt if c.wrt is not None else [k for k, a in enumerate(arrays) if a.dtype.kind == "f"]
        for k in positions:
            wrt.append(vs[k])
            keys.append((c.name, k, gz))
    grads = T.grad(None, wrt, known_grads=known)
    gfn = theano.function(inputs, grads, on_unused_input="ignore")
    return dict(((name, k), (gz, g)) for (name, k, gz), g in zip(keys, gfn(*values)))


def _shifted(built: dict, values: list, inputs: list, slot_of: dict, slot: int, step: float) -> list:
    out = list(values)
    for i, v in enumerate(inputs):
        if slot_of.get(v) == slot and out[i].dtype.kind == "f":
            out[i] = out[i] + step
    return out


@pytest.fixture(scope="module")
def finite_differences(forward):
    """Central differences of every case's output with respect to each input slot (elementwise ops: the
    Jacobian is diagonal, so shifting a whole input vector gives every diagonal entry at once)."""
    built, results, fn, inputs, values = forward
    slot_of = {v: k for vs, _, _ in built.values() for k, v in enumerate(vs)}
    fd = {}
    for slot in range(3):
        plus = dict(zip([c.name for c in CASES], fn(*_shifted(built, values, inputs, slot_of, slot, H))))
        minus = dict(zip([c.name for c in CASES], fn(*_shifted(built, values, inputs, slot_of, slot, -H))))
        for c in CASES:
            if slot < len(c.domains) and c.grad is not None:
                fd[(c.name, slot)] = (plus[c.name].astype("float64") - minus[c.name].astype("float64")) / (2 * H)
    return fd


@pytest.mark.parametrize("name", [c.name for c in CASES if c.grad is not None])
def test_op_gradient(name, gradients, finite_differences):
    """Symbolic gradient (a vector-Jacobian product) against finite differences; zero where Theano's is zero."""
    c = CASE_BY_NAME[name]
    checked = [key for key in gradients if key[0] == name]
    assert checked
    for key in checked:
        gz, g = gradients[key]
        if c.grad == "zero":
            assert not np.any(g), (key, g)
        else:
            np.testing.assert_allclose(g, gz * finite_differences[key], rtol=1e-4, atol=1e-6, err_msg=str(key))


def test_non_differentiable_ops_say_so():
    """tri_gamma has no gradient in Theano (grad raises); jv's gradient wrt its order is not implemented."""
    x = T.dvector("x")
    with pytest.raises(Exception, match="tri_gamma|not implemented|NaN"):
        T.grad(None, x, known_grads={T.tri_gamma(x): T.ones_like(x)})
    v = T.dvector("v")
    with pytest.raises(Exception, match="jv|not implemented|NaN"):
        T.grad(None, v, known_grads={T.jv(v, x): T.ones_like(x)})


def test_integer_inputs_get_zero_float_gradients():
    i = T.ivector("i")
    x = T.dvector("x")
    g = T.grad(None, i, known_grads={T.maximum(i, 2): T.ones_like(x)})
    assert g.dtype == theano.config.floatX
    assert not np.any(theano.function([i], g)(np.array([1, 3], dtype="int32")))

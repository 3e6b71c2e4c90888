"""The elementwise table as a whole: broadcasting, completeness (every row tested and lowered), the host
implementations of the special functions, the tensor-level helpers and users' own scalar ops."""
from __future__ import annotations


import numpy as np
import pytest

import theano
import theano.tensor as T
import scipy.special as sp

from elemwise_cases import CASES, RNG
from theano.frontend.ops import elemwise_table as table
from theano.frontend.ops.elemwise import Elemwise


# ---- broadcasting and shape errors -------------------------------------------------------------------------

def test_mismatched_vector_lengths_raise_theanos_error():
    a, b = T.dvector("a"), T.dvector("b")
    f = theano.function([a, b], a + b)
    with pytest.raises(ValueError, match=r"Input dimension mis-match. \(input\[0\].shape\[0\] = 2, "
                                         r"input\[1\].shape\[0\] = 3\)"):
        f(np.ones(2), np.ones(3))


def test_row_plus_col_broadcasts_and_its_gradient_sums():
    r, c = T.drow("r"), T.dcol("c")
    out = r + c * 2.0
    assert out.broadcastable == (False, False)
    gz = T.dmatrix("gz")
    gr, gc = T.grad(None, [r, c], known_grads={out: gz})
    assert gr.broadcastable == (True, False) and gc.broadcastable == (False, True)
    f = theano.function([r, c, gz], [out, gr, gc])
    rv, cv = np.arange(3.0).reshape(1, 3), np.arange(2.0).reshape(2, 1)
    gzv = RNG.uniform(size=(2, 3))
    o, g_r, g_c = f(rv, cv, gzv)
    np.testing.assert_allclose(o, rv + 2 * cv)
    np.testing.assert_allclose(g_r, gzv.sum(axis=0, keepdims=True))
    np.testing.assert_allclose(g_c, 2 * gzv.sum(axis=1, keepdims=True))


# ---- the table is complete and every row lowers -------------------------------------------------------------

def test_every_row_has_a_test_and_a_jax_lowering():
    from theano.lowering.rules.elemwise import jax_function

    tested = {c.name for c in CASES} | {"second", "identity"}
    names = {row.name for row in table.ROWS}
    assert names - tested - {"identity"} == set()
    missing = [row.name for row in table.ROWS if jax_function(table.SCALAR_OPS[row.name]) is None]
    assert missing == []


def test_host_implementations_of_special_functions_match_scipy():
    """The host side (constant folding, shape programs) of the special functions, composed ones included,
    over wide domains: scipy as the reference."""
    S = {name: table.SCALAR_OPS[name].impl for name in table.SCALAR_OPS}
    x = np.concatenate([np.linspace(-6, 6, 61), [-30.0, 30.0, 0.0, 1e-5, 50.0]])
    u = np.concatenate([np.linspace(-0.999999, 0.999999, 41), [1 - 1e-12, -1 + 1e-15]])
    e = np.concatenate([np.linspace(1e-6, 2 - 1e-6, 41), [1e-10, 1e-100, 1e-300]])
    g = np.concatenate([np.linspace(-5.25, 30.25, 72), [0.001, 170.5, 1e-8]])
    pairs = [(S["erf"](x), sp.erf(x)), (S["erfc"](x), sp.erfc(x)), (S["erfcx"](x), sp.erfcx(x)),
             (S["erfinv"](u), sp.erfinv(u)), (S["erfcinv"](e), sp.erfcinv(e)), (S["gamma"](g), sp.gamma(g)),
             (S["gammaln"](g), sp.gammaln(g)), (S["psi"](g), sp.psi(g)), (S["tri_gamma"](g), sp.polygamma(1, g))]
    a, b = np.meshgrid([0.5, 1.0, 2.5, 10.0, 30.0], [0.1, 1.0, 3.0, 10.0, 50.0])
    pairs += [(S["gammainc"](a, b), sp.gammainc(a, b)), (S["gammaincc"](a, b), sp.gammaincc(a, b)),
              (S["chi2sf"](b, a), sp.chdtrc(a, b)), (S["gammau"](a, b), sp.gammaincc(a, b) * sp.gamma(a)),
              (S["gammal"](a, b), sp.gammainc(a, b) * sp.gamma(a))]
    v, w = np.meshgrid([0.0, 1.0, 2.0, 0.5, -0.5, 2.5, -3.0], [0.1, 1.0, 5.0, 10.0, 12.0, 20.0, 30.0, 60.0])
    pairs += [(S["jv"](v, w), sp.jv(v, w)), (S["iv"](v, w), sp.iv(v, w)), (S["i1"](w), sp.i1(w)),
              (S["jv"](2.0, -3.0), sp.jv(2.0, -3.0))]
    for k, (got, want) in enumerate(pairs):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-14, err_msg=str(k))


def test_tensor_level_helpers():
    """isnan/isinf of integers are constant False (Theano: Alloc), allclose, ceil_intdiv, div_proxy."""
    i = T.ivector("i")
    x, y = T.dvectors("x", "y")
    assert str(T.isnan(i).owner.op) == "Alloc" and T.isnan(i).dtype == "bool"
    assert str(T.isinf(i).owner.op) == "Alloc"
    f = theano.function([i, x, y], [T.isnan(i), T.isinf(i), T.allclose(x, y), T.allclose(x, y + 1e-3),
                                    T.ceil_intdiv(i, 2), T.div_proxy(i, 2)])
    nan_i, inf_i, close, far, cdiv, div = f(np.array([3, 4, -3], "int32"), np.array([1.0, np.inf, 2.0]),
                                            np.array([1.0, np.inf, 2.0]))
    assert not nan_i.any() and not inf_i.any() and close and not far
    assert list(cdiv) == [2, 2, -1] and np.allclose(div, [1.5, 2.0, -1.5])
    theano.config.int_division = "int"
    assert T.div_proxy(i, 2).owner.op is T.int_div
    theano.config.int_division = "raise"
    with pytest.raises(table.IntegerDivisionError):
        T.div_proxy(i, 2)


def test_user_scalar_op_runs_through_a_host_callback():
    """A Theano-style ScalarOp with only a per-element `impl` (no JAX name) still compiles and runs."""
    import theano.scalar as scal

    class Cube(scal.UnaryScalarOp):
        def impl(self, v):
            return v ** 3

    op = Elemwise(Cube(scal.upgrade_to_float, name="cube"))
    b = T.bvector("b")
    out = op(b)
    assert out.dtype == "float32" and str(out.owner.op) == "Elemwise{cube}"
    l = T.lvector("l")
    f = theano.function([b, l], [out, Elemwise(Cube(scal.same_out, name="cube"))(l)])
    r8, r64 = f(np.array([1, -2], "int8"), np.array([2 ** 20, 3], "int64"))
    assert r8.dtype == np.float32 and list(r8) == [1.0, -8.0]
    assert r64.dtype == np.int64 and list(r64) == [2 ** 60, 27]


# ---- one implementation per op: names and formulas, resolved per array module ------------------------------

def test_names_resolve_to_numpy_and_scipy_on_the_host_and_to_jax_in_the_lowering():
    import jax.numpy as jnp
    import jax.scipy.special as jsp

    from theano.frontend.ops.elemwise import resolve, special
    import theano.lowering.rules.elemwise  # noqa: F401  (registers jax.numpy's resolver)

    assert resolve("exp") is np.exp and resolve("scipy.special.erfinv") is sp.erfinv
    assert resolve("exp", jnp) is jnp.exp and resolve("scipy.special.erfinv", jnp) is jsp.erfinv
    assert special(np).gammaincc is sp.gammaincc and special(jnp).gammaincc is jsp.gammaincc
    jv = resolve("scipy.special.jv", jnp)  # JAX has no jv: scipy's, in a host callback
    np.testing.assert_allclose(np.asarray(jv(jnp.asarray([1.0, 2.0]), jnp.asarray([0.5, 3.0]))),
                               sp.jv([1.0, 2.0], [0.5, 3.0]), rtol=1e-6)
    with pytest.raises(LookupError):
        resolve("exp", pytest)


def test_every_row_is_written_once():
    """A row's op has one `fn` (a name both numpy and JAX resolve, or a formula) and no numpy twin: its impl,
    host_impl and lowering all derive from `fn`."""
    import jax.numpy as jnp

    from theano.frontend.ops.elemwise import ScalarOp, resolve

    for row in table.ROWS:
        sop = table.SCALAR_OPS[row.name]
        assert type(sop).impl is ScalarOp.impl, row.name
        assert sop.fn is row.fn or sop.fn == row.fn, row.name
        if isinstance(row.fn, str):
            assert callable(resolve(row.fn, np)) and callable(resolve(row.fn, jnp)), row.name
    assert set(table.GRADS) <= set(table.ROWS_BY_NAME)


def test_host_results_own_their_memory():
    """Formulas may return views (identity, second, real); host results are fresh writable arrays."""
    x = T.dvector("x")
    a = np.array([1.0, 2.0])
    for out in (T.tensor_copy(x), T.second(T.dvector("y"), x), T.real(x)):
        node = out.owner
        res = node.op.host_impl(node, *([a] * len(node.inputs)))
        assert res.flags.writeable and not np.may_share_memory(res, a)
        np.testing.assert_array_equal(res, a)


def test_gradient_rows_share_one_calling_convention():
    """rule(gz, out, *inputs) for every row, including the variadic ones and those that use the output."""
    x, y, z = T.dvectors("x", "y", "z")
    gz = T.dvector("gz")
    assert len(table.GRADS["add"](gz, None, x, y, z)) == 3
    assert str(table.GRADS["mul"](gz, None, x, y)[0].owner.op) == "Elemwise{mul}"
    out = T.maximum(x, y)
    gx, gy = table.GRADS["maximum"](gz, out, x, y)
    f = theano.function([x, y, gz], [gx, gy])
    rx, ry = f([1.0, 5.0], [2.0, 3.0], [10.0, 20.0])
    assert list(rx) == [0.0, 20.0] and list(ry) == [10.0, 0.0]

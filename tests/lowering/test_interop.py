"""Issue 15, JAX interop both ways: f.as_jax() / theano.compile.to_jax (a compiled function as a pure JAX function,
under jax.jit, vmap, grad and lax.scan), theano.compile.ops.jax_op (a JAX function as a Theano op: values,
T.grad through jax.vjp, infer_shape through jax.eval_shape, debugprint) and theano.shared(jax.Array)."""
from __future__ import annotations

import io

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

import theano
import theano.tensor as T
from theano.compile.ops import JaxOp, jax_op
from theano.lowering.interop import InteropError


def _logreg(n_in: int = 5, seed: int = 0):
    """The tutorial's logistic regression: a train function (cost, updates of w and b) and a predict function."""
    rng = np.random.RandomState(seed)
    x, y = T.dmatrix("x"), T.dvector("y")
    w = theano.shared(rng.randn(n_in), name="w")
    b = theano.shared(0.0, name="b")
    p = 1 / (1 + T.exp(-T.dot(x, w) - b))
    xent = -y * T.log(p) - (1 - y) * T.log(1 - p)
    cost = xent.mean() + 0.01 * (w ** 2).sum()
    gw, gb = T.grad(cost, [w, b])
    train = theano.function([x, y], [p > 0.5, cost], updates=[(w, w - 0.1 * gw), (b, b - 0.1 * gb)])
    predict = theano.function([x], p)
    return train, predict, w, b


def _data(n: int = 40, n_in: int = 5, seed: int = 1):
    rng = np.random.RandomState(seed)
    return rng.randn(n, n_in), rng.randint(0, 2, n).astype("float64")


@pytest.fixture(autouse=True)
def _x64():
    with jax.enable_x64(True):  # the graphs are float64 (Theano's default): the caller's JAX keeps them so
        yield


def test_as_jax_equals_the_call_and_leaves_the_shared_values_alone() -> None:
    train, _, w, b = _logreg()
    X, Y = _data()
    g = train.as_jax()
    assert g.shared_variables == train.get_shared() and {s.name for s in g.shared_variables} == {"w", "b"}
    state = g.shared_values()
    w0 = w.get_value()
    (pred, cost), new = g(state, X, Y)
    np.testing.assert_array_equal(w.get_value(), w0)  # pure: nothing written back
    pred_t, cost_t = train(X, Y)
    np.testing.assert_allclose(float(cost), cost_t, rtol=1e-12)
    np.testing.assert_array_equal(np.asarray(pred), pred_t)
    assert np.asarray(pred).dtype == pred_t.dtype == np.bool_
    by_var = dict(zip(g.shared_variables, new))
    np.testing.assert_allclose(np.asarray(by_var[w]), w.get_value(), rtol=1e-12)
    np.testing.assert_allclose(np.asarray(by_var[b]), b.get_value(), rtol=1e-12)
    assert theano.compile.to_jax(train).shared_variables == g.shared_variables


def test_shared_values_as_a_dict_by_name() -> None:
    train, _, w, b = _logreg()
    X, Y = _data()
    g = train.as_jax()
    state = g.shared_values(as_dict=True)
    assert set(state) == {"w", "b"}
    (_, cost), new = g(state, X, Y)
    assert isinstance(new, dict) and set(new) == {"w", "b"}
    train(X, Y)
    np.testing.assert_allclose(np.asarray(new["w"]), w.get_value(), rtol=1e-12)
    with pytest.raises(InteropError, match=r"missing \['w'\]"):
        g({"b": state["b"]}, X, Y)
    with pytest.raises(InteropError, match="tuple of 2 value"):
        g((state["w"],), X, Y)


def test_under_jax_jit() -> None:
    train, _, w, _ = _logreg()
    X, Y = _data()
    g = train.as_jax()
    state = g.shared_values()
    (_, cost), new = jax.jit(g)(state, X, Y)
    _, cost_t = train(X, Y)
    np.testing.assert_allclose(float(cost), cost_t, rtol=1e-12)
    np.testing.assert_allclose(np.asarray(dict(zip(g.shared_variables, new))[w]), w.get_value(), rtol=1e-12)


def test_under_jax_vmap() -> None:
    _, predict, _, _ = _logreg()
    X, _ = _data()
    g = predict.as_jax()
    state = g.shared_values()
    # one example at a time (a batch of 1 each), vmapped over the examples
    per_row = jax.vmap(lambda row: g(state, row[None, :])[0][0])(X)
    np.testing.assert_allclose(np.asarray(per_row), predict(X), rtol=1e-12)
    # vmapped over a batch of parameter vectors (an ensemble of three models) too
    k = [s.name for s in g.shared_variables].index("w")
    ws = jnp.stack([state[k] * c for c in (0.5, 1.0, 2.0)])

    def with_w(wv):
        st = list(state)
        st[k] = wv
        return g(tuple(st), X)[0]

    ensemble = jax.vmap(with_w)(ws)
    assert ensemble.shape == (3, X.shape[0])
    np.testing.assert_allclose(np.asarray(ensemble[1]), predict(X), rtol=1e-12)
    b = dict(zip([s.name for s in g.shared_variables], state))["b"]
    np.testing.assert_allclose(np.asarray(ensemble[2]), 1 / (1 + np.exp(-X @ np.asarray(ws[2]) - float(b))),
                               rtol=1e-12)


def test_under_jax_grad_equals_theano_grad() -> None:
    rng = np.random.RandomState(0)
    x = T.dmatrix("x")
    w = theano.shared(rng.randn(4, 3), name="w")
    cost = T.tanh(T.dot(x, w)).sum() + (w ** 2).sum()
    f = theano.function([x], cost)
    grad_f = theano.function([x], T.grad(cost, w))
    X = rng.randn(6, 4)
    g = f.as_jax()
    dw, = jax.grad(lambda s: g(s, X)[0])(g.shared_values())
    np.testing.assert_allclose(np.asarray(dw), grad_f(X), rtol=1e-10)
    # and with respect to the input
    dx = jax.grad(lambda xv: g(g.shared_values(), xv)[0])(X)
    ref = (1 - np.tanh(X @ w.get_value()) ** 2) @ w.get_value().T
    np.testing.assert_allclose(np.asarray(dx), ref, rtol=1e-10)


def test_lax_scan_training_equals_the_theano_function_loop() -> None:
    """The tutorial's training loop as one lax.scan over the steps equals calling train() step by step."""
    X, Y = _data(n=60)
    train, _, w, b = _logreg()
    g = train.as_jax()
    state0 = g.shared_values()

    def step(state, _):
        (_, cost), new = g(state, X, Y)
        return new, cost

    final, costs = jax.jit(lambda s: lax.scan(step, s, None, length=25))(state0)
    theano_costs = [train(X, Y)[1] for _ in range(25)]
    np.testing.assert_allclose(np.asarray(costs), theano_costs, rtol=1e-10)
    got = dict(zip(g.shared_variables, final))
    np.testing.assert_allclose(np.asarray(got[w]), w.get_value(), rtol=1e-10)
    np.testing.assert_allclose(np.asarray(got[b]), b.get_value(), rtol=1e-10)


def test_single_output_and_dict_outputs_keep_their_form() -> None:
    x = T.dvector("x")
    f1 = theano.function([x], 2 * x)
    out, state = f1.as_jax()((), np.arange(3.0))
    assert isinstance(out, jax.Array) and state == ()
    f2 = theano.function([x], {"double": 2 * x, "sum": x.sum()})
    out, _ = f2.as_jax()((), np.arange(3.0))
    assert set(out) == {"double", "sum"} and float(out["sum"]) == 3.0


def test_run_time_checks_still_raise() -> None:
    a = T.lvector("a")
    d = theano.shared(np.array([1, 2, 0]), name="d")
    f = theano.function([a], a // d)
    g = f.as_jax()
    np.testing.assert_array_equal(np.asarray(g((np.array([1, 2, 4]),), np.array([4, 4, 4]))[0]), [4, 2, 1])
    with pytest.raises(ZeroDivisionError):
        g(g.shared_values(), np.array([4, 4, 4]))  # outside a trace: Theano's error
    with pytest.raises(Exception, match="division by zero"):
        jax.block_until_ready(jax.jit(g)(g.shared_values(), np.array([4, 4, 4])))  # inside: jax.debug.callback
    # under vmap the flag is batched: each row is checked
    with pytest.raises(Exception, match="division by zero"):
        jax.block_until_ready(jax.jit(jax.vmap(lambda r: g(g.shared_values(), r)[0]))(np.full((2, 3), 4)))


def test_value_dependent_shapes_need_concrete_values() -> None:
    n = T.lscalar("n")
    f = theano.function([n], T.arange(n) * 2)
    g = f.as_jax()
    np.testing.assert_array_equal(np.asarray(g((), 3)[0]), [0, 2, 4])  # concrete: the shape program runs
    with pytest.raises(InteropError, match="depend on input values"):
        jax.jit(g)((), 3)


def test_bad_inputs_are_named() -> None:
    x = T.dmatrix("x")
    g = theano.function([x], x.sum()).as_jax()
    with pytest.raises(InteropError, match="input 0: expected a 2-d array"):
        g((), np.ones(3))
    with pytest.raises(InteropError, match="takes 1 input"):
        g((), np.ones((2, 2)), np.ones(2))
    with pytest.raises(TypeError, match="compiled theano.function"):
        theano.compile.to_jax(lambda: 0)


# ---------------------------------------------------------------------- jax_op


def _mlp_op():
    def mlp_layer(x, w):
        return jnp.tanh(x @ w)
    return jax_op(mlp_layer, [T.dmatrix, T.dmatrix], [T.dmatrix])


def test_jax_op_values_and_debugprint() -> None:
    op = _mlp_op()
    assert isinstance(op, JaxOp) and str(op) == "JaxOp{mlp_layer}"
    x = T.dmatrix("x")
    w = theano.shared(np.random.RandomState(0).randn(3, 4), name="w")
    y = op(x, w)
    f = theano.function([x], y.sum(axis=1))
    X = np.random.RandomState(1).randn(5, 3)
    np.testing.assert_allclose(f(X), np.tanh(X @ w.get_value()).sum(axis=1), rtol=1e-12)
    out = io.StringIO()
    theano.printing.debugprint(y, file=out)
    assert out.getvalue().splitlines()[0].startswith("JaxOp{mlp_layer} [id A]")


def test_jax_op_grad_is_jax_vjp() -> None:
    op = _mlp_op()
    x = T.dmatrix("x")
    w = theano.shared(np.random.RandomState(0).randn(3, 4), name="w")
    cost = (op(x, w) ** 2).sum()
    gw = T.grad(cost, w)
    assert "JaxVJP{mlp_layer}" in theano.printing.debugprint(gw, file="str")
    X = np.random.RandomState(1).randn(5, 3)
    got = theano.function([x], gw)(X)
    ref = jax.grad(lambda W: (jnp.tanh(X @ W) ** 2).sum())(w.get_value())
    np.testing.assert_allclose(got, np.asarray(ref), rtol=1e-12)


def test_jax_op_verify_grad() -> None:
    op = _mlp_op()
    rng = np.random.RandomState(2)
    theano.gradient.verify_grad(lambda a, b: op(a, b), [rng.randn(4, 3), rng.randn(3, 2)], rng=rng)


def test_jax_op_several_outputs_and_an_integer_input() -> None:
    def scaled_stats(x, k):
        return jnp.mean(x, axis=0) * k, jnp.max(x)

    op = jax_op(scaled_stats, [T.dmatrix, T.lscalar], [T.dvector, T.dscalar])
    x, k = T.dmatrix("x"), T.lscalar("k")
    m, mx = op(x, k)
    g = T.grad(m.sum() + mx, x)  # no gradient for the integer input (not connected)
    f = theano.function([x, k], [m, mx, g])
    X = np.random.RandomState(0).randn(4, 3)
    got_m, got_mx, got_g = f(X, 3)
    np.testing.assert_allclose(got_m, X.mean(axis=0) * 3)
    assert got_mx == X.max()
    ref = np.full_like(X, 3 / 4)
    ref[np.unravel_index(np.argmax(X), X.shape)] += 1
    np.testing.assert_allclose(got_g, ref)


def test_jax_op_infer_shape_from_eval_shape() -> None:
    def pairs(x):
        return x.reshape(-1, 2)

    op = jax_op(pairs, [T.dvector], [T.dmatrix])
    x = T.dvector("x")
    y = op(x)
    # constant input shapes: the output shape is known when the graph is built
    const = op(T.constant(np.arange(6.0)))
    assert [int(d.data) if hasattr(d, "data") else d for d in const.owner.op.infer_shape(const.owner, [(6,)])[0]] \
        == [3, 2]
    # symbolic input shapes: computed on the host (or in the trace) by jax.eval_shape
    z = T.zeros((y.shape[0] + 1, y.shape[1]))
    f = theano.function([x], [y.shape, z.shape])
    shape_y, shape_z = f(np.arange(8.0))
    assert list(shape_y) == [4, 2] and list(shape_z) == [5, 2]


def test_jax_op_checks_its_types() -> None:
    op = _mlp_op()
    with pytest.raises(TypeError, match="input 0 must be TensorType"):
        op(T.dvector("v"), T.dmatrix("m"))
    with pytest.raises(TypeError, match="tensor types"):
        jax_op(jnp.sin, ["float64"], [T.dvector])
    bad = jax_op(lambda x: (x, x), [T.dvector], [T.dvector])
    xv = T.dvector("x")
    with pytest.raises(ValueError, match="returned 2 array"):
        theano.function([xv], bad(xv))(np.ones(2))
    with pytest.raises(ValueError, match=r"return(s|ed) 2 array"):
        theano.function([xv], bad(xv).shape)(np.ones(2))


def test_the_frontend_module_does_not_import_jax() -> None:
    import ast
    import pathlib

    src = pathlib.Path(theano.frontend.ops.jax_op.__file__).read_text()
    names = [n.names[0].name if isinstance(n, ast.Import) else n.module for n in ast.walk(ast.parse(src))
             if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not any(str(m).split(".")[0] == "jax" for m in names)


# ---------------------------------------------------------------------- theano.shared(jax.Array)


def test_shared_of_a_jax_array_stays_on_the_device() -> None:
    a = jnp.arange(6.0).reshape(2, 3)
    s = theano.shared(a, name="s")
    assert s.type == T.dmatrix
    buf = s.get_value(borrow=True, return_internal_type=True)
    assert isinstance(buf, jax.Array) and buf is not a  # a copy (the function would donate it), not via numpy
    assert buf.devices() == a.devices()
    f = theano.function([], [], updates=[(s, s * 2)])
    f()
    np.testing.assert_array_equal(np.asarray(a), np.arange(6.0).reshape(2, 3))  # the user's array is intact
    np.testing.assert_array_equal(s.get_value(), 2 * np.arange(6.0).reshape(2, 3))
    borrowed = theano.shared(a, borrow=True)
    assert borrowed.get_value(borrow=True, return_internal_type=True) is a
    s.set_value(a)
    assert s.get_value(borrow=True, return_internal_type=True) is not a
    s.set_value(a, borrow=True)
    assert s.get_value(borrow=True, return_internal_type=True) is a
    assert isinstance(s.get_value(), np.ndarray)


def test_shared_of_a_float32_jax_array_keeps_its_dtype() -> None:
    s = theano.shared(jnp.ones((2,), jnp.float32))
    assert s.type == T.fvector
    f = theano.function([], s + 1)
    assert f().dtype == np.float32


def test_jax_op_as_a_decorator_and_by_name() -> None:
    @jax_op(itypes=[T.dvector], otypes=[T.dvector], name="softplus_jax")
    def softplus(x):
        return jnp.logaddexp(x, 0.0)

    assert str(softplus) == "JaxOp{softplus_jax}"
    x = T.dvector("x")
    v = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(theano.function([x], softplus(x))(v), np.logaddexp(v, 0.0), rtol=1e-12)
    assert softplus == jax_op(softplus.fn, [T.dvector], [T.dvector])  # same function and types: the same op (CSE)
    with pytest.raises(TypeError, match="needs itypes and otypes"):
        jax_op(jnp.sin)


def test_jax_op_second_order_equals_jax_hessian() -> None:
    def energy(x):
        return jnp.sum(jnp.sin(x) * x ** 2)

    op = jax_op(energy, [T.dvector], [T.dscalar])
    x = T.dvector("x")
    hess = theano.gradient.hessian(op(x), x)
    v = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(theano.function([x], hess)(v), np.asarray(jax.hessian(energy)(v)), rtol=1e-10)
    rng = np.random.RandomState(3)
    theano.gradient.verify_grad(lambda a: T.grad(op(a), a), [v], rng=rng)

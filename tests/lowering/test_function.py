"""theano.function end to end: inputs/outputs forms, updates, givens, shared buffers, errors, compile counts."""

import jax
import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import In, Out, function, shared
from theano.compile import UnusedInputError
from theano.gof import MissingInputError


def test_tutorial_function_returns_numpy():
    x, y = T.scalar(), T.scalar()
    f = function([x, y], x + y)
    out = f(1.0, 2.0)
    assert isinstance(out, np.ndarray) and out.shape == () and out.dtype == np.float64 and out == 3.0


def test_output_forms():
    x = T.vector("x")
    assert function([x], [], on_unused_input="ignore")(np.ones(2)) == []
    a, b = function([x], [x * 2, x.sum()])(np.ones(2))
    assert np.allclose(a, 2) and b == 2.0
    d = function([x], {"double": x * 2, "neg": -x})(np.arange(3.0))
    assert set(d) == {"double", "neg"} and np.allclose(d["neg"], -np.arange(3.0))
    single = function([x], [x + 1])(np.zeros(2))
    assert isinstance(single, list) and len(single) == 1
    out = function([x], Out(x * 3, borrow=True))(np.ones(2))
    assert np.allclose(out, 3)


def test_outputs_are_writeable_fresh_arrays():
    x = T.vector()
    f = function([x], x * 1)
    r1 = f(np.ones(3))
    r1[0] = 7
    assert f(np.ones(3))[0] == 1


def test_shared_holds_device_buffer_and_returns_numpy():
    w = shared(np.arange(4.0), name="w")
    assert isinstance(w.get_value(return_internal_type=True), jax.Array)
    v = w.get_value()
    assert isinstance(v, np.ndarray) and v.dtype == np.float64
    v[0] = 99
    assert w.get_value()[0] == 0  # get_value() copies
    assert w.type == T.dvector


def test_updates_as_list_and_default_update():
    a = shared(np.float64(1.0))
    b = shared(np.float64(10.0))
    b.default_update = b * 2
    f = function([], a + b, updates=[(a, a + 1)])
    assert f() == 11.0
    assert a.get_value() == 2.0 and b.get_value() == 20.0
    g = function([], a + b, no_default_updates=True)
    g()
    assert b.get_value() == 20.0


def test_updated_buffers_are_donated():
    w = shared(np.ones(1000))
    f = function([], updates=[(w, w * 2)])
    old = w.get_value(return_internal_type=True)
    f()
    assert np.allclose(w.get_value(), 2)
    assert old.is_deleted()  # XLA took the old buffer (donation)


def test_givens_minibatch_compiles_at_most_twice():
    data = shared(np.arange(1000.0).reshape(250, 4))
    x = T.matrix("x")
    i = T.lscalar("i")
    bs = 16
    f = function([i], x.sum(), givens={x: data[i * bs:(i + 1) * bs]})
    values = data.get_value()
    n_batches = (250 + bs - 1) // bs
    for _ in range(7):
        for k in range(n_batches):
            assert np.isclose(f(k), values[k * bs:(k + 1) * bs].sum())
    assert f.n_compilations <= 2


def test_symbolic_reshape_shapes_recompile_per_shape_only():
    a = T.matrix("a")
    n = T.lscalar("n")
    f = function([a, n], a.reshape((n, -1)))
    assert f(np.ones((4, 3)), 2).shape == (2, 6)
    assert f(np.ones((4, 3)), 6).shape == (6, 2)
    assert f(np.ones((4, 3)), 6).shape == (6, 2)
    assert f.n_compilations == 2


def test_named_inputs_and_defaults():
    x = T.scalar("x")
    y = T.scalar("y")
    f = function([x, In(y, value=10.0)], x - y)
    assert f(1.0) == -9.0
    assert f(1.0, 2.0) == -1.0
    assert f(y=3.0, x=5.0) == 2.0


# ---------------------------------------------------------------- errors

def test_wrong_number_of_arguments():
    x = T.scalar("x")
    f = function([x], x * 2)
    with pytest.raises(TypeError, match="Too many parameter"):
        f(1.0, 2.0)
    with pytest.raises(TypeError, match="Missing required input: x"):
        f()


def test_wrong_ndim_names_input_and_shapes():
    x = T.matrix("x")
    f = function([x], x * 2)
    # named after the line that compiled it, as Theano 1.0.5 names a function given no name
    assert f.name == f"{__file__}:{test_wrong_ndim_names_input_and_shapes.__code__.co_firstlineno + 2}"
    with pytest.raises(TypeError, match=r'Bad input argument to theano function with name ".*test_function.py:\d+" '
                                        r"at index 0.*Wrong number of dimensions: expected 2, got 1 with shape \(3,\)"):
        f(np.ones(3))
    g = function([x], x * 2, name="double")
    assert g.name == "double"
    from theano.compile import pfunc
    assert pfunc([x], x * 2).name is None  # pfunc does not name, as in Theano


def test_wrong_dtype_without_downcast():
    x = T.fvector("x")
    f = function([x], x * 2)
    with pytest.raises(TypeError, match="TensorType\\(float32, vector\\) cannot store a value of dtype float64"):
        f(np.ones(3))
    g = function([x], x * 2, allow_input_downcast=True)
    assert g(np.ones(3)).dtype == np.float32


def test_python_float_into_float32_input_is_lossless_check():
    x = T.fscalar()
    f = function([x], x)
    assert f(0.5).dtype == np.float32  # exactly representable
    with pytest.raises(TypeError, match="cannot store accurately value"):
        f(0.1)


def test_update_with_wrong_type():
    w = shared(np.zeros(3))
    with pytest.raises(TypeError, match="An update must have the same type as the original shared variable"):
        function([], updates=[(w, T.cast(w, "float32"))])
    with pytest.raises(TypeError, match="An update must have the same type"):
        function([], updates=[(w, w.dimshuffle("x", 0))])


def test_update_target_must_be_shared():
    x = T.vector("x")
    with pytest.raises(TypeError, match="update target must be a SharedVariable"):
        function([x], x, updates=[(x, x + 1)])


def test_duplicate_update_target():
    w = shared(0.0)
    with pytest.raises(ValueError, match="already has an update"):
        function([], updates=[(w, w + 1), (w, w + 2)])


def test_unused_input():
    x, y = T.scalar("x"), T.scalar("y")
    with pytest.raises(UnusedInputError, match="at index 1 is not part of the computational graph"):
        function([x, y], x * 2)
    with pytest.warns(UserWarning):
        function([x, y], x * 2, on_unused_input="warn")
    function([x, y], x * 2, on_unused_input="ignore")


def test_missing_input():
    x, y = T.scalar("x"), T.scalar("y")
    with pytest.raises(MissingInputError, match="was not provided"):
        function([x], x + y)


def test_shared_variable_as_explicit_input_refused():
    w = shared(1.0)
    with pytest.raises(TypeError, match="Cannot use a shared variable"):
        function([w], w * 2)


def test_failed_call_leaves_shared_values_unchanged():
    w = shared(np.arange(3.0), name="w")
    c = shared(np.float64(5.0), name="c")
    x = T.vector("x")
    f = function([x], (w * x).dimshuffle(0), updates=[(w, w + x), (c, c + 1)])
    before_w, before_c = w.get_value(), c.get_value()
    with pytest.raises(ValueError, match="Input dimension mis-match"):
        f(np.ones(4))
    with pytest.raises(TypeError):
        f(np.ones((2, 2)))
    assert np.array_equal(w.get_value(), before_w) and c.get_value() == before_c
    f(np.ones(3))
    assert np.array_equal(w.get_value(), before_w + 1) and c.get_value() == before_c + 1


def test_maker_fgraph_wraps_constant_output_in_deepcopy():
    x = T.scalar()
    f = function([x], [x, T.constant(1.0)])
    ops = [type(o.owner.op).__name__ for o in f.maker.fgraph.outputs]
    assert ops == ["DeepCopyOp", "DeepCopyOp"]
    a, b = f(3.0)
    assert a == 3.0 and b == 1.0


def test_mode_argument_accepts_names_and_objects():
    x = T.scalar()
    for mode in ["FAST_RUN", "FAST_COMPILE", theano.Mode(), None]:
        assert function([x], x * 2, mode=mode)(2.0) == 4.0
    with pytest.raises(ValueError, match="unknown mode"):
        function([x], x, mode="NOT_A_MODE")


def test_eval():
    x = T.vector("x")
    assert np.allclose((x * 2).eval({x: np.ones(2)}), 2)
    assert T.constant(3.0).eval() == 3.0


def test_copy_compiles_the_same_graph():
    w = shared(np.float64(1.0))
    x = T.scalar("x")
    f = function([x], x * w, updates=[(w, w + 1)])
    g = f.copy(name="g")
    assert g.name == "g" and g(2.0)[0] == 2.0 and w.get_value() == 2.0 and f(2.0) == 4.0  # a list, as Theano


def test_shape_program_memo_keys_on_shapes_and_scalar_values():
    data = shared(np.arange(40.0).reshape(10, 4))
    x = T.matrix("x")
    i = T.lscalar("i")
    f = function([i], x * 2, givens={x: data[i * 3:(i + 1) * 3]})
    for k in [0, 1, 2, 3, 0, 3]:
        assert np.array_equal(f(k), data.get_value()[k * 3:(k + 1) * 3] * 2)
    program = f._shape_program
    assert program._memo is not None and len(program._memo) == 4
    data.set_value(np.arange(8.0).reshape(2, 4))  # a new shape for the same index gives a new entry
    assert np.array_equal(f(0), np.arange(8.0).reshape(2, 4)[0:3] * 2)
    assert len(program._memo) == 5


def test_dict_outputs_are_sorted_by_key_and_listed_in_outputs():
    """Theano 1.0.5 sorts a dict of outputs by key: f.outputs (the Out instances) follow that order."""
    x, y = T.scalar("x"), T.scalar("y")
    e1 = T.scalar("1")
    f = function([x, y, e1], outputs={"x": x, "y": y * 2, "1": e1})
    assert [o.variable.name for o in f.outputs] == ["1", "x", None]
    out = f(1.0, 2.0, 3.0)
    assert list(out) == ["1", "x", "y"] and out == {"1": 3.0, "x": 1.0, "y": 4.0}

"""The rest of Theano 1.0.5's compiled-function contract (issue 12): pfunc, downcasts, update and givens
types, strict shared variables, Function.copy containers, f.fn.storage_map / allow_gc / free, trust_input."""
from __future__ import annotations

import copy

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import In


def test_pfunc_importable_as_in_theano():
    from theano.compile import config, pfunc
    from theano.compile.pfunc import pfunc as pfunc2

    assert pfunc is pfunc2 and callable(pfunc)
    assert config.floatX in ("float32", "float64")
    x = T.dvector("x")
    f = pfunc([x], [x * 2, x + 1], output_keys=["double", "inc"])
    out = f([1.0, 2.0])
    assert set(out) == {"double", "inc"}
    np.testing.assert_array_equal(out["double"], [2.0, 4.0])
    np.testing.assert_array_equal(out["inc"], [2.0, 3.0])
    with pytest.raises(Exception, match="must be a list or a tuple"):
        pfunc(x, x)


def test_sharedvalue_generic_is_the_type_of_a_list_value():
    from theano.compile.sharedvalue import generic

    assert theano.shared([]).type == generic


def test_allow_downcast_wraps_out_of_range_integers():
    a, b, c = T.wvector("a"), T.bvector("b"), T.bscalar("c")
    f = theano.function([a, b, c], a + b + c, allow_input_downcast=True)
    assert f([2 ** 20], [1], 0) == 1      # 2**20 wraps to 0 in int16
    assert f([3], [312], 0) == 59         # 312 wraps to 56 in int8
    assert f([3], [1], 806) == 42         # 806 wraps to 38 in int8
    g = theano.function([In(a, allow_downcast=True), In(b, allow_downcast=False), c], a + b + c)
    assert np.all(g([2 ** 20], np.ones(1, dtype="int8"), 1) == 2)
    with pytest.raises(TypeError):
        g([3], [312], 1)


def test_update_must_have_the_exact_type():
    out = theano.shared(np.random.rand(10, 10).astype("float32"), name="output")
    # a broadcastable (1, 1) value is refused for a matrix, with Theano's hint to unbroadcast it
    with pytest.raises(TypeError, match="unbroadcast"):
        theano.function([], [], updates={out: out.sum().dimshuffle("x", "x")})
    v = theano.shared(np.zeros(1))
    f = theano.function([], [], updates={v: np.ones(1)})  # a plain value becomes a constant of v's type
    f()
    np.testing.assert_array_equal(v.get_value(), [1.0])


def test_givens_of_another_type_with_rebuild_strict_false():
    w = T.imatrix()
    x, y = T.ivectors("x", "y")
    z = x * y
    with pytest.raises(TypeError):
        theano.function([w, y], z, givens=[(x, w)])
    f = theano.function([w, y], z, givens=[(x, w)], rebuild_strict=False)
    z_val = f(np.ones((3, 5), dtype="int32"), np.arange(5, dtype="int32"))
    assert z_val.ndim == 2
    np.testing.assert_array_equal(z_val, np.ones((3, 5)) * np.arange(5))


def test_strict_shared_variable_refuses_other_types_on_set_value():
    b = theano.shared(np.int64(7), strict=True)
    with pytest.raises(TypeError):
        b.set_value(8.23)
    with pytest.raises(TypeError):  # Theano's strict filter wants an ndarray, not a numpy scalar
        b.set_value(np.int64(3))
    b.set_value(np.asarray(3, dtype="int64"))
    assert b.get_value() == 3
    d = theano.shared(np.float64(7.2), strict=True)
    with pytest.raises(TypeError):
        d.set_value(8)
    loose = theano.shared(np.float64(7.2))
    loose.set_value(8)
    assert loose.get_value() == 8.0


def test_shared_value_is_function_state():
    w_init = np.random.RandomState(1827).rand(5)
    w = theano.shared(w_init.copy(), "w")
    f = theano.function([], T.sum(w * w))
    np.testing.assert_allclose(f(), np.sum(w_init * w_init), rtol=1e-15)
    w.set_value(w.get_value(borrow=True) + 1.0, borrow=True)
    np.testing.assert_allclose(f(), np.sum((w_init + 1) ** 2), rtol=1e-15)


def test_fgraph_name_and_indices():
    x = T.dscalar("x")
    f = theano.function([x], x * 2, name="double")
    assert f.maker.fgraph.name == "double"
    g = copy.deepcopy(f)
    assert g.maker.fgraph.name == "double"
    assert f.copy(name="cp").maker.fgraph.name == "cp"
    [(inp, idx, sub)] = f.indices
    assert inp.variable is x and sub == [x]


def test_trust_input_takes_arrays_as_they_are():
    a = T.dscalar()
    x, s = T.dscalars("xs")
    f = theano.function([x, In(a, value=1.0, name="a"), In(s, value=0.0, update=s + a * x, mutable=True)],
                        s + a * x)
    f.trust_input = True
    assert f(np.asarray(2.0)) == 2.0
    with pytest.raises(ValueError, match="trust_input"):
        f(2.0)
    g = copy.deepcopy(f)
    assert g.trust_input is True
    with pytest.raises(ValueError, match="trust_input"):
        g(2.0)


def test_copy_gives_each_input_its_own_container():
    a = T.scalar()
    x, s = T.scalars("xs")
    f = theano.function([x, In(a, value=1.0, name="a"), In(s, value=0.0, update=s + a * x, mutable=True)], s + a * x)
    g = copy.copy(f)
    for v in (x, a, s):
        assert g.container[v].storage is not f.container[v].storage
    assert g.value[a] is f.value[a]          # immutable default: the value itself is shared
    assert g.value[s] is not f.value[s]      # mutable state: copied
    assert g.value[s] == f.value[s]
    assert f(2, 1) == g(2)
    assert f(2, 1) == g(2)
    f(1, 2)
    assert f(1, 2) != g(1, 2)                # each function updates its own state


def test_copy_with_swap_finds_the_new_shared_variable():
    y = theano.shared(1.0, name="y")
    y2 = theano.shared(5.0, name="y2")
    x = T.dscalar("x")
    f = theano.function([x], x + y)
    g = f.copy(swap={y: y2})
    assert g(1.0) == [6.0]
    assert g.value[y2] == 5.0 and y2 in g.container and y not in g.container


def test_fn_storage_map_allow_gc_and_free():
    x = T.vector("x")
    f = theano.function([x], x + 1)
    assert f.fn.allow_gc is True
    f([1])
    cells = [c for v, c in f.fn.storage_map.items() if not isinstance(v, theano.gof.Constant)]
    assert all(c[0] is None for c in cells)  # nothing is kept while allow_gc is True
    f.fn.allow_gc = False
    np.testing.assert_array_equal(f([1]), [2.0])
    fg = f.maker.fgraph
    np.testing.assert_array_equal(f.fn.storage_map[fg.inputs[0]][0], [1.0])
    np.testing.assert_array_equal(f.fn.storage_map[fg.outputs[0]][0], [2.0])
    f.free()
    for v, c in f.fn.storage_map.items():
        if not isinstance(v, theano.gof.Constant):
            assert c[0] is None
    f.fn.allow_gc = True
    f([3])
    assert f.fn.storage_map[fg.inputs[0]][0] is None
    g = copy.deepcopy(f)  # the view is not pickled: the copy builds its own
    assert g.fn.storage_map is not f.fn.storage_map


def test_fn_storage_map_shared_cells_and_share_memory():
    x = T.fscalar("x")
    y = theano.shared(value=1, name="y")
    z = theano.shared(value=2, name="z")
    out = T.tanh((x + y + 2) / (x + z - 0.2) ** 2)
    ori = theano.function([x], [out], updates={z: z + 1})
    cpy = ori.copy(share_memory=True)
    ori(1.0)
    by_name = {v.name: c for v, c in ori.fn.storage_map.items() if v.name in ("y", "z")}
    assert by_name["z"][0] == z.get_value() == 3
    assert by_name["y"][0] == 1
    fg = cpy.maker.fgraph
    io = set(fg.inputs) | set(fg.outputs)
    ori_cells = list(ori.fn.storage_map.values())
    inner = [c for v, c in cpy.fn.storage_map.items() if v not in io or isinstance(v, theano.gof.Constant)]
    assert inner and all(any(c is o for o in ori_cells) for c in inner)
    unshared = ori.copy()
    inner = [c for v, c in unshared.fn.storage_map.items() if v not in io]
    assert not any(any(c is o for o in ori_cells) for c in inner)


def test_givens_type_conversion_as_theano():
    x, y = T.row("x"), T.matrix("y")
    with pytest.raises(TypeError, match=r"Cannot convert Type TensorType\(float64, matrix\) \(of Variable y\) into "
                                        r"Type TensorType\(float64, row\)"):
        theano.function([y], x * 2, givens=[(x, y)])  # a matrix may be longer than 1 where a row is not
    a, b = T.fvector("a"), T.dvector("b")
    with pytest.raises(TypeError, match="Cannot convert Type"):
        theano.function([b], a * 2, givens=[(a, b)])
    m, r = T.matrix("m"), T.row("r")
    f = theano.function([r], m * 2, givens=[(m, r)])  # a more broadcastable replacement is converted
    np.testing.assert_array_equal(f(np.ones((1, 3))), [[2.0, 2.0, 2.0]])

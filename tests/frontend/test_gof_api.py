"""theano.gof's pure-Python API: graph utilities (as_string, clone, is_same_graph, auto names, the constant
cache by signature), gof.sched, gof.utils, toolbox features (NodeFinder), EnumType/EnumList and ParamsType.
Expected strings and orders are Theano 1.0.5's."""
from __future__ import annotations

import pickle
from itertools import count

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gof import CachedConstantError, FunctionGraph
from theano.gof.graph import Apply, Variable, as_string, clone, is_same_graph
from theano.gof.op import Op
from theano.gof.type import Type


class _T(Type):
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return isinstance(other, _T) and other.n == self.n

    def __hash__(self):
        return hash(self.n)

    def __str__(self):
        return "R%s" % self.n


class _Add(Op):
    __props__ = ()

    def make_node(self, *inputs):
        return Apply(self, list(inputs), [Variable(_T(sum(i.type.n for i in inputs)))])

    def __str__(self):
        return "Add"


class _Pair(Op):
    __props__ = ()

    def make_node(self, x):
        return Apply(self, [x], [Variable(_T(0)), Variable(_T(1))])

    def __str__(self):
        return "Pair"


def _v(n):
    return Variable(_T(n))


def _leaf(v):
    return str(v.type)


def test_as_string_shared_nodes_are_numbered_in_order_and_multi_outputs_indexed():
    add, pair = _Add(), _Pair()
    r1, r2 = _v(1), _v(2)
    a = add.make_node(r1, r2).outputs[0]
    p = pair.make_node(a)
    out = add.make_node(p.outputs[0], p.outputs[1]).outputs[0]
    out2 = add.make_node(out, a).outputs[0]
    s = as_string([r1, r2], [out2], leaf_formatter=_leaf)
    assert s == ["Add(Add(*1 -> Pair(*2 -> Add(R1, R2)), *1::1), *2)"]  # numbered as they appear, left to right
    # the default node formatter gets the Apply node (Theano's default_node_formatter)
    assert as_string([r1, r2], [a]) == ["Add(%s, %s)" % (r1, r2)]


def test_as_string_deep_chain_does_not_recurse():
    add = _Add()
    x = _v(0)
    v = x
    for _ in range(5000):
        v = add.make_node(v).outputs[0]
    s = as_string([x], [v], leaf_formatter=_leaf)[0]
    assert s.startswith("Add(Add(") and s.count("Add(") == 5000


def test_clone_copy_orphans_defaults_to_copy_inputs():
    c = T.constant(1.5)
    assert clone([c], [c])[0][0] is not c
    i, o = clone([c], [c], False)
    assert i[0] is c and o[0] is c
    assert clone([c], [c], True, False)[0][0] is not c


def test_is_same_graph_givens_apply_to_both_graphs():
    x, y, z = T.vectors("x", "y", "z")
    t = x * y
    assert is_same_graph(x * 2, x * 2)
    assert not is_same_graph(x * 2, y * 2)
    assert is_same_graph(x * 2, y * 2, givens={y: x})
    assert is_same_graph(t * 2, z * 2, givens={t: z})
    assert not is_same_graph(x * (y * z), (x * y) * z)
    assert not is_same_graph(x * x + z, x * y + t, givens={y: x})
    assert is_same_graph(x * x + z, x * y + t, givens={y: x, t: z})


def test_auto_names_use_the_replaceable_class_counter():
    start = next(Variable.__count__)
    Variable.__count__ = count(start)
    r1, r2 = _v(1), _v(2)
    assert (r1.auto_name, r2.auto_name) == ("auto_%d" % start, "auto_%d" % (start + 1))
    assert r1.clone().auto_name == "auto_%d" % (start + 2)


def test_constant_cache_is_found_by_signature():
    c = T.constant(1.25)
    assert T.constant(1.25) is c
    assert c.signature() in T.constant_cache
    del T.constant_cache[c.signature()]
    assert T.constant(1.25) is not c


def test_eval_caches_on_the_variable_and_the_cache_is_not_pickled():
    x, y = T.dscalars("x", "y")
    w = 2 * (x + y)
    assert w.eval({x: 1.0, y: 2.0}) == 6.0
    assert len(w._fn_cache) == 1
    assert w.eval({y: 3.0, x: 1.0}) == 8.0
    assert len(w._fn_cache) == 1  # same input set, any order
    assert not hasattr(pickle.loads(pickle.dumps(w)), "_fn_cache")


def test_function_graph_without_clone_refuses_cached_constants():
    v = T.constant(1)
    assert v.cached
    with pytest.raises(CachedConstantError):
        FunctionGraph([], [v + 1], clone=False)
    FunctionGraph([], [v + 1])  # a clone is fine


def test_sched_orders_by_dependence_then_comparators():
    from theano.gof.sched import _toposort, make_dependence_cmp, posort, sort_apply_nodes, sort_schedule_fn

    x = T.matrix("x")
    y = T.dot(x * 2, x + 1)
    nodes = theano.gof.graph.io_toposort([x], [y])
    dependence = make_dependence_cmp()
    assert all(dependence(a, b) <= 0 for a, b in zip(nodes[:-1], nodes[1:]))
    assert dependence(nodes[-1], nodes[0]) == 1
    by_str = sort_apply_nodes([x], [y], [lambda a, b: (str(a) > str(b)) - (str(a) < str(b))])
    assert [str(n) for n in by_str] == sorted(str(n) for n in by_str)
    fg = FunctionGraph([x], [y])
    sched = sort_schedule_fn(lambda a, b: 0)(fg)
    assert sched[-1].op == fg.outputs[0].owner.op
    assert posort(list(range(1, 20)), lambda a, b: a % 10 - b % 10, lambda a, b: (a / 10) % 2 - (b / 10) % 2,
                  lambda a, b: a - b) == [10, 1, 11, 2, 12, 3, 13, 4, 14, 5, 15, 6, 16, 7, 17, 8, 18, 9, 19]
    with pytest.raises(ValueError, match="cycles"):
        _toposort({1: {2}, 2: {1}})


def test_gof_utils_helpers(capsys):
    from theano.gof.utils import difference, flatten, give_variables_names, remove, toposort, uniq, unique

    x = T.matrix("x")
    y = x + 1
    z = T.dot(x, y)
    give_variables_names([x, y, z])
    assert capsys.readouterr().out.startswith("WARNING: theano.gof.utils.give_variables_names deprecated.")
    names = [v.name for v in (x, y, z)]
    assert all(names) and unique(names)
    give_variables_names([x, y, z])
    assert [v.name for v in (x, y, z)] == names
    assert remove(lambda v: v % 2 == 0, range(5)) == [1, 3]
    assert uniq([3, 1, 3, 2, 1]) == [3, 1, 2]
    assert difference([1, 2, 3, 4, 5], [2, 4, 6, 8]) == [1, 3, 5]
    assert flatten([1, (2, [3, {4}]), []]) == [1, 2, 3, 4]
    assert toposort({"c": {"a", "b"}, "b": {"a"}, "a": set()}) == ["a", "b", "c"]


def test_node_finder_follows_replacements():
    from theano.gof.toolbox import AlreadyThere, NodeFinder

    x, y = T.dvectors("x", "y")
    e0 = T.exp(x)
    out = T.exp(e0) + y
    fg = FunctionGraph([x, y], [out], clone=False)
    fg.attach_feature(NodeFinder())
    exp_op = e0.owner.op
    assert len(fg.get_nodes(exp_op)) == 2
    with pytest.raises(AlreadyThere):
        fg.attach_feature(NodeFinder())
    fg.replace(e0, T.log(x))
    assert len(fg.get_nodes(exp_op)) == 1
    assert len(fg.get_nodes(T.log(x).owner.op)) == 1


def test_enum_types_and_aliases():
    from theano.gof import EnumList, EnumType

    e = EnumType(A=("alpha", 0), B=("beta", 1), C=2)
    assert e == EnumType(A=("alpha", 0), B=("beta", 1), C=2) and hash(e) == hash(EnumType(A=("alpha", 0),
                                                                                          B=("beta", 1), C=2))
    assert e != EnumType(A=("a", 0), B=("beta", 1), C=2)
    assert e.filter("beta") == e.fromalias("beta") == e.B == 1
    assert e.filter(True) == 1
    with pytest.raises(TypeError):
        e.filter(7)
    with pytest.raises(NotImplementedError):
        e.A = 3
    with pytest.raises(AttributeError):
        EnumList("a")
    with pytest.raises(TypeError):
        EnumType(X="text")
    lst = EnumList(("ADD", "+"), "SUB", ctype="unsigned long long")
    assert (lst.ADD, lst.SUB, lst.ctype, lst.fromalias("+")) == (0, 1, "unsigned long long", 0)
    assert repr(lst) == "EnumList<unsigned long long>(ADD(+):0, SUB:1)"
    assert pickle.loads(pickle.dumps(lst)) == lst


def test_params_type_and_params():
    from theano.gof import EnumList, Params, ParamsType
    from theano.scalar import Scalar

    w = ParamsType(a=T.TensorType("int32", (False,)), b=Scalar("float64"), mode=EnumList("SUM", ("MEAN", "mean")))
    assert w.fields == ("a", "b", "mode") and w.MEAN == 1 and w.enum_from_alias("mean") == 1
    p = Params(w, a=np.array([1, 2], dtype="int32"), b=2.5, mode=0)
    q = Params(w, a=np.array([1, 2], dtype="int32"), b=2.5, mode=0)
    assert p == q and hash(p) == hash(q) and p.b == 2.5
    assert p != Params(w, a=np.array([1, 3], dtype="int32"), b=2.5, mode=0)
    bad = Params(w, a=np.array([1, 2], dtype="int64"), b=2.5, mode=0)
    with pytest.raises(TypeError):
        w.filter(bad, strict=True)
    w.filter(bad, strict=False, allow_downcast=True)
    with pytest.raises(AttributeError):
        ParamsType(e1=EnumList("A", "B"), e2=EnumList("A", "C"))
    with pytest.raises(NotImplementedError):
        p.b = 1


def test_cdata_type_filter_accepts_only_capsules():
    import datetime
    from theano.gof.type import CDataType
    t = CDataType("void *")
    capsule = datetime.datetime_CAPI  # a PyCapsule on every CPython (types.CapsuleType is 3.13+ only)
    assert t.filter(capsule) is capsule
    assert t.filter(None) is None
    with pytest.raises(TypeError, match=r"CDataType\(void \*\): expected None or a PyCapsule.*got int"):
        t.filter(3)

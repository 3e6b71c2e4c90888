"""The graph IR: Variable/Apply/Op protocol, walks, cloning, FunctionGraph; deep graphs without recursion."""
import sys

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.gof import Apply, Constant, FunctionGraph, Op, Variable, graph


def test_variable_owner_and_apply_fields():
    x, y = T.scalars("x", "y")
    z = x + y
    assert z.owner.op == T.add and z.owner.inputs == [x, y] and z.owner.outputs == [z]
    assert z.index == 0 and x.owner is None
    assert str(z) == "Elemwise{add,no_inplace}.0"
    assert str(x) == "x" and str(T.scalar()) == "<TensorType(float64, scalar)>"


def test_op_identity_from_props():
    class Scale(Op):
        __props__ = ("factor",)

        def __init__(self, factor):
            self.factor = factor

        def make_node(self, x):
            x = T.as_tensor_variable(x)
            return Apply(self, [x], [x.type()])

    assert Scale(2) == Scale(2) and hash(Scale(2)) == hash(Scale(2)) and Scale(2) != Scale(3)
    assert str(Scale(2)) == "Scale{factor=2}"


def test_inputs_ancestors_toposort():
    x, y = T.vectors("x", "y")
    a = T.exp(x)
    b = a * y
    c = b + a
    assert set(graph.inputs([c])) == {x, y}
    assert x in graph.ancestors([c]) and a in graph.ancestors([c])
    order = graph.io_toposort([x, y], [c])
    assert [n.outputs[0] for n in order] == [a, b, c]


def test_clone_replace():
    x, y = T.scalars("x", "y")
    z = x * 2 + 1
    z2 = theano.clone(z, replace={x: y})
    assert y in graph.inputs([z2]) and x not in graph.inputs([z2])
    assert theano.function([y], z2)(3.0) == 7.0


def test_function_graph_clients_and_replace():
    x = T.vector("x")
    a = T.exp(x)
    out = a + a
    fg = FunctionGraph([x], [out])
    xi = fg.inputs[0]
    assert xi is not x  # cloned
    ea = fg.outputs[0].owner.inputs[0]
    assert len(fg.clients[ea]) == 2
    assert len(fg.apply_nodes) == 2
    fg.replace(ea, T.log(xi))
    assert fg.outputs[0].owner.inputs[0].owner.op == T.log
    assert fg.toposort()[-1].outputs[0] is fg.outputs[0]


def test_constant_signature_merges_by_value():
    a, b = T.constant(np.arange(3.0)), T.constant(np.arange(3.0))
    assert a.signature() == b.signature() and hash(a.signature()) == hash(b.signature())
    assert a.equals(b) and not a.equals(T.constant(np.ones(3)))
    nan1, nan2 = T.constant(np.array([np.nan])), T.constant(np.array([np.nan]))
    assert nan1.signature() == nan2.signature() and hash(nan1.signature()) == hash(nan2.signature())


def test_deep_chain_builds_differentiates_and_compiles_without_recursion():
    limit = sys.getrecursionlimit()
    assert limit <= 3000
    x = T.scalar("x")
    y = x
    c = T.constant(1.0001, dtype="float64")  # a Python 1.0001 would autocast to float32, as in Theano
    for _ in range(10000):
        y = y * c
    g = T.grad(y, x)
    f = theano.function([x], [y, g])
    v, dv = f(1.0)
    assert np.isclose(v, 1.0001 ** 10000) and np.isclose(dv, 1.0001 ** 10000)
    assert len(graph.io_toposort([x], [g])) > 10000

"""The pattern language's structural features: nested op patterns, keyword captures, sole(), predicates, tags."""
import pytest

import theano.tensor as T
from theano.frontend.fgraph import FunctionGraph
from theano.frontend.ops import nnet
from theano.frontend.ops.elemwise import DimShuffle
from theano.frontend.ops.reduce import Sum
from theano.frontend.ops.subtensor import Subtensor
from theano.passes.engine import Rule, rewrite_graph, tagged
from theano.passes.pattern import Match, OpP, P, sole, x, y

from rewrite_helpers import op_names, rewrite


def matches(pattern, var, fgraph=None):
    m = Match(var, fgraph)
    return m if pattern.match(var, m) else None


def test_nested_op_patterns_with_props_by_value_and_by_predicate():
    v = T.dvector("v")
    assert matches(OpP(Sum, P.exp(x)), T.sum(T.exp(v))).x is v
    assert matches(OpP(Sum, P.exp(x)), T.sum(T.log(v))) is None
    row = v.dimshuffle("x", 0)
    assert matches(OpP(DimShuffle, x, new_order=("x", 0)), row).x is v
    assert matches(OpP(DimShuffle, x, new_order=(0, "x")), row) is None
    assert matches(OpP(Sum, x, axis=lambda a: a is None or tuple(a) == (0,)), T.sum(v, axis=0)) is not None
    m = T.dmatrix("m")
    assert matches(OpP(Sum, x, axis=lambda a: a is not None and tuple(a) == (1,)), T.sum(m, axis=0)) is None


def test_class_tuples_trailing_inputs_and_alternatives():
    m = T.dmatrix("m")
    softmaxes = OpP((nnet.Softmax, nnet.SoftmaxWithBias), ...)
    assert matches(softmaxes, nnet.softmax(m)) is not None
    assert matches(softmaxes, T.exp(m)) is None
    assert set(softmaxes.root_keys()) == {nnet.Softmax, nnet.SoftmaxWithBias}
    picked = m[0]
    assert matches(OpP(Subtensor, x, ...), picked).x is m  # the index inputs are not named
    alt = P.log(x) | P.exp(y)
    assert matches(alt, T.exp(m)).captures == {"y": m}
    assert matches(alt, T.sin(m)) is None


def test_named_sub_patterns_must_be_the_same_variable_where_they_repeat():
    v = T.dvector("v")
    e = P.exp(x, name="e")
    ev = T.exp(v)
    softmax = e / OpP(DimShuffle, OpP(Sum, e))  # the 0-d sum is padded to divide the vector
    got = matches(softmax, ev / T.sum(ev))
    assert got.e is ev and got.x is v
    assert matches(softmax, ev / T.sum(T.exp(v + 0))) is None  # an equal-looking but distinct exp


def test_predicates_on_captures_and_on_sub_patterns():
    v, m = T.dvector("v"), T.dmatrix("m")
    two_d = P.exp(x.where(lambda u: u.ndim == 2))
    assert matches(two_d, T.exp(m)) is not None
    assert matches(two_d, T.exp(v)) is None
    floats = P.exp(x).where(lambda u: u.dtype == "float32")
    assert matches(floats, T.exp(v)) is None


def test_sole_requires_a_single_client_in_the_graph():
    v = T.dvector("v")
    neg = -v
    fg = FunctionGraph([v], [T.sum(neg)], clone=False)
    assert matches(OpP(Sum, sole(-x)), fg.outputs[0], fg) is not None
    fg = FunctionGraph([v], [T.sum(neg), neg], clone=False)  # -v is also an output
    assert matches(OpP(Sum, sole(-x)), fg.outputs[0], fg) is None
    assert matches(sole(-x), neg) is None  # outside a graph, nothing is known to have one client


def test_rhs_functions_receive_captures_and_extras_by_keyword():
    v = T.dvector("v")
    seen = {}

    def rhs(x, e, node, fgraph, var):
        seen.update(x=x, e=e, node=node, fgraph=fgraph, var=var)
        return T.exp(x) * 1.0

    fg = FunctionGraph([v], [T.log(T.exp(v))], clone=False)
    out = fg.outputs[0]
    rewrite_graph(fg, [Rule(P.log(P.exp(x, name="e")), rhs, name="look")], merge=False)
    assert seen["x"] is v and seen["e"] is out.owner.inputs[0] and seen["node"] is out.owner
    assert seen["fgraph"] is fg and seen["var"] is out
    with pytest.raises(ValueError, match="does not capture"):
        Rule(P.log(x), lambda z: z, name="typo")


def test_a_rule_does_not_fire_when_its_constraint_fails():
    m = T.dmatrix("m")
    neg = -m
    # local_sum_neg needs -m to be used only by the sum: here it is an output too
    kept = rewrite([m], [T.sum(neg, axis=1), neg]).outputs[0]
    assert kept.owner.op.__class__ is Sum and "neg" in op_names(kept)
    moved = rewrite([m], [T.sum(-m, axis=1)]).outputs[0]
    assert "neg" in op_names(moved) and isinstance(moved.owner.op, type(neg.owner.op))  # -sum(m): neg on top
    # local_softmax wants a float matrix or vector: an int exp is left alone
    i = T.imatrix("i")
    e = T.exp(i)
    assert "Softmax" not in op_names(rewrite([i], [e / e.sum(axis=1, keepdims=True)]).outputs[0])


def test_tagged_sets_the_tags_of_a_rule_list_once():
    rules = tagged(("canonicalize", "fast_run"), [Rule(P.exp(P.log(x)), x, name="a"), Rule(P.sin(x), x, name="b")])
    assert all(r.tags == {"canonicalize", "fast_run"} for r in rules)

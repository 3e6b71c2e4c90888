"""The rewrite engine: patterns, rules, the worklist, FunctionGraph replacement, merge and constant folding."""
import sys
import warnings

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano.frontend.fgraph import FunctionGraph, InconsistencyError, MissingInputError
from theano.passes import pipeline
from theano.passes.constant_folding import constant_folding_pass
from theano.passes.engine import RewriteError, Rule, RuleIndex, rewrite_graph
from theano.passes.merge import merge_pass
from theano.passes.pattern import Const, Match, P, x, y

from rewrite_helpers import op_names, rewrite


def matches(pattern, var):
    m = Match(var)
    return m if pattern.match(var, m) else None


# --------------------------------------------------------------------------- patterns

def test_pattern_reads_like_the_maths_and_matches_commuted_and_padded_constants():
    v = T.dvector("v")
    mat = T.dmatrix("mat")
    pat = P.log(1 + P.exp(x))
    assert matches(pat, T.log(1 + T.exp(v))).x is v
    assert matches(pat, T.log(T.exp(v) + 1)).x is v  # add is commutative
    assert matches(pat, T.log(1 + T.exp(mat))).x is mat  # the 1 is DimShuffle{x,x}(TensorConstant{1})
    assert matches(pat, T.log(2 + T.exp(v))) is None
    assert matches(pat, T.log(1 + T.exp(v) + v)) is None  # arity counts
    assert matches(P.log(...), T.log(v)) is not None  # `...`: any inputs


def test_repeated_capture_must_be_the_same_variable():
    v, w = T.dvector("v"), T.dvector("w")
    assert matches(x - x, v - v) is not None
    assert matches(x - x, v - w) is None
    m = matches(x * y, v * w)
    assert (m.x, m.y) in ((v, w), (w, v))


def test_number_matches_only_scalar_like_constants():
    row = T.drow("row")
    assert matches(x ** 2, row ** 2) is not None
    wide_two = T.constant(np.full((3, 4), 2.0))  # its shape takes part in broadcasting
    assert matches(x ** 2, row ** wide_two) is None
    assert matches(Const(2), T.constant(np.full((1, 1), 2.0))) is not None


def test_template_builds_the_graph_from_captures_in_the_matched_dtype():
    v = T.fvector("v")
    m = matches(P.log(1 - P.sigmoid(x)), T.log(1 - T.nnet.sigmoid(v)))
    built = (-P.softplus(x)).build(m)
    assert built.dtype == "float32" and op_names(built) == {"neg", "softplus"}
    one = (x + 1).build(m)
    assert one.dtype == "float32"


def test_rules_are_indexed_by_root_op():
    a, b = Rule(P.exp(x), x, name="a"), Rule(P.log(x), x, name="b")
    any_op = Rule(P.op(theano.gof.Op, ...), lambda m: None, name="c")
    index = RuleIndex([a, b, any_op])
    v = T.dvector()
    assert index.rules_for(T.exp(v).owner) == [a, any_op]
    assert index.rules_for(T.log(v).owner) == [b, any_op]
    assert index.rules_for(T.sum(v).owner) == [any_op]
    with pytest.raises(ValueError):
        Rule(x, x, name="no root")


def test_a_choice_of_alternatives_is_tried_only_with_the_alternatives_that_can_match_the_node():
    """`a | b | c` is one flat choice; on a node, only the alternatives rooted at its op, and reading only ops the
    graph has, are tried (a narrowed copy of the rule); none left: the rule is not tried there at all."""
    inv = Rule(P.exp(P.log(x)) | P.log(P.exp(x)) | P.tanh(P.arctanh(x)), x, name="inv")
    assert len(inv.lhs.alternatives) == 3
    v = T.dvector()
    index = RuleIndex([inv], present={"exp", "log"})
    on_exp, = index.rules_for(T.exp(v).owner)
    assert on_exp.base is inv and on_exp.name == "inv" and len(on_exp.lhs.alternatives) == 1
    assert index.rules_for(T.tanh(v).owner) == []  # the graph has no arctanh: tanh(arctanh(x)) cannot match
    assert index.rules_for(T.sum(v).owner) == []
    every = RuleIndex([inv])  # no graph: every alternative rooted at the node's op
    assert [len(r.lhs.alternatives) for r in every.rules_for(T.tanh(v).owner)] == [1]
    # the narrowed rule rewrites as the whole one did, and the first alternative that matches still wins
    out = T.exp(T.log(T.tanh(T.arctanh(v))))
    fg = FunctionGraph([v], [out])
    assert rewrite_graph(fg, [inv]) == 2
    assert fg.outputs[0] is fg.inputs[0]


# --------------------------------------------------------------------------- the worklist

def test_rules_run_to_a_fixed_point_through_new_nodes():
    v = T.dvector("v")
    out = T.exp(T.log(T.exp(T.log(v + 0))))
    fg = FunctionGraph([v], [out])
    rules = [Rule(P.exp(P.log(x)), x, name="exp_log"), Rule(x + 0, x, name="add0")]
    assert rewrite_graph(fg, rules) == 3
    assert fg.outputs[0] is fg.inputs[0] and not fg.apply_nodes


def test_fighting_rules_trip_the_loop_guard():
    v = T.dvector("v")
    fg = FunctionGraph([v], [T.sin(v)])
    rules = [Rule(P.sin(x), P.cos(x), name="sin_to_cos"), Rule(P.cos(x), P.sin(x), name="cos_to_sin")]
    with pytest.warns(UserWarning, match="loop guard"):
        rewrite_graph(fg, rules, max_rewrites=50)


def test_replacements_keep_dtype_and_broadcast_pattern():
    v = T.fvector("v")
    fg = FunctionGraph([v], [T.exp(v)])
    rewrite_graph(fg, [Rule(P.exp(x), lambda m: T.cast(m.x, "float64"), name="upcast")])
    assert fg.outputs[0].type == T.fvector().type  # cast back to float32
    row = T.drow("row")
    mat = T.dmatrix("mat")
    out = T.switch(T.gt(mat, 0), row, row)
    fg = FunctionGraph([row, mat], [out])
    rewrite_graph(fg, [Rule(P.switch(y, x, x), x, name="useless_switch")])
    assert fg.outputs[0].broadcastable == (False, False)  # row would be shorter: not a replacement
    assert "switch" in op_names(fg.outputs[0])
    fg = FunctionGraph([mat], [T.exp(mat)])
    with pytest.raises(RewriteError):
        rewrite_graph(fg, [Rule(P.exp(x), lambda m: T.sum(m.x), name="bad_rank")])


def test_a_deep_chain_rewrites_without_recursion():
    v = T.dvector("v")
    out = v
    for _ in range(5000):
        out = T.log(T.exp(out))
    assert sys.getrecursionlimit() <= 10000
    fg = rewrite([v], [out])
    assert fg.outputs[0].owner.op == theano.compile.ops.deep_copy_op and fg.outputs[0].owner.inputs[0] is fg.inputs[0]


def test_a_long_sum_becomes_one_node():
    xs = [T.dvector("x%d" % i) for i in range(4)]
    out = xs[0]
    for i in range(3000):
        out = out + xs[1 + i % 3]
    fg = rewrite(xs, [out])
    assert len(fg.apply_nodes) <= 5  # add(x0, 1000*x1, 1000*x2, 1000*x3)
    assert np.allclose(theano.function(xs, out)(*[np.ones(2) * (i + 1) for i in range(4)]), 1 + 1000 * (2 + 3 + 4))


# --------------------------------------------------------------------------- FunctionGraph

def _clients_snapshot(fg):
    return {v: sorted((id(n) if n != "output" else -1, i) for n, i in cl) for v, cl in fg.clients.items() if cl}


def test_incremental_replace_matches_a_rebuild():
    a, b = T.dvector("a"), T.dvector("b")
    s = a + b
    out1, out2 = T.exp(s) * s, T.log(s)
    fg = FunctionGraph([a, b], [out1, out2], clone=False)
    new = a * b
    fg.replace(s, new)
    assert s.owner not in fg.apply_nodes and new.owner in fg.apply_nodes
    incremental = _clients_snapshot(fg)
    nodes = set(fg.apply_nodes)
    fg._rebuild()
    assert incremental == _clients_snapshot(fg) and nodes == set(fg.apply_nodes)
    assert len(fg.clients[new]) == 3


def test_replace_refuses_cycles_and_missing_inputs():
    a = T.dvector("a")
    e = T.exp(a)
    fg = FunctionGraph([a], [T.log(e)], clone=False)
    with pytest.raises(InconsistencyError):
        fg.replace(e, T.sin(e))
    with pytest.raises(MissingInputError):
        fg.replace(e, T.exp(T.dvector("free")))
    with pytest.raises(TypeError):
        fg.replace(e, T.dmatrix())


# --------------------------------------------------------------------------- merge and constant folding

def test_merge_joins_equal_nodes_and_equal_constants():
    a = T.dvector("a")
    out = T.exp(a + 2.0) * T.exp(a + 2.0) + T.exp(a + T.constant(2.0, dtype="float32"))  # 2.0 autocasts to float32
    fg = FunctionGraph([a], [out])
    assert len(fg.apply_nodes) == 11
    merge_pass(fg)
    assert len(fg.apply_nodes) == 5  # dimshuffle(2), a + 2, exp, mul, add
    assert sum(1 for n in fg.apply_nodes if n.op == T.exp) == 1


def test_constant_folding_evaluates_constant_subgraphs():
    a = T.dvector("a")
    c = T.exp(T.constant(np.array([0.0, 1.0]))) * 2
    fg = FunctionGraph([a], [a + c])
    constant_folding_pass(fg)
    (node,) = fg.apply_nodes
    np.testing.assert_allclose(node.inputs[1].data, 2 * np.exp([0.0, 1.0]))
    big = T.zeros((2000, 1000))  # 16 MB from a shape: stays an allocation on the device
    fg = FunctionGraph([a], [big + 1])
    constant_folding_pass(fg)
    assert "Alloc" in op_names(fg.outputs[0])


def test_rewrites_build_one_element_constants_through_the_constant_cache(own_cache):
    """A folded one-element value and a canonizer's coefficient of the same value are one variable (the constant
    cache's), so the passes leave no equal constants for the merge pass to replace; a named constant in the cache
    is not reused (its name would be printed where Theano printed the value). The test starts from an empty cache:
    which constants are shared depends on what the process cached before."""
    from theano.passes.algebra import padded_constant
    from theano.passes.constant_folding import fold_node

    quarter = padded_constant(0.25, "float32", 1)
    assert quarter is padded_constant(0.25, "float32", 1) and quarter.name is None
    folded, = fold_node(T.shape_padleft(T.constant(np.float32(0.25))).owner)
    assert folded is quarter
    named = T.constant(np.array([0.6875], dtype="float32"), name="c")  # a value no other test builds
    assert named.name == "c" and padded_constant(0.6875, "float32", 1).name is None

    class ConstantMerges:
        count = 0

        def on_change_input(self, fgraph, node, i, r, new_r, reason):
            self.count += reason == "merge" and isinstance(r, theano.gof.Constant)

    x = T.fvector("x")
    out = x
    for _ in range(3):
        out = T.tanh(out) * np.float32(0.9) + np.float32(0.1)
    fg = FunctionGraph([x], [out])
    merges = ConstantMerges()
    fg.attach_feature(merges)
    pipeline.optimize(fg, theano.compile.mode.get_default_mode())
    assert merges.count == 0
    consts = [v for n in fg.apply_nodes for v in n.inputs if isinstance(v, theano.gof.Constant)]
    assert len(consts) == 6 and len(set(consts)) == 2
    f = theano.function([x], out)
    value = np.linspace(-1, 1, 5).astype("float32")
    expected = value
    for _ in range(3):
        expected = np.tanh(expected) * np.float32(0.9) + np.float32(0.1)
    np.testing.assert_allclose(f(value), expected, rtol=1e-5, atol=1e-6)


def test_rule_functions_see_the_graph():
    a = T.dvector("a")
    e = T.exp(a)
    seen = []

    def rhs(m):
        seen.append(len(m.clients(m.x)))
        return None

    fg = FunctionGraph([a], [e, T.log(e)], clone=False)
    rewrite_graph(fg, [Rule(P.log(x), rhs, name="look")])
    assert seen == [2]


def test_register_adds_a_rule_to_a_phase_until_unregistered():
    v = T.dvector("v")
    rule = pipeline.register(Rule(P.tan(x), P.sin(x) / P.cos(x), name="tan_as_ratio"), "specialize")
    try:
        assert op_names(rewrite([v], [T.tan(v)]).outputs[0]) == {"sin", "cos", "true_div"}
        assert "tan_as_ratio" in [r.name for r in pipeline.all_rules()]
    finally:
        pipeline.unregister(rule)
    assert op_names(rewrite([v], [T.tan(v)]).outputs[0]) == {"tan"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rewrite([v], [T.tan(v)])


def test_theano_style_local_optimizer_registration():
    from theano.tensor.opt import local_optimizer, register_specialize

    @register_specialize("my_tag")
    @local_optimizer([T.tan])
    def local_tan_to_ratio(node):
        (arg,) = node.inputs
        return [T.sin(arg) / T.cos(arg)]

    v = T.dvector("v")
    try:
        f = theano.function([v], T.tan(v))
        assert op_names(f.maker.fgraph.outputs[0]) == {"sin", "cos", "true_div"}
        np.testing.assert_allclose(f(np.array([0.3])), np.tan(0.3))
        mode = theano.compile.mode.get_default_mode().excluding("my_tag")
        assert op_names(theano.function([v], T.tan(v), mode=mode).maker.fgraph.outputs[0]) == {"tan"}
    finally:
        for rule in [r for r in pipeline.all_rules() if r.name == "local_tan_to_ratio"]:
            pipeline.unregister(rule)


def test_loop_guard_works_without_merging():
    v = T.dvector("v")
    fg = FunctionGraph([v], [T.sin(v)])
    rules = [Rule(P.sin(x), P.cos(x), name="sin_to_cos"), Rule(P.cos(x), P.sin(x), name="cos_to_sin")]
    with pytest.warns(UserWarning, match="loop guard"):
        rewrite_graph(fg, rules, max_rewrites=20, merge=False)


# --------------------------------------------------------------------------- rules skipped where their ops are absent

def test_a_pattern_needs_the_elementwise_ops_every_alternative_reads():
    assert (1 - P.erf(x)).needed() == {"sub", "erf"}
    assert (1 - P.erf(x) | 1 + -P.erf(x)).needed() == {"erf"}
    assert (P.tanh(P.arctanh(x)) | P.sinh(P.arcsinh(x))).needed() == frozenset()
    assert Rule(P.mul(...), lambda: None, name="r", needs=("exp",)).needs == {"mul", "exp"}


def test_a_rule_is_not_tried_on_a_graph_without_the_ops_it_needs():
    tried = []

    def when(x):
        tried.append(x)
        return True

    v = T.dvector("v")
    rule = Rule(-P.erf(x), P.erfc(x), name="neg_erf_to_erfc", when=when)
    fg = FunctionGraph([v], [-T.exp(v)])
    assert rewrite_graph(fg, [rule]) == 0 and tried == []  # no erf in the graph: never matched
    fg = FunctionGraph([v], [-T.erf(v)])
    assert rewrite_graph(fg, [rule]) == 1 and len(tried) == 1
    assert op_names(fg.outputs[0]) == {"erfc"}


def test_a_rule_applies_once_a_rewrite_brings_the_op_it_needs():
    """The ops in the graph are followed as rewrites add nodes: an op created in the middle of a phase makes the
    rules that need it apply in that same phase."""
    v = T.dvector("v")
    exp_to_erf = Rule(P.exp(x), P.erf(x), name="exp_to_erf")
    neg_erf = Rule(-P.erf(x), P.erfc(x), name="neg_erf_to_erfc")
    fg = FunctionGraph([v], [-T.exp(v)])
    assert rewrite_graph(fg, [neg_erf, exp_to_erf]) == 2
    assert op_names(fg.outputs[0]) == {"erfc"}


def test_equal_constants_become_one_as_in_theano():
    """Theano's MergeFeature.process_constant: the optimized graph holds one constant per type and value, so
    debugprint shows it under one id (the text below is Theano 1.0.5's, fusion and inplace excluded)."""
    import io

    x = T.fvector("x")
    out = x
    for _ in range(2):
        out = T.tanh(out) * np.float32(0.9) + np.float32(0.1)
    mode = theano.compile.get_default_mode().excluding("fusion", "inplace")
    f = theano.function([x], out, mode=mode)
    consts = {id(v) for n in f.maker.fgraph.apply_nodes for v in n.inputs if isinstance(v, theano.gof.Constant)}
    assert len(consts) == 2
    buf = io.StringIO()
    theano.printing.debugprint(f, file=buf)
    assert buf.getvalue().splitlines() == [
        "Elemwise{add,no_inplace} [id A] ''   5",
        " |TensorConstant{(1,) of 0.1} [id B]",
        " |Elemwise{mul,no_inplace} [id C] ''   4",
        "   |TensorConstant{(1,) of 0.9} [id D]",
        "   |Elemwise{tanh,no_inplace} [id E] ''   3",
        "     |Elemwise{add,no_inplace} [id F] ''   2",
        "       |TensorConstant{(1,) of 0.1} [id B]",
        "       |Elemwise{mul,no_inplace} [id G] ''   1",
        "         |TensorConstant{(1,) of 0.9} [id D]",
        "         |Elemwise{tanh,no_inplace} [id H] ''   0",
        "           |x [id I]"]


def test_merged_constants_keep_the_last_name_and_their_type():
    v = T.dvector("v")
    a, b = T.constant(12.1, name="a"), T.constant(12.1, name="b")  # float64 (12.1 is no float32), not cached
    c32 = T.constant(np.float32(12.1))
    assert a is not b and c32.dtype == "float32"
    fg = FunctionGraph([v], [v * a + v / b, T.cast(v, "float32") * c32])
    merge_pass(fg)
    consts = {v for n in fg.apply_nodes for v in n.inputs if isinstance(v, theano.gof.Constant)}
    assert {(c.name, str(c.type)) for c in consts} == {("a", "TensorType(float64, scalar)"),  # as Theano 1.0.5
                                                       (None, "TensorType(float32, scalar)")}

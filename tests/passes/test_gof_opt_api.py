"""Theano's optimizer API (theano.gof.opt, theano.gof.optdb, theano.compile.optdb) over our rewrite engine.

Graphs are rewritten in place as Theano's optimizers did; registered local optimizers and optdb steps run in
theano.function; the global optdb's queries run what theano.function runs."""
from __future__ import annotations

import logging

import numpy as np
import pytest

import theano
import theano.tensor as T
from theano import gof
from theano.compile import optdb
from theano.gof import FunctionGraph
from theano.gof.opt import (EquilibriumOptimizer, LocalOptGroup, MergeOptimizer, OpKeyOptimizer, OpRemove, OpSub,
                            PatternSub, SeqOptimizer, TopoOptimizer, check_chain, copy_stack_trace, in2out,
                            local_optimizer, optimizer, out2in, pre_constant_merge, pre_greedy_local_optimizer)
from theano.gof.optdb import DB, EquilibriumDB, LocalGroupDB, Query, SequenceDB


def _ops(fgraph):
    return [n.op for n in fgraph.toposort()]


def test_pattern_sub_rewrites_the_graph_in_place():
    x, y = T.dvectors("x", "y")
    g = FunctionGraph([x, y], [T.exp(x + y)], clone=False)
    TopoOptimizer(PatternSub((T.add, "a", "b"), (T.mul, "a", "b"))).optimize(g)
    assert str(g) == "[Elemwise{exp,no_inplace}(Elemwise{mul,no_inplace}(x, y))]"
    # unification: the same string must match the same variable
    g = FunctionGraph([x, y], [x + y, x + x], clone=False)
    OpKeyOptimizer(PatternSub((T.add, "a", "a"), (T.mul, 2.0, "a"))).optimize(g)
    assert g.outputs[0].owner.op == T.add and g.outputs[1].owner.op == T.mul
    # a constraint
    g = FunctionGraph([x, y], [T.exp(x) + y], clone=False)
    only_exp = {"pattern": "a", "constraint": lambda v: v.owner is not None and v.owner.op == T.exp}
    TopoOptimizer(PatternSub((T.add, only_exp, "b"), (T.sub, "a", "b"))).optimize(g)
    assert g.outputs[0].owner.op == T.sub


def test_topo_optimizer_ignore_newtrees_and_order():
    x = T.dvector("x")
    expand = PatternSub((T.exp, "a"), (T.exp, (T.exp, "a")))  # its result matches it again
    g = FunctionGraph([x], [T.exp(x)], clone=False)
    TopoOptimizer(expand, ignore_newtrees=True).optimize(g)
    assert str(g) == "[Elemwise{exp,no_inplace}(Elemwise{exp,no_inplace}(x))]"
    with pytest.raises(ValueError, match="order"):
        TopoOptimizer(expand, order="sideways")
    # out2in / in2out: one walk; nested pairs collapse as Theano's (op(op(x)) -> x)
    g = FunctionGraph([x], [-(-(-(-x)))], clone=False)
    out2in(PatternSub((T.neg, (T.neg, "a")), "a")).optimize(g)
    assert str(g) == "[x]"
    g = FunctionGraph([x], [-(-(-x))], clone=False)
    in2out(PatternSub((T.neg, (T.neg, "a")), "a")).optimize(g)
    assert str(g) == "[Elemwise{neg,no_inplace}(x)]"


def test_local_optimizer_decorator_and_group():
    x = T.dvector("x")

    @local_optimizer([T.exp])
    def exp_to_sin(node):
        return [T.sin(node.inputs[0])] if node.op == T.exp else False

    @local_optimizer([T.log])
    def log_to_cos(node):
        return [T.cos(node.inputs[0])]

    assert exp_to_sin.tracks() == [T.exp]
    with pytest.raises(ValueError):
        local_optimizer([])
    g = FunctionGraph([x], [T.log(x) + T.exp(x)], clone=False)
    out2in(exp_to_sin, log_to_cos).optimize(g)
    assert sorted(str(op) for op in _ops(g)) == ["Elemwise{add,no_inplace}", "Elemwise{cos,no_inplace}",
                                                 "Elemwise{sin,no_inplace}"]
    group = LocalOptGroup(exp_to_sin, log_to_cos)
    assert group.tracks() == [T.exp, T.log]
    node = T.exp(x).owner
    assert group.transform(node)[0].owner.op == T.sin


def test_opsub_opremove_and_failure_callback():
    x = T.dvector("x")
    g = FunctionGraph([x], [T.exp(T.exp(x))], clone=False)
    OpKeyOptimizer(OpSub(T.exp, T.sin)).optimize(g)
    assert str(g) == "[Elemwise{sin,no_inplace}(Elemwise{sin,no_inplace}(x))]"
    g = FunctionGraph([x], [T.exp(T.sin(x))], clone=False)
    OpKeyOptimizer(OpRemove(T.sin)).optimize(g)
    assert str(g) == "[Elemwise{exp,no_inplace}(x)]"

    @local_optimizer([T.exp])
    def broken(node):
        raise RuntimeError("broken rewrite")

    g = FunctionGraph([x], [T.exp(x)], clone=False)
    with pytest.raises(RuntimeError, match="broken rewrite"):  # no failure callback: the error propagates
        TopoOptimizer(broken).optimize(g)
    logging.getLogger("theano.gof.opt").disabled = True
    try:
        with theano.change_flags(on_opt_error="warn"):
            in2out(broken).optimize(g)  # warn_inplace logs and goes on
        with theano.change_flags(on_opt_error="raise"), pytest.raises(RuntimeError):
            in2out(broken).optimize(g)
    finally:
        logging.getLogger("theano.gof.opt").disabled = False
    assert str(g) == "[Elemwise{exp,no_inplace}(x)]"


def test_equilibrium_optimizer_reaches_a_fixed_point_and_honours_max_use_ratio():
    x, y = T.dvectors("x", "y")
    opts = [PatternSub((T.exp, "a"), (T.sin, "a")), PatternSub((T.sin, "a"), (T.cos, "a")),
            PatternSub((T.cos, (T.cos, "a")), (T.tanh, "a"))]
    g = FunctionGraph([x], [T.exp(T.exp(x))], clone=False)
    EquilibriumOptimizer(opts, max_use_ratio=10).optimize(g)
    assert str(g) == "[Elemwise{tanh,no_inplace}(x)]"
    loop = [PatternSub((T.exp, "a"), (T.sin, "a")), PatternSub((T.sin, "a"), (T.exp, "a"))]
    g = FunctionGraph([x], [T.exp(x)], clone=False)
    logging.getLogger("theano.gof.opt").disabled = True
    try:
        with theano.change_flags(on_opt_error="ignore"):
            EquilibriumOptimizer(loop, max_use_ratio=3).optimize(g)  # stops, logging that it max'ed out
        with theano.change_flags(on_opt_error="raise"), pytest.raises(AssertionError, match="max'ed out"):
            EquilibriumOptimizer(loop, max_use_ratio=3).optimize(g)
    finally:
        logging.getLogger("theano.gof.opt").disabled = False

    @local_optimizer([T.exp])
    def wrong_type(node):
        return [T.cast(node.outputs[0], "float32")]

    g = FunctionGraph([x], [T.exp(x)], clone=False)
    with theano.change_flags(on_opt_error="raise"), pytest.raises(gof.toolbox.BadOptimization, match="type"):
        EquilibriumOptimizer([wrong_type], max_use_ratio=3).optimize(g)


def test_seq_merge_and_function_optimizers():
    x = T.dvector("x")
    g = FunctionGraph([x], [T.exp(x) + T.exp(x) + T.constant(2.0) * T.constant(2.0)])  # cloned: cached constants
    seen = []

    @optimizer
    def count_nodes(fgraph):
        seen.append(len(fgraph.apply_nodes))

    SeqOptimizer(count_nodes, MergeOptimizer(), count_nodes).optimize(g)
    assert seen[0] > seen[1]
    assert [str(op) for op in _ops(g)].count("Elemwise{exp,no_inplace}") == 1
    assert isinstance(SeqOptimizer([count_nodes]), list)


def test_pre_constant_merge_and_pre_greedy_local_optimizer():
    a, b = T.constant(3.0), T.constant(3.0)
    x = T.dscalar("x")
    out = x * a + x * b
    pre_constant_merge([out])
    muls = out.owner.inputs
    assert muls[0].owner.inputs[1] is muls[1].owner.inputs[1]
    folded = pre_greedy_local_optimizer([PatternSub((T.add, "p", "q"), (T.sub, "p", "q"))], T.exp(x + x))
    assert folded.owner.op == T.exp and folded.owner.inputs[0].owner.op == T.sub


def test_check_chain_and_copy_stack_trace():
    x = T.dvector("x")
    e = T.exp(T.log(x))
    assert check_chain(e, T.exp, T.log)
    assert not check_chain(e, T.log, T.exp)
    y = T.dvector("y")
    y.tag.__dict__.pop("trace", None)
    copy_stack_trace(e, y)
    assert getattr(y.tag, "trace", None) == getattr(e.tag, "trace", None)


def test_databases_select_by_tags_and_positions():
    db = DB()

    class Opt(gof.Optimizer):
        pass

    db.register("a", Opt(), "t1")
    db.register("b", Opt(), "t1", "t2")
    with pytest.raises(ValueError, match="The name"):
        db.register("t1", Opt())
    with pytest.raises(ValueError, match="The tag"):
        db.register("c", Opt(), "a")
    with pytest.raises(TypeError):
        db.register("d", object())
    assert sorted(o.name for o in db.query("+t1", "-t2")) == ["a"]
    assert sorted(o.name for o in db.query("+t1", "&t2")) == ["b"]
    seq = SequenceDB()
    first, second = Opt(), Opt()
    seq.register("second", second, 2, "on")
    seq.register("first", first, 1, "on")
    assert list(seq.query("+on")) == [first, second]
    assert list(seq.query(Query(include=["on"], position_cutoff=1.5))) == [first]
    group_db = LocalGroupDB()
    group_db.register("neg_neg", PatternSub((T.neg, (T.neg, "a")), "a"), "on")
    assert isinstance(group_db.query("+on"), LocalOptGroup)
    edb = EquilibriumDB()
    edb.register("exp_to_sin", PatternSub((T.exp, "a"), (T.sin, "a")), "on")
    x = T.dvector("x")
    g = FunctionGraph([x], [T.exp(x)], clone=False)
    edb.query("+on").optimize(g)
    assert str(g) == "[Elemwise{sin,no_inplace}(x)]"


def test_global_optdb_query_runs_what_theano_function_runs():
    x = T.dvector("x")
    expr = T.log(1 + T.exp(x)) + x ** 2
    g = FunctionGraph([x], [expr])
    optdb.query(theano.compile.mode.OPT_FAST_RUN).optimize(g)
    f = theano.function([x], expr)
    assert [str(op) for op in _ops(g)] == [str(op) for op in _ops(f.maker.fgraph)]
    g = FunctionGraph([x], [expr])
    optdb.query(Query(include=["fast_run"], position_cutoff=1.51)).optimize(g)  # up to stabilize: no sqr yet
    names = [str(op) for op in _ops(g)]
    assert "softplus" in names and "Elemwise{sqr,no_inplace}" not in names
    assert "canonicalize" in optdb and "local_add_canonizer" in optdb["canonicalize"]


def test_registered_local_optimizer_runs_in_theano_function():
    x = T.dvector("x")

    @local_optimizer([T.tan])
    def tan_as_ratio_api(node):
        return [T.sin(node.inputs[0]) / T.cos(node.inputs[0])]

    T.opt.register_specialize(tan_as_ratio_api)
    try:
        with pytest.raises(ValueError, match="The name"):
            T.opt.register_specialize(tan_as_ratio_api)
        f = theano.function([x], T.tan(x))
        assert "Elemwise{tan,no_inplace}" not in [str(op) for op in _ops(f.maker.fgraph)]
        np.testing.assert_allclose(f([0.3, 0.5]), np.tan([0.3, 0.5]))
        f = theano.function([x], T.tan(x), mode=theano.compile.mode.get_default_mode().excluding("tan_as_ratio_api"))
        assert [str(op) for op in _ops(f.maker.fgraph)] == ["Elemwise{tan,no_inplace}"]
    finally:
        optdb["specialize"].unregister("tan_as_ratio_api")
    assert "tan_as_ratio_api" not in optdb["specialize"]


def test_optdb_register_adds_a_step_at_its_position():
    x = T.dvector("x")
    calls = []

    @optimizer
    def exp_to_expm1_plus_one(fgraph):
        calls.append(len(fgraph.apply_nodes))
        in2out(PatternSub((T.exp, "a"), (T.add, (T.expm1, "a"), 1.0))).optimize(fgraph)

    optdb.register("exp_to_expm1_plus_one_step", exp_to_expm1_plus_one, 49.5, "fast_run")
    try:
        f = theano.function([x], T.exp(x))
        assert calls and "Elemwise{expm1,no_inplace}" in [str(op) for op in _ops(f.maker.fgraph)]
        np.testing.assert_allclose(f([0.5]), np.exp([0.5]))
        n = len(calls)
        theano.function([x], T.exp(x), mode=theano.compile.mode.get_default_mode().excluding(
            "exp_to_expm1_plus_one_step"))
        theano.function([x], T.exp(x), mode="FAST_COMPILE")
        assert len(calls) == n
    finally:
        optdb.unregister("exp_to_expm1_plus_one_step")
    assert "exp_to_expm1_plus_one_step" not in optdb


def test_mode_optimizer_query():
    x = T.dvector("x")
    mode = theano.compile.mode.Mode(optimizer=Query(include=["canonicalize"]))
    f = theano.function([x], T.log(1 + T.exp(x)) + x * 1, mode=mode)
    assert "softplus" not in [str(op) for op in _ops(f.maker.fgraph)]  # no stabilize
    mode = theano.compile.mode.get_mode("FAST_RUN").including("canonicalize")
    assert isinstance(mode._optimizer, Query) and "fast_run" in mode._optimizer.include
    mode._optimizer.position_cutoff = 1.2
    f = theano.function([x], x ** 2, mode=mode)
    assert "Elemwise{sqr,no_inplace}" not in [str(op) for op in _ops(f.maker.fgraph)]  # specialize is at 2
    assert "Elemwise{sqr,no_inplace}" in [str(op) for op in _ops(theano.function([x], x ** 2).maker.fgraph)]
    mode = theano.compile.mode.Mode(optimizer=EquilibriumOptimizer([PatternSub((T.exp, "a"), (T.sin, "a"))]))
    f = theano.function([x], T.exp(x), mode=mode)
    np.testing.assert_allclose(f([0.5]), np.sin([0.5]))


def test_tensor_opt_names_are_local_optimizers():
    from theano.tensor.opt import local_dimshuffle_lift, mul_canonizer

    x = T.dmatrix("x")
    g = FunctionGraph([x], [T.exp(x).T.T])
    out2in(local_dimshuffle_lift).optimize(g)
    assert str(g) == "[Elemwise{exp,no_inplace}(x)]"
    y = T.dscalar("y")
    g = FunctionGraph([y], [y * 2.0 / y])
    mul_canonizer.optimize(g)
    assert all(n.op != T.true_div for n in g.toposort())
    with pytest.raises(AttributeError):
        T.opt.no_such_rewrite_anywhere

"""Errors raised by a compiled function name the op and the user's graph, as Theano 1.0.5's raise_with_op did:
"Apply node that caused the error", the toposort index, the inputs' types, shapes, strides and small values, the
outputs' clients, where the node was built (`tag.trace`, config.traceback.limit), hints, and at
exception_verbosity='high' a debugprint (and, op by op, the storage map footprint). The first line of the
message and the exception type stay the original's. Expected texts are Theano 1.0.5's output for the same
scripts (op names differ where Theano had rewritten the node, e.g. Dot22 for our dot)."""
from __future__ import annotations

import os
import pickle
import sys

import jax.numpy as jnp
import numpy as np
import pytest

import theano
import theano.frontend
import theano.lowering
import theano.tensor as T
from theano.compile.ops import as_op
from theano.lowering.error_report import format_node_error
from theano.lowering.registry import lowers

HERE = __file__
HINT_HIGH = ("HINT: Use the Theano flag 'exception_verbosity=high' for a debugprint and storage map footprint of "
             "this apply node.")


def line_of(text: str) -> int:
    """The line of this file that holds `text` (the place a node is built)."""
    with open(HERE) as f:
        for k, line in enumerate(f, 1):
            if text in line:
                return k
    raise AssertionError(text)


def error_of(f, *args) -> BaseException:
    with pytest.raises(Exception) as info:
        f(*args)
    return info.value


# ------------------------------------------------------------------ tag.trace

def test_trace_points_at_the_line_that_built_the_node():
    x = T.matrix("x")
    y = x + 1  # built here
    (frames,) = y.tag.trace
    assert frames[-1][0] == HERE and frames[-1][1] == line_of("y = x + 1  # built here")
    assert frames[-1][2] == "test_trace_points_at_the_line_that_built_the_node"
    assert frames[-1][3] == "y = x + 1  # built here"
    library = (os.path.dirname(theano.frontend.__file__), os.path.dirname(theano.lowering.__file__))
    assert not any(f[0].startswith(library) for f in frames)  # the library's frames are left out


def test_trace_of_a_node_built_in_a_helper_holds_both_lines():
    def helper(a):
        return T.exp(a)  # in the helper

    out = helper(T.vector())  # calls the helper
    frames = out.tag.trace[0]
    assert [f[3] for f in frames[-2:]] == ["out = helper(T.vector())  # calls the helper", "return T.exp(a)  # in the helper"]


def test_traceback_limit_bounds_the_frames_as_in_theano():
    # Theano's gof/tests/test_utils.py::test_stack_trace
    with theano.config.change_flags(**{"traceback.limit": 1}):
        v = T.vector()
        assert len(v.tag.trace) == 1 and len(v.tag.trace[0]) == 1
    with theano.config.change_flags(**{"traceback.limit": 2}):
        v = T.vector()
        assert len(v.tag.trace) == 1 and len(v.tag.trace[0]) == 2
    with theano.config.change_flags(**{"traceback.limit": 0}):
        assert T.vector().tag.trace == []


def test_traceback_limit_minus_one_keeps_the_whole_stack():
    def deep(k):
        return T.exp(T.vector()) if k == 0 else deep(k - 1)

    with theano.config.change_flags(**{"traceback.limit": -1}):
        frames = deep(12).tag.trace[0]
    assert len(frames) > 13 and sum(f[2] == "deep" for f in frames) == 13


def test_gof_utils_add_tag_trace_records_the_callers_line():
    from theano.gof.utils import add_tag_trace

    v = add_tag_trace(theano.gof.Variable(T.dvector))  # tagged here
    assert v.tag.trace[0][-1][3] == "v = add_tag_trace(theano.gof.Variable(T.dvector))  # tagged here"
    assert len(add_tag_trace(v, user_line=1).tag.trace[0]) == 1


def test_trace_survives_pickling_and_cloning():
    y = T.exp(T.vector())
    expected = y.tag.trace
    assert pickle.loads(pickle.dumps(y)).tag.trace == expected
    assert y.clone().tag.trace == expected


# ------------------------------------------------------------------ errors raised while tracing a rule

def test_dot_shape_mismatch_reports_the_node_as_theano():
    x, y = T.matrix("x"), T.matrix("y")
    f = theano.function([x, y], T.dot(x, y))  # the dot
    err = error_of(f, np.ones((2, 3)), np.ones((4, 5)))
    assert type(err) is ValueError
    msg = str(err)
    assert msg.startswith("shapes (2, 3) and (4, 5) not aligned: 3 (dim 1) != 4 (dim 0)\n")
    expected = ("\nApply node that caused the error: dot(x, y)\n"
                "Toposort index: 0\n"
                "Inputs types: [TensorType(float64, matrix), TensorType(float64, matrix)]\n"
                "Inputs shapes: [(2, 3), (4, 5)]\n"
                "Inputs strides: [(24, 8), (40, 8)]\n"
                "Inputs values: ['not shown', 'not shown']\n"
                "Outputs clients: [['output']]\n\n"
                "Backtrace when the node is created(use Theano flag traceback.limit=N to make it longer):\n")
    assert expected in msg
    assert (f'  File "{HERE}", line {line_of("# the dot")}, in test_dot_shape_mismatch_reports_the_node_as_theano\n'
            '    f = theano.function([x, y], T.dot(x, y))  # the dot\n') in msg
    assert msg.endswith("\n\n" + HINT_HIGH)
    assert err.__op_instance__.op.__class__.__name__ == "Dot" and err.__applynode_index__ == 0


def test_verbosity_high_adds_type_numbers_and_a_debugprint():
    x, y = T.matrix("x"), T.matrix("y")
    f = theano.function([x, y], x + y)
    with theano.config.change_flags(exception_verbosity="high"):
        msg = str(error_of(f, np.ones((2, 3)), np.ones((4, 5))))
    assert msg.startswith("Input dimension mis-match.")
    assert "Inputs values: ['not shown', 'not shown']\nInputs type_num: [12, 12]\nOutputs clients: [['output']]" in msg
    assert ("\nDebugprint of the apply node: \n"
            "Elemwise{add,no_inplace} [id A] <TensorType(float64, matrix)> ''   \n"
            " |x [id B] <TensorType(float64, matrix)>\n"
            " |y [id C] <TensorType(float64, matrix)>\n") in msg
    # Theano's function (no storage map passed) still gave the hint
    assert msg.endswith(HINT_HIGH)


def test_traceback_limit_zero_gives_no_backtrace_but_the_hint():
    x, y = T.matrix("x"), T.matrix("y")
    with theano.config.change_flags(**{"traceback.limit": 0}):
        out = x + y
    f = theano.function([x, y], out)
    msg = str(error_of(f, np.ones((2, 3)), np.ones((4, 5))))
    assert "Backtrace when the node is created" not in msg
    assert "HINT: Re-running with most Theano optimization disabled could give you a back-trace" in msg


def test_small_values_are_shown_and_constants_read_from_the_graph():
    x = T.matrix("x")
    f = theano.function([x], x.reshape((5, 5)))
    err = error_of(f, np.ones((2, 3)))
    assert type(err) is ValueError
    msg = str(err)
    assert msg.startswith("cannot reshape array of size 6 into shape (5, 5)\n")
    assert "Apply node that caused the error: Reshape{2}(x, TensorConstant{(2,) of 5})" in msg
    assert "Inputs values: ['not shown', array([5, 5])]" in msg


def test_a_rewritten_node_keeps_the_trace_of_the_node_it_replaced():
    x, y = T.matrix("x"), T.matrix("y")
    out = T.nnet.softmax(x) * y  # the product
    f = theano.function([x, y], out)
    msg = str(error_of(f, np.ones((2, 3)), np.ones((4, 5))))
    assert "Apply node that caused the error: Elemwise{mul,no_inplace}" in msg
    assert f'line {line_of("# the product")}, in' in msg
    assert "theano.function([x, y], out)" not in msg


def test_an_error_in_a_scan_step_names_the_inner_node_then_the_scan():
    v, x = T.matrix("v"), T.matrix("x")
    out, _ = theano.scan(lambda a: T.dot(a, x), sequences=[v])  # the step
    # the step stays a loop (the push-out would compute the dot once, outside it)
    f = theano.function([v, x], out, mode=theano.compile.get_default_mode().excluding("scanOp_pushout_seqs_ops"))
    err = error_of(f, np.ones((2, 3)), np.ones((4, 5)))
    assert type(err) is ValueError
    msg = str(err)
    assert msg.startswith("shapes (3,) and (4, 5) not aligned")
    inner = msg.index("Apply node that caused the error: dot(")
    outer = msg.index("Apply node that caused the error: for{cpu,scan_fn}")
    assert inner < outer
    assert msg.count(f'line {line_of("# the step")}, in') == 3  # the scan call, and the lambda in the inner report


class AddNoCheck(theano.gof.Op):
    """x + y lowered straight to jnp.add: a shape mismatch is JAX's TypeError while tracing."""

    __props__ = ()

    def make_node(self, x, y):
        x, y = T.as_tensor_variable(x), T.as_tensor_variable(y)
        return theano.gof.Apply(self, [x, y], [x.type()])


class NotDone(theano.gof.Op):
    """An op whose lowering is not written yet (our bug, not the user's)."""

    __props__ = ()

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        return theano.gof.Apply(self, [x], [x.type()])


@lowers(AddNoCheck)
def _lower_add_no_check(node, ctx, x, y):
    return jnp.add(x, y)


@lowers(NotDone)
def _lower_not_done(node, ctx, x):
    raise NotImplementedError("NotDone has no lowering yet")


def test_a_jax_shape_type_error_becomes_theanos_value_error_with_the_report():
    x, y = T.vector("x"), T.vector("y")
    f = theano.function([x, y], AddNoCheck()(x, y))
    err = error_of(f, np.ones(3), np.ones(4))
    assert type(err) is ValueError
    msg = str(err)
    assert "incompatible shapes" in msg.splitlines()[0]
    assert "Apply node that caused the error: AddNoCheck(x, y)" in msg
    assert "Inputs values: [array([1., 1., 1.]), array([1., 1., 1., 1.])]" in msg


def test_our_own_bug_keeps_its_type_and_gains_the_report():
    x = T.vector("x")
    f = theano.function([x], NotDone()(x))
    err = error_of(f, np.ones(3))
    assert type(err) is NotImplementedError
    assert str(err).startswith("NotDone has no lowering yet\nApply node that caused the error: NotDone(x)")


# ------------------------------------------------------------------ the host shape program

def test_an_index_out_of_bounds_names_the_indexing_node():
    v, iv = T.vector("v"), T.lvector("iv")
    f = theano.function([v, iv], v[iv])  # the indexing
    err = error_of(f, np.ones(3), np.array([0, 7]))
    assert type(err) is IndexError
    msg = str(err)
    assert msg.startswith("index 7 is out of bounds for axis 0 with size 3\n")
    assert ("Apply node that caused the error: AdvancedSubtensor1(v, iv)\nToposort index: 0\n"
            "Inputs types: [TensorType(float64, vector), TensorType(int64, vector)]\n"
            "Inputs shapes: [(3,), (2,)]\nInputs strides: [(8,), (8,)]\n"
            "Inputs values: [array([1., 1., 1.]), array([0, 7])]\n") in msg
    assert f'line {line_of("# the indexing")}, in' in msg


def test_a_negative_shape_names_the_allocating_node():
    n = T.lscalar("n")
    f = theano.function([n], T.zeros((n, 2)))
    err = error_of(f, -3)
    assert type(err) is ValueError
    assert "Apply node that caused the error: Alloc(TensorConstant{0.0}, n, TensorConstant{2})" in str(err)
    assert "Inputs values: [array(0.), array(-3), array(2, dtype=int8)]" in str(err)


# ------------------------------------------------------------------ host callbacks and op-by-op runs

@as_op(itypes=[T.dvector], otypes=[T.dvector])
def boom(a):
    if a.sum() > 2:
        raise ValueError("too big: %s" % a.sum())
    return a * 2


def test_an_error_in_users_perform_names_the_node_with_its_values():
    x = T.dvector("x")
    f = theano.function([x], boom(x) + 1)  # the user op
    assert np.allclose(f(np.zeros(2)), 1)
    err = error_of(f, np.ones(3))
    assert type(err) is ValueError
    msg = str(err)
    assert msg.startswith("too big: 3.0\nApply node that caused the error: FromFunctionOp{boom}(x)\n")
    assert "Inputs values: [array([1., 1., 1.])]" in msg
    assert f'line {line_of("# the user op")}, in' in msg
    assert np.allclose(f(np.zeros(2)), 1)  # the function still works after the error


def test_op_by_op_at_verbosity_high_adds_the_storage_map_footprint():
    from theano.compile.monitormode import MonitorMode

    x, y = T.matrix("x"), T.matrix("y")
    f = theano.function([x, y], T.exp(x) + y, mode=MonitorMode(post_func=lambda i, node, fn: None))
    with theano.config.change_flags(exception_verbosity="high"):
        msg = str(error_of(f, np.ones((2, 3)), np.ones((4, 5))))
    assert "Apply node that caused the error: Elemwise{add,no_inplace}(" in msg
    assert "\nStorage map footprint:\n - y, Input, Shape: (4, 5), ElemSize: 8 Byte(s), TotalSize: 160 Byte(s)\n" in msg
    assert " TotalSize inputs: 208 Byte(s) 0.000 GB\n" in msg
    assert HINT_HIGH not in msg


# ------------------------------------------------------------------ the formatter alone

def test_format_node_error_from_shapes_only_computes_c_strides():
    x, y = T.fmatrix("x"), T.fmatrix("y")
    node = T.dot(x, y).owner
    text = format_node_error(node, shapes=[(2, 3), (3, 4)], dtypes=["float32", "float32"], verbosity="low")
    assert text.startswith("\nApply node that caused the error: dot(x, y)\nInputs types: ")
    assert "Inputs shapes: [(2, 3), (3, 4)]\nInputs strides: [(12, 4), (16, 4)]\nInputs values: ['not shown', " \
           "'not shown']\nOutputs clients: []\n" in text
    assert text.endswith(HINT_HIGH)


def test_format_node_error_with_values_and_index():
    x = T.vector("x")
    node = T.exp(x).owner
    text = format_node_error(node, values=[np.arange(3.0)], index=4, verbosity="high")
    assert "Toposort index: 4\n" in text
    assert "Inputs values: [array([0., 1., 2.])]\nInputs type_num: [12]\n" in text
    assert "Debugprint of the apply node: \nElemwise{exp,no_inplace} [id A]" in text


def test_check_stack_trace_as_theanos():
    from theano.frontend.tag_trace import check_stack_trace

    x = T.matrix("x")
    f = theano.function([x], T.nnet.softmax(x) * 2)
    assert check_stack_trace(f, ops_to_check="all")
    assert check_stack_trace(f.maker.fgraph, ops_to_check=T.nnet.Softmax)
    with pytest.raises(Exception, match="not in the graph"):
        check_stack_trace(f, ops_to_check=T.nnet.SoftmaxGrad)
    with theano.config.change_flags(**{"traceback.limit": 0}):
        y = T.matrix("y")
        g = theano.function([y], T.exp(y))
    assert not check_stack_trace(g)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))

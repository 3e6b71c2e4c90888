"""The rest of tensor.nnet.nnet's public names: the prepend-to-each-row ops, h_softmax, confusion_matrix,
and the graph-level cross-entropy rewrites Theano exposed as functions.

h_softmax and confusion_matrix are graphs of other ops (as in Theano 1.0.5); confusion_matrix finds
the distinct labels with sort and a boolean mask, so its size comes from the host shape program.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from theano.frontend.constructors import as_tensor_variable
from theano.frontend.graph import Apply, Op, Variable
from theano.frontend.ops.alloc import arange
from theano.frontend.ops.blas import dot, tensordot
from theano.frontend.ops.elemwise_table import cast
from theano.frontend.ops.extra_ops import sort
from theano.frontend.ops.join import concatenate
from theano.frontend.ops.math import eq, neq
from theano.frontend.ops.nnet import (crossentropy_categorical_1hot, crossentropy_softmax_argmax_1hot_with_bias,
                                      softmax_with_bias)
from theano.frontend.ops.reduce import sum as tensor_sum
from theano.frontend.ops.softmax import softmax, softmax_op

__all__ = ["Prepend_scalar_constant_to_each_row", "Prepend_scalar_to_each_row", "prepend_scalar_to_each_row",
           "prepend_0_to_each_row", "prepend_1_to_each_row", "h_softmax", "confusion_matrix",
           "graph_merge_softmax_with_crossentropy_softmax", "crossentropy_to_crossentropy_with_softmax",
           "crossentropy_to_crossentropy_with_softmax_with_bias"]


def _check_matrix(mat: Variable) -> None:
    if mat.type.broadcastable != (False, False):
        raise TypeError("Expected a matrix as input, got %s" % mat.type)


class Prepend_scalar_constant_to_each_row(Op):
    """A column of the constant `val` in front of a matrix."""

    __props__ = ("val",)

    def __init__(self, val: float = 0):
        self.val = float(val)

    def __str__(self) -> str:
        return "%s{%s}" % (type(self).__name__, self.val)

    def make_node(self, mat: Any) -> Apply:
        mat = as_tensor_variable(mat)
        _check_matrix(mat)
        return Apply(self, [mat], [mat.type()])

    def infer_shape(self, node: Apply, in_shapes: list[tuple]) -> list[tuple]:
        return [(in_shapes[0][0], in_shapes[0][1] + 1)]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        return [grads[0][:, 1:]]


class Prepend_scalar_to_each_row(Op):
    """A column of the scalar `val` in front of a matrix."""

    __props__ = ()

    def make_node(self, val: Any, mat: Any) -> Apply:
        mat = as_tensor_variable(mat)
        _check_matrix(mat)
        val = as_tensor_variable(np.asarray(val, dtype=mat.dtype) if isinstance(val, float) else val)
        if val.ndim != 0:
            raise TypeError("Prepend_scalar_to_each_row: val must be a scalar, got %s" % val.type)
        return Apply(self, [val, mat], [mat.type()])

    def infer_shape(self, node: Apply, in_shapes: list[tuple]) -> list[tuple]:
        return [(in_shapes[1][0], in_shapes[1][1] + 1)]

    def grad(self, inputs: list[Variable], grads: list[Variable]) -> list[Any]:
        g, = grads
        return [tensor_sum(g[:, 0]), g[:, 1:]]


prepend_scalar_to_each_row = Prepend_scalar_to_each_row()
prepend_0_to_each_row = Prepend_scalar_constant_to_each_row(0.)
prepend_1_to_each_row = Prepend_scalar_constant_to_each_row(1.)


def h_softmax(x: Any, batch_size: Any, n_outputs: Any, n_classes: Any, n_outputs_per_class: Any, W1: Any, b1: Any,
              W2: Any, b2: Any, target: Any = None) -> Variable:
    """Two-level hierarchical softmax: p(class) * p(output | class). With `target`, the probability of each row's
    target only (batch_size,); without, every output's probability (batch_size, n_outputs)."""
    x, W1, b1, W2, b2 = (as_tensor_variable(v) for v in (x, W1, b1, W2, b2))
    class_probs = softmax(dot(x, W1) + b1)
    if target is None:
        activations = tensordot(x, W2, (1, 1)) + b2
        output_probs = softmax(activations.reshape((-1, n_outputs_per_class)))
        output_probs = output_probs.reshape((batch_size, n_classes, -1))
        output_probs = class_probs.dimshuffle(0, 1, "x") * output_probs
        output_probs = output_probs.reshape((batch_size, -1))
        return output_probs[:, :n_outputs]  # n_classes * n_outputs_per_class may exceed n_outputs
    target = as_tensor_variable(target).flatten()
    target_classes = target // n_outputs_per_class
    target_outputs_in_class = target % n_outputs_per_class
    # the second layer of each row's target class only: x[i] . W2[c_i] + b2[c_i]
    activations = tensor_sum(x.dimshuffle(0, 1, "x") * W2[target_classes], axis=1) + b2[target_classes]
    output_probs = softmax(activations)
    rows = arange(batch_size)
    return class_probs[rows, target_classes] * output_probs[rows, target_outputs_in_class]


def confusion_matrix(actual: Any, pred: Any) -> list[Variable]:
    """[conf_mat, order]: conf_mat[i, j] counts the rows with actual == order[i] and pred == order[j], where
    order holds the distinct labels of actual and pred, sorted."""
    actual, pred = as_tensor_variable(actual), as_tensor_variable(pred)
    if actual.ndim != 1:
        raise ValueError("actual must be 1-d tensor variable")
    if pred.ndim != 1:
        raise ValueError("pred must be 1-d tensor variable")
    labels = sort(concatenate([actual, pred]))
    first = concatenate([as_tensor_variable(np.ones(1, dtype=bool)), neq(labels[1:], labels[:-1])])
    order = labels[first]
    one_hot_a = cast(eq(actual.dimshuffle(0, "x"), order), "int64")
    one_hot_p = cast(eq(pred.dimshuffle(0, "x"), order), "int64")
    return [dot(one_hot_a.T, one_hot_p), order]


def graph_merge_softmax_with_crossentropy_softmax(node: Apply, fgraph: Any = None) -> list[Variable] | None:
    """softmax_with_bias(x, b) -> output 1 of crossentropy_softmax_argmax_1hot_with_bias(x, b, y) when that node
    exists in the graph (a local rewrite of Theano's). Our nodes do not point to their FunctionGraph, so the
    graph whose clients are searched is passed as `fgraph` (without it, variables' own `clients`, if any)."""
    if node.op != softmax_with_bias:
        return None
    x, b = node.inputs
    fgraph = fgraph if fgraph is not None else getattr(node, "fgraph", None)

    def clients_of(v: Variable) -> list:
        found = fgraph.clients.get(v, []) if fgraph is not None else getattr(v, "clients", None)
        return list(found or [])

    clients = clients_of(x)
    b_clients = [c[0] for c in clients_of(b)]
    for client, _ in clients:
        if getattr(client, "op", None) == crossentropy_softmax_argmax_1hot_with_bias and client in b_clients:
            return [crossentropy_softmax_argmax_1hot_with_bias(x, b, client.inputs[2])[1]]
    return None


def crossentropy_to_crossentropy_with_softmax_with_bias(fgraph: Any) -> None:
    """In `fgraph`, crossentropy_categorical_1hot(softmax_with_bias(x, b), y) -> the fused op's nll and softmax."""
    changed = True
    while changed:
        changed = False
        for node in fgraph.toposort():
            if node.op != crossentropy_categorical_1hot:
                continue
            sm, one_of_n = node.inputs
            if sm.owner is not None and sm.owner.op == softmax_with_bias:
                x, b = sm.owner.inputs
                new_nll, new_sm, _ = crossentropy_softmax_argmax_1hot_with_bias(x, b, one_of_n)
                fgraph.replace_all([(sm, new_sm), (node.outputs[0], new_nll)],
                                   reason="crossentropy_to_crossentropy_with_softmax_with_bias")
                changed = True
                break


def crossentropy_to_crossentropy_with_softmax(fgraph: Any) -> None:
    """In `fgraph`, crossentropy_categorical_1hot(softmax(x) or softmax_with_bias(x, b), y) -> the fused op."""
    changed = True
    while changed:
        changed = False
        for node in fgraph.toposort():
            if node.op != crossentropy_categorical_1hot:
                continue
            sm, one_of_n = node.inputs
            owner = sm.owner
            if owner is None or owner.op not in (softmax_op, softmax_with_bias):
                continue
            if owner.op == softmax_op:
                x = owner.inputs[0]
                b = as_tensor_variable(np.zeros((), dtype=x.dtype)) + 0 * x[0, :]
            else:
                x, b = owner.inputs
            new_nll, new_sm, _ = crossentropy_softmax_argmax_1hot_with_bias(x, b, one_of_n)
            fgraph.replace_all([(sm, new_sm), (node.outputs[0], new_nll)],
                               reason="crossentropy_to_crossentropy_with_softmax")
            changed = True
            break

"""The sigmoid family's rewrites that work on whole products (tensor/nnet/sigm.py's opt section), and the
optional approximations of sigmoid.

- `local_sigm_times_exp` (tagged stabilize as in Theano, run in the specialize phase so that the stabilize phase
  files no rule under every product): in a product, exp(x) * sigmoid(-x) -> sigmoid(x) and
  exp(-x) * sigmoid(x) -> sigmoid(-x), wherever the two factors sit in a tree of multiplications and negations.
  The tree helpers are Theano's (`parse_mul_tree`, `perform_sigm_times_exp`, `simplify_mul`, `compute_mul`),
  with `is_1pexp`/`is_exp`/`is_neg`/`is_mul`, as theano.tensor.nnet.sigm exposes them.
- `local_ultra_fast_sigmoid`, `local_hard_sigmoid` (specialize, off by default, as in Theano: enable them with
  `mode.including('local_ultra_fast_sigmoid')`): sigmoid(x) -> ultra_fast_sigmoid(x) / hard_sigmoid(x).
"""
from __future__ import annotations

import warnings
from typing import Any, Callable

import numpy as np

from theano.frontend.config import config
from theano.frontend.graph import Variable
from theano.frontend.ops.constant_value import NotScalarConstantError, get_scalar_constant_value
from theano.frontend.ops.elemwise import Elemwise
from theano.frontend.ops.elemwise_table import ELEMWISE_OPS, hard_sigmoid
from theano.frontend.ops.shape import Reshape
from theano.passes.engine import Rule, tagged
from theano.passes.pattern import OpP, P, x

__all__ = ["is_1pexp", "is_exp", "is_mul", "is_neg", "partition_num_or_denom", "parse_mul_tree", "replace_leaf",
           "simplify_mul", "compute_mul", "perform_sigm_times_exp", "register_local_1msigmoid", "scalarconsts_rest"]

_add, _mul, _neg, _exp = (ELEMWISE_OPS[n] for n in ("add", "mul", "neg", "exp"))
sigmoid = ELEMWISE_OPS["sigmoid"]

# Theano registers local_1msigmoid only when this is True, and it is False (the stabilize patterns look for
# 1 - sigmoid(x) themselves); here `1 - sigmoid(x) -> sigmoid(-x)` is a stabilize rule of passes/stabilize.py.
register_local_1msigmoid = False

_MAX_TREE_DEPTH = 200  # products nested deeper than this are left alone (the tree helpers recurse)


def scalarconsts_rest(inputs: list[Variable], elemwise: bool = True,
                      only_process_constants: bool = False) -> tuple[list, list, list]:
    """Split `inputs` into (scalar constant values, those inputs, the other inputs), as theano.tensor.opt."""
    consts, origconsts, nonconsts = [], [], []
    for i in inputs:
        try:
            v = get_scalar_constant_value(i, elemwise=elemwise, only_process_constants=only_process_constants)
            consts.append(v)
            origconsts.append(i)
        except NotScalarConstantError:
            nonconsts.append(i)
    return consts, origconsts, nonconsts


def is_1pexp(t: Variable, only_process_constants: bool = True) -> tuple[bool, Variable] | None:
    """(False, x) if `t` is 1 + exp(x) (constant terms summing to 1), else None."""
    if t.owner and t.owner.op == _add:
        scalars, _, nonconsts = scalarconsts_rest(t.owner.inputs, only_process_constants=only_process_constants)
        if len(nonconsts) == 1:
            maybe_exp = nonconsts[0]
            if maybe_exp.owner and maybe_exp.owner.op == _exp:
                if scalars:
                    scal_sum = scalars[0]
                    for s in scalars[1:]:
                        scal_sum = scal_sum + s
                    if np.allclose(scal_sum, 1):
                        return False, maybe_exp.owner.inputs[0]
                if config.warn.identify_1pexp_bug:
                    warnings.warn(
                        'Although your current code is fine, please note that Theano versions prior to 0.5 (more '
                        'specifically, prior to commit 7987b51 on 2011-12-18) may have yielded an incorrect result. '
                        'To remove this warning, either set the `warn.identify_1pexp_bug` config option to False, '
                        'or `warn.ignore_bug_before` to at least \'0.4.1\'.')
    return None


def is_exp(var: Variable) -> tuple[bool, Variable] | None:
    """(False, x) for exp(x), (True, x) for -exp(x), else None."""
    neg = False
    neg_info = is_neg(var)
    if neg_info is not None:
        neg = True
        var = neg_info
    if var.owner and var.owner.op == _exp:
        return neg, var.owner.inputs[0]
    return None


def is_mul(var: Variable) -> list[Variable] | None:
    """The factors [x, y, z, ...] of var = x * y * z * ..., else None."""
    if var.owner and var.owner.op == _mul:
        return var.owner.inputs
    return None


def partition_num_or_denom(r: Variable, f: Callable[[Variable], Any]) -> tuple[list, list, bool]:
    """The factors of `r` that `f` recognises (their f values), the others, and the parity of their signs."""
    a = r.owner.inputs if r.owner and r.owner.op == _mul else [r]
    f_terms, rest, neg = [], [], False
    for t in a:
        f_t = f(t)
        if f_t is None:
            rest.append(t)
        else:
            neg_t, f_t = f_t
            f_terms.append(f_t)
            neg ^= neg_t
    return f_terms, rest, neg


def is_neg(var: Variable) -> Variable | None:
    """x if var is -x (a neg, or a product with a -1 factor), else None."""
    apply = var.owner
    if not apply:
        return None
    if apply.op == _neg:
        return apply.inputs[0]
    if apply.op == _mul and len(apply.inputs) >= 2:
        for idx, mul_input in enumerate(apply.inputs):
            try:
                is_minus_1 = np.allclose(get_scalar_constant_value(mul_input), -1)
            except NotScalarConstantError:
                is_minus_1 = False
            if is_minus_1:
                if len(apply.inputs) == 2:
                    return apply.inputs[1 - idx]
                return _mul(*(apply.inputs[0:idx] + apply.inputs[idx + 1:]))
    return None


def parse_mul_tree(root: Variable) -> list:
    """The tree of multiplications at `root`: [neg, leaf] or [neg, [subtrees]], e.g.
    x * y -> [False, [[False, x], [False, y]]]; -x -> [True, x]; (x * y) * -z ->
    [False, [[False, [[False, x], [False, y]]], [True, z]]]."""
    mul_info = is_mul(root)
    if mul_info is None:
        neg_info = is_neg(root)
        if neg_info is None:
            return [False, root]
        neg, sub_tree = parse_mul_tree(neg_info)
        return [not neg, sub_tree]
    return [False, list(map(parse_mul_tree, mul_info))]


def replace_leaf(arg: Variable, leaves: list, new_leaves: list, op: Callable[[Variable], Variable],
                 neg: bool) -> bool:
    """Replace the leaf of `leaves` whose argument is `arg` by op(arg) (sign flipped by `neg`), moving it to
    `new_leaves`; True if one was found."""
    for idx, leaf in enumerate(leaves):
        if leaf[0] == arg:
            leaf[1][0] ^= neg
            leaf[1][1] = op(arg)
            leaves.pop(idx)
            new_leaves.append(leaf)
            return True
    return False


def simplify_mul(tree: list) -> list:
    """The tree without multiplications by +-1 (leaves [neg, None]) nor products of fewer than two factors."""
    neg, inputs = tree
    if isinstance(inputs, list):
        s_inputs = []
        for s_i in map(simplify_mul, inputs):
            if s_i[1] is None:
                neg ^= s_i[0]
            else:
                s_inputs.append(s_i)
        if not s_inputs:
            return [neg, None]
        if len(s_inputs) == 1:
            s_inputs[0][0] ^= neg
            return s_inputs[0]
        return [neg, s_inputs]
    return tree


def compute_mul(tree: list) -> Variable:
    """The Variable a multiplication tree computes (the inverse of parse_mul_tree)."""
    neg, inputs = tree
    if inputs is None:
        raise AssertionError('Function `compute_mul` found a missing leaf, did you forget to call `simplify_mul` on '
                             'the tree first?')
    if isinstance(inputs, list):
        rval = _mul(*list(map(compute_mul, inputs)))
    else:
        rval = inputs
    if neg:
        rval = -rval
    return rval


def perform_sigm_times_exp(tree: list, exp_x: list | None = None, exp_minus_x: list | None = None,
                           sigm_x: list | None = None, sigm_minus_x: list | None = None, parent: list | None = None,
                           child_idx: int | None = None, full_tree: list | None = None) -> bool:
    """Pair exp(x) with sigmoid(-x) (-> sigmoid(x)) and exp(-x) with sigmoid(x) (-> sigmoid(-x)) across the
    multiplication tree, in place (the consumed factor becomes [False, None]); True if anything changed."""
    exp_x = [] if exp_x is None else exp_x
    exp_minus_x = [] if exp_minus_x is None else exp_minus_x
    sigm_x = [] if sigm_x is None else sigm_x
    sigm_minus_x = [] if sigm_minus_x is None else sigm_minus_x
    full_tree = tree if full_tree is None else full_tree
    neg, inputs = tree
    if isinstance(inputs, list):
        rval = False
        for sub_idx, sub_tree in enumerate(inputs):
            rval |= perform_sigm_times_exp(tree=sub_tree, parent=tree, child_idx=sub_idx, exp_x=exp_x,
                                           exp_minus_x=exp_minus_x, sigm_x=sigm_x, sigm_minus_x=sigm_minus_x,
                                           full_tree=full_tree)
        return rval
    var = inputs
    keep_it = False
    exp_info = is_exp(var)
    if exp_info is not None:
        exp_neg, exp_arg = exp_info
        neg ^= exp_neg
        neg_arg = is_neg(exp_arg)
        if neg_arg is None:
            if not replace_leaf(exp_arg, sigm_minus_x, sigm_x, sigmoid, neg):
                exp_x.append((exp_arg, tree))
                keep_it = True
        elif not replace_leaf(neg_arg, sigm_x, sigm_minus_x, lambda v: sigmoid(-v), neg):
            exp_minus_x.append((neg_arg, tree))
            keep_it = True
    elif var.owner and var.owner.op == sigmoid:
        sigm_arg = var.owner.inputs[0]
        neg_arg = is_neg(sigm_arg)
        if neg_arg is None:
            if not replace_leaf(sigm_arg, exp_minus_x, sigm_minus_x, lambda v: sigmoid(-v), neg):
                sigm_x.append((sigm_arg, tree))
                keep_it = True
        elif not replace_leaf(neg_arg, exp_x, sigm_x, sigmoid, neg):
            sigm_minus_x.append((neg_arg, tree))
            keep_it = True
    else:
        keep_it = True
    if not keep_it:
        assert parent is not None
        parent[1][child_idx] = [False, None]
    return not keep_it


def _tree_depth(root: Variable) -> int:
    """How deep the products and negations at `root` nest (iteratively; stops counting past the limit)."""
    deepest, stack = 0, [(root, 1)]
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > _MAX_TREE_DEPTH:
            break
        if v.owner is not None and v.owner.op in (_mul, _neg):
            stack.extend((i, d + 1) for i in v.owner.inputs)
    return deepest


def _sigm_times_exp(var: Variable) -> Variable | None:
    """exp(x) * sigmoid(-x) -> sigmoid(x), exp(-x) * sigmoid(x) -> sigmoid(-x), anywhere in a product."""
    if _tree_depth(var) > _MAX_TREE_DEPTH:
        return None
    mul_tree = parse_mul_tree(var)
    if not perform_sigm_times_exp(mul_tree):
        return None
    return compute_mul(simplify_mul(mul_tree))


def _reshape_lift(var: Variable) -> Variable | None:
    """Reshape(f(x), shp) -> f(Reshape(x, shp)) for a unary Elemwise f, so that log(1 - flatten(sigmoid(x)))
    meets the log1msigm_to_softplus rule (Theano's local_reshape_lift)."""
    node = var.owner
    inner = node.inputs[0].owner
    if inner is None or not isinstance(inner.op, Elemwise) or len(inner.inputs) != 1 or len(inner.outputs) != 1:
        return None
    return inner.op(node.op(inner.inputs[0], *node.inputs[1:]))


RULES = tagged(("stabilize", "fast_run"), [
    Rule(P.mul(...), _sigm_times_exp, name="local_sigm_times_exp", needs=("exp", "sigmoid")),  # exp(x) * sigmoid(-x) -> sigmoid(x)
])

# canonicalize and stabilize, as Theano registers it
LIFT_RULES = tagged(("canonicalize", "stabilize", "fast_run"), [
    Rule(OpP(Reshape, ...), _reshape_lift, name="local_reshape_lift"),  # reshape(f(x)) -> f(reshape(x))
])

# Off by default, as in Theano (registered there in 'uncanonicalize' without a default tag): a mode enables them
# by name, e.g. mode.including('local_ultra_fast_sigmoid').
SPECIALIZE_RULES = [
    Rule(P.sigmoid(x), P.ultra_fast_sigmoid(x),
         name="local_ultra_fast_sigmoid"),  # sigmoid(x) -> ultra_fast_sigmoid(x)
    Rule(P.sigmoid(x), lambda x: hard_sigmoid(x),
         name="local_hard_sigmoid"),  # sigmoid(x) -> clip(0.2 x + 0.5, 0, 1)
]
